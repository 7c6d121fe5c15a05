"""Conversations with the assistant on every channel: one entry point, ``conversation_reply``.

A channel adapter (web page, WhatsApp webhook, SMS keyword, voice skill) hands over who wrote
(``address``: a phone number, a visitor token, a voice user id), what they wrote and the
channel's message id. This module

- finds or creates the conversation, keyed by a keyed hash of the address (HMAC-SHA-256 with
  ``SECRET_KEY``): the raw address is stored only once the person agreed to be remembered;
- records one turn per channel message (``external_id``): a replayed message returns the
  recorded reply, flagged ``replayed``, and the adapter sends nothing again;
- answers from the knowledge base (``answering.answer``), or offers the hand-off to an
  organizer when the assistant does not know;
- understands a few commands in English, French and German: the hand-off (HUMAN / HUMAIN /
  MENSCH), election reminders (REMIND / RAPPEL / ERINNERUNG, confirmed by YES / OUI / JA with
  the consent text shown; STOP REMINDERS / STOP RAPPEL / STOPP ERINNERUNG), a partner's perk
  code (CODE) when an offer is open;
- writes the conversation on the person's timeline only when the person is known and agreed,
  with the topic (the entry's slug), never the question's words (they may be opinions).

Bad input (empty, longer than 500 characters, binary, a language the assistant does not
speak) gets a clear, translated reply and a turn with the outcome ``rejected``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turnout.assistant.models import (
    Channel,
    ChannelAccount,
    Conversation,
    Election,
    InboxQuestion,
    Turn,
)

logger = logging.getLogger("turnout.assistant")

#: Longest question the assistant reads (the answering contract refuses longer ones).
MAX_QUESTION = 500
#: Languages the assistant speaks.
LANGUAGES = ("fr", "en", "de")
#: Timeline kind of a conversation turn (people/activity_kinds.py).
ACTIVITY_KIND = "assistant.asked"
#: How long a "reply YES to confirm" question stays open.
PENDING_FOR = timedelta(hours=24)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Reply:
    """What to tell the person. ``replayed``: the channel message was handled before, the
    reply was already sent (send nothing). ``handoff``: the adapter may offer the
    "pass my question to a person" button."""

    text: str
    answer: object | None  # answering.Answer
    turn: Turn | None
    replayed: bool = False
    outcome: str = ""
    handoff: bool = False
    conversation: Conversation | None = None


# --- Addresses ------------------------------------------------------------------------------


def address_hash(*, organization, channel: str, address: str) -> str:
    """The keyed hash that groups one sender's turns without storing their number."""
    message = f"{organization.pk}:{channel}:{address.strip()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def conversation_for(*, organization, channel: str, address: str) -> Conversation | None:
    return (
        Conversation.objects.filter(
            organization=organization,
            channel=channel,
            address_hash=address_hash(organization=organization, channel=channel, address=address),
        )
        .select_related("person", "account", "election")
        .order_by("-last_message_at", "-id")
        .first()
    )


def _conversation_get_or_create(*, organization, account, channel, address, defaults):
    found = conversation_for(organization=organization, channel=channel, address=address)
    if found is not None:
        return found, False
    # First message from this sender: serialize the creation on the channel (or organization)
    # row, so that two copies of one first message make one conversation.
    if account is not None:
        ChannelAccount.objects.select_for_update().filter(pk=account.pk).values_list("pk").first()
    else:
        type(organization).objects.select_for_update().filter(pk=organization.pk).values_list(
            "pk"
        ).first()
    found = conversation_for(organization=organization, channel=channel, address=address)
    if found is not None:
        return found, False
    conversation = Conversation.objects.create(
        organization=organization,
        channel=channel,
        account=account,
        address_hash=address_hash(organization=organization, channel=channel, address=address),
        **defaults,
    )
    return conversation, True


# --- Reading what was written ---------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, words separated by one space ("Rappelle-moi !" -> "rappelle moi")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _phrases(*items: str) -> frozenset[str]:
    return frozenset(fold(item) for item in items)


HANDOFF = _phrases("human", "humain", "mensch", "a human", "un humain", "ein mensch")
REMIND = _phrases(
    "remind", "remind me", "reminder", "reminders",
    "rappel", "rappels", "rappelle moi", "rappelez moi",
    "erinnerung", "erinnerungen", "erinnere mich", "erinnert mich",
)  # fmt: skip
STOP_REMINDERS = _phrases(
    "stop reminders", "stop reminder", "no more reminders",
    "stop rappel", "stop rappels", "arret rappels", "arreter les rappels",
    "stopp erinnerung", "stopp erinnerungen", "stop erinnerung", "stop erinnerungen",
    "keine erinnerungen",
)  # fmt: skip
YES = _phrases("yes", "y", "ok", "okay", "oui", "o", "d'accord", "ja", "j", "jawohl")
NO = _phrases("no", "n", "non", "nein")
PERK = _phrases("code", "perk", "ride", "offer", "offre", "trajet", "angebot", "gutschein")


def _command(text: str, channel: str) -> str:
    folded = fold(text)
    if folded in HANDOFF:
        return "handoff"
    if folded in REMIND:
        return "remind"
    if folded in STOP_REMINDERS:
        return "stop"
    if folded in YES:
        return "yes"
    if folded in NO:
        return "no"
    if folded in PERK:
        return "perk"
    if channel != Channel.SMS:  # on SMS, STOP never reaches us: the messaging module has it
        from turnout.messaging.optout import optout_keyword

        if optout_keyword(text):
            return "stop"
    return ""


def _precheck(text: str, language: str):
    """The answering module's refusals, checked here too so that no channel depends on its
    wording for the cases any channel can meet. Returns (code, message) or None."""
    if _CONTROL.search(text):
        return "binary", _("Sorry, I can only read text. Please write your question in words.")
    if not text.strip():
        return "empty", _("Please write your question, for example: how do I register to vote?")
    if len(text) > MAX_QUESTION:
        return "too_long", _(
            "Your message is too long for me (at most %(max)s characters). "
            "Please ask one short question."
        ) % {"max": MAX_QUESTION}
    if language not in LANGUAGES:
        return "language", _("Sorry, I can answer in French, English and German only.")
    return None


def _storable(text: str) -> str:
    """What may be stored of what was written: no control characters (PostgreSQL refuses
    NUL), at most 2,000 characters."""
    return _CONTROL.sub("\ufffd", text)[:2000]


def _language(*candidates: str) -> str:
    for candidate in candidates:
        code = (candidate or "").lower()[:2]
        if code:
            return code
    return "fr"


# --- The entry point ------------------------------------------------------------------------


def conversation_reply(
    *,
    account: ChannelAccount | None,
    organization,
    channel: str,
    address: str,
    text: str,
    external_id: str = "",
    language: str = "",
    country: str = "",
    election=None,
    person=None,
    media: str = "",
) -> Reply:
    """Record the message and what the assistant answers (see the module docstring).

    ``media``: the channel received something else than text ("image", "audio", ...): the
    person is told the assistant reads text only. ``person``: the sender is this known
    person (their conversation lands on their timeline once they agreed to be remembered).
    """
    if account is not None:
        organization = account.organization
    requested = (language or "").lower()[:2]
    with transaction.atomic():
        conversation, created = _conversation_get_or_create(
            organization=organization,
            account=account,
            channel=channel,
            address=address,
            defaults={
                "language": requested if requested in LANGUAGES else "",
                "country": country or (account.country if account else "") or "",
                "election": election or (account.election if account else None),
            },
        )
        if external_id:
            done = conversation.turns.filter(external_id=external_id[:200]).first()
            if done is not None:
                return Reply(
                    text=done.answer,
                    answer=None,
                    turn=done,
                    replayed=True,
                    outcome=done.outcome,
                    conversation=conversation,
                )
        language = _language(
            requested, conversation.language, account.language if account else "", "fr"
        )
        country = (
            country or conversation.country or (account.country if account else "")
        ) or organization.country
        election = election or conversation.election or (account.election if account else None)
        changed = []
        if requested in LANGUAGES and conversation.language != requested:
            conversation.language = requested
            changed.append("language")
        if country != conversation.country:
            conversation.country = country
            changed.append("country")
        if election is not None and conversation.election_id != election.pk:
            conversation.election = election
            changed.append("election")
        with translation.override(language if language in LANGUAGES else "en"):
            step = _Step(
                conversation=conversation,
                account=account,
                organization=organization,
                channel=channel,
                address=address,
                language=language,
                country=country,
                election=election,
                person=person,
            )
            if media:
                step.reject(f"[{media}]", _("Sorry, I can only read text messages."))
            else:
                step.run(text)
            if created and channel in (Channel.WHATSAPP, Channel.SMS):
                step.text = f"{greeting(account, organization)}\n\n{step.text}"
        try:
            with transaction.atomic():
                turn = Turn.objects.create(
                    organization=organization,
                    conversation=conversation,
                    external_id=external_id[:200],
                    question=step.question,
                    answer=step.text,
                    entry=step.answer.entry if step.answer is not None else None,
                    entry_slug=(step.answer.slug or "") if step.answer is not None else "",
                    confidence=max(0.0, min(1.0, step.answer.confidence)) if step.answer else 0,
                    outcome=step.outcome,
                )
        except IntegrityError:
            # The same channel message, handled at the same moment by another worker.
            done = conversation.turns.get(external_id=external_id[:200])
            return Reply(
                text=done.answer,
                answer=None,
                turn=done,
                replayed=True,
                outcome=done.outcome,
                conversation=conversation,
            )
        conversation.last_message_at = timezone.now()
        changed.append("last_message_at")
        if step.state_changed:
            changed.append("state")
        conversation.save(update_fields=[*set(changed), "updated_at"])
        for follow_up in step.after_turn:
            follow_up(turn)
        if conversation.remember and conversation.person_id:
            _timeline(conversation, turn)
    return Reply(
        text=step.text,
        answer=step.answer,
        turn=turn,
        outcome=step.outcome,
        handoff=step.outcome == Turn.Outcome.UNKNOWN,
        conversation=conversation,
    )


def greeting(account: ChannelAccount | None, organization) -> str:
    name = (account.display_name if account else "") or organization.name
    return _(
        "Hello, this is the voter-information assistant of %(name)s. I answer from official "
        "sources only."
    ) % {"name": name}


def _timeline(conversation: Conversation, turn: Turn) -> None:
    from turnout.people.services import activity_record

    topic = turn.entry_slug or turn.get_outcome_display()
    activity_record(
        person=conversation.person,
        kind=ACTIVITY_KIND,
        summary=_("Asked the assistant (%(channel)s): %(topic)s")
        % {"channel": conversation.get_channel_display(), "topic": topic},
        source=turn,
        data={"channel": conversation.channel, "outcome": turn.outcome, "slug": turn.entry_slug},
    )


class _Step:
    """What one message leads to: fills ``question``, ``text``, ``outcome``, ``answer``."""

    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)
        self.question = ""
        self.text = ""
        self.outcome = Turn.Outcome.ANSWERED
        self.answer = None
        self.state_changed = False
        self.after_turn: list = []

    # -- helpers

    def reject(self, question: str, message: str) -> None:
        self.question = _storable(question) or "-"
        self.text = message
        self.outcome = Turn.Outcome.REJECTED

    def command(self, question: str, text: str, outcome=Turn.Outcome.OPT_IN) -> None:
        self.question = _storable(question)
        self.text = text
        self.outcome = outcome

    @property
    def state(self) -> dict:
        return self.conversation.state

    def set_pending(self, value: dict | None) -> None:
        state = dict(self.conversation.state or {})
        if value is None:
            if "pending" not in state:
                return
            state.pop("pending")
        else:
            state["pending"] = {**value, "at": timezone.now().isoformat()}
        self.conversation.state = state
        self.state_changed = True

    def pending(self) -> dict | None:
        pending = (self.conversation.state or {}).get("pending")
        if not pending:
            return None
        try:
            at = timezone.datetime.fromisoformat(pending.get("at", ""))
        except (TypeError, ValueError):
            return None
        if timezone.now() - at > PENDING_FOR:
            return None
        return pending

    # -- the flow

    def run(self, text: str) -> None:
        refused = _precheck(text, self.language)
        if refused is not None:
            self.reject(text, refused[1])
            return
        text = text.strip()
        command = _command(text, self.channel)
        pending = self.pending()
        if command in ("yes", "no") and pending:
            self.set_pending(None)
            if command == "no":
                self.command(text, _("All right, nothing was recorded."))
                return
            self.confirm(text, pending)
            return
        if pending:
            self.set_pending(None)
        if command == "handoff":
            self.handoff(text)
        elif command == "remind":
            self.remind(text)
        elif command == "stop":
            self.stop(text)
        elif command == "perk":
            self.perk(text)
        else:
            self.ask(text)

    def ask(self, text: str) -> None:
        from turnout.assistant.answering import answer
        from turnout.assistant.exceptions import QuestionRejected

        self.question = _storable(text)
        try:
            self.answer = answer(
                organization=self.organization,
                question=text,
                language=self.language,
                country=self.country,
                election=self.election,
            )
        except QuestionRejected as exc:
            self.reject(text, str(getattr(exc, "message", "") or exc))
            return
        self.text = self.answer.text
        if self.answer.known:
            self.outcome = Turn.Outcome.ANSWERED
        else:
            self.outcome = Turn.Outcome.UNKNOWN
            if self.channel in (Channel.WHATSAPP, Channel.SMS):
                self.text = "\n\n".join(
                    [self.text, _("Reply HUMAN to ask an organizer (HUMAIN, MENSCH).")]
                )

    def previous_question(self) -> Turn | None:
        """The last question asked (not a command) in this conversation."""
        turns = self.conversation.turns.filter(
            outcome__in=[Turn.Outcome.UNKNOWN, Turn.Outcome.ANSWERED, Turn.Outcome.FACT]
        ).order_by("-created_at", "-id")
        for turn in turns[:10]:
            if fold(turn.question) not in HANDOFF:
                return turn
        return None

    def handoff(self, text: str) -> None:
        previous = self.previous_question()
        if previous is None:
            self.command(
                text,
                _("Write your question first; then reply HUMAN to pass it to an organizer."),
                Turn.Outcome.UNKNOWN,
            )
            return
        reply_to = self.conversation.address if self.conversation.remember else ""
        inbox_question_create(
            organization=self.organization,
            question=previous.question,
            language=self.language,
            country=self.country,
            election=self.election,
            turn=previous,
            conversation=self.conversation,
            reply_to=reply_to,
        )
        if reply_to:
            message = _("Thank you. An organizer will read your question and answer you here.")
        else:
            message = _(
                "Thank you. An organizer will read your question; the answer will help us "
                "answer everyone better. We did not keep your number, so we cannot write back: "
                "reply REMIND if you want us to keep it for election reminders."
            )
        self.command(text, message, Turn.Outcome.UNKNOWN)

    # -- reminders

    def _election(self) -> Election | None:
        if self.election is not None:
            return self.election
        return (
            Election.objects.filter(
                organization=self.organization,
                country=self.country,
                date__gte=timezone.localdate(),
            )
            .order_by("date", "id")
            .first()
        )

    def remind(self, text: str) -> None:
        if self.channel not in (Channel.WHATSAPP, Channel.SMS):
            self.command(
                text,
                _("Use the reminder form below the conversation to receive election reminders."),
            )
            return
        election = self._election()
        if election is None or not _reminder_program(self.organization, election):
            self.command(text, _("There are no election reminders to sign up for right now."))
            return
        consent = reminder_consent_text(
            organization=self.organization,
            election=election,
            channel=self.channel,
            language=self.language,
        )
        self.set_pending(
            {"action": "remind", "election": election.pk, "consent": consent, "lang": self.language}
        )
        self.command(text, f"{consent}\n\n" + _("Reply YES to agree (OUI, JA), or NO."))

    def confirm(self, text: str, pending: dict) -> None:
        if pending.get("action") == "remind":
            election = Election.objects.filter(
                organization=self.organization, pk=pending.get("election")
            ).first()
            if election is None:
                self.command(text, _("There are no election reminders to sign up for right now."))
                return
            from turnout.gotv.exceptions import GotvError

            try:
                with transaction.atomic():
                    person = remember_sender(
                        conversation=self.conversation,
                        address=self.address,
                        language=self.language,
                    )
                    _reminder_subscribe(
                        organization=self.organization,
                        person=person,
                        election=election,
                        channel=self.channel,
                        source="assistant",
                        consent_text=pending.get("consent", ""),
                    )
            except ValueError:
                self.conversation.refresh_from_db()
                self.command(text, _("Sorry, we could not use this number for reminders."))
                return
            except GotvError as exc:
                self.conversation.refresh_from_db()
                self.command(text, exc.message)
                return
            self.state_changed = True
            self.command(
                text,
                _(
                    "Done: you will receive reminders before %(election)s. "
                    "Reply STOP REMINDERS to stop them."
                )
                % {"election": election.name_text(self.language) or election.slug},
            )
        elif pending.get("action") == "perk":
            try:
                remember_sender(
                    conversation=self.conversation, address=self.address, language=self.language
                )
            except ValueError:
                self.command(text, _("Sorry, we could not use this number."))
                return
            self.state_changed = True
            self.perk(text, consent=pending.get("consent", ""))
        else:
            self.command(text, _("All right, nothing was recorded."))

    def stop(self, text: str) -> None:
        person = self.conversation.person or self.person
        stopped = 0
        if person is not None:
            stopped = reminders_stop(organization=self.organization, person=person)
        if stopped:
            message = _("You will not receive election reminders any more.")
        else:
            message = _("You had no election reminders with us; nothing more will be sent.")
        self.command(text, message)

    # -- partner perks

    def perk(self, text: str, consent: str = "") -> None:
        offer = _open_offer(self.organization, self.country)
        if offer is None:
            self.command(text, _("There is no partner offer open right now."))
            return
        person = self.conversation.person if self.conversation.remember else None
        if person is None:
            if self.channel not in (Channel.WHATSAPP, Channel.SMS):
                self.command(text, _("Partner codes are given by text message or WhatsApp."))
                return
            consent = _(
                "To give you one code, %(organization)s keeps your number (one code per "
                "person). You can ask us to forget it any time."
            ) % {"organization": self.organization.name}
            self.set_pending({"action": "perk", "consent": consent, "lang": self.language})
            self.command(text, f"{consent}\n\n" + _("Reply YES to agree (OUI, JA), or NO."))
            return
        from turnout.gotv.exceptions import GotvError
        from turnout.gotv.services import claim_message, perk_claim

        try:
            claim = perk_claim(offer=offer, person=person, consent_text=consent)
        except GotvError as exc:  # PoolEmpty, a closed offer: translated for the person
            self.command(text, exc.message)
            return
        where = getattr(offer, "partner_url", "") or ""
        self.command(text, " ".join(part for part in (claim_message(claim), where) if part))


# --- Reminders, remembering, perks ----------------------------------------------------------


def reminder_consent_text(*, organization, election, channel: str, language: str) -> str:
    """The exact text a person agrees to for election reminders (stored with the consent)."""
    labels = {
        Channel.WHATSAPP: _("text message (SMS)"),
        Channel.SMS: _("text message (SMS)"),
        Channel.WEB: _("email or text message"),
    }
    with translation.override(language if language in LANGUAGES else "en"):
        return _(
            "%(organization)s will keep your contact to send you reminders before "
            "%(election)s (%(date)s) by %(channel)s, and nothing else. You can stop them "
            "any time."
        ) % {
            "organization": organization.name,
            "election": election.name_text(language) or election.slug,
            "date": election.date.isoformat(),
            "channel": labels.get(channel, channel),
        }


def remember_sender(*, conversation: Conversation, address: str, language: str, email: str = ""):
    """The sender agreed to be remembered: find or create the person with their number (or
    email, on the web) and keep the address on the conversation. The consent itself is
    recorded by what they agreed to (the reminder subscription records the exact text).
    Raises ValueError for an unusable address or a person who asked to be erased."""
    from turnout.people.models import Consent
    from turnout.people.normalize import normalize_email, normalize_phone
    from turnout.people.services import person_upsert
    from turnout.people.services.types import PersonData, PersonRefused

    organization = conversation.organization
    try:  # InvalidContact is a ValueError
        if email:
            email, phone = normalize_email(email), ""
        else:
            phone = normalize_phone(address, organization.country)[0]
        person, _created = person_upsert(
            organization=organization,
            data=PersonData(phone=phone, email=email, language=language),
            source=Consent.Source.MESSAGE if phone else Consent.Source.FORM,
        )
    except PersonRefused as exc:
        raise ValueError(str(exc)) from exc
    if person.erased_at is not None:
        raise ValueError(_("This person asked for their data to be erased."))
    address = email or phone
    conversation.person = person
    conversation.remember = True
    conversation.address = address[:254]
    conversation.save(update_fields=["person", "remember", "address", "updated_at"])
    return person


def _reminder_program(organization, election) -> bool:
    try:
        from turnout.gotv.selectors import reminder_program_for
    except ImportError:  # the get-out-the-vote module is not installed
        return False
    return reminder_program_for(organization=organization, election=election) is not None


def _reminder_subscribe(**kwargs):
    from turnout.gotv.services import reminder_subscribe

    return reminder_subscribe(**kwargs)


def reminders_stop(*, organization, person) -> int:
    """Stop every election reminder of ``person`` ("stop" means stop, whatever the channel);
    the reminders module withdraws the consent. Returns how many were stopped."""
    from turnout.gotv.models import ReminderSubscription
    from turnout.gotv.services import reminder_unsubscribe

    stopped = 0
    for subscription in ReminderSubscription.objects.filter(
        organization=organization, person=person, status=ReminderSubscription.Status.ACTIVE
    ):
        reminder_unsubscribe(subscription=subscription)
        stopped += 1
    return stopped


def _open_offer(organization, country: str):
    try:
        from turnout.gotv.selectors import open_perk_offers
    except ImportError:
        return None
    return open_perk_offers(organization=organization, country=country).first()


# --- The organizers' inbox ------------------------------------------------------------------


def inbox_question_create(
    *,
    organization,
    question: str,
    language: str = "",
    country: str = "",
    election=None,
    turn: Turn | None = None,
    conversation: Conversation | None = None,
    reply_to: str = "",
) -> InboxQuestion:
    """Pass a question to the organizers' shared inbox. ``reply_to`` (an email or a phone
    number) only when the asker agreed to be written back. One open question per turn."""
    with transaction.atomic():
        if turn is not None:
            existing = InboxQuestion.objects.filter(
                organization=organization, turn=turn, status=InboxQuestion.Status.OPEN
            ).first()
            if existing is not None:
                if reply_to and not existing.reply_to:
                    existing.reply_to = reply_to[:254]
                    existing.save(update_fields=["reply_to", "updated_at"])
                return existing
        return InboxQuestion.objects.create(
            organization=organization,
            question=_storable(question),
            language=(language or "")[:2],
            country=(country or "")[:2],
            election=election,
            turn=turn,
            conversation=conversation,
            reply_to=reply_to[:254],
        )


def web_reminder_opt_in(
    *,
    conversation: Conversation,
    election: Election,
    consent_text: str,
    email: str = "",
    phone: str = "",
    language: str = "",
):
    """A web visitor asks for reminders with an email or a phone number; the consent text
    shown on the form is the one recorded. Raises ValueError (unusable address) or the
    reminders module's GotvError (translated ``message``)."""
    with transaction.atomic():
        person = remember_sender(
            conversation=conversation, address=phone, email=email, language=language
        )
        return _reminder_subscribe(
            organization=conversation.organization,
            person=person,
            election=election,
            channel="email" if email else "sms",
            source="web",
            consent_text=consent_text,
        )


def handoff_request(
    *,
    conversation: Conversation,
    turn: Turn,
    email: str = "",
    phone: str = "",
    consent_text: str = "",
    language: str = "",
) -> InboxQuestion:
    """The web visitor presses "pass my question to a person" under an answer, leaving an
    email or a phone number (with their agreement, ``consent_text``) or nothing. Raises
    ValueError for an unusable address."""
    with transaction.atomic():
        reply_to = ""
        if email or phone:
            remember_sender(
                conversation=conversation, address=phone, email=email, language=language
            )
            reply_to = conversation.address
            state = dict(conversation.state or {})
            state["handoff_consent"] = {"text": consent_text, "at": timezone.now().isoformat()}
            conversation.state = state
            conversation.save(update_fields=["state", "updated_at"])
        return inbox_question_create(
            organization=conversation.organization,
            question=turn.question,
            language=language or conversation.language,
            country=conversation.country,
            election=conversation.election,
            turn=turn,
            conversation=conversation,
            reply_to=reply_to,
        )
