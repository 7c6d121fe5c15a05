"""Writes of the people endpoints. They only orchestrate the CRM's services
(``turnout.people.services``) for what an OSDI request asks; static-list membership has no
CRM service yet, so its two writes live here, with their timeline lines."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from turnout.people.models import (
    Channel,
    Consent,
    ListMembership,
    PeopleList,
    Person,
    Purpose,
    Tag,
)
from turnout.people.normalize import InvalidContact, normalize_email, normalize_phone
from turnout.people.services import (
    ConsentInput,
    PersonData,
    PersonRefused,
    activity_record,
    consent_record,
    contact_points_update,
    person_update,
    person_upsert,
    suppression_add,
    tag_get_or_create,
    tag_remove,
    tags_add,
)


def _primary(items: list[dict]) -> dict | None:
    if not items:
        return None
    return next((i for i in items if i.get("primary")), items[0])


def _address(values: dict | None) -> dict:
    if not values:
        return {}
    out = {
        "address_lines": "\n".join(line for line in values.get("address_lines", []) if line),
        "locality": values.get("locality", ""),
        "region": values.get("region", ""),
        "postal_code": str(values.get("postal_code", "")),
        "country": values.get("country", ""),
    }
    location = values.get("location")
    if location:
        out["latitude"] = location["latitude"]
        out["longitude"] = location["longitude"]
    return {k: v for k, v in out.items() if v not in ("", None)}


def _invalid(field: str, message) -> serializers.ValidationError:
    return serializers.ValidationError({field: [str(message)]})


def _phone_text(raw, organization) -> str:
    """The number as given; OSDI examples give it as digits with the country code and no
    "+" (19876543210): such a number is read as international when it is one."""
    text = str(raw).strip()
    if text.isdigit() and len(text) >= 11 and not text.startswith("0"):
        try:
            normalize_phone("+" + text, organization.country)
            return "+" + text
        except InvalidContact:
            pass
    return text


def _check_contacts(email: str, phone: str, organization) -> None:
    """400 on the field that holds an unusable email address or phone number."""
    if email:
        try:
            normalize_email(email)
        except InvalidContact as exc:
            raise _invalid("email_addresses", exc) from None
    if phone:
        try:
            normalize_phone(phone, organization.country)
        except InvalidContact as exc:
            raise _invalid("phone_numbers", exc) from None


def person_data(validated: dict, organization) -> tuple[PersonData, dict, dict]:
    """PersonData for ``person_upsert`` and the primary email and phone dicts (the values
    checked: an unusable one is a 400 on its field)."""
    email = _primary(validated.get("email_addresses", []))
    phone = _primary(validated.get("phone_numbers", []))
    if phone:
        phone = {**phone, "number": _phone_text(phone["number"], organization)}
    _check_contacts(
        email["address"] if email else "", phone["number"] if phone else "", organization
    )
    languages = validated.get("languages_spoken") or []
    data = PersonData(
        given_name=validated.get("given_name", ""),
        family_name=validated.get("family_name", ""),
        additional_name=validated.get("additional_name", ""),
        email=email["address"] if email else "",
        phone=str(phone["number"]) if phone else "",
        gender=validated.get("gender", ""),
        birthdate=validated.get("birthdate"),
        language=languages[0] if languages else "",
        employer=validated.get("employer", ""),
        address=_address(_primary(validated.get("postal_addresses", []))),
        custom_fields={
            k: v for k, v in (validated.get("custom_fields") or {}).items() if v is not None
        },
        identifiers=[
            i
            for i in validated.get("identifiers", [])
            if not i.startswith(("turnout:", "action_network:"))
        ],
        origin_system=validated.get("origin_system", ""),
    )
    return data, email or {}, phone or {}


def _subscriptions(*, person: Person, email: dict, phone: dict, source_ref: str, actor) -> None:
    """An explicit "unsubscribed" puts the contact point on the suppression list and
    withdraws the consent (an opt-out through the API, with its provenance)."""
    for channel, entry, key in ((Channel.EMAIL, email, "address"), (Channel.SMS, phone, "number")):
        if entry.get("status") != "unsubscribed":
            continue
        suppression_add(
            organization=person.organization,
            channel=channel,
            value=str(entry[key]),
            reason="opt_out",
            source=source_ref,
            actor=actor,
        )
        consent_record(
            person=person,
            consent=ConsentInput(
                channel=channel,
                purpose=Purpose.CAMPAIGNS,
                status=Consent.Status.WITHDRAWN,
                source_ref=source_ref,
            ),
            source=Consent.Source.API,
            actor=actor,
        )


def _grants(email: dict, phone: dict, source_ref: str) -> list[ConsentInput]:
    grants = []
    if email.get("status") == "subscribed":
        grants.append(
            ConsentInput(
                channel=Channel.EMAIL,
                purpose=Purpose.CAMPAIGNS,
                status=Consent.Status.GRANTED,
                source_ref=source_ref,
            )
        )
    if phone.get("status") == "subscribed":
        grants.append(
            ConsentInput(
                channel=Channel.SMS,
                purpose=Purpose.CAMPAIGNS,
                status=Consent.Status.GRANTED,
                source_ref=source_ref,
            )
        )
    return grants


@transaction.atomic
def api_person_upsert(
    *,
    organization,
    validated: dict,
    actor,
    source_ref: str,
    add_tags=(),
    remove_tags=(),
    tag_objects=(),
    lists=(),
) -> tuple[Person, bool]:
    """POST of a person or of the signup helper: create or update (matching on email, then
    phone), record the consents the request states, tag, untag and add to lists."""
    data, email, phone = person_data(validated, organization)
    try:
        person, created = person_upsert(
            organization=organization,
            data=data,
            source=Consent.Source.API,
            actor=actor,
            consents=_grants(email, phone, source_ref),
            tags=add_tags,
        )
    except InvalidContact as exc:
        raise _invalid("email_addresses" if email else "phone_numbers", exc) from None
    except PersonRefused as exc:
        raise _invalid("non_field_errors", exc) from None
    _subscriptions(person=person, email=email, phone=phone, source_ref=source_ref, actor=actor)
    for tag in tag_objects:
        tags_add(person=person, names=[tag.name], actor=actor)
    for name in remove_tags:
        tag = Tag.objects.for_organization(organization).filter(name=name).first()
        if tag:
            tag_remove(person=person, tag=tag, actor=actor)
    for people_list in lists:
        list_add_person(people_list=people_list, person=person, actor=actor)
    return person, created


@transaction.atomic
def api_person_update(*, person: Person, validated: dict, actor, source_ref: str) -> Person:
    """PUT: change only the fields given."""
    data, email, phone = person_data(validated, person.organization)
    fields = {}
    for name in ("given_name", "family_name", "additional_name", "gender", "employer"):
        if name in validated:
            fields[name] = getattr(data, name)
    if "birthdate" in validated:
        fields["birthdate"] = validated["birthdate"]
    if validated.get("languages_spoken"):
        fields["language"] = data.language
    if "custom_fields" in validated:
        merged = {**person.custom_fields, **validated["custom_fields"]}
        fields["custom_fields"] = {k: v for k, v in merged.items() if v is not None}
    if data.identifiers:
        fields["identifiers"] = [
            *person.identifiers,
            *[i for i in data.identifiers if i not in person.identifiers],
        ]
    if validated.get("origin_system"):
        fields["origin_system"] = validated["origin_system"]
    if fields:
        person_update(person=person, actor=actor, fields=fields)
    try:
        normalized_email = normalize_email(data.email) if data.email else ""
        normalized_phone = (
            normalize_phone(data.phone, person.organization.country)[0] if data.phone else ""
        )
    except InvalidContact as exc:
        raise _invalid("email_addresses" if data.email else "phone_numbers", exc) from None
    if normalized_email or normalized_phone or data.address:
        try:
            with transaction.atomic():
                contact_points_update(
                    person=person,
                    actor=actor,
                    email=normalized_email,
                    phone=normalized_phone,
                    address=data.address,
                )
        except IntegrityError:
            raise _invalid(
                "email_addresses", _("This email address belongs to another person.")
            ) from None
    for grant in _grants(email, phone, source_ref):
        consent_record(person=person, consent=grant, source=Consent.Source.API, actor=actor)
    _subscriptions(person=person, email=email, phone=phone, source_ref=source_ref, actor=actor)
    person.refresh_from_db()
    return person


@transaction.atomic
def tag_create(*, organization, name: str) -> tuple[Tag, bool]:
    existing = Tag.objects.for_organization(organization).filter(name=name).first()
    if existing:
        return existing, False
    try:
        return tag_get_or_create(organization=organization, name=name), True
    except ValueError as exc:
        raise _invalid("name", exc) from None


@transaction.atomic
def tagging_create(*, tag: Tag, person: Person, actor):
    tags_add(person=person, names=[tag.name], actor=actor)
    return person.taggings.select_related("person").get(tag=tag)


@transaction.atomic
def list_create(*, organization, name: str, description: str, actor) -> PeopleList:
    from turnout.core.audit import audit_record

    people_list = PeopleList.objects.create(
        organization=organization, name=name, description=description
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="people.list_created",
        target=people_list,
        data={"via": "api"},
    )
    return people_list


@transaction.atomic
def list_add_person(*, people_list: PeopleList, person: Person, actor) -> ListMembership:
    membership, created = ListMembership.objects.get_or_create(
        people_list=people_list, person=person
    )
    if created:
        activity_record(
            person=person,
            kind="list.added",
            actor=actor,
            source=people_list,
            summary=people_list.name,
        )
    return membership


@transaction.atomic
def list_remove_person(*, membership: ListMembership, actor) -> None:
    person, people_list = membership.person, membership.people_list
    membership.delete()
    activity_record(
        person=person,
        kind="list.removed",
        actor=actor,
        source=people_list,
        summary=people_list.name,
    )
