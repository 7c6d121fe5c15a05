"""Model -> OSDI dict, one plain function per resource, usable outside a request (webhook
payloads call them with ``LinkContext.for_site()``).

Each takes the object and a ``LinkContext`` and reads only what the matching selector
prefetches (``people_for_api`` prefetches emails, phones and addresses).
"""

from __future__ import annotations

from turnout.people.models import ContactStatus, PhoneNumber

from .links import LinkContext, identifiers_of, iso
from .registry import PERSON_LINKS

GENDERS_OUT = {"female": "Female", "male": "Male", "other": "Other"}
NUMBER_TYPES_OUT = {
    PhoneNumber.Kind.MOBILE: "Mobile",
    PhoneNumber.Kind.LANDLINE: "Home",
    PhoneNumber.Kind.OTHER: "Other",
}
STATUS_OUT = {ContactStatus.SPAM_COMPLAINT: "spam complaint"}
ADDRESS_STATUS_OUT = {"potential": "Potential", "verified": "Verified", "bad": "Bad"}


def _common(obj, ctx: LinkContext, key, others=()) -> dict:
    return {
        "identifiers": identifiers_of(ctx, key, others),
        "created_date": iso(obj.created_at),
        "modified_date": iso(getattr(obj, "updated_at", None) or obj.created_at),
    }


def email_representation(email) -> dict:
    return {
        "primary": email.primary,
        "address": email.address,
        "status": STATUS_OUT.get(email.status, email.status),
    }


def phone_representation(phone) -> dict:
    return {
        "primary": phone.primary,
        "number": phone.number,
        "number_type": NUMBER_TYPES_OUT.get(phone.number_type, "Other"),
        "sms_capable": phone.sms_capable,
        "status": STATUS_OUT.get(phone.status, phone.status),
    }


def address_representation(address) -> dict:
    out = {
        "primary": address.primary,
        "address_lines": [line for line in address.address_lines.splitlines() if line.strip()],
        "locality": address.locality,
        "region": address.region,
        "postal_code": address.postal_code,
        "country": address.country,
        "status": ADDRESS_STATUS_OUT.get(address.status, "Potential"),
    }
    if address.latitude is not None and address.longitude is not None:
        out["location"] = {"latitude": address.latitude, "longitude": address.longitude}
    return out


def person_representation(person, ctx: LinkContext, *, hidden_custom_fields=()) -> dict:
    """An OSDI person. Reads ``emails``, ``phones`` and ``addresses`` (prefetched), or
    ``person.api_contacts`` as ``contact_points_attach`` sets it for a page.
    ``hidden_custom_fields``: keys left out (sensitive fields the reader may not see)."""
    key = person.uuid
    data = {
        **_common(person, ctx, key, person.identifiers),
        "origin_system": person.origin_system or "Turnout",
        "given_name": person.given_name,
        "family_name": person.family_name,
    }
    if person.additional_name:
        data["additional_name"] = person.additional_name
    if person.gender:
        data["gender"] = GENDERS_OUT.get(person.gender, "Other")
    if person.birthdate:
        data["birthdate"] = {
            "year": person.birthdate.year,
            "month": person.birthdate.month,
            "day": person.birthdate.day,
        }
    if person.employer:
        data["employer"] = person.employer
    data["languages_spoken"] = [person.language] if person.language else []
    contacts = getattr(person, "api_contacts", None) or {
        "emails": person.emails.all(),
        "phones": person.phones.all(),
        "addresses": person.addresses.all(),
    }
    data["email_addresses"] = [email_representation(e) for e in contacts["emails"]]
    data["phone_numbers"] = [phone_representation(p) for p in contacts["phones"]]
    data["postal_addresses"] = [address_representation(a) for a in contacts["addresses"]]
    data["custom_fields"] = {
        k: v for k, v in (person.custom_fields or {}).items() if k not in hidden_custom_fields
    }
    links = {
        "self": ctx.link("person", key),
        "osdi:taggings": ctx.link("person-taggings", key),
        "osdi:items": ctx.link("person-items", key),
    }
    for rel, url_name in PERSON_LINKS.items():
        links[rel] = ctx.link(url_name, key)
    data["_links"] = links
    return data


def tag_representation(tag, ctx: LinkContext) -> dict:
    return {
        **_common(tag, ctx, tag.pk),
        "origin_system": "Turnout",
        "name": tag.name,
        "_links": {
            "self": ctx.link("tag", tag.pk),
            "osdi:taggings": ctx.link("tag-taggings", tag.pk),
        },
    }


def tagging_representation(tagging, ctx: LinkContext) -> dict:
    """Needs ``tagging.person`` (its uuid) and ``tagging.tag_id``."""
    return {
        "identifiers": [ctx.identifier(tagging.pk)],
        "created_date": iso(tagging.created_at),
        "modified_date": iso(tagging.created_at),
        "item_type": "osdi:person",
        "_links": {
            "self": ctx.link("tagging", tagging.tag_id, tagging.pk),
            "osdi:tag": ctx.link("tag", tagging.tag_id),
            "osdi:person": ctx.link("person", tagging.person.uuid),
        },
    }


def list_representation(people_list, ctx: LinkContext) -> dict:
    data = {
        **_common(people_list, ctx, people_list.pk),
        "origin_system": "Turnout",
        "name": people_list.name,
        "title": people_list.name,
        "description": people_list.description,
        "_links": {
            "self": ctx.link("list", people_list.pk),
            "osdi:items": ctx.link("list-items", people_list.pk),
        },
    }
    if hasattr(people_list, "member_count"):
        data["total_items"] = people_list.member_count
    return data


def item_representation(membership, ctx: LinkContext) -> dict:
    """A list item (OSDI item): needs ``membership.person`` (its uuid)."""
    return {
        "identifiers": [ctx.identifier(membership.pk)],
        "created_date": iso(membership.added_at),
        "modified_date": iso(membership.added_at),
        "item_type": "osdi:person",
        "_links": {
            "self": ctx.link("list-item", membership.people_list_id, membership.pk),
            "osdi:list": ctx.link("list", membership.people_list_id),
            "osdi:person": ctx.link("person", membership.person.uuid),
        },
    }
