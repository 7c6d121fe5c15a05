"""Queue one message to one person (a journey's step, a reminder): the rules of broadcasts.

The person must be reachable exactly as a broadcast's recipient is (``reachable_contacts``:
primary, subscribed contact point, current consent for the channel and purpose, not marked
do-not-contact), and a contact point on the suppression list is not used. The row is an
ordinary outbox ``Message``: the dispatcher checks the suppression list and the sending hours
again just before sending, and sends it exactly once. The caller's idempotency key makes a
second call with the same key return the first message instead of queueing another one.

Texts are rendered here with the person's values (``templating``) in the person's language
when the content has it; an SMS gets the organization's opt-out text like a broadcast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from turnout.people.models import Channel, ContactStatus, EmailAddress, Person, PhoneNumber
from turnout.people.services import suppression_active

from . import quiet_hours
from .dispatch import EMAIL, optout_text
from .models import Message, MessagingSettings
from .services import dispatch_start, messaging_settings_get, reachable_contacts, sms_provider_name
from .templating import person_values, pick_language, template_render

#: Why a message was not queued (shown in logs, e.g. a journey's step log).
NOT_SENT_REASONS = (
    "erased",
    "do_not_contact",
    "no_contact",
    "unsubscribed",
    "no_consent",
    "suppressed",
)


@dataclass(frozen=True)
class Queued:
    message: Message | None
    reason: str = ""  # one of NOT_SENT_REASONS when nothing was queued
    created: bool = False  # False: nothing queued, or the key had been queued already


def reachable_contact(*, person: Person, channel: str, purpose: str) -> tuple[str, str]:
    """(address, "") for the contact point a prospection message would go to, or
    ("", reason) when the person cannot receive it."""
    if person.erased_at is not None:
        return "", "erased"
    if person.do_not_contact:
        return "", "do_not_contact"
    column = "address" if channel == Channel.EMAIL else "number"
    address = (
        reachable_contacts(
            organization=person.organization,
            channel=channel,
            purpose=purpose,
            people=Person.objects.filter(pk=person.pk),
        )
        .order_by("id")
        .values_list(column, flat=True)
        .first()
    )
    if address is None:
        model = EmailAddress if channel == Channel.EMAIL else PhoneNumber
        rows = model.objects.filter(person=person, primary=True)
        if model is PhoneNumber:
            rows = rows.exclude(number_type=PhoneNumber.Kind.LANDLINE)
        if not rows.exists():
            return "", "no_contact"
        if not rows.filter(status=ContactStatus.SUBSCRIBED).exists():
            return "", "unsubscribed"
        return "", "no_consent"
    if suppression_active(organization=person.organization, channel=channel, value=address):
        return "", "suppressed"
    return address, ""


def service_contact(*, person: Person, channel: str) -> tuple[str, str]:
    """(address, "") for a service message the person asked for (the confirmation of their
    own sign-up, a reminder of it): their primary address whatever their marketing consent,
    unless it bounces or they complained of spam; ("", reason) otherwise."""
    if person.erased_at is not None:
        return "", "erased"
    model = EmailAddress if channel == Channel.EMAIL else PhoneNumber
    column = "address" if channel == Channel.EMAIL else "number"
    rows = model.objects.filter(person=person, primary=True)
    if model is PhoneNumber:
        rows = rows.exclude(number_type=PhoneNumber.Kind.LANDLINE)
    if not rows.exists():
        return "", "no_contact"
    address = (
        rows.exclude(status__in=(ContactStatus.BOUNCING, ContactStatus.SPAM_COMPLAINT))
        .order_by("id")
        .values_list(column, flat=True)
        .first()
    )
    if address is None:
        return "", "unsubscribed"
    return address, ""


def sending_opening(
    *, prefs: MessagingSettings, channel: str, address: str, at: datetime
) -> datetime | None:
    """None when a message may reach ``address`` at ``at`` under the organization's sending
    hours; else the next opening. SMS are judged in the recipient's time zone (from the
    number), emails in the organization's."""
    if channel == Channel.EMAIL:
        zone = prefs.time_zone
    else:
        zone = quiet_hours.recipient_zone(address, prefs.time_zone)
    return quiet_hours.opening_after(prefs.quiet_hours, at, zone)


def message_queue_one(
    *,
    person: Person,
    channel: str,
    purpose: str,
    content: dict,
    idempotency_key: str,
    default_language: str = "fr",
    address: str = "",
    not_before: datetime | None = None,
    wake: bool = True,
    prefs: MessagingSettings | None = None,
    transactional: bool = False,
) -> Queued:
    """Queue one email or SMS to ``person``. ``content`` is {"fr": {"subject", "body"}, ...}.
    ``address`` may come from ``reachable_contact`` already; otherwise it is looked up here.
    ``wake=False`` leaves waking the dispatchers to the caller (one wake for a batch);
    ``prefs`` are the organization's messaging settings when the caller has read them.
    ``transactional=True``: a service message the person asked for (decision 0074): it goes
    to their primary address without marketing consent, ignores the suppression list and the
    sending hours, and is never used for prospection."""
    if not address:
        lookup = service_contact if transactional else reachable_contact
        kwargs = {} if transactional else {"purpose": purpose}
        address, reason = lookup(person=person, channel=channel, **kwargs)
        if reason:
            return Queued(message=None, reason=reason)
    organization = person.organization
    prefs = prefs or messaging_settings_get(organization=organization)
    language = pick_language(content, person.language, default_language)
    part = content.get(language) or {}
    values = person_values(person, organization)
    body = template_render(part.get("body", ""), values)
    subject = ""
    if channel == Channel.EMAIL:
        subject = template_render(part.get("subject", ""), values)[:300]
        provider, sender = EMAIL, settings.DEFAULT_FROM_EMAIL
    else:
        if prefs.sms_optout_required:
            body = f"{body}\n{optout_text(language, prefs.sms_optout_text)}"
        provider, sender = sms_provider_name(), prefs.sms_sender
    try:
        with transaction.atomic():
            message = Message.objects.create(
                organization=organization,
                channel=channel,
                idempotency_key=idempotency_key[:120],
                person=person,
                to_address=address,
                from_address=sender,
                language=language,
                subject=subject,
                body=body,
                not_before=not_before or timezone.now(),
                provider=provider,
                transactional=transactional,
            )
    except IntegrityError:
        return Queued(message=Message.objects.filter(idempotency_key=idempotency_key[:120]).first())
    if wake:
        dispatch_start(provider=provider, workers=1)
    return Queued(message=message, created=True)


def provider_for(channel: str) -> str:
    return EMAIL if channel == Channel.EMAIL else sms_provider_name()
