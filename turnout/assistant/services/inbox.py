"""The organizers' shared inbox: answer a question (and send the answer to the asker when
they left a way to reach them and agreed), dismiss it, or reopen it.

The answer goes back on the channel the person used: an email address gets an email, a phone
number an SMS, both through ``messaging.single.message_queue_one`` as a service message the
person asked for (decision 0074: no marketing consent needed, exactly once per question
thanks to the idempotency key). A WhatsApp conversation cannot be written to from an SMS
gateway, and WhatsApp only allows free text within 24 hours of the person's last message: the
answer is then recorded and the organizer told it was not sent. Turning the answer into an
entry is ``services.entries.entry_save(inbox_question=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.assistant.models import Channel, InboxQuestion
from turnout.core.audit import audit_record
from turnout.people.models import Channel as ContactChannel

from .elections import Refused

#: Longest answer an organizer may write (an SMS of a few segments, a short email).
MAX_ANSWER = 1600


@dataclass(frozen=True)
class Answered:
    question: InboxQuestion
    sent_on: str = ""  # "email" or "sms" when a message was queued
    not_sent: str = ""  # why nothing was sent: no_reply_to, no_person, whatsapp, or a
    # messaging reason (erased, no_contact, ...)


def _lock(question: InboxQuestion) -> InboxQuestion:
    return InboxQuestion.objects.select_for_update().get(
        pk=question.pk, organization=question.organization_id
    )


def reply_channel(question: InboxQuestion) -> str:
    """Where an answer to the question may go: "email", "sms", "whatsapp" or ""."""
    if not question.reply_to:
        return ""
    if "@" in question.reply_to:
        return ContactChannel.EMAIL
    conversation = question.conversation
    if conversation is not None and conversation.channel == Channel.WHATSAPP:
        return Channel.WHATSAPP
    return ContactChannel.SMS


def _send(question: InboxQuestion, text: str) -> tuple[str, str]:
    from turnout.messaging.single import message_queue_one

    channel = reply_channel(question)
    if not channel:
        return "", "no_reply_to"
    if channel == Channel.WHATSAPP:
        return "", "whatsapp"
    conversation = question.conversation
    person = conversation.person if conversation is not None and conversation.remember else None
    if person is None:
        return "", "no_person"
    language = question.language or person.language or "fr"
    name = question.organization.name
    content = {
        language: {
            "subject": _("Your question to %(organization)s") % {"organization": name},
            "body": _("You asked: “%(question)s”\n\n%(answer)s")
            % {"question": question.question[:300], "answer": text}
            if channel == ContactChannel.EMAIL
            else text,
        }
    }
    queued = message_queue_one(
        person=person,
        channel=channel,
        purpose="assistant",
        content=content,
        idempotency_key=f"assistant-inbox:{question.pk}",
        default_language=language,
        address=question.reply_to,
        transactional=True,
    )
    if queued.message is None:
        return "", queued.reason or "not_sent"
    return channel, ""


@transaction.atomic
def inbox_answer(*, question: InboxQuestion, actor, answer: str) -> Answered:
    """Record the organizer's answer and send it to the asker when possible."""
    answer = (answer or "").strip()
    if not answer:
        raise Refused(_("Write the answer first."), "answer")
    if len(answer) > MAX_ANSWER:
        raise Refused(
            _("The answer is too long: at most %(n)d characters.") % {"n": MAX_ANSWER}, "answer"
        )
    question = _lock(question)
    if question.status == InboxQuestion.Status.ANSWERED:
        raise Refused(_("Another organizer answered this question already."))
    question.status = InboxQuestion.Status.ANSWERED
    question.answer = answer
    question.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    question.answered_at = timezone.now()
    question.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated_at"])
    with translation_for(question.language):
        sent_on, not_sent = _send(question, answer)
    audit_record(
        organization=question.organization,
        actor=actor,
        action="assistant.inbox_answered",
        target=question,
        data={"sent_on": sent_on, "not_sent": not_sent},
    )
    return Answered(question=question, sent_on=sent_on, not_sent=not_sent)


def translation_for(language: str):
    from django.utils import translation

    return translation.override(language if language in ("fr", "en", "de") else None)


@transaction.atomic
def inbox_dismiss(*, question: InboxQuestion, actor) -> InboxQuestion:
    """Out of scope, spam or a duplicate: nobody answers it."""
    question = _lock(question)
    if question.status != InboxQuestion.Status.OPEN:
        raise Refused(_("This question is no longer waiting for an answer."))
    question.status = InboxQuestion.Status.DISMISSED
    question.save(update_fields=["status", "updated_at"])
    audit_record(
        organization=question.organization,
        actor=actor,
        action="assistant.inbox_dismissed",
        target=question,
    )
    return question


@transaction.atomic
def inbox_reopen(*, question: InboxQuestion, actor) -> InboxQuestion:
    """Undo a dismissal."""
    question = _lock(question)
    if question.status != InboxQuestion.Status.DISMISSED:
        raise Refused(_("Only a dismissed question can be put back in the inbox."))
    question.status = InboxQuestion.Status.OPEN
    question.save(update_fields=["status", "updated_at"])
    audit_record(
        organization=question.organization,
        actor=actor,
        action="assistant.inbox_reopened",
        target=question,
    )
    return question
