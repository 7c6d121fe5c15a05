"""Peer-to-peer texting: campaigns, contact batches, first messages, replies, canned responses.

Writes (``*_save``, ``*_send``, ...) and the reads the texting pages need. A texter sends each
first message by hand, one per click: ``texting_initial_send`` queues exactly one Message per
conversation (idempotency key ``p2p:<conversation>:initial``), and a reply sent from a form is
keyed by the form's own token, so a double click sends once. The dispatcher then hands the
rendered text to the provider, exactly once, after its last suppression check.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.people.models import Channel, ContactStatus, PhoneNumber
from turnout.people.services import activity_record, suppression_active, tag_get_or_create, tags_add

from .models import (
    CannedResponse,
    Conversation,
    Message,
    SurveyAnswer,
    SurveyQuestion,
    TextingCampaign,
)
from .services import (
    audience_people,
    dispatch_start,
    messaging_settings_get,
    reachable_contacts,
    sms_provider_name,
)
from .templating import TemplateError, person_values, pick_language, template_check, template_render

LOAD_CHUNK = 5000
OPEN_STATUSES = [
    Conversation.Status.TO_SEND,
    Conversation.Status.WAITING,
    Conversation.Status.NEEDS_REPLY,
]


class TextingError(ValueError):
    """A refused texting action, with a message to show as is."""


# --- Campaign setup -------------------------------------------------------------------------


def texting_script_check(script: dict) -> dict:
    """The script without empty languages; raises ``TextingError`` naming the language."""
    cleaned = {lang: (text or "").strip() for lang, text in script.items() if (text or "").strip()}
    if not cleaned:
        raise TextingError(_("Write the first message in at least one language."))
    for language, text in cleaned.items():
        try:
            template_check(text)
        except TemplateError as exc:
            raise TextingError(f"{language.upper()}: {exc}") from exc
    return cleaned


@transaction.atomic
def texting_campaign_save(
    *,
    organization,
    actor,
    campaign: TextingCampaign | None = None,
    texters=None,
    **fields,
) -> TextingCampaign:
    """Create or change a campaign. ``fields``: name, segment, people_list, purpose, script,
    default_language, batch_size. Texters must be members of the organization."""
    if "script" in fields:
        fields["script"] = texting_script_check(fields["script"])
    if campaign is None:
        campaign = TextingCampaign(organization=organization, created_by=actor)
    elif campaign.status == TextingCampaign.Status.DONE:
        raise TextingError(_("A finished campaign cannot be changed."))
    audience_before = (campaign.segment_id, campaign.people_list_id)
    for name, value in fields.items():
        setattr(campaign, name, value)
    if not campaign.segment_id and not campaign.people_list_id:
        raise TextingError(_("Choose who is texted: a segment or a list."))
    if campaign.segment_id and campaign.people_list_id:
        raise TextingError(_("Choose a segment or a list, not both."))
    if campaign.contacts_loaded_at and audience_before != (
        campaign.segment_id,
        campaign.people_list_id,
    ):
        raise TextingError(
            _("Contacts are already loaded: the audience cannot change. Load more instead.")
        )
    if not 1 <= (campaign.batch_size or 0) <= 500:
        raise TextingError(_("A batch holds between 1 and 500 contacts."))
    created = campaign.pk is None
    campaign.save()
    if texters is not None:
        User = get_user_model()
        members = User.objects.filter(
            pk__in=[getattr(t, "pk", t) for t in texters], memberships__organization=organization
        )
        campaign.texters.set(members)
    audit_record(
        organization=organization,
        actor=actor,
        action="texting.created" if created else "texting.updated",
        target=campaign,
        data={"name": campaign.name},
    )
    return campaign


@transaction.atomic
def survey_question_add(
    *, campaign: TextingCampaign, actor, text: str, choices: list[str], reveals_opinion: bool
) -> SurveyQuestion:
    choices = [c.strip()[:200] for c in choices if c.strip()]
    if not text.strip():
        raise TextingError(_("Write the question."))
    if len(choices) < 2:
        raise TextingError(_("Give at least two possible answers, one per line."))
    if len(set(choices)) != len(choices):
        raise TextingError(_("Each answer must be different."))
    question = SurveyQuestion.objects.create(
        organization_id=campaign.organization_id,
        campaign=campaign,
        text=text.strip()[:300],
        choices=choices,
        reveals_opinion=reveals_opinion,
    )
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action="texting.question_added",
        target=campaign,
        data={"question": question.text},
    )
    return question


@transaction.atomic
def canned_response_add(
    *,
    campaign: TextingCampaign,
    actor,
    title: str,
    body: str = "",
    tag_name: str = "",
    question: SurveyQuestion | None = None,
    answer: str = "",
    closes: bool = False,
    marks_wrong_number: bool = False,
) -> CannedResponse:
    body = body.strip()
    if not title.strip():
        raise TextingError(_("Give the response a title (the button's label)."))
    try:
        template_check(body)
    except TemplateError as exc:
        raise TextingError(str(exc)) from exc
    if question is not None and question.campaign_id != campaign.pk:
        raise TextingError(_("This question belongs to another campaign."))
    if question is not None and answer not in question.choices:
        raise TextingError(
            _("Choose one of the question's answers: %(choices)s.")
            % {"choices": ", ".join(question.choices)}
        )
    if answer and question is None:
        raise TextingError(_("Choose the question this response answers."))
    if not (body or tag_name.strip() or question or closes or marks_wrong_number):
        raise TextingError(_("A response must send a text or do something."))
    tag = (
        tag_get_or_create(organization=campaign.organization, name=tag_name)
        if tag_name.strip()
        else None
    )
    position = campaign.canned_responses.count()
    return CannedResponse.objects.create(
        organization_id=campaign.organization_id,
        campaign=campaign,
        title=title.strip()[:100],
        body=body,
        tag=tag,
        question=question,
        answer=answer if question else "",
        closes=closes or marks_wrong_number,
        marks_wrong_number=marks_wrong_number,
        position=position,
    )


def texting_setup_delete(*, obj: SurveyQuestion | CannedResponse, actor) -> None:
    """Delete a survey question (answers given stay on the timelines) or a canned response."""
    obj.delete()


# --- Contacts and lifecycle -----------------------------------------------------------------


def texting_contacts_load(*, campaign: TextingCampaign, actor) -> int:
    """One conversation per reachable mobile number of the audience (primary, subscribed,
    consented, person not do-not-contact). Run again, it only adds the new people: the unique
    (campaign, phone) constraint makes the insert of an existing number a no-op."""
    organization = campaign.organization
    if campaign.status == TextingCampaign.Status.DONE:
        raise TextingError(_("The campaign is finished."))
    people = audience_people(
        organization=organization, segment=campaign.segment, people_list=campaign.people_list
    )
    contacts = (
        reachable_contacts(
            organization=organization, channel=Channel.SMS, purpose=campaign.purpose, people=people
        )
        .order_by("id")
        .values_list("person_id", "number", "person__language")
    )
    before = Conversation.objects.filter(campaign=campaign).count()
    now = timezone.now()
    rows: list[Conversation] = []
    for person_id, number, language in contacts.iterator(chunk_size=LOAD_CHUNK):
        rows.append(
            Conversation(
                organization=organization,
                campaign=campaign,
                person_id=person_id,
                phone=number,
                language=language or "",
                created_at=now,
                updated_at=now,
            )
        )
        if len(rows) >= LOAD_CHUNK:
            Conversation.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    if rows:
        Conversation.objects.bulk_create(rows, ignore_conflicts=True)
    added = Conversation.objects.filter(campaign=campaign).count() - before
    TextingCampaign.objects.filter(pk=campaign.pk).update(contacts_loaded_at=now)
    campaign.contacts_loaded_at = now
    audit_record(
        organization=organization,
        actor=actor,
        action="texting.contacts_loaded",
        target=campaign,
        data={"added": added},
    )
    return added


_TRANSITIONS = {
    "start": (
        {TextingCampaign.Status.DRAFT, TextingCampaign.Status.PAUSED},
        TextingCampaign.Status.ACTIVE,
    ),
    "pause": ({TextingCampaign.Status.ACTIVE}, TextingCampaign.Status.PAUSED),
    "finish": (
        {TextingCampaign.Status.ACTIVE, TextingCampaign.Status.PAUSED},
        TextingCampaign.Status.DONE,
    ),
}


@transaction.atomic
def texting_campaign_transition(
    *, campaign: TextingCampaign, actor, action: str
) -> TextingCampaign:
    if action not in _TRANSITIONS:
        raise TextingError(_("Unknown action."))
    sources, target = _TRANSITIONS[action]
    if action == "start":
        if not campaign.script:
            raise TextingError(_("Write the first message before starting."))
        if not Conversation.objects.filter(campaign=campaign).exists():
            raise TextingError(_("Load the contacts before starting."))
        if not campaign.texters.exists():
            raise TextingError(_("Choose at least one texter before starting."))
    updated = TextingCampaign.objects.filter(pk=campaign.pk, status__in=sources).update(
        status=target, updated_at=timezone.now()
    )
    if not updated:
        raise TextingError(_("The campaign cannot do that in its current state."))
    if target == TextingCampaign.Status.DONE:
        # Nobody sends the first messages left: they go back to the pool, unsent.
        Conversation.objects.filter(campaign=campaign, status=Conversation.Status.TO_SEND).update(
            status=Conversation.Status.UNASSIGNED, texter=None, assigned_at=None
        )
    campaign.refresh_from_db()
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action=f"texting.{action}",
        target=campaign,
        data={},
    )
    return campaign


def _check_trained(campaign: TextingCampaign, texter, *, actor) -> None:
    """Contacts go only to texters who passed the training the organization requires."""
    from turnout.training.services import capability_refusal

    refusal = capability_refusal(
        user=texter, organization=campaign.organization, capability="texting", actor=actor
    )
    if refusal:
        raise TextingError(refusal)


def texting_batch_assign(*, campaign: TextingCampaign, texter) -> int:
    """Give the texter the next batch of unassigned conversations. Concurrent texters never
    share a person: the rows are locked and others skip them (``SKIP LOCKED``); a texter's
    own requests queue on their user row, so a double click yields one batch."""
    if campaign.status != TextingCampaign.Status.ACTIVE:
        raise TextingError(_("The campaign is not running: no new contacts for now."))
    _check_trained(campaign, texter, actor=texter)
    User = get_user_model()
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=texter.pk).values_list("pk", flat=True))
        if Conversation.objects.filter(
            campaign=campaign, texter=texter, status=Conversation.Status.TO_SEND
        ).exists():
            raise TextingError(
                _("Send your first messages (or give them back) before asking for more contacts.")
            )
        ids = list(
            Conversation.objects.select_for_update(skip_locked=True)
            .filter(campaign=campaign, status=Conversation.Status.UNASSIGNED, texter__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)[: campaign.batch_size]
        )
        if not ids:
            return 0
        return Conversation.objects.filter(
            id__in=ids, status=Conversation.Status.UNASSIGNED, texter__isnull=True
        ).update(
            texter=texter,
            status=Conversation.Status.TO_SEND,
            assigned_at=timezone.now(),
            updated_at=timezone.now(),
        )


def texting_batch_release(*, campaign: TextingCampaign, texter) -> int:
    """The texter gives back the first messages they have not sent."""
    return Conversation.objects.filter(
        campaign=campaign, texter=texter, status=Conversation.Status.TO_SEND
    ).update(
        status=Conversation.Status.UNASSIGNED,
        texter=None,
        assigned_at=None,
        updated_at=timezone.now(),
    )


@transaction.atomic
def conversations_reassign(
    *,
    campaign: TextingCampaign,
    actor,
    from_texter_id: int,
    to_texter=None,
    only_unsent: bool = False,
) -> int:
    """Move a texter's open conversations to another texter, or (``to_texter=None``) give
    their unsent first messages back to the pool; conversations already started stay with a
    person who can answer."""
    if to_texter is not None and not campaign.texters.filter(pk=to_texter.pk).exists():
        raise TextingError(_("Choose one of the campaign's texters."))
    if to_texter is not None:
        _check_trained(campaign, to_texter, actor=actor)
    rows = Conversation.objects.filter(campaign=campaign, texter_id=from_texter_id)
    if to_texter is None:
        moved = rows.filter(status=Conversation.Status.TO_SEND).update(
            status=Conversation.Status.UNASSIGNED, texter=None, assigned_at=None
        )
    else:
        statuses = [Conversation.Status.TO_SEND] if only_unsent else OPEN_STATUSES
        moved = rows.filter(status__in=statuses).update(
            texter=to_texter, assigned_at=timezone.now()
        )
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action="texting.reassigned",
        target=campaign,
        data={"from": from_texter_id, "to": getattr(to_texter, "pk", None), "moved": moved},
    )
    return moved


# --- Sending --------------------------------------------------------------------------------


def initial_message_text(*, conversation: Conversation, texter, prefs=None) -> str:
    """The first message a person receives: the script in their language, with their first
    name and the texter's, then the opt-out instructions when the organization requires them."""
    from .dispatch import optout_text

    campaign = conversation.campaign
    language = pick_language(campaign.script, conversation.language, campaign.default_language)
    values = person_values(conversation.person, campaign.organization, texter=texter)
    body = template_render(campaign.script.get(language, ""), values)
    prefs = prefs or messaging_settings_get(organization=campaign.organization)
    if prefs.sms_optout_required:
        body = f"{body}\n{optout_text(language, prefs.sms_optout_text)}"
    return body


def _locked(conversation: Conversation) -> Conversation:
    return (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("campaign__organization", "person")
        .get(pk=conversation.pk)
    )


def _queue(
    *, conversation: Conversation, key: str, body: str, texter, prefs=None
) -> Message | None:
    """Queue one outbound SMS of a conversation; None when this key was already used."""
    prefs = prefs or messaging_settings_get(organization=conversation.campaign.organization)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                organization_id=conversation.organization_id,
                channel=Channel.SMS,
                direction=Message.Direction.OUTBOUND,
                idempotency_key=key[:120],
                conversation=conversation,
                person=conversation.person,
                to_address=conversation.phone,
                from_address=prefs.sms_sender,
                language=conversation.language,
                body=body,
                provider=sms_provider_name(),
                sent_by=texter,
            )
    except IntegrityError:
        return None
    dispatch_start(provider=message.provider, workers=1)
    return message


def _writable(conversation: Conversation) -> None:
    if conversation.status == Conversation.Status.OPTED_OUT:
        raise TextingError(_("This person opted out: no message can be sent to them."))
    if suppression_active(
        organization=conversation.campaign.organization,
        channel=Channel.SMS,
        value=conversation.phone,
    ):
        raise TextingError(_("This number is on the suppression list: no message can be sent."))
    if conversation.campaign.status == TextingCampaign.Status.DONE:
        raise TextingError(_("The campaign is finished."))


@transaction.atomic
def texting_initial_send(*, conversation: Conversation, texter) -> Message | None:
    """Send the first message of a conversation assigned to ``texter``: one message per call,
    and never two for the same conversation (None when it was already sent)."""
    conversation = _locked(conversation)
    if conversation.texter_id != texter.pk:
        raise TextingError(_("This contact is not assigned to you any more."))
    if conversation.status != Conversation.Status.TO_SEND:
        return None
    if conversation.campaign.status != TextingCampaign.Status.ACTIVE:
        raise TextingError(_("The campaign is paused: wait until it starts again."))
    _writable(conversation)
    prefs = messaging_settings_get(organization=conversation.campaign.organization)
    body = initial_message_text(conversation=conversation, texter=texter, prefs=prefs)
    message = _queue(
        conversation=conversation,
        key=f"p2p:{conversation.pk}:initial",
        body=body,
        texter=texter,
        prefs=prefs,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        status=Conversation.Status.WAITING,
        last_message_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return message


def reply_token() -> str:
    """A fresh token for a reply form: posting the same form twice sends once."""
    return uuid.uuid4().hex


@transaction.atomic
def texting_reply_send(
    *, conversation: Conversation, texter, body: str, token: str
) -> Message | None:
    conversation = _locked(conversation)
    _writable(conversation)
    body = body.strip()
    if not body:
        raise TextingError(_("The message is empty."))
    if conversation.status == Conversation.Status.TO_SEND:
        raise TextingError(_("Send the first message before replying."))
    message = _queue(
        conversation=conversation, key=f"p2p:{conversation.pk}:r:{token}", body=body, texter=texter
    )
    if message is not None:
        Conversation.objects.filter(pk=conversation.pk).exclude(
            status__in=[Conversation.Status.CLOSED, Conversation.Status.OPTED_OUT]
        ).update(status=Conversation.Status.WAITING, last_message_at=timezone.now())
    return message


@dataclass
class CannedResult:
    sent: bool = False
    tagged: bool = False
    answered: bool = False
    closed: bool = False
    wrong_number: bool = False


@transaction.atomic
def canned_response_apply(
    *, conversation: Conversation, texter, canned: CannedResponse, token: str
) -> CannedResult:
    """One click: send the response's text, tag the person, record the survey answer, close
    the conversation, mark a wrong number (whatever the response does). A second post of the
    same form does nothing."""
    conversation = _locked(conversation)
    if canned.campaign_id != conversation.campaign_id:
        raise TextingError(_("This response belongs to another campaign."))
    key = f"p2p:{conversation.pk}:c:{canned.pk}:{token}"
    if Message.objects.filter(idempotency_key=key[:120]).exists():
        return CannedResult()
    result = CannedResult()
    person = conversation.person
    if canned.body:
        _writable(conversation)
        values = person_values(person, conversation.campaign.organization, texter=texter)
        result.sent = bool(
            _queue(
                conversation=conversation,
                key=key,
                body=template_render(canned.body, values),
                texter=texter,
            )
        )
        if not result.sent:
            return result
    if canned.tag_id and person is not None:
        tags_add(person=person, names=[canned.tag.name], actor=texter)
        result.tagged = True
    if canned.question_id and canned.answer:
        survey_answer_record(
            conversation=conversation, question=canned.question, answer=canned.answer, actor=texter
        )
        result.answered = True
    if canned.marks_wrong_number:
        wrong_number_mark(conversation=conversation, actor=texter)
        result.wrong_number = result.closed = True
    elif canned.closes:
        conversation_close(conversation=conversation, actor=texter)
        result.closed = True
    elif result.sent:
        Conversation.objects.filter(pk=conversation.pk).exclude(
            status__in=[Conversation.Status.CLOSED, Conversation.Status.OPTED_OUT]
        ).update(status=Conversation.Status.WAITING, last_message_at=timezone.now())
    return result


@transaction.atomic
def survey_answer_record(
    *, conversation: Conversation, question: SurveyQuestion, answer: str, actor
) -> SurveyAnswer:
    """Record (or change) a person's answer; the timeline line is sensitive when the question
    reveals an opinion (then only admins see it)."""
    if answer not in question.choices:
        raise TextingError(_("This is not one of the question's answers."))
    existing = SurveyAnswer.objects.filter(question=question, conversation=conversation).first()
    if existing is not None and existing.answer == answer:
        return existing
    row, _created = SurveyAnswer.objects.update_or_create(
        question=question,
        conversation=conversation,
        defaults={
            "organization_id": conversation.organization_id,
            "answer": answer,
            "answered_by": actor,
        },
    )
    if conversation.person is not None:
        activity_record(
            person=conversation.person,
            kind="survey_answer",
            actor=actor,
            source=row,
            summary=f"{question.text} → {answer}",
            data={
                "question": question.text,
                "answer": answer,
                "campaign": conversation.campaign_id,
            },
            sensitive=question.reveals_opinion,
        )
    return row


def conversation_close(*, conversation: Conversation, actor) -> None:
    Conversation.objects.filter(pk=conversation.pk).exclude(
        status=Conversation.Status.OPTED_OUT
    ).update(status=Conversation.Status.CLOSED, updated_at=timezone.now())


@transaction.atomic
def wrong_number_mark(*, conversation: Conversation, actor) -> None:
    """The number does not belong to the person: it stops being used (bouncing), the
    conversation is closed, and the timeline says so."""
    PhoneNumber.objects.filter(
        organization_id=conversation.organization_id, number=conversation.phone
    ).update(status=ContactStatus.BOUNCING)
    Conversation.objects.filter(pk=conversation.pk).update(
        wrong_number=True,
        status=Conversation.Status.CLOSED
        if conversation.status != Conversation.Status.OPTED_OUT
        else Conversation.Status.OPTED_OUT,
        updated_at=timezone.now(),
    )
    if conversation.person is not None:
        activity_record(
            person=conversation.person,
            kind="sms_wrong_number",
            actor=actor,
            source=conversation,
            summary=_("Wrong number: %(number)s") % {"number": conversation.phone},
        )


# --- Reads ----------------------------------------------------------------------------------


def campaign_get(*, organization, campaign_id: int) -> TextingCampaign:
    return get_object_or_404(
        TextingCampaign.objects.select_related("segment", "people_list"),
        organization=organization,
        pk=campaign_id,
    )


def campaigns_for_organization(*, organization):
    return TextingCampaign.objects.filter(organization=organization).annotate(
        total=Count("conversations", distinct=True)
    )


def campaigns_for_texter(*, organization, user):
    """The running campaigns a member texts for, with their own counts."""
    mine = Q(conversations__texter=user)
    return (
        TextingCampaign.objects.filter(
            organization=organization,
            texters=user,
            status__in=[TextingCampaign.Status.ACTIVE, TextingCampaign.Status.PAUSED],
        )
        .annotate(
            to_send=Count("conversations", filter=mine & Q(conversations__status="to_send")),
            needs_reply=Count(
                "conversations", filter=mine & Q(conversations__status="needs_reply")
            ),
        )
        .order_by("-created_at")
    )


def conversation_get(
    *, campaign: TextingCampaign, conversation_id: int, user, see_all: bool
) -> Conversation:
    """A conversation of the campaign; a texter only reaches their own (else 404)."""
    rows = Conversation.objects.filter(campaign=campaign, pk=conversation_id)
    if not see_all:
        rows = rows.filter(texter=user)
    return get_object_or_404(rows.select_related("person", "texter", "campaign__organization"))


def next_to_send(*, campaign: TextingCampaign, texter) -> Conversation | None:
    return (
        Conversation.objects.filter(
            campaign=campaign, texter=texter, status=Conversation.Status.TO_SEND
        )
        .select_related("person")
        .order_by("id")
        .first()
    )


def campaign_progress(*, campaign: TextingCampaign) -> dict:
    """Counts for the live progress page (a handful of grouped queries)."""
    by_status = dict(
        Conversation.objects.filter(campaign=campaign)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    statuses = {value: by_status.get(value, 0) for value, _label in Conversation.Status.choices}
    per_texter: dict[int, dict] = {}
    rows = (
        Conversation.objects.filter(campaign=campaign, texter__isnull=False)
        .values("texter_id", "texter__full_name", "texter__email", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        entry = per_texter.setdefault(
            row["texter_id"],
            {
                "id": row["texter_id"],
                "name": row["texter__full_name"] or row["texter__email"],
                **{value: 0 for value, _label in Conversation.Status.choices},
                "total": 0,
            },
        )
        entry[row["status"]] = row["n"]
        entry["total"] += row["n"]
    messages = dict(
        Message.objects.filter(
            conversation__campaign=campaign, direction=Message.Direction.OUTBOUND
        )
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    received = Message.objects.filter(
        conversation__campaign=campaign, direction=Message.Direction.INBOUND
    ).count()
    sent = messages.get(Message.Status.SENT, 0) + messages.get(Message.Status.DELIVERED, 0)
    pending = sum(
        messages.get(s, 0)
        for s in (Message.Status.QUEUED, Message.Status.CLAIMED, Message.Status.SENDING)
    )
    return {
        "status": campaign.status,
        "total": sum(statuses.values()),
        "conversations": statuses,
        "texters": sorted(per_texter.values(), key=lambda e: e["name"].lower()),
        "messages": {
            "sent": sent,
            "pending": pending,
            "failed": messages.get(Message.Status.FAILED, 0),
            "suppressed": messages.get(Message.Status.SUPPRESSED, 0),
            "received": received,
            "opted_out": statuses.get(Conversation.Status.OPTED_OUT, 0),
        },
    }


def campaign_messages(
    *,
    campaign: TextingCampaign,
    direction: str = "",
    status: str = "",
    texter_id: str = "",
    query: str = "",
):
    """Messages of a campaign for the review list, newest first, filtered."""
    rows = Message.objects.filter(
        organization_id=campaign.organization_id, conversation__campaign=campaign
    ).select_related("conversation__texter", "person", "sent_by")
    if direction in Message.Direction.values:
        rows = rows.filter(direction=direction)
    if status in Message.Status.values:
        rows = rows.filter(status=status)
    if texter_id.isdigit():
        rows = rows.filter(conversation__texter_id=int(texter_id))
    if query:
        rows = rows.filter(
            Q(body__icontains=query)
            | Q(to_address__contains=query)
            | Q(from_address__contains=query)
        )
    return rows.order_by("-created_at", "-id")
