"""Who may do what in an organization, as ``rules`` predicates over (user, organization).

Roles, from most to least powerful: owner, admin, organizer, volunteer.
"""

from __future__ import annotations

import rules

from .choices import Role
from .models import ADMIN_ROLES, ORGANIZER_ROLES, Membership


def role_in(user, organization) -> str | None:
    """The user's role in the organization, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or organization is None:
        return None
    cache = user.__dict__.setdefault("_turnout_roles", {})
    if organization.pk not in cache:
        cache[organization.pk] = (
            Membership.objects.filter(user=user, organization=organization)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organization.pk]


@rules.predicate
def is_member(user, organization) -> bool:
    return role_in(user, organization) is not None


@rules.predicate
def is_organizer(user, organization) -> bool:
    return role_in(user, organization) in ORGANIZER_ROLES


@rules.predicate
def is_admin(user, organization) -> bool:
    return role_in(user, organization) in ADMIN_ROLES


@rules.predicate
def is_owner(user, organization) -> bool:
    return role_in(user, organization) == Role.OWNER


rules.add_perm("organizations.view_workspace", is_member)
rules.add_perm("organizations.change_organization", is_admin)
rules.add_perm("organizations.manage_members", is_admin)
rules.add_perm("organizations.grant_owner", is_owner)
rules.add_perm("organizations.view_audit", is_admin)
rules.add_perm("organizations.run_jobs", is_organizer)
