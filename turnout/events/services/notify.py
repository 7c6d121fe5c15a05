"""What events tell people and organizers.

Attendees (people of the CRM) hear from us through the messaging outbox
(``messaging.single.message_queue_one``). Emails about their own sign-up (confirmation, a
place opened up, reminder, cancellation) are service messages they asked for: they go to the
person's address without marketing consent (``transactional``, decision 0074). Text messages
need the person's consent to messages about events (the box of the RSVP form), opt-outs and
the suppression list hold, and they wait for the sending hours. Each message has an
idempotency key so that it goes once, in the language the person answered in.

Organizers and the volunteer who proposed an event are users, not people: they get a plain
email after the commit, like invitations and campaign applications.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from turnout.actions.models import LANGUAGES
from turnout.messaging.services import dispatch_start
from turnout.messaging.single import message_queue_one, provider_for
from turnout.people.models import Channel, Purpose

from .. import text
from ..models import Attendance, Event

TEMPLATES = "events/messages"


def language_of(attendance: Attendance) -> str:
    for code in (attendance.language, attendance.person.language):
        if code in LANGUAGES:
            return code
    return "de" if attendance.event.organization.country in ("DE", "AT", "CH") else "fr"


def _braces(value: str) -> str:
    """Message texts are templates (``{first_name|}``): our own braces are written twice."""
    return value.replace("{", "{{").replace("}", "}}")


def render_message(name: str, channel: str, context: dict, language: str) -> dict:
    """{language: {"subject", "body"}} of the message ``name`` for ``channel``. An email
    template's first line is its subject."""
    with translation.override(language):
        if channel == Channel.EMAIL:
            raw = render_to_string(f"{TEMPLATES}/{name}.txt", context).strip()
            subject, _sep, body = raw.partition("\n")
            part = {"subject": _braces(" ".join(subject.split())), "body": _braces(body.strip())}
        else:
            raw = render_to_string(f"{TEMPLATES}/{name}_sms.txt", context)
            part = {"body": _braces(" ".join(raw.split()))}
    return {language: part}


def attendance_context(attendance: Attendance, language: str) -> dict:
    event = attendance.event
    with translation.override(language):
        from .rsvp import waitlist_position

        return {
            "event": event,
            "attendance": attendance,
            "organization": event.organization,
            "title": event.title_text(language),
            "shift": attendance.shift.label_text(language) if attendance.shift_id else "",
            "when": text.attendance_when(attendance),
            "place": event.address_text,
            "online_url": event.online_url if attendance.status == Attendance.Status.GOING else "",
            "instructions": event.instructions_text(language),
            "links": text.rsvp_links(attendance, language),
            "event_url": text.public_url("event", language, slug=event.slug),
            "position": waitlist_position(attendance),
            "going": attendance.status == Attendance.Status.GOING,
            "first_name": "" if attendance.person.erased_at else attendance.person.given_name,
            "search_url": text.public_url("search", language),
        }


def queue(attendance: Attendance, *, name: str, channel: str, key: str, wake: bool = True, **extra):
    """Queue one message about ``attendance`` (see ``message_queue_one``). Returns its
    ``Queued`` result (``reason`` says why nothing was queued)."""
    language = language_of(attendance)
    context = {**attendance_context(attendance, language), **extra}
    return message_queue_one(
        person=attendance.person,
        channel=channel,
        purpose=Purpose.EVENTS,
        content=render_message(name, channel, context, language),
        idempotency_key=key,
        default_language=language,
        wake=wake,
        transactional=channel == Channel.EMAIL,
    )


def _stamp(attendance: Attendance) -> str:
    return str(int(attendance.updated_at.timestamp() * 1000))


def rsvp_confirmed(*, attendances: list[Attendance]) -> None:
    """The confirmation email of a new RSVP: going (ticket, calendar file, cancel link) or
    waiting (position on the list)."""
    for attendance in attendances:
        queue(
            attendance,
            name="confirmed" if attendance.status == Attendance.Status.GOING else "waitlisted",
            channel=Channel.EMAIL,
            key=f"event-rsvp:{attendance.pk}:{attendance.status}:{_stamp(attendance)}",
        )


def waitlist_promoted(*, attendances: list[Attendance]) -> None:
    for attendance in attendances:
        queue(
            attendance,
            name="promoted",
            channel=Channel.EMAIL,
            key=f"event-promoted:{attendance.pk}:{_stamp(attendance)}",
        )


def _to_everyone(event: Event, *, name: str, key: str, channels) -> int:
    """One message per person going or waiting (several shifts: one message) on each
    channel; returns how many were queued."""
    attendances = (
        Attendance.objects.filter(event=event, status__in=Attendance.ACTIVE)
        .select_related("person", "shift", "organization", "event__organization")
        .order_by("person_id", "shift__starts_at", "id")
    )
    seen, queued = set(), 0
    providers = set()
    for attendance in attendances:
        if attendance.person_id in seen:
            continue
        seen.add(attendance.person_id)
        for channel in channels:
            result = queue(
                attendance,
                name=name,
                channel=channel,
                key=f"{key}:{attendance.person_id}:{channel}",
                wake=False,
            )
            if result.created:
                queued += 1
                providers.add(provider_for(channel))
    for provider in providers:
        dispatch_start(provider=provider, workers=1)
    return queued


def event_cancelled(*, event: Event) -> int:
    return _to_everyone(
        event,
        name="cancelled",
        key=f"event-cancelled:{event.pk}",
        channels=(Channel.EMAIL, Channel.SMS),
    )


def event_changed(*, event: Event) -> int:
    return _to_everyone(
        event,
        name="changed",
        key=f"event-changed:{event.pk}:{event.sequence}",
        channels=(Channel.EMAIL,),
    )


# --- Organizers and proposers (users) --------------------------------------------------------


def _workspace_url(event: Event, name: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(
            f"events:{name}",
            kwargs={"org_slug": event.organization.slug, "event_id": event.pk},
        )


def _mail_users(event: Event, users, template: str) -> None:
    def send():
        for user in users:
            language = user.language if user.language in LANGUAGES else settings.LANGUAGE_CODE
            with translation.override(language):
                context = {
                    "event": event,
                    "title": event.title_text(language),
                    "organization": event.organization,
                    "proposer": event.proposed_by,
                    "when": text.event_when(event),
                    "place": event.address_text,
                    "reason": event.review_note,
                    "detail_url": _workspace_url(event, "detail", language),
                    "proposals_url": settings.SITE_URL
                    + reverse("events:proposals", kwargs={"org_slug": event.organization.slug}),
                    "public_url": text.public_url("event", language, slug=event.slug),
                }
                raw = render_to_string(f"events/email/{template}.txt", context).strip()
                subject, _sep, body = raw.partition("\n")
                send_mail(" ".join(subject.split()), body.strip() + "\n", None, [user.email])

    transaction.on_commit(send)


def proposal_submitted(*, event: Event) -> None:
    """Tell the organizers of the organization that a proposal waits for them."""
    from turnout.organizations.models import ORGANIZER_ROLES, Membership

    users = [
        m.user
        for m in Membership.objects.filter(
            organization=event.organization, role__in=ORGANIZER_ROLES
        ).select_related("user")
        if m.user_id != event.proposed_by_id
    ]
    if users:
        _mail_users(event, users, "proposal_submitted")


def proposal_answered(*, event: Event, approved: bool) -> None:
    if event.proposed_by is not None:
        _mail_users(
            event, [event.proposed_by], "proposal_approved" if approved else "proposal_rejected"
        )
