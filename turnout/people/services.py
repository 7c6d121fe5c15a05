"""Writes on the CRM. Other apps call these (a signature calls ``person_upsert``), never the
models' write paths directly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record

from .models import (
    AccessLog,
    Activity,
    Channel,
    Consent,
    ContactStatus,
    EmailAddress,
    Person,
    PhoneNumber,
    PostalAddress,
    Suppression,
    Tag,
    Tagging,
)
from .normalize import InvalidContact, clean_name, contact_hash, mask, normalize_email
from .normalize import normalize_phone as _normalize_phone

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "additional_name",
    "gender",
    "birthdate",
    "language",
    "employer",
)
ADDRESS_FIELDS = (
    "address_lines",
    "locality",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "polling_station",
    "precinct",
)


class PersonRefused(Exception):
    """The person must not be recreated (erased on request), or the data is unusable."""


@dataclass
class PersonData:
    """What a form, an import row or an API call knows about a person."""

    given_name: str = ""
    family_name: str = ""
    additional_name: str = ""
    email: str = ""
    phone: str = ""
    gender: str = ""
    birthdate: object = None
    language: str = ""
    employer: str = ""
    address: dict = field(default_factory=dict)
    custom_fields: dict = field(default_factory=dict)
    identifiers: list = field(default_factory=list)
    origin_system: str = ""


@dataclass
class ConsentInput:
    channel: str
    purpose: str
    status: str
    notice_text: str = ""
    source_ref: str = ""


# --- Suppression ----------------------------------------------------------------------------


def _normalized(channel: str, value: str, region: str | None = None) -> str:
    if channel == Channel.EMAIL:
        return normalize_email(value)
    return _normalize_phone(value, region)[0]


_REASON_STRENGTH = Case(
    When(reason=Suppression.Reason.ERASURE, then=0),
    When(reason=Suppression.Reason.OBJECTION, then=1),
    default=2,
)
_STRONG = (Suppression.Reason.ERASURE, Suppression.Reason.OBJECTION)


def _contact_rows(organization, channel: str, normalized: str):
    """The stored contact points of the organization that a suppression covers."""
    if channel == Channel.EMAIL:
        return EmailAddress.objects.filter(organization=organization, address=normalized)
    return PhoneNumber.objects.filter(organization=organization, number=normalized)


def suppression_active(*, organization, channel: str, value: str) -> Suppression | None:
    """The active suppression matching a contact point on a channel, if any. SMS, phone and
    WhatsApp share the phone number; an erasure or objection suppresses every channel."""
    try:
        normalized = _normalized(channel, value)
    except InvalidContact:
        return None
    value_hash = contact_hash(organization.pk, channel, normalized)
    return (
        Suppression.objects.for_organization(organization)
        .filter(value_hash=value_hash, lifted_at__isnull=True)
        .filter(
            Q(channel=channel)
            | Q(reason__in=[Suppression.Reason.ERASURE, Suppression.Reason.OBJECTION])
        )
        # The strongest reason wins: an erasure must never hide behind an older opt-out.
        .order_by(_REASON_STRENGTH, "created_at")
        .first()
    )


@transaction.atomic
def suppression_add(
    *, organization, channel: str, value: str, reason: str, source: str = "", actor=None
) -> Suppression:
    normalized = _normalized(channel, value)
    value_hash = contact_hash(organization.pk, channel, normalized)
    existing = Suppression.objects.filter(
        organization=organization, channel=channel, value_hash=value_hash, lifted_at__isnull=True
    ).first()
    _contact_rows(organization, channel, normalized).filter(status=ContactStatus.SUBSCRIBED).update(
        status=ContactStatus.UNSUBSCRIBED
    )
    if existing:
        # An erasure or objection upgrades an earlier, weaker entry (e.g. an opt-out).
        if (
            reason in _STRONG
            and existing.reason != reason
            and (existing.reason not in _STRONG or reason == Suppression.Reason.ERASURE)
        ):
            existing.reason = reason
            existing.source = source[:200]
            existing.save(update_fields=["reason", "source", "updated_at"])
        return existing
    try:
        with transaction.atomic():
            return Suppression.objects.create(
                organization=organization,
                channel=channel,
                value_hash=value_hash,
                hint=mask(normalized),
                reason=reason,
                source=source[:200],
                created_by=actor,
            )
    except IntegrityError:  # someone else suppressed it at the same moment
        return Suppression.objects.get(
            organization=organization,
            channel=channel,
            value_hash=value_hash,
            lifted_at__isnull=True,
        )


@transaction.atomic
def suppression_lift(*, suppression: Suppression, actor, reason: str) -> Suppression:
    """Undo an opt-out when the person asks to re-subscribe; the reason is kept."""
    if not reason.strip():
        raise ValueError(
            _("Say why the suppression is lifted (for example, the person's written request).")
        )
    if suppression.reason == Suppression.Reason.ERASURE:
        raise ValueError(_("An erasure cannot be undone."))
    suppression.lifted_at = timezone.now()
    suppression.lifted_by = actor
    suppression.lift_reason = reason.strip()
    suppression.save(update_fields=["lifted_at", "lifted_by", "lift_reason", "updated_at"])
    # Contact points with this fingerprint become reachable again, unless another
    # suppression still covers them. Only hashes are stored, so candidates are hashed.
    model = EmailAddress if suppression.channel == Channel.EMAIL else PhoneNumber
    field = "address" if model is EmailAddress else "number"
    for row in model.objects.filter(
        organization=suppression.organization, status=ContactStatus.UNSUBSCRIBED
    ).only("pk", field):
        value = getattr(row, field)
        if (
            contact_hash(suppression.organization_id, suppression.channel, value)
            != suppression.value_hash
        ):
            continue
        if (
            suppression_active(
                organization=suppression.organization, channel=suppression.channel, value=value
            )
            is None
        ):
            model.objects.filter(pk=row.pk).update(status=ContactStatus.SUBSCRIBED)
    audit_record(
        organization=suppression.organization,
        actor=actor,
        action="suppression.lifted",
        target=suppression,
        data={"channel": suppression.channel, "hint": suppression.hint},
    )
    return suppression


def suppress_person_contacts(
    *, person: Person, reason: str, source: str, actor=None, channels: Iterable[str] | None = None
) -> int:
    """Suppress every email and phone number of a person (erasure, objection)."""
    channels = set(channels or [Channel.EMAIL, Channel.SMS, Channel.PHONE, Channel.WHATSAPP])
    added = 0
    for email in person.emails.all():
        if Channel.EMAIL in channels:
            suppression_add(
                organization=person.organization,
                channel=Channel.EMAIL,
                value=email.address,
                reason=reason,
                source=source,
                actor=actor,
            )
            added += 1
    for phone in person.phones.all():
        for channel in channels - {Channel.EMAIL, Channel.POST}:
            suppression_add(
                organization=person.organization,
                channel=channel,
                value=phone.number,
                reason=reason,
                source=source,
                actor=actor,
            )
            added += 1
    return added


# --- Timeline, consent, tags, access log ----------------------------------------------------


def activity_record(
    *,
    person: Person,
    kind: str,
    summary: str = "",
    actor=None,
    source: models.Model | None = None,
    data: dict | None = None,
    occurred_at: datetime | None = None,
    sensitive: bool = False,
) -> Activity:
    occurred_at = occurred_at or timezone.now()
    activity = Activity.objects.create(
        organization_id=person.organization_id,
        person=person,
        kind=kind,
        occurred_at=occurred_at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=str(source.pk) if source is not None else "",
        summary=summary[:300],
        data=data or {},
        sensitive=sensitive,
    )
    Person.objects.filter(pk=person.pk).filter(
        Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=occurred_at)
    ).update(last_activity_at=occurred_at)
    return activity


@transaction.atomic
def consent_record(
    *, person: Person, consent: ConsentInput, source: str, actor=None, ip_address: str | None = None
) -> Consent:
    """Append a consent decision; it becomes the current one for its channel and purpose."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    Consent.objects.filter(
        person=person, channel=consent.channel, purpose=consent.purpose, current=True
    ).update(current=False)
    row = Consent.objects.create(
        organization_id=person.organization_id,
        person=person,
        channel=consent.channel,
        purpose=consent.purpose,
        status=consent.status,
        current=True,
        source=source,
        source_ref=consent.source_ref[:200],
        notice_text=consent.notice_text,
        ip_address=ip_address,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    activity_record(
        person=person,
        kind="consent",
        actor=actor,
        source=row,
        summary=f"{consent.channel}/{consent.purpose}: {consent.status}",
        data={
            "channel": consent.channel,
            "purpose": consent.purpose,
            "status": consent.status,
            "source": source,
        },
    )
    return row


def tag_get_or_create(*, organization, name: str) -> Tag:
    name = clean_name(name, 80)
    if not name:
        raise ValueError(_("A tag needs a name."))
    tag, _created = Tag.objects.get_or_create(organization=organization, name=name)
    return tag


@transaction.atomic
def tags_add(*, person: Person, names: Iterable[str], actor=None) -> list[Tag]:
    added = []
    for name in names:
        tag = tag_get_or_create(organization=person.organization, name=name)
        _tagging, created = Tagging.objects.get_or_create(
            person=person, tag=tag, defaults={"added_by": actor}
        )
        if created:
            added.append(tag)
            activity_record(
                person=person, kind="tag.added", actor=actor, source=tag, summary=tag.name
            )
    return added


@transaction.atomic
def tag_remove(*, person: Person, tag: Tag, actor=None) -> bool:
    deleted, _rows = Tagging.objects.filter(person=person, tag=tag).delete()
    if deleted:
        activity_record(
            person=person, kind="tag.removed", actor=actor, source=tag, summary=tag.name
        )
    return bool(deleted)


def access_log_record(
    *,
    organization,
    user,
    action: str,
    person: Person | None = None,
    description: str = "",
    record_count: int = 1,
) -> AccessLog:
    return AccessLog.objects.create(
        organization=organization,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        person=person,
        description=description[:300],
        record_count=record_count,
    )


# --- Upsert ---------------------------------------------------------------------------------


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
