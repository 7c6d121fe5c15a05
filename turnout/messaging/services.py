"""Writes of the messaging app: broadcasts, their audience, inbound messages, opt-outs and
delivery reports. Views, webhooks and jobs call these."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

import phonenumbers
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Sum
from django.db.models.functions import Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turnout.api.webhooks import emit as webhook_emit
from turnout.core.audit import audit_record
from turnout.core.jobs import job_create
from turnout.core.tasks import enqueue_on_commit
from turnout.people.models import (
    Activity,
    Channel,
    Consent,
    ContactStatus,
    EmailAddress,
    Person,
    PhoneNumber,
)
from turnout.people.normalize import InvalidContact, normalize_phone
from turnout.people.services import (
    ConsentInput,
    activity_record,
    consent_record,
    suppression_add,
)
from turnout.people.services.timeline import activity_counters_bump

from .cost import sms_cost_estimate
from .dispatch import message_render
from .models import Broadcast, Conversation, Message, MessagingSettings, WebhookEvent
from .optout import optout_keyword
from .providers import get_provider
from .providers.base import DeliveryState, InboundSms, ProviderError, Reason, StatusEvent
from .templating import TemplateError, pick_language, template_check

logger = logging.getLogger("turnout.messaging")

BROADCAST_ENQUEUE_JOB = "broadcast_enqueue"


class BroadcastError(ValueError):
    pass


def messaging_settings_get(*, organization) -> MessagingSettings:
    prefs, _created = MessagingSettings.objects.get_or_create(organization=organization)
    return prefs


def sms_provider_name() -> str:
    return settings.TURNOUT_SMS_PROVIDER


# --- Audience -------------------------------------------------------------------------------


def audience_people(*, organization, segment=None, people_list=None):
    from turnout.people.segments.filters import segment_people

    if segment is not None:
        people = segment_people(segment)
    elif people_list is not None:
        people = Person.objects.filter(lists=people_list)
    else:
        people = Person.objects.none()
    return people.filter(organization=organization, erased_at__isnull=True)


def _consented(channel: str, purpose: str):
    return Exists(
        Consent.objects.filter(
            person=OuterRef("person_id"),
            channel=channel,
            purpose=purpose,
            status=Consent.Status.GRANTED,
            current=True,
        )
    )


def reachable_contacts(*, organization, channel: str, purpose: str, people):
    """The primary phone numbers (SMS) or email addresses of ``people`` that may receive a
    prospection message: subscribed, consented for the channel and purpose, person not
    marked do-not-contact. The suppression list is checked again just before sending."""
    model = EmailAddress if channel == Channel.EMAIL else PhoneNumber
    rows = model.objects.filter(
        organization=organization,
        person__in=people.values("id"),
        primary=True,
        status=ContactStatus.SUBSCRIBED,
        person__do_not_contact=False,
    )
    if model is PhoneNumber:
        rows = rows.exclude(number_type=PhoneNumber.Kind.LANDLINE)
    return rows.filter(_consented(channel, purpose))


def broadcast_audience_summary(*, broadcast: Broadcast) -> dict:
    """How many people the audience holds, how many can be reached, and why the others
    cannot: shown before sending."""
    people = audience_people(
        organization=broadcast.organization,
        segment=broadcast.segment,
        people_list=broadcast.people_list,
    )
    model = EmailAddress if broadcast.channel == Channel.EMAIL else PhoneNumber
    total = people.count()
    with_contact = model.objects.filter(person__in=people.values("id"), primary=True)
    if model is PhoneNumber:
        with_contact = with_contact.exclude(number_type=PhoneNumber.Kind.LANDLINE)
    has_contact = with_contact.count()
    subscribed = with_contact.filter(status=ContactStatus.SUBSCRIBED, person__do_not_contact=False)
    reachable = subscribed.filter(_consented(broadcast.channel, broadcast.purpose)).count()
    return {
        "total": total,
        "no_contact": total - has_contact,
        "opted_out": has_contact - subscribed.count(),
        "no_consent": subscribed.count() - reachable,
        "reachable": reachable,
    }


# --- Broadcasts -----------------------------------------------------------------------------


def broadcast_content_check(*, channel: str, content: dict) -> None:
    if not any((part or {}).get("body", "").strip() for part in content.values()):
        raise BroadcastError(_("Write the message in at least one language."))
    for language, part in content.items():
        for field in ("subject", "body"):
            try:
                template_check((part or {}).get(field, ""))
            except TemplateError as exc:
                raise BroadcastError(f"{language.upper()}: {exc}") from exc
        if channel == Channel.EMAIL and part.get("body") and not part.get("subject", "").strip():
            raise BroadcastError(
                _("%(language)s: an email needs a subject.") % {"language": language.upper()}
            )


@transaction.atomic
def broadcast_save(
    *, organization, actor, broadcast: Broadcast | None = None, **fields
) -> Broadcast:
    content = fields.get("content", broadcast.content if broadcast else {})
    channel = fields.get("channel", broadcast.channel if broadcast else Channel.SMS)
    broadcast_content_check(channel=channel, content=content)
    if broadcast is None:
        broadcast = Broadcast(organization=organization, created_by=actor)
    elif broadcast.status != Broadcast.Status.DRAFT:
        raise BroadcastError(_("Only a draft can be changed."))
    for name, value in fields.items():
        setattr(broadcast, name, value)
    if not broadcast.segment_id and not broadcast.people_list_id:
        raise BroadcastError(_("Choose who receives it: a segment or a list."))
    broadcast.save()
    audit_record(
        organization=organization, actor=actor, action="broadcast.saved", target=broadcast, data={}
    )
    return broadcast


def broadcast_send(*, broadcast: Broadcast, actor, at: datetime | None = None) -> bool:
    """Queue a draft (now or at ``at``). A second click does nothing: returns False."""
    with transaction.atomic():
        status = (
            Broadcast.Status.SCHEDULED if at and at > timezone.now() else Broadcast.Status.QUEUING
        )
        updated = Broadcast.objects.filter(pk=broadcast.pk, status=Broadcast.Status.DRAFT).update(
            status=status, scheduled_at=at, updated_at=timezone.now()
        )
        if not updated:
            return False
        broadcast.refresh_from_db()
        audit_record(
            organization=broadcast.organization,
            actor=actor,
            action="broadcast.scheduled" if at else "broadcast.sent",
            target=broadcast,
            data={"at": at.isoformat() if at else None},
        )
        if status == Broadcast.Status.QUEUING:
            _enqueue_job(broadcast, actor)
    return True


def _enqueue_job(broadcast: Broadcast, actor) -> None:
    job = job_create(
        organization=broadcast.organization,
        kind=BROADCAST_ENQUEUE_JOB,
        title=_("Preparing “%(name)s”") % {"name": broadcast.name},
        params={"broadcast_id": broadcast.pk},
        user=actor,
    )
    Broadcast.objects.filter(pk=broadcast.pk).update(job=job)
    broadcast.job = job


def broadcasts_release_scheduled(now=None) -> int:
    """Start the scheduled broadcasts whose time has come (run every minute by workers)."""
    now = now or timezone.now()
    released = 0
    for broadcast in Broadcast.objects.filter(
        status=Broadcast.Status.SCHEDULED, scheduled_at__lte=now
    ):
        with transaction.atomic():
            if Broadcast.objects.filter(pk=broadcast.pk, status=Broadcast.Status.SCHEDULED).update(
                status=Broadcast.Status.QUEUING
            ):
                _enqueue_job(broadcast, None)
                released += 1
    return released


@transaction.atomic
def broadcast_cancel(*, broadcast: Broadcast, actor) -> int:
    """Stop a broadcast: what is not yet handed to the provider is not sent."""
    Broadcast.objects.filter(pk=broadcast.pk).exclude(status=Broadcast.Status.SENT).update(
        status=Broadcast.Status.CANCELLED
    )
    cancelled = Message.objects.filter(
        broadcast=broadcast, status__in=[Message.Status.QUEUED, Message.Status.CLAIMED]
    ).update(status=Message.Status.CANCELLED, claim_token=None)
    audit_record(
        organization=broadcast.organization,
        actor=actor,
        action="broadcast.cancelled",
        target=broadcast,
        data={"cancelled": cancelled},
    )
    broadcast.refresh_from_db()
    return cancelled


def broadcast_enqueue(*, broadcast: Broadcast, progress=None, chunk: int = 50_000) -> int:
    """Insert one queued message per reachable person, set-based, in chunks of person ids.
    Safe to run twice: the idempotency key makes a second insert of the same row a no-op."""
    organization = broadcast.organization
    people = audience_people(
        organization=organization, segment=broadcast.segment, people_list=broadcast.people_list
    )
    contacts = reachable_contacts(
        organization=organization,
        channel=broadcast.channel,
        purpose=broadcast.purpose,
        people=people,
    )
    bounds = contacts.aggregate(first=Min("person_id"), last=Max("person_id"))
    first, last = bounds["first"], bounds["last"]
    total = contacts.count()
    if progress is not None:
        progress.set_total(total)
    provider = "email" if broadcast.channel == Channel.EMAIL else sms_provider_name()
    prefs = messaging_settings_get(organization=organization)
    sender = broadcast.sender or (
        prefs.sms_sender if broadcast.channel == Channel.SMS else settings.DEFAULT_FROM_EMAIL
    )
    not_before = max(broadcast.scheduled_at or timezone.now(), timezone.now())
    inserted = 0
    if first is None:
        return 0
    address_column = "address" if broadcast.channel == Channel.EMAIL else "number"
    qn = connection.ops.quote_name
    start = first
    while start <= last:
        rows = contacts.filter(person_id__gte=start, person_id__lt=start + chunk)
        select_sql, select_params = rows.values_list(
            "person_id", address_column
        ).query.sql_with_params()
        sql = (
            f"INSERT INTO {qn(Message._meta.db_table)} (organization_id, created_at, updated_at, "  # noqa: S608
            "channel, direction, idempotency_key, broadcast_id, person_id, to_address, "
            "from_address, language, subject, body, status, not_before, transactional, attempts, "
            "provider, provider_id, error_code, error) "
            f"SELECT %s, %s, %s, %s, %s, %s || CAST(c.person_id AS VARCHAR(20)), %s, c.person_id, "
            f"c.{address_column}, %s, COALESCE(p.language, ''), '', '', %s, %s, %s, 0, %s, "
            f"'', '', '' FROM ({select_sql}) c "
            f"JOIN {qn(Person._meta.db_table)} p ON p.id = c.person_id "
            "ON CONFLICT (idempotency_key) DO NOTHING"
        )
        params = [
            organization.pk,
            timezone.now(),
            timezone.now(),
            broadcast.channel,
            Message.Direction.OUTBOUND,
            f"b{broadcast.pk}:",
            broadcast.pk,
            sender,
            Message.Status.QUEUED,
            not_before,
            False,
            provider,
            *select_params,
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            done = max(cursor.rowcount, 0)
        inserted += done
        if progress is not None:
            progress.advance(done)
        start += chunk
    Broadcast.objects.filter(pk=broadcast.pk).update(
        status=Broadcast.Status.SENDING,
        queued_at=timezone.now(),
        recipients=Message.objects.filter(broadcast=broadcast).count(),
    )
    dispatch_start(provider=provider)
    return inserted


def dispatch_start(*, provider: str, workers: int | None = None) -> None:
    """Ask the workers to dispatch a provider's queue (several dispatchers share it)."""
    from .tasks import dispatch_messages

    for _i in range(workers or settings.TURNOUT_DISPATCH_PARALLEL):
        enqueue_on_commit(dispatch_messages, provider)


def broadcast_finish_check(*, broadcast: Broadcast) -> bool:
    """A sending broadcast is sent once nothing of it waits any more."""
    pending = Message.objects.filter(
        broadcast=broadcast,
        status__in=[Message.Status.QUEUED, Message.Status.CLAIMED, Message.Status.SENDING],
    ).exists()
    if pending:
        return False
    return bool(
        Broadcast.objects.filter(pk=broadcast.pk, status=Broadcast.Status.SENDING).update(
            status=Broadcast.Status.SENT
        )
    )


# --- Sent, failed, received -----------------------------------------------------------------


def messages_sent_record(messages: list[Message]) -> None:
    """One timeline line per message sent to a person (bulk: a broadcast sends millions)."""
    content_type = ContentType.objects.get_for_model(Message)
    rows = []
    for m in messages:
        if m.person_id is None:
            continue
        kind = f"{m.channel}_sent"
        rows.append(
            Activity(
                organization_id=m.organization_id,
                person_id=m.person_id,
                kind=kind,
                occurred_at=timezone.now(),
                actor=m.sent_by,
                source_type=content_type,
                source_id=str(m.pk),
                summary=(m.subject or m.body)[:300],
            )
        )
    if not rows:
        return
    by_org: dict[int, list] = {}
    for row in rows:
        by_org.setdefault(row.organization_id, []).append(
            (row.person_id, row.kind, 1, row.occurred_at)
        )
    with transaction.atomic():
        Activity.objects.bulk_create(rows, batch_size=500)
        for org_id, pairs in by_org.items():
            activity_counters_bump(org_id, pairs)


def message_failed_record(*, message: Message, error: ProviderError) -> None:
    """A permanent failure: what it says about the number is recorded on it (invalid or
    unreachable numbers stop being used, a landline is marked as such, an opt-out at the
    provider joins our suppression list), and the person's timeline says it."""
    reason = getattr(error, "reason", "")
    if message.channel != Channel.EMAIL and reason in Reason.NUMBER_REASONS:
        numbers = PhoneNumber.objects.filter(
            organization_id=message.organization_id, number=message.to_address
        )
        if reason == Reason.UNSUBSCRIBED:
            suppression_add(
                organization=message.organization,
                channel=message.channel,
                value=message.to_address,
                reason="opt_out",
                source=f"{message.provider}: {error.code}"[:200],
            )
        elif reason == Reason.NOT_MOBILE:
            numbers.update(number_type=PhoneNumber.Kind.LANDLINE, sms_capable=False)
        else:
            numbers.update(status=ContactStatus.BOUNCING)
    if message.person is None:
        return
    activity_record(
        person=message.person,
        kind=f"{message.channel}_failed",
        summary=_("Not delivered: %(error)s") % {"error": str(error)[:200]},
        source=message,
    )


def webhook_event_first_time(*, provider: str, event_id: str) -> bool:
    """Record an event id; False when it was already seen (a replay)."""
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(provider=provider, event_id=event_id[:200])
    except IntegrityError:
        return False
    return True


_STATE_TO_STATUS = {
    DeliveryState.SENT: Message.Status.SENT,
    DeliveryState.DELIVERED: Message.Status.DELIVERED,
    DeliveryState.FAILED: Message.Status.FAILED,
}


def status_apply(*, provider: str, event: StatusEvent) -> bool:
    """Apply a delivery report. Out-of-order reports never move a message backwards."""
    status = _STATE_TO_STATUS.get(event.state)
    if status is None:
        return False
    with transaction.atomic():
        if not webhook_event_first_time(provider=provider, event_id=f"status:{event.event_id}"):
            return False
        messages = Message.objects.filter(provider=provider, provider_id=event.provider_id)
        if not event.provider_id and event.reference:
            messages = Message.objects.filter(idempotency_key=event.reference)
        if status == Message.Status.DELIVERED:
            messages.filter(
                status__in=[Message.Status.SENT, Message.Status.SENDING, Message.Status.UNCERTAIN]
            ).update(status=status, delivered_at=event.occurred_at or timezone.now())
        elif status == Message.Status.FAILED:
            for message in messages.exclude(status=Message.Status.FAILED).select_related("person"):
                Message.objects.filter(pk=message.pk).update(
                    status=status, error=event.error[:300] or _("Not delivered")
                )
                message_failed_record(
                    message=message,
                    error=ProviderError(
                        event.error or "failed", transient=False, reason=event.reason
                    ),
                )
        else:
            messages.filter(status__in=[Message.Status.SENDING, Message.Status.UNCERTAIN]).update(
                status=status, sent_at=timezone.now()
            )
    return True


def _organization_for_inbound(inbound: InboundSms, number: str):
    """Which organization a reply belongs to: the one whose sender it was written to, else
    the one that last wrote to this number."""
    if inbound.recipient:
        prefs = (
            MessagingSettings.objects.filter(sms_sender=inbound.recipient)
            .select_related("organization")
            .first()
        )
        if prefs is not None:
            return prefs.organization
    last = (
        Message.objects.filter(direction=Message.Direction.OUTBOUND, to_address=number)
        .select_related("organization")
        .order_by("-created_at")
        .first()
    )
    return last.organization if last else None


def inbound_receive(*, provider: str, inbound: InboundSms) -> Message | None:
    """Store a reply, attach it to its conversation, and honour STOP in the same transaction.
    A replayed webhook (same event id) changes nothing."""
    try:
        number = normalize_phone(inbound.sender, None)[0]
    except InvalidContact:
        logger.warning("inbound SMS from an invalid number", extra={"provider": provider})
        return None
    organization = _organization_for_inbound(inbound, number)
    if organization is None:
        logger.warning("inbound SMS for no organization", extra={"provider": provider})
        return None
    with transaction.atomic():
        if not webhook_event_first_time(provider=provider, event_id=f"in:{inbound.event_id}"):
            return None
        phone = (
            PhoneNumber.objects.filter(organization=organization, number=number)
            .select_related("person")
            .order_by("-primary", "id")
            .first()
        )
        person = phone.person if phone else None
        conversation = (
            Conversation.objects.filter(organization=organization, phone=number)
            .exclude(status=Conversation.Status.UNASSIGNED)
            .order_by("-last_message_at", "-id")
            .first()
        )
        message = Message.objects.create(
            organization=organization,
            channel=Channel.SMS,
            direction=Message.Direction.INBOUND,
            idempotency_key=f"in:{provider}:{inbound.event_id}"[:120],
            conversation=conversation,
            person=person,
            to_address=inbound.recipient[:254],
            from_address=number,
            body=inbound.body,
            status=Message.Status.RECEIVED,
            provider=provider,
            provider_id=inbound.event_id[:100],
        )
        keyword = optout_keyword(inbound.body)
        if conversation is not None:
            conversation.status = (
                Conversation.Status.OPTED_OUT if keyword else Conversation.Status.NEEDS_REPLY
            )
            conversation.last_message_at = timezone.now()
            conversation.save(update_fields=["status", "last_message_at", "updated_at"])
        if person is not None:
            activity_record(
                person=person,
                kind="sms_received",
                summary=inbound.body[:300],
                source=message,
            )
        if keyword:
            optout_apply(
                organization=organization,
                number=number,
                keyword=keyword,
                provider=provider,
            )
        else:  # "VOTE <question>" goes to the voter-information assistant
            from turnout.assistant.channels.sms import sms_received

            transaction.on_commit(lambda: sms_received(message.pk))
    return message


def optout_apply(
    *, organization, number: str, keyword: str, provider: str, keyword_from_provider: bool = False
) -> None:
    """The number goes on the suppression list for SMS (and WhatsApp, which shares it), what
    is queued for it is not sent, and one confirmation goes out unless the provider sends its
    own or one was already sent to this number."""
    suppression_add(
        organization=organization,
        channel=Channel.SMS,
        value=number,
        reason="opt_out",
        source=f"sms:{keyword}",
    )
    webhook_emit(
        organization=organization, type="opt_out", channel="sms", address=number, reason="stop"
    )
    Message.objects.filter(
        organization=organization,
        to_address=number,
        channel__in=[Channel.SMS, Channel.WHATSAPP],
        status__in=[Message.Status.QUEUED, Message.Status.CLAIMED],
        transactional=False,
    ).update(status=Message.Status.SUPPRESSED, claim_token=None)
    # The consent log says it too: SMS consent withdrawn, by the person, with their words.
    for phone in PhoneNumber.objects.filter(
        organization=organization, number=number
    ).select_related("person"):
        for purpose in (
            Consent.objects.filter(person=phone.person, channel=Channel.SMS, current=True)
            .exclude(status=Consent.Status.WITHDRAWN)
            .values_list("purpose", flat=True)
        ):
            consent_record(
                person=phone.person,
                consent=ConsentInput(
                    channel=Channel.SMS,
                    purpose=purpose,
                    status=Consent.Status.WITHDRAWN,
                    notice_text=keyword,
                    source_ref=f"sms reply via {provider}",
                ),
                source=Consent.Source.MESSAGE,
            )
    if get_provider(provider).sends_own_stop_confirmation or keyword_from_provider:
        return
    key = f"stop-confirm:{organization.pk}:{number}"
    if Message.objects.filter(idempotency_key=key).exists():
        return
    prefs = messaging_settings_get(organization=organization)
    phone = (
        PhoneNumber.objects.filter(organization=organization, number=number)
        .select_related("person")
        .first()
    )
    language = (phone.person.language if phone and phone.person else "") or "fr"
    with translation.override(language):
        body = _("You will no longer receive our text messages. — %(organization)s") % {
            "organization": organization.name
        }
    try:
        with transaction.atomic():
            Message.objects.create(
                organization=organization,
                channel=Channel.SMS,
                idempotency_key=key,
                person=phone.person if phone else None,
                to_address=number,
                from_address=prefs.sms_sender,
                body=body,
                transactional=True,
                provider=provider,
            )
    except IntegrityError:
        return
    dispatch_start(provider=provider, workers=1)


# --- Email delivery events (anymail) and unsubscribes ---------------------------------------

_EMAIL_SUPPRESSING_EVENTS = {
    "bounced": "bounce",
    "rejected": "bounce",
    "complained": "complaint",
    "unsubscribed": "opt_out",
}


def email_event_apply(*, esp: str, event) -> bool:
    """A delivery event from an email provider (already verified by anymail's webhook view):
    hard bounces and complaints put the address on the suppression list."""
    event_id = event.event_id or f"{event.message_id}:{event.event_type}:{event.timestamp}"
    key = (event.metadata or {}).get("turnout_message", "")
    with transaction.atomic():
        if not webhook_event_first_time(provider=f"email:{esp}", event_id=str(event_id)):
            return False
        message = None
        if key:
            message = (
                Message.objects.filter(idempotency_key=key)
                .select_related("organization", "person")
                .first()
            )
        if message is None and event.message_id:
            message = (
                Message.objects.filter(provider="email", provider_id=str(event.message_id)[:100])
                .select_related("organization", "person")
                .first()
            )
        if message is None:
            return False
        if event.event_type in ("opened", "clicked"):
            # Privacy: a total on the broadcast, nothing on the person or the message.
            if message.broadcast_id:
                field = "opens" if event.event_type == "opened" else "clicks"
                Broadcast.objects.filter(pk=message.broadcast_id).update(**{field: F(field) + 1})
            return True
        if event.event_type == "delivered":
            Message.objects.filter(pk=message.pk, status=Message.Status.SENT).update(
                status=Message.Status.DELIVERED, delivered_at=timezone.now()
            )
            return True
        reason = _EMAIL_SUPPRESSING_EVENTS.get(event.event_type)
        if reason is None:
            return True
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.FAILED if reason == "bounce" else message.status,
            error=(event.description or event.event_type)[:300],
        )
        suppression_add(
            organization=message.organization,
            channel=Channel.EMAIL,
            value=message.to_address,
            reason=reason,
            source=f"email:{esp}:{event.event_type}",
        )
        if message.person is not None:
            activity_record(
                person=message.person,
                kind=f"email_{event.event_type}",
                summary=message.to_address,
                source=message,
            )
    return True


def unsubscribe_apply(*, message: Message, source: str) -> None:
    """The person clicked unsubscribe (link or one-click POST): suppress the address or
    number the message went to, with the reason kept for the record."""
    channel = Channel.EMAIL if message.channel == Channel.EMAIL else message.channel
    with transaction.atomic():
        suppression_add(
            organization=message.organization,
            channel=channel,
            value=message.to_address,
            reason="opt_out",
            source=source,
        )
        if message.person is not None:
            activity_record(
                person=message.person,
                kind=f"{message.channel}_unsubscribed",
                summary=message.to_address,
                source=message,
            )
        webhook_emit(organization=message.organization_id, type="opt_out", obj=message)


def broadcast_test_send(*, broadcast: Broadcast, actor, to: str, language: str = "") -> Message:
    """Send the broadcast to one address or number, now, marked as a test; nothing is
    recorded on anyone's timeline and the broadcast stays a draft."""
    to = to.strip()
    if broadcast.channel == Channel.EMAIL:
        try:
            validate_email(to)
        except ValidationError as exc:
            raise BroadcastError(_("Enter a valid email address.")) from exc
        provider = "email"
        address = to.lower()
    else:
        try:
            address = normalize_phone(to, "FR")[0]
        except InvalidContact as exc:
            raise BroadcastError(str(exc)) from exc
        provider = sms_provider_name()
    language = pick_language(broadcast.content, language, broadcast.default_language)
    draft = Message(
        organization=broadcast.organization,
        channel=broadcast.channel,
        broadcast=broadcast,
        language=language,
        to_address=address,
    )
    subject, body = message_render(
        draft, messaging_settings_get(organization=broadcast.organization)
    )
    message = Message.objects.create(
        organization=broadcast.organization,
        channel=broadcast.channel,
        idempotency_key=f"test:{broadcast.pk}:{uuid.uuid4().hex}",
        to_address=address,
        from_address=broadcast.sender,
        language=language,
        subject=f"[TEST] {subject}"[:300] if subject else "",
        body=body if subject else f"[TEST] {body}",
        transactional=True,
        provider=provider,
        sent_by=actor,
    )
    audit_record(
        organization=broadcast.organization,
        actor=actor,
        action="broadcast.test_sent",
        target=broadcast,
        data={"to": address[:3] + "…"},
    )
    dispatch_start(provider=provider, workers=1)
    return message


def broadcast_stats(*, broadcast: Broadcast) -> dict:
    rows = Message.objects.filter(broadcast=broadcast).values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    total = sum(counts.values())
    in_flight = sum(counts.get(s, 0) for s in ("queued", "claimed", "sending"))
    done = total - in_flight
    cost = Message.objects.filter(broadcast=broadcast).aggregate(
        c=Sum("cost_cents"), s=Sum("segments")
    )
    return {
        "counts": counts,
        "total": total,
        "done": done,
        "percent": int(done * 100 / total) if total else 0,
        "cost_cents": cost["c"] or 0,
        "cost_euros": (cost["c"] or 0) / 100,
        "segments": cost["s"] or 0,
    }


def broadcast_cost_estimate(*, broadcast: Broadcast, segments: int) -> int:
    """Estimated cost in cents of an SMS broadcast: reachable numbers grouped by country
    (in the database, by calling-code prefix), times segments, times the price per segment."""
    people = audience_people(
        organization=broadcast.organization,
        segment=broadcast.segment,
        people_list=broadcast.people_list,
    )
    contacts = reachable_contacts(
        organization=broadcast.organization,
        channel=Channel.SMS,
        purpose=broadcast.purpose,
        people=people,
    )
    by_country: dict[str, int] = {}
    for row in (
        contacts.annotate(prefix=Substr("number", 2, 4)).values("prefix").annotate(n=Count("id"))
    ):
        region = "ZZ"
        for length in (1, 2, 3):
            code = row["prefix"][:length]
            if code.isdigit() and phonenumbers.region_code_for_country_code(int(code)) != "ZZ":
                region = phonenumbers.region_code_for_country_code(int(code))
                break
        by_country[region] = by_country.get(region, 0) + row["n"] * segments
    return sms_cost_estimate(by_country, getattr(settings, "TURNOUT_SMS_PRICES_CENTS", None))


def provider_optout_receive(*, provider: str, opt_out) -> bool:
    """The provider reports that a person opted out with it (they answered its STOP): the
    same suppression as a STOP we read ourselves; the provider confirmed it already."""
    try:
        number = normalize_phone(opt_out.sender, None)[0]
    except InvalidContact:
        return False
    organization = _organization_for_inbound(
        InboundSms(event_id=opt_out.event_id, sender=number, recipient=opt_out.recipient, body=""),
        number,
    )
    if organization is None:
        return False
    with transaction.atomic():
        if not webhook_event_first_time(provider=provider, event_id=f"optout:{opt_out.event_id}"):
            return False
        optout_apply(
            organization=organization,
            number=number,
            keyword="STOP",
            provider=provider,
            keyword_from_provider=True,
        )
    return True


def broadcast_duplicate(*, broadcast: Broadcast, actor) -> Broadcast:
    """A new draft with the same audience and text: last month's newsletter as a template."""
    copy = Broadcast.objects.create(
        organization=broadcast.organization,
        channel=broadcast.channel,
        name=_("%(name)s (copy)") % {"name": broadcast.name},
        segment=broadcast.segment,
        people_list=broadcast.people_list,
        purpose=broadcast.purpose,
        content=broadcast.content,
        default_language=broadcast.default_language,
        sender=broadcast.sender,
        created_by=actor,
    )
    audit_record(
        organization=broadcast.organization,
        actor=actor,
        action="broadcast.duplicated",
        target=copy,
        data={"from": broadcast.pk},
    )
    return copy
