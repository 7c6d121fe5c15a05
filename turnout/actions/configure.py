"""Writes on how an action is set up: its extra questions, the asks of its thank-you page and
its co-sponsors. Each locks the action's row (two organizers editing at once lose nothing)
and writes an audit event."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record

from .exceptions import SubmissionRefused
from .models import Action, ActionSponsor, SponsorOptIn, Submission
from .questions import by_key, new_key
from .services import _texts


def _locked(action: Action) -> Action:
    return Action.objects.select_for_update().get(pk=action.pk)


def _save(action: Action, locked: Action, field: str) -> None:
    locked.save(update_fields=[field, "updated_at"])
    setattr(action, field, getattr(locked, field))


def _audit(action: Action, actor, what: str, **data) -> None:
    audit_record(
        organization=action.organization, actor=actor, action=what, target=action, data=data
    )


def _move(items: list, index: int, offset: int) -> bool:
    target = index + offset
    if index < 0 or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    return True


# --- Questions ------------------------------------------------------------------------------


@transaction.atomic
def question_save(*, action: Action, actor, definition: dict, key: str | None = None) -> dict:
    """Add a question (``key`` None) or change one. ``definition`` is what the editor form
    built (kind, label, choices, required, custom field); a question's kind never changes,
    so that its old answers keep their meaning."""
    locked = _locked(action)
    questions = list(locked.questions or [])
    if key is None:
        text = next((v for v in (definition.get("label") or {}).values() if v), "")
        question = {**definition, "key": new_key(text, set(by_key(questions)))}
        questions.append(question)
        what = "action.question_add"
    else:
        index = next((i for i, q in enumerate(questions) if q.get("key") == key), None)
        if index is None:
            raise SubmissionRefused(_("This question no longer exists."))
        question = {**definition, "key": key, "kind": questions[index]["kind"]}
        questions[index] = question
        what = "action.question_update"
    locked.questions = questions
    _save(action, locked, "questions")
    _audit(action, actor, what, key=question["key"])
    return question


@transaction.atomic
def question_move(*, action: Action, actor, key: str, offset: int) -> bool:
    """Move a question up (-1) or down (+1) among the questions shown."""
    locked = _locked(action)
    questions = list(locked.questions or [])
    shown = [i for i, q in enumerate(questions) if not q.get("removed")]
    position = next((n for n, i in enumerate(shown) if questions[i].get("key") == key), -1)
    target = position + offset
    if position < 0 or not 0 <= target < len(shown):
        return False
    a, b = shown[position], shown[target]
    questions[a], questions[b] = questions[b], questions[a]
    locked.questions = questions
    _save(action, locked, "questions")
    return True


@transaction.atomic
def question_remove(*, action: Action, actor, key: str) -> bool:
    """Take a question off the form. If someone answered it, it stays in the list, marked
    removed, so that its answers remain readable (and it can be put back); otherwise it goes.
    Returns whether it was kept."""
    locked = _locked(action)
    questions = list(locked.questions or [])
    index = next((i for i, q in enumerate(questions) if q.get("key") == key), None)
    if index is None:
        return False
    answered = Submission.objects.filter(action=locked, answers__has_key=key).exists()
    if answered:
        questions[index] = {**questions[index], "removed": True}
    else:
        del questions[index]
    locked.questions = questions
    _save(action, locked, "questions")
    _audit(action, actor, "action.question_remove", key=key, kept=answered)
    return answered


@transaction.atomic
def question_restore(*, action: Action, actor, key: str) -> None:
    locked = _locked(action)
    locked.questions = [
        {k: v for k, v in q.items() if k != "removed"} if q.get("key") == key else q
        for q in locked.questions or []
    ]
    _save(action, locked, "questions")
    _audit(action, actor, "action.question_restore", key=key)


# --- Next asks ------------------------------------------------------------------------------


@transaction.atomic
def ask_save(*, action: Action, actor, ask: dict, index: int | None = None) -> None:
    """Add an ask at the end (``index`` None) or replace the one at ``index``."""
    locked = _locked(action)
    asks = list(locked.next_asks or [])
    if index is None:
        asks.append(ask)
    elif 0 <= index < len(asks):
        asks[index] = ask
    else:
        raise SubmissionRefused(_("This ask no longer exists."))
    locked.next_asks = asks
    _save(action, locked, "next_asks")
    _audit(action, actor, "action.asks_update", kind=ask.get("kind"))


@transaction.atomic
def ask_move(*, action: Action, actor, index: int, offset: int) -> bool:
    locked = _locked(action)
    asks = list(locked.next_asks or [])
    if not _move(asks, index, offset):
        return False
    locked.next_asks = asks
    _save(action, locked, "next_asks")
    return True


@transaction.atomic
def ask_remove(*, action: Action, actor, index: int) -> bool:
    locked = _locked(action)
    asks = list(locked.next_asks or [])
    if not 0 <= index < len(asks):
        return False
    removed = asks.pop(index)
    locked.next_asks = asks
    _save(action, locked, "next_asks")
    _audit(action, actor, "action.asks_update", removed=removed.get("kind"))
    return True


# --- Co-sponsors ----------------------------------------------------------------------------


@transaction.atomic
def sponsor_update(*, sponsor: ActionSponsor, actor, opt_in_label: dict, hidden: bool) -> None:
    sponsor.opt_in_label = _texts(opt_in_label)
    sponsor.hidden = hidden
    sponsor.save(update_fields=["opt_in_label", "hidden", "updated_at"])
    _audit(
        sponsor.action,
        actor,
        "action.sponsor_update",
        sponsor=sponsor.organization.slug,
        hidden=hidden,
    )


@transaction.atomic
def sponsor_move(*, sponsor: ActionSponsor, actor, offset: int) -> bool:
    """Swap a co-sponsor with its neighbour in the order of the form's boxes."""
    _locked(sponsor.action)
    others = list(
        ActionSponsor.objects.filter(action_id=sponsor.action_id, is_owner=False).order_by(
            "position", "id"
        )
    )
    index = next((i for i, s in enumerate(others) if s.pk == sponsor.pk), -1)
    if not _move(others, index, offset):
        return False
    for position, row in enumerate(others, start=1):
        if row.position != position:
            ActionSponsor.objects.filter(pk=row.pk).update(position=position)
    return True


@transaction.atomic
def sponsor_remove(*, sponsor: ActionSponsor, actor) -> None:
    """Remove a co-sponsor nobody opted in to. Once people did, it cannot be removed (their
    choice is evidence of the consent its CRM holds): hide it from the form instead."""
    if sponsor.is_owner:
        raise SubmissionRefused(_("The owner of an action cannot be removed from it."))
    granted = SponsorOptIn.objects.filter(sponsor=sponsor, granted=True).count()
    if granted:
        raise SubmissionRefused(
            _(
                "%(count)s people already chose to hear from %(name)s: it cannot be removed. "
                "Hide its box from the form instead; they stay in its contacts."
            )
            % {"count": granted, "name": sponsor.organization.name}
        )
    action, organization = sponsor.action, sponsor.organization
    sponsor.delete()
    for audited in (action.organization, organization):
        audit_record(
            organization=audited,
            actor=actor,
            action="action.sponsor_remove",
            target=action,
            data={"sponsor": organization.slug, "owner": action.organization.slug},
        )
