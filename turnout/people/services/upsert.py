"""Creating and updating people: OSDI-style matching on email, then phone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.api.webhooks import emit as webhook_emit

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
from .suppression import suppressions_for
from .timeline import (
    activity_batch,
    activity_record,
    consent_activity,
    consent_append,
    consent_record,
    consent_row,
    tags_add,
)
from .types import ADDRESS_FIELDS, PERSON_FIELDS, ConsentInput, PersonData, PersonRefused


def _match(organization, email: str, phone: str) -> tuple[Person | None, str]:
    """OSDI-style matching: on email first, then on phone number. Returns the person and
    what matched ("email", "phone" or "")."""
    if email:
        found = (
            EmailAddress.objects.filter(organization=organization, address=email)
            .select_related("person")
            .first()
        )
        if found and not found.person.erased_at:
            return found.person, "email"
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
            return found.person, "phone"
    return None, ""


def contact_points_taken(
    *, organization_id: int, emails: set[str], phones: set[str]
) -> tuple[set[str], set[str]]:
    """Which of these (normalized) email addresses and phone numbers the organization's CRM
    holds already, for anyone: two queries for many. A person whose email and phone are in
    neither set would be created by ``person_upsert`` (``people_create_new``)."""
    taken_emails = set(
        EmailAddress.objects.filter(
            organization_id=organization_id, address__in=emails
        ).values_list("address", flat=True)
        if emails
        else ()
    )
    taken_phones = set(
        PhoneNumber.objects.filter(organization_id=organization_id, number__in=phones).values_list(
            "number", flat=True
        )
        if phones
        else ()
    )
    return taken_emails, taken_phones


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


def _status(channel: str, suppressed: dict) -> str:
    return ContactStatus.UNSUBSCRIBED if channel in suppressed else ContactStatus.SUBSCRIBED


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
    suppressed: dict[str, Suppression] | None = None,
) -> tuple[Person, bool]:
    """Create or update a person, matching on email then phone.

    Raises InvalidContact for an unusable email or phone, and PersonRefused when a contact
    point belongs to someone who asked to be erased (unless ``respect_erasure`` is False, for
    a person who comes back on their own through a form); both before anything is written.
    ``suppressed``: what ``suppressions_for`` found for these contact points, when the caller
    looked them up already (it is looked up here otherwise).
    """
    email = normalize_email(data.email) if data.email else ""
    phone, phone_kind = (
        _normalize_phone(data.phone, phone_region or organization.country)
        if data.phone
        else ("", "")
    )
    if not (email or phone or data.given_name or data.family_name):
        raise PersonRefused(_("A person needs at least a name, an email or a phone number."))
    if suppressed is None:
        suppressed = (
            suppressions_for(organization=organization, email=email, phone=phone)
            if email or phone
            else {}
        )
    if respect_erasure and any(s.reason == Suppression.Reason.ERASURE for s in suppressed.values()):
        raise PersonRefused(_("This person asked for their data to be erased."))
    with transaction.atomic(savepoint=False):
        return _upsert(
            organization=organization,
            data=data,
            email=email,
            phone=phone,
            phone_kind=phone_kind,
            suppressed=suppressed,
            source=source,
            actor=actor,
            consents=consents,
            tags=tags,
            ip_address=ip_address,
        )


def _upsert(
    *,
    organization,
    data,
    email,
    phone,
    phone_kind,
    suppressed,
    source,
    actor,
    consents,
    tags,
    ip_address,
) -> tuple[Person, bool]:
    for attempt in range(2):
        person, matched_on = _match(organization, email, phone)
        created = person is None
        if not created:
            break
        try:
            # A savepoint only here: another request may create the same email at the same
            # moment (the unique constraint decides; then match again).
            with transaction.atomic():
                person = Person(
                    organization=organization, origin_system=data.origin_system or "Turnout"
                )
                _apply(person, data)
                person.save(force_insert=True)
                if email:
                    EmailAddress.objects.create(
                        organization=organization,
                        person=person,
                        address=email,
                        primary=True,
                        status=_status(Channel.EMAIL, suppressed),
                    )
            break
        except IntegrityError:
            if attempt:
                raise
    if created:
        # Nothing else of this person exists yet: no look-ups before the inserts.
        if phone:
            PhoneNumber.objects.create(
                organization=organization,
                person=person,
                number=phone,
                number_type=phone_kind,
                sms_capable=phone_kind == "mobile",
                primary=True,
                status=_status(Channel.SMS, suppressed),
            )
        address = _address_values(data.address)
        if address:
            PostalAddress.objects.create(
                organization_id=organization.pk, person=person, primary=True, **address
            )
        activity_record(
            person=person,
            kind="person.created",
            actor=actor,
            summary=source,
            data={"source": source},
        )
        webhook_emit(organization=organization, type="person.created", obj=person)
    else:
        changed = _apply(person, data)
        if changed:
            person.save(update_fields=[*changed, "updated_at"])
        if email and matched_on != "email":
            # Found by phone: this address was nobody's in the organization a moment ago.
            try:
                with transaction.atomic():
                    EmailAddress.objects.create(
                        organization=organization,
                        person=person,
                        address=email,
                        primary=not person.emails.exists(),
                        status=_status(Channel.EMAIL, suppressed),
                    )
                changed.append("email")
            except IntegrityError:
                pass  # someone else took it at the same moment: theirs
        if phone and matched_on != "phone" and not person.phones.filter(number=phone).exists():
            PhoneNumber.objects.create(
                organization=organization,
                person=person,
                number=phone,
                number_type=phone_kind,
                sms_capable=phone_kind == "mobile",
                primary=not person.phones.exists(),
                status=_status(Channel.SMS, suppressed),
            )
            changed.append("phone")
        if data.address and _address_changed(person, data.address):
            changed.append("address")
        if changed:
            activity_record(
                person=person,
                kind="person.updated",
                actor=actor,
                summary=", ".join(sorted(set(changed))),
                data={"source": source},
            )
            webhook_emit(organization=organization, type="person.updated", obj=person)
    for consent in consents:
        if consent.status == Consent.Status.GRANTED and consent.channel in suppressed:
            continue  # an opt-out stands until an admin lifts it
        if created:
            consent_append(
                person=person,
                consent=consent,
                source=source,
                actor=actor,
                ip_address=ip_address,
                first=True,
            )
        else:
            consent_record(
                person=person, consent=consent, source=source, actor=actor, ip_address=ip_address
            )
    if tags:
        tags_add(person=person, names=tags, actor=actor)
    return person, created


@dataclass
class NewPerson:
    """One person for ``people_create_new``: what is known of them (``email`` and ``phone``
    normalized, with the phone's kind), what the suppression list says of those
    (``suppressions_for``), and the consents to record."""

    data: PersonData
    email: str = ""
    phone: str = ""
    phone_kind: str = ""
    suppressed: dict = field(default_factory=dict)
    consents: list = field(default_factory=list)
    ip_address: str | None = None


def people_create_new(
    *, organization, entries: list[NewPerson], source: str, actor=None, occurred_at=None
) -> list[Person]:
    """Create people whom ``person_upsert`` would create, in a few statements for all: for a
    caller that looked their email addresses and phone numbers up in this transaction and
    found nobody (the intake fold). The same rows as one by one: the person, the primary
    contact points (unsubscribed where suppressed), the primary address, the consents (a
    granted one skipped on a suppressed channel), and their timeline lines (created,
    consent) at ``occurred_at``. Raises IntegrityError when an address was taken meanwhile:
    the caller's savepoint rolls it all back and it matches them again one by one."""
    occurred_at = occurred_at or timezone.now()
    with transaction.atomic(savepoint=False), activity_batch():
        people = []
        for entry in entries:
            person = Person(
                organization=organization, origin_system=entry.data.origin_system or "Turnout"
            )
            _apply(person, entry.data)
            people.append(person)
        Person.objects.bulk_create(people)
        emails, phones, addresses, consents = [], [], [], []
        for entry, person in zip(entries, people, strict=True):
            if entry.email:
                emails.append(
                    EmailAddress(
                        organization=organization,
                        person=person,
                        address=entry.email,
                        primary=True,
                        status=_status(Channel.EMAIL, entry.suppressed),
                    )
                )
            if entry.phone:
                phones.append(
                    PhoneNumber(
                        organization=organization,
                        person=person,
                        number=entry.phone,
                        number_type=entry.phone_kind,
                        sms_capable=entry.phone_kind == "mobile",
                        primary=True,
                        status=_status(Channel.SMS, entry.suppressed),
                    )
                )
            address = _address_values(entry.data.address)
            if address:
                addresses.append(
                    PostalAddress(
                        organization_id=organization.pk, person=person, primary=True, **address
                    )
                )
            for consent in entry.consents:
                if consent.status == Consent.Status.GRANTED and consent.channel in entry.suppressed:
                    continue  # an opt-out stands until an admin lifts it
                consents.append(
                    consent_row(
                        person=person,
                        consent=consent,
                        source=source,
                        actor=actor,
                        ip_address=entry.ip_address,
                    )
                )
        for model, rows in (
            (EmailAddress, emails),
            (PhoneNumber, phones),
            (PostalAddress, addresses),
            (Consent, consents),
        ):
            if rows:
                model.objects.bulk_create(rows)
        for person in people:
            activity_record(
                person=person,
                kind="person.created",
                actor=actor,
                summary=source,
                data={"source": source},
                occurred_at=occurred_at,
            )
            webhook_emit(organization=organization, type="person.created", obj=person)
        for row in consents:
            consent_activity(
                person=row.person, row=row, source=source, actor=actor, occurred_at=occurred_at
            )
    return people


def _address_values(values: dict) -> dict:
    """The address fields given (non-empty), cleaned as stored."""
    clean = {
        k: values[k] for k in ADDRESS_FIELDS if k in (values or {}) and values[k] not in (None, "")
    }
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
    return clean


def _address_changed(person: Person, values: dict) -> bool:
    """Write the given address fields on the person's primary address; True when that
    changed something (a new address, or a field with another value)."""
    clean = _address_values(values)
    if not clean:
        return False
    current = person.addresses.filter(primary=True).first()
    if current is None:
        PostalAddress.objects.create(
            organization_id=person.organization_id, person=person, primary=True, **clean
        )
        return True
    different = [key for key, value in clean.items() if getattr(current, key) != value]
    if not different:
        return False
    for key in different:
        setattr(current, key, clean[key])
    current.save(update_fields=[*different, "updated_at"])
    return True


def address_upsert(*, person: Person, values: dict) -> PostalAddress:
    clean = _address_values(values)
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
        webhook_emit(organization=person.organization_id, type="person.updated", obj=person)
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
        webhook_emit(organization=person.organization_id, type="person.updated", obj=person)
    return changed
