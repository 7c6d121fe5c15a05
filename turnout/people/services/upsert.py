"""Creating and updating people: OSDI-style matching on email, then phone."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import (
    Channel,
    Consent,
    ContactStatus,
    EmailAddress,
    Person,
    PhoneNumber,
    PostalAddress,
    Suppression,
)
from ..normalize import clean_name, normalize_email
from ..normalize import normalize_phone as _normalize_phone
from .suppression import suppression_active
from .timeline import activity_record, consent_record, tags_add
from .types import ADDRESS_FIELDS, PERSON_FIELDS, ConsentInput, PersonData, PersonRefused


def _match(organization, email: str, phone: str) -> Person | None:
    """OSDI-style matching: on email first, then on phone number."""
    if email:
        found = (
            EmailAddress.objects.filter(organization=organization, address=email)
            .select_related("person")
            .first()
        )
        if found and not found.person.erased_at:
            return found.person
    if phone:
        found = (
            PhoneNumber.objects.filter(
                organization=organization, number=phone, person__erased_at__isnull=True
            )
            .select_related("person")
            .order_by("person_id")
            .first()
        )
        if found:
            return found.person
    return None


def _apply(person: Person, data: PersonData) -> list[str]:
    """Copy the provided (non-empty) values onto the person; return the changed field names."""
    changed = []
    for name in PERSON_FIELDS:
        value = getattr(data, name)
        if isinstance(value, str):
            value = clean_name(value, 150)
        if value not in ("", None) and getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if data.custom_fields:
        merged = {**person.custom_fields, **data.custom_fields}
        if merged != person.custom_fields:
            person.custom_fields = merged
            changed.append("custom_fields")
    for identifier in data.identifiers:
        if identifier not in person.identifiers:
            person.identifiers = [*person.identifiers, identifier]
            changed.append("identifiers")
    return changed


@transaction.atomic
def person_upsert(
    *,
    organization,
    data: PersonData,
    source: str,
    actor=None,
    consents: Iterable[ConsentInput] = (),
    tags: Iterable[str] = (),
    respect_erasure: bool = True,
    ip_address: str | None = None,
    phone_region: str | None = None,
) -> tuple[Person, bool]:
    """Create or update a person, matching on email then phone.

    Raises InvalidContact for an unusable email or phone, and PersonRefused when a contact
    point belongs to someone who asked to be erased (unless ``respect_erasure`` is False, for
    a person who comes back on their own through a form).
    """
    email = normalize_email(data.email) if data.email else ""
    phone, phone_kind = (
        _normalize_phone(data.phone, phone_region or organization.country)
        if data.phone
        else ("", "")
    )
    if not (email or phone or data.given_name or data.family_name):
        raise PersonRefused(_("A person needs at least a name, an email or a phone number."))
    suppressed = {}
    for channel, value in ((Channel.EMAIL, email), (Channel.SMS, phone)):
        if value:
            hit = suppression_active(organization=organization, channel=channel, value=value)
            if hit:
                suppressed[channel] = hit
    if respect_erasure and any(s.reason == Suppression.Reason.ERASURE for s in suppressed.values()):
        raise PersonRefused(_("This person asked for their data to be erased."))

    for attempt in range(2):
        person = _match(organization, email, phone)
        created = person is None
        try:
            with transaction.atomic():
                if created:
                    person = Person(
                        organization=organization, origin_system=data.origin_system or "Turnout"
                    )
                changed = _apply(person, data)
                person.save()
                if email and not person.emails.filter(address=email).exists():
                    EmailAddress.objects.create(
                        organization=organization,
                        person=person,
                        address=email,
                        primary=not person.emails.exists(),
                        status=(
                            ContactStatus.UNSUBSCRIBED
                            if Channel.EMAIL in suppressed
                            else ContactStatus.SUBSCRIBED
                        ),
                    )
                    changed.append("email")
                break
        except IntegrityError:
            # Another request created the same email at the same moment: match again.
            if attempt:
                raise
    if phone and not person.phones.filter(number=phone).exists():
        PhoneNumber.objects.create(
            organization=organization,
            person=person,
            number=phone,
            number_type=phone_kind,
            sms_capable=phone_kind == "mobile",
            primary=not person.phones.exists(),
            status=(
                ContactStatus.UNSUBSCRIBED
                if Channel.SMS in suppressed
                else ContactStatus.SUBSCRIBED
            ),
        )
        changed.append("phone")
    if data.address and any(data.address.get(k) not in (None, "") for k in ADDRESS_FIELDS):
        address_upsert(person=person, values=data.address)
        changed.append("address")
    if created:
        activity_record(
            person=person,
            kind="person.created",
            actor=actor,
            summary=source,
            data={"source": source},
        )
    elif changed:
        activity_record(
            person=person,
            kind="person.updated",
            actor=actor,
            summary=", ".join(sorted(set(changed))),
            data={"source": source},
        )
    for consent in consents:
        if consent.status == Consent.Status.GRANTED and consent.channel in suppressed:
            continue  # an opt-out stands until an admin lifts it
        consent_record(
            person=person, consent=consent, source=source, actor=actor, ip_address=ip_address
        )
    if tags:
        tags_add(person=person, names=tags, actor=actor)
    return person, created


def address_upsert(*, person: Person, values: dict) -> PostalAddress:
    clean = {k: values[k] for k in ADDRESS_FIELDS if k in values and values[k] not in (None, "")}
    for key in (
        "address_lines",
        "locality",
        "region",
        "postal_code",
        "polling_station",
        "precinct",
    ):
        if key in clean:
            clean[key] = clean_name(clean[key], 100 if key != "address_lines" else 500)
    if "country" in clean:
        clean["country"] = str(clean["country"]).upper()[:2]
    current = person.addresses.filter(primary=True).first()
    if current:
        for key, value in clean.items():
            setattr(current, key, value)
        current.save()
        return current
    return PostalAddress.objects.create(
        organization_id=person.organization_id, person=person, primary=True, **clean
    )


@transaction.atomic
def person_update(*, person: Person, actor, fields: dict) -> list[str]:
    changed = []
    for name, value in fields.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if changed:
        person.save()
        sensitive = "support_level" in changed
        activity_record(
            person=person,
            kind="person.updated",
            actor=actor,
            summary=", ".join(changed),
            data={"fields": changed},
            sensitive=sensitive,
        )
    return changed


@transaction.atomic
def contact_points_update(
    *, person: Person, actor, email: str, phone: str, address: dict
) -> list[str]:
    """Set the person's primary email, phone and address from an edit form (normalized
    values). Raises IntegrityError when the email belongs to another person."""
    changed = []
    primary_email = person.emails.filter(primary=True).first()
    if email and (primary_email is None or primary_email.address != email):
        existing = person.emails.filter(address=email).first()
        person.emails.update(primary=False)
        if existing:
            existing.primary = True
            existing.save(update_fields=["primary", "updated_at"])
        else:
            with transaction.atomic():
                EmailAddress.objects.create(
                    organization_id=person.organization_id,
                    person=person,
                    address=email,
                    primary=True,
                )
        changed.append("email")
    primary_phone = person.phones.filter(primary=True).first()
    if phone and (primary_phone is None or primary_phone.number != phone):
        number, kind = _normalize_phone(phone)
        person.phones.update(primary=False)
        row, _created = PhoneNumber.objects.get_or_create(
            person=person,
            number=number,
            defaults={
                "organization_id": person.organization_id,
                "number_type": kind,
                "sms_capable": kind == "mobile",
            },
        )
        row.primary = True
        row.save(update_fields=["primary", "updated_at"])
        changed.append("phone")
    if any(address.values()):
        current = person.addresses.filter(primary=True).first()
        if current is None or any(getattr(current, k) != v for k, v in address.items()):
            address_upsert(person=person, values=address)
            changed.append("address")
    if changed:
        activity_record(
            person=person,
            kind="person.updated",
            actor=actor,
            summary=", ".join(changed),
            data={"fields": changed},
        )
    return changed
