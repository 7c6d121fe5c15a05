"""The tenant-isolation walker: every workspace URL, as a member of organization A, against
objects of organization B, must answer 404.

It enumerates the URL resolver, so a new view is covered the day it is added. A URL keyword
that names an object must have an entry in ``OBJECT_KWARGS`` (how to make such an object in
organization B); a URL outside the workspace that takes an id must be in ``EXEMPT`` with the
reason it is safe. Anything else fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from turnout.core.tests.factories import JobFactory
from turnout.organizations.tests.factories import InvitationFactory, MembershipFactory

ORG_KWARG = "org_slug"

# kwarg name -> factory(organization) returning the value to put in the URL.
OBJECT_KWARGS: dict[str, Callable] = {
    "membership_id": lambda org: MembershipFactory(organization=org).pk,
    "invitation_id": lambda org: InvitationFactory(organization=org).pk,
    "job_uuid": lambda org: JobFactory(organization=org).uuid,
}

# Named URLs that take an id but are not organization-scoped, with the reason.
EXEMPT: dict[str, str] = {
    "organizations:invitation": "a secret token, valid only for the invited email",
    "messaging:outbox_message": "local development outbox, off in production",
}
SKIP_NAMESPACES = {"admin"}  # Django admin: staff only, no organization members


@dataclass
class Route:
    name: str
    kwargs: list[str]


def iter_routes(
    resolver: URLResolver | None = None, namespace: str = "", inherited: tuple[str, ...] = ()
):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        converters = tuple(getattr(pattern.pattern, "converters", {}).keys())
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from iter_routes(pattern, ns, inherited + converters)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(name=name, kwargs=list(inherited + converters))


def check_isolation(client, *, member_of_a, org_a, org_b) -> list[str]:
    """Return one line per URL that leaks organization B to a member of organization A."""
    failures: list[str] = []
    client.force_login(member_of_a)
    seen: set[str] = set()
    for route in iter_routes():
        if route.name in seen or route.name.split(":")[0] in SKIP_NAMESPACES:
            continue
        seen.add(route.name)
        object_kwargs = [k for k in route.kwargs if k != ORG_KWARG]
        if ORG_KWARG not in route.kwargs:
            if object_kwargs and route.name not in EXEMPT:
                failures.append(
                    f"{route.name}: takes {object_kwargs} outside /o/<org_slug>/ "
                    "and is not in EXEMPT"
                )
            continue
        unknown = [k for k in object_kwargs if k not in OBJECT_KWARGS]
        if unknown:
            failures.append(f"{route.name}: no OBJECT_KWARGS entry for {unknown}")
            continue
        values = {k: OBJECT_KWARGS[k](org_b) for k in object_kwargs}
        # In B's workspace, only 404 is right: anything else tells that B exists. In A's own
        # workspace, a 403 (A's role may not do this) or 405 (wrong method) is decided before
        # any lookup and reveals nothing about B's object.
        attempts = [("B's workspace", {ORG_KWARG: org_b.slug, **values}, {404})]
        if object_kwargs:
            attempts.append(
                ("A's workspace, B's objects", {ORG_KWARG: org_a.slug, **values}, {403, 404, 405})
            )
        for label, kwargs, allowed in attempts:
            url = reverse(route.name, kwargs=kwargs)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                body = response.content.decode(errors="replace")
                if response.status_code not in allowed:
                    failures.append(
                        f"{route.name} [{label}] {method.upper()} {url} -> "
                        f"{response.status_code}, expected {sorted(allowed)}"
                    )
                elif org_b.name in body:
                    failures.append(
                        f"{route.name} [{label}] {method.upper()} {url} shows organization B's name"
                    )
    return failures
