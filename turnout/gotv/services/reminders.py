"""Reminder programs and subscriptions.

A subscription is a person asking for the reminders of one election on one channel. The
exact text they agreed to is kept on the subscription and recorded as their consent to
"election reminders" on that channel (``people.Consent``, purpose ``reminders``): the
reminders then go out as consent-based messages (decision 0088), through the sending hours and
the suppression list like every SMS, and stop when the person unsubscribes or replies STOP.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.messaging.templating import TemplateError
from turnout.people.activity_kinds import REMINDER_SUBSCRIBED
from turnout.people.models import Consent, EmailAddress, Person, PhoneNumber, Purpose
from turnout.people.services import ConsentInput, activity_record, consent_record

from ..exceptions import ReminderError
from ..models import (
    COUNTRY_ZONES,
    ReminderChannel,
    ReminderKind,
    ReminderProgram,
    ReminderSubscription,
)
from ..texts import default_texts, text_check

#: Channels the assistant may name, and the channel the reminders then use: a person who
#: asked on WhatsApp is reminded by SMS on the same number.
CHANNEL_ALIASES = {"email": "email", "sms": "sms", "whatsapp": "sms"}
SOURCE_CONSENT = {
    ReminderSubscription.Source.ASSISTANT: Consent.Source.MESSAGE,
    ReminderSubscription.Source.WEB: Consent.Source.FORM,
    ReminderSubscription.Source.STAFF: Consent.Source.STAFF,
}


def program_get_or_create(*, organization, election, actor=None) -> ReminderProgram:
    """The election's program; a draft with the default texts when there is none yet (the
    assistant may take subscriptions before staff set the program up)."""
    program = ReminderProgram.objects.filter(organization=organization, election=election).first()
    if program:
        return program
    try:
        with transaction.atomic():
            return ReminderProgram.objects.create(
                organization=organization,
                election=election,
                eve_text=default_texts(ReminderKind.EVE),
                day_text=default_texts(ReminderKind.DAY),
                time_zone=COUNTRY_ZONES.get(election.country, "Europe/Paris"),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        return ReminderProgram.objects.get(organization=organization, election=election)


def _texts_check(program: ReminderProgram) -> None:
    for kind in ReminderKind:
        content = program.text_for(kind)
        if not any((part or {}).get("body", "").strip() for part in content.values()):
            raise ReminderError(
                "texts",
                _("Write the %(kind)s message in at least one language.")
                % {"kind": ReminderKind(kind).label.lower()},
            )
        for language, part in content.items():
            for field in ("subject", "body"):
                try:
                    text_check((part or {}).get(field, ""))
                except TemplateError as exc:
                    raise ReminderError("texts", f"{language.upper()}: {exc}") from exc
            if program.email and part.get("body") and not (part.get("subject") or "").strip():
                raise ReminderError(
                    "texts",
                    _("%(language)s: an email needs a subject.") % {"language": language.upper()},
                )


@transaction.atomic
def program_save(*, program: ReminderProgram, actor) -> ReminderProgram:
    """Create or update a program from a filled (unsaved) instance."""
    if not (program.email or program.sms):
        raise ReminderError("channel", _("Choose at least one channel."))
    _texts_check(program)
    created = program.pk is None
    program.save()
    audit_record(
        organization=program.organization,
        actor=actor,
        action="gotv.program_create" if created else "gotv.program_update",
        target=program,
    )
    return program


TRANSITIONS = {
    "start": ({ReminderProgram.Status.DRAFT, ReminderProgram.Status.PAUSED}, "running"),
    "pause": ({ReminderProgram.Status.RUNNING}, "paused"),
    "finish": (
        {
            ReminderProgram.Status.DRAFT,
            ReminderProgram.Status.RUNNING,
            ReminderProgram.Status.PAUSED,
        },
        "finished",
    ),
}


@transaction.atomic
def program_transition(*, program: ReminderProgram, operation: str, actor) -> ReminderProgram:
    program = ReminderProgram.objects.select_for_update().get(pk=program.pk)
    allowed, target = TRANSITIONS[operation]
    if program.status not in allowed:
        raise ReminderError(
            "status",
            _("This program is %(status)s: it cannot be changed that way.")
            % {"status": program.get_status_display().lower()},
        )
    if operation == "start":
        if not (program.email or program.sms):
            raise ReminderError("channel", _("Choose at least one channel."))
        _texts_check(program)
        program.started_at = program.started_at or timezone.now()
    program.status = target
    program.save(update_fields=["status", "started_at", "updated_at"])
    audit_record(
        organization=program.organization, actor=actor, action=f"gotv.program_{operation}",
        target=program,
    )  # fmt: skip
    return program


def _has_contact(person: Person, channel: str) -> bool:
    if channel == ReminderChannel.EMAIL:
        return EmailAddress.objects.filter(person=person).exists()
    return (
        PhoneNumber.objects.filter(person=person)
        .exclude(number_type=PhoneNumber.Kind.LANDLINE)
        .exists()
    )


def reminder_subscribe(
    *, organization, person, election, channel: str, source: str, consent_text: str, actor=None
) -> ReminderSubscription:
    """Subscribe ``person`` to the reminders of ``election`` on ``channel`` ("email", "sms";
    "whatsapp" means SMS to the same number). Idempotent per person, election and channel: a
    second call returns the subscription (and turns it on again if the person had left).
    Raises ReminderError (translated message) for an unknown channel, a person without an
    address for it, or an election whose reminders are over."""
    channel = CHANNEL_ALIASES.get((channel or "").lower())
    if channel is None:
        raise ReminderError("channel", _("Reminders go by email or SMS only."))
    consent_text = (consent_text or "").strip()
    if not consent_text:
        raise ReminderError("consent", _("The text the person agreed to is missing."))
    if person.organization_id != organization.pk or election.organization_id != organization.pk:
        raise ReminderError("organization", _("This person or election is not yours."))
    if person.erased_at is not None:
        raise ReminderError("erased", _("This person asked for their data to be erased."))
    if not _has_contact(person, channel):
        raise ReminderError(
            "no_contact",
            _("We need an email address to send reminders by email.")
            if channel == ReminderChannel.EMAIL
            else _("We need a mobile phone number to send reminders by SMS."),
        )
    program = program_get_or_create(organization=organization, election=election, actor=actor)
    last_day = max(day for _round, day in program.rounds())
    if program.status == ReminderProgram.Status.FINISHED or last_day < timezone.localdate():
        raise ReminderError("over", _("The reminders for this election are over."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscription, created = ReminderSubscription.objects.get_or_create(
                    organization=organization,
                    program=program,
                    person=person,
                    channel=channel,
                    defaults={"source": source, "consent_text": consent_text},
                )
        except IntegrityError:  # the same request twice at once: the first one's row
            subscription = ReminderSubscription.objects.get(
                program=program, person=person, channel=channel
            )
            return subscription
        if not created and subscription.status == ReminderSubscription.Status.ACTIVE:
            return subscription
        consent = consent_record(
            person=person,
            consent=ConsentInput(
                channel=channel,
                purpose=Purpose.REMINDERS,
                status=Consent.Status.GRANTED,
                notice_text=consent_text,
                source_ref=f"gotv:{program.pk}",
            ),
            source=SOURCE_CONSENT.get(source, Consent.Source.FORM),
            actor=actor,
        )
        subscription.status = ReminderSubscription.Status.ACTIVE
        subscription.source = source
        subscription.consent_text = consent_text
        subscription.consent = consent
        subscription.unsubscribed_at = None
        subscription.save()
        activity_record(
            person=person,
            kind=REMINDER_SUBSCRIBED,
            actor=actor,
            summary=f"{election.name_text()} ({channel})",
            data={"election": election.slug, "channel": channel, "source": source},
        )
    return subscription


@transaction.atomic
def reminder_unsubscribe(*, subscription: ReminderSubscription, actor=None) -> None:
    """Stop the reminders of this subscription. The consent to election reminders on the
    channel is withdrawn when no other subscription of the person uses it."""
    subscription = ReminderSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status == ReminderSubscription.Status.UNSUBSCRIBED:
        return
    subscription.status = ReminderSubscription.Status.UNSUBSCRIBED
    subscription.unsubscribed_at = timezone.now()
    subscription.save(update_fields=["status", "unsubscribed_at", "updated_at"])
    others = ReminderSubscription.objects.filter(
        person=subscription.person_id,
        channel=subscription.channel,
        status=ReminderSubscription.Status.ACTIVE,
    ).exists()
    if not others:
        consent_record(
            person=subscription.person,
            consent=ConsentInput(
                channel=subscription.channel,
                purpose=Purpose.REMINDERS,
                status=Consent.Status.WITHDRAWN,
                source_ref=f"gotv:{subscription.program_id}",
            ),
            source=Consent.Source.STAFF if actor else Consent.Source.FORM,
            actor=actor,
        )


def segment_subscribe(
    *, program: ReminderProgram, people, channel: str, consent_text: str, actor
) -> dict:
    """Subscribe the people of a segment who asked for reminders elsewhere (a paper form at
    a stall...): counts of subscribed and of people left out, with why."""
    counts = {"subscribed": 0}
    for person in people.order_by("id").iterator(chunk_size=500):
        try:
            reminder_subscribe(
                organization=program.organization,
                person=person,
                election=program.election,
                channel=channel,
                source=ReminderSubscription.Source.STAFF,
                consent_text=consent_text,
                actor=actor,
            )
            counts["subscribed"] += 1
        except ReminderError as exc:
            counts[exc.code] = counts.get(exc.code, 0) + 1
    audit_record(
        organization=program.organization, actor=actor, action="gotv.segment_subscribe",
        target=program, data={"channel": channel, **counts},
    )  # fmt: skip
    return counts


__all__ = [
    "program_get_or_create",
    "program_save",
    "program_transition",
    "reminder_subscribe",
    "reminder_unsubscribe",
    "segment_subscribe",
]
