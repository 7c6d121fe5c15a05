"""The suppression list: contact points that must never be contacted again."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record

from ..models import (
    Channel,
    ContactStatus,
    EmailAddress,
    Person,
    PhoneNumber,
    Suppression,
)
from ..normalize import InvalidContact, contact_hash, mask, normalize_email
from ..normalize import normalize_phone as _normalize_phone


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


def suppressions_for(*, organization, email: str = "", phone: str = "") -> dict[str, Suppression]:
    """The active suppressions of a person's email address (key ``Channel.EMAIL``) and phone
    number (key ``Channel.SMS``), in one query: what ``suppression_active`` says for each,
    for the write paths that look both up (a signature, a form). Values are normalized here;
    an unusable one is simply not suppressed."""
    found = suppressions_for_many(
        organization=organization, emails=[email] if email else [], phones=[phone] if phone else []
    )
    return {
        channel: found[(channel, value)]
        for channel, value in ((Channel.EMAIL, email), (Channel.SMS, phone))
        if value and (channel, value) in found
    }


def suppressions_for_many(
    *, organization, emails: list[str], phones: list[str]
) -> dict[tuple[str, str], Suppression]:
    """``suppressions_for`` of many contact points in one query: {(Channel.EMAIL, email) or
    (Channel.SMS, phone): the suppression that covers it}, keyed by the values as given."""
    wanted: dict[tuple[str, str], str] = {}
    for channel, values in ((Channel.EMAIL, emails), (Channel.SMS, phones)):
        for value in values:
            try:
                wanted[(channel, value)] = contact_hash(
                    organization.pk, channel, _normalized(channel, value)
                )
            except InvalidContact:
                continue
    if not wanted:
        return {}
    rows = list(
        Suppression.objects.for_organization(organization)
        # Every channel named, so that the (organization, channel, value_hash) index is used.
        .filter(
            channel__in=Channel.values,
            value_hash__in=set(wanted.values()),
            lifted_at__isnull=True,
        )
        .order_by(_REASON_STRENGTH, "created_at")
    )
    found = {}
    for (channel, value), value_hash in wanted.items():
        for row in rows:
            if row.value_hash == value_hash and (row.channel == channel or row.reason in _STRONG):
                found[(channel, value)] = row
                break
    return found


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
