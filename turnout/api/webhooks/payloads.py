"""What a webhook says: an envelope (event id, type, time, organization) around the OSDI
representations of the resources involved, under ``_embedded`` with ``osdi:`` names.

The representations are the API's (``turnout/api/osdi/representations.py``) when they exist;
until then, and for a resource the API does not represent yet, a minimal OSDI-shaped dict.

``reference(type, obj)`` is taken when the event is emitted (inside the writer's transaction):
what identifies the object, and, for an erasure, the identifiers before they are blanked.
``build(type, reference)`` runs after the commit and reads the committed rows.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from typing import Any

from django.apps import apps

PERSON = "people.person"
REPRESENTATION_MODULES = (
    "turnout.api.osdi.representations",
    "turnout.api.resources.representations",
)


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _api_function(*names: str):
    """The API's representation function among ``names``, if the API has one."""
    for module_name in REPRESENTATION_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            func = getattr(module, name, None)
            if callable(func):
                return func
    return None


def _link_context():
    from turnout.api.osdi.links import LinkContext

    return LinkContext.for_site()


def _with_api(names: tuple[str, ...], obj, fallback, **options):
    """The API's representation of ``obj`` (called as ``func(obj, ctx, **options)``, the
    options it does not take left out), else ``fallback(obj)``."""
    func = _api_function(*names)
    if func is None:
        return fallback(obj)
    params = inspect.signature(func).parameters
    positional = [
        p for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    args = [obj, _link_context()] if len(positional) >= 2 else [obj]
    return func(*args, **{k: v for k, v in options.items() if k in params})


# --- Minimal OSDI shapes ----------------------------------------------------------------------


def _person_minimal(person) -> dict:
    if person.erased_at is not None:
        return _person_erased(person.uuid, [])
    emails = list(person.emails.all())
    phones = list(person.phones.all())
    addresses = list(person.addresses.all())
    return {
        "identifiers": [f"turnout:{person.uuid}", *person.identifiers],
        "origin_system": person.origin_system,
        "created_date": iso(person.created_at),
        "modified_date": iso(person.updated_at),
        "given_name": person.given_name,
        "family_name": person.family_name,
        "languages_spoken": [person.language] if person.language else [],
        "email_addresses": [
            {"address": e.address, "primary": e.primary, "status": e.status} for e in emails
        ],
        "phone_numbers": [
            {
                "number": p.number,
                "primary": p.primary,
                "number_type": p.number_type,
                "status": p.status,
            }
            for p in phones
        ],
        "postal_addresses": [
            {
                "primary": a.primary,
                "address_lines": [line for line in a.address_lines.splitlines() if line],
                "locality": a.locality,
                "region": a.region,
                "postal_code": a.postal_code,
                "country": a.country,
            }
            for a in addresses
        ],
    }


def _person_erased(person_uuid, identifiers: list) -> dict:
    return {"identifiers": [f"turnout:{person_uuid}", *identifiers], "erased": True}


def person_repr(person) -> dict:
    """The person as the API shows them, without sensitive custom fields (political opinion
    and the like stay inside Turnout)."""
    from turnout.people.models import CustomField

    if person.erased_at is not None:
        return _person_erased(person.uuid, [])
    hidden = set(
        CustomField.objects.filter(
            organization_id=person.organization_id, sensitive=True
        ).values_list("key", flat=True)
    )
    return _with_api(
        ("person_representation",), person, _person_minimal, hidden_custom_fields=hidden
    )


def _link(person) -> dict:
    return {"osdi:person": {"identifiers": [f"turnout:{person.uuid}"]}}


def _submission_minimal(submission) -> dict:
    action = submission.action
    return {
        "identifiers": [f"turnout:{action.kind}-signature-{submission.pk}"],
        "created_date": iso(submission.created_at),
        "modified_date": iso(submission.updated_at),
        "action": {"slug": action.slug, "kind": action.kind, "title": action.title_text()},
        "referrer_data": {"source": submission.source_code, "utm_source": submission.utm_source},
        "_links": _link(submission.person),
    }


def _donation_minimal(donation) -> dict:
    return {
        "identifiers": [f"turnout:donation-{donation.pk}"],
        "created_date": iso(donation.created_at),
        "modified_date": iso(donation.updated_at),
        "currency": donation.currency,
        "amount": f"{donation.amount_cents / 100:.2f}",
        "refunded_amount": f"{donation.refunded_cents / 100:.2f}",
        "status": donation.status,
        "payment": {"method": donation.method, "reference_number": donation.provider_id},
        "paid_date": iso(donation.paid_at),
        "_links": _link(donation.person),
    }


def _attendance_minimal(attendance) -> dict:
    event = attendance.event
    return {
        "identifiers": [f"turnout:attendance-{attendance.pk}"],
        "created_date": iso(attendance.created_at),
        "modified_date": iso(attendance.updated_at),
        "status": attendance.OSDI_STATUS.get(attendance.status, attendance.status),
        "event": {"identifiers": [f"turnout:{event.uuid}"], "title": event.title_text()},
        "_links": _link(attendance.person),
    }


# --- Events -------------------------------------------------------------------------------------


def reference(type: str, obj, extra: dict) -> dict:
    """What is needed after the commit to describe ``obj`` (a model instance or None)."""
    ref: dict[str, Any] = {"extra": {k: v for k, v in extra.items() if _plain(v)}}
    if obj is not None:
        ref["model"] = obj._meta.label_lower
        ref["pk"] = obj.pk
        if ref["model"] == PERSON:
            ref["person_uuid"] = str(obj.uuid)
            if type == "person.erased":
                ref["identifiers"] = list(obj.identifiers or [])
    return ref


def _plain(value) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def _load(ref: dict):
    if "model" not in ref:
        return None
    model = apps.get_model(ref["model"])
    related = {
        "actions.submission": ["action", "person"],
        "donations.donation": ["person"],
        "events.attendance": ["event", "person"],
        "messaging.message": ["person"],
    }.get(ref["model"], [])
    return model._default_manager.select_related(*related).filter(pk=ref["pk"]).first()


def build(type: str, ref: dict, *, organization_id: int) -> tuple[dict, dict] | None:
    """(fields of the payload, facts for the WebhookEvent row), or None when there is nothing
    left to report (the object disappeared before the commit was seen)."""
    extra = dict(ref.get("extra", {}))
    if type == "person.erased":
        person_uuid = ref["person_uuid"]
        embedded = {"osdi:person": _person_erased(person_uuid, ref.get("identifiers", []))}
        return {"_embedded": embedded}, _facts("person", ref["pk"], person_uuid)
    obj = _load(ref)
    if type == "person.merged":
        merged = extra.pop("merged_uuid", "")
        if obj is None:
            return None
        return (
            {
                "merged_identifiers": [f"turnout:{merged}"] if merged else [],
                "_embedded": {"osdi:person": person_repr(obj)},
            },
            _facts("person", obj.pk, obj.uuid),
        )
    if type == "opt_out":
        return _opt_out(obj, extra, organization_id)
    if obj is None:
        return None
    label = obj._meta.label_lower
    if label == PERSON:
        return {"_embedded": {"osdi:person": person_repr(obj)}}, _facts("person", obj.pk, obj.uuid)
    person = obj.person
    if label == "actions.submission":
        name = "signature" if obj.action.kind != obj.action.Kind.FORM else "submission"
        resource = _with_api(
            (f"{name}_representation", f"{name}_to_osdi"), obj, _submission_minimal
        )
    elif label == "donations.donation":
        name = "donation"
        resource = _with_api(
            ("donation_representation", "donation_to_osdi"), obj, _donation_minimal
        )
    elif label == "events.attendance":
        name = "attendance"
        resource = _with_api(
            ("attendance_representation", "attendance_to_osdi"), obj, _attendance_minimal
        )
    else:
        return None
    embedded = {f"osdi:{name}": resource, "osdi:person": person_repr(person)}
    return {"_embedded": embedded}, _facts(name, obj.pk, person.uuid)


def _opt_out(obj, extra: dict, organization_id: int):
    from turnout.people.models import Person, PhoneNumber

    person = None
    channel = extra.get("channel", "")
    if obj is not None and obj._meta.label_lower == PERSON:
        person, channel = obj, channel or "all"
    elif obj is not None:  # a message whose unsubscribe link was used
        person, channel = obj.person, channel or obj.channel
    elif extra.get("address"):
        phone = (
            PhoneNumber.objects.filter(organization_id=organization_id, number=extra["address"])
            .select_related("person")
            .order_by("-primary", "id")
            .first()
        )
        person = phone.person if phone else None
    if isinstance(person, Person) and person.erased_at is not None:
        person = None
    fields = {
        "channel": channel,
        "reason": extra.get("reason", "unsubscribed"),
        "_embedded": {"osdi:person": person_repr(person) if person else None},
    }
    return fields, _facts(
        "person" if person else "", person.pk if person else "", person.uuid if person else None
    )


def _facts(resource_type: str, resource_id, person_uuid) -> dict:
    return {
        "resource_type": resource_type,
        "resource_id": str(resource_id),
        "person_uuid": person_uuid,
    }


def envelope(*, event, organization_slug: str, fields: dict) -> dict:
    return {
        "id": str(event.uuid),
        "type": event.type,
        "created_date": iso(event.created_at),
        "organization": organization_slug,
        **fields,
    }


def scrubbed(payload: dict, person_uuid) -> dict:
    """The payload of an event about an erased person: envelope and identifiers only."""
    kept = {k: payload[k] for k in ("id", "type", "created_date", "organization") if k in payload}
    return {**kept, "erased": True, "_embedded": {"osdi:person": _person_erased(person_uuid, [])}}
