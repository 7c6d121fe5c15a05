"""Canvassing efforts, canvasses (door visits), the questions of an effort's survey script
and the answers recorded at the doors, as OSDI dicts.

A question's id is ``<effort uuid>.<question key>``; an answer's is ``<visit id>.<question
key>``. Answers to questions marked sensitive (political opinion), and to questions the
script no longer has, are shown only to tokens with the ``people_sensitive`` scope."""

from __future__ import annotations

from turnout.canvassing.models import Effort, Visit
from turnout.canvassing.services.scripts import OSDI_TYPES, sensitive_keys, text_in

from ...osdi.links import LinkContext, identifiers_of, iso
from ..common import links, person_link

STATUS_CODES = {
    Visit.Outcome.NOT_HOME: "not-home",
    Visit.Outcome.REFUSED: "refused",
    Visit.Outcome.TALKED: "success",
    Visit.Outcome.COME_BACK: "come-back",
    Visit.Outcome.MOVED: "moved",
}


def question_id(effort: Effort, key: str) -> str:
    return f"{effort.uuid}.{key}"


def hidden_keys(effort: Effort, answers: dict, *, sensitive_visible: bool) -> set[str]:
    """The answer keys a reader without the sensitive scope may not see."""
    if sensitive_visible:
        return set()
    known = {q["key"] for q in effort.script or []}
    return {k for k in answers if k in sensitive_keys(effort.script) or k not in known}


def effort_representation(effort: Effort, ctx: LinkContext) -> dict:
    data = {
        "identifiers": identifiers_of(ctx, effort.uuid),
        "created_date": iso(effort.created_at),
        "modified_date": iso(effort.updated_at),
        "origin_system": "Turnout",
        "name": effort.name,
        "title": effort.name,
        "description": effort.description,
        "status": effort.status,
        "start_date": effort.starts_on.isoformat() if effort.starts_on else None,
        "end_date": effort.ends_on.isoformat() if effort.ends_on else None,
        "total_questions": len(effort.script or []),
    }
    if hasattr(effort, "total_canvasses"):
        data["total_canvasses"] = effort.total_canvasses
    data["_links"] = {
        "self": ctx.link("canvassing-effort", effort.uuid),
        "osdi:canvasses": ctx.link("canvassing-effort-canvasses", effort.uuid),
        "osdi:questions": ctx.link("canvassing-effort-questions", effort.uuid),
        "osdi:record_canvass_helper": ctx.link("canvassing-effort-record-canvass", effort.uuid),
    }
    return data


def _question_by_key(effort: Effort) -> dict[str, dict]:
    return {q["key"]: q for q in effort.script or []}


def answer_value(question: dict | None, value) -> dict:
    """``responses`` (choice keys) for single and multiple choice, ``value`` for text."""
    if question is not None and question.get("kind") == "text":
        return {"value": value if isinstance(value, str) else ", ".join(value)}
    if isinstance(value, list):
        return {"responses": value}
    if question is None:
        return {"value": value}
    return {"responses": [value]}


def canvass_representation(
    visit: Visit, ctx: LinkContext, *, sensitive_visible: bool = False
) -> dict:
    """An OSDI canvass, with its answers inline (``add_answers`` shape). Needs
    ``visit.effort`` and ``visit.person``."""
    effort = visit.effort
    hidden = hidden_keys(effort, visit.answers or {}, sensitive_visible=sensitive_visible)
    questions = _question_by_key(effort)
    answers = [
        {
            "question": ctx.url("question", question_id(effort, key)),
            **answer_value(questions.get(key), value),
        }
        for key, value in (visit.answers or {}).items()
        if key not in hidden
    ]
    return {
        "identifiers": identifiers_of(ctx, visit.pk),
        "created_date": iso(visit.created_at),
        "modified_date": iso(visit.updated_at),
        "origin_system": "Turnout",
        "client_id": str(visit.client_id),
        "action_date": iso(visit.visited_at),
        "contact_type": "in-person",
        "input_type": "mobile",
        "success": visit.outcome == Visit.Outcome.TALKED,
        "status_code": STATUS_CODES.get(visit.outcome, visit.outcome),
        "address": visit.address_id,
        "door": visit.door,
        "answers": answers,
        "answers_withheld": len(hidden),
        "_links": links(
            self=ctx.link("canvass", effort.uuid, visit.pk),
            osdi__canvassing_effort=ctx.link("canvassing-effort", effort.uuid),
            osdi__target=person_link(ctx, visit.person),
        ),
    }


def question_representation(effort: Effort, question: dict, ctx: LinkContext) -> dict:
    """An OSDI question of an effort's script."""
    qid = question_id(effort, question["key"])
    data = {
        "identifiers": identifiers_of(ctx, qid),
        "created_date": iso(effort.created_at),
        "modified_date": iso(effort.updated_at),
        "origin_system": "Turnout",
        "name": question["key"],
        "title": text_in(question.get("text") or {}),
        "question_type": OSDI_TYPES.get(question.get("kind"), "Paragraph"),
        "sensitive": bool(question.get("sensitive")),
        "responses": [
            {"key": choice["key"], "name": choice["key"], "title": text_in(choice.get("text"))}
            for choice in question.get("choices") or []
        ],
        "_links": {
            "self": ctx.link("question", qid),
            "osdi:answers": ctx.link("question-answers", qid),
            "osdi:canvassing_effort": ctx.link("canvassing-effort", effort.uuid),
        },
    }
    return data


def answer_representation(visit: Visit, ctx: LinkContext, *, key: str) -> dict:
    """An OSDI answer: one visit's answer to the question ``key``. Needs ``visit.effort``
    and ``visit.person``."""
    effort = visit.effort
    qid = question_id(effort, key)
    question = _question_by_key(effort).get(key)
    return {
        "identifiers": identifiers_of(ctx, f"{visit.pk}.{key}"),
        "created_date": iso(visit.created_at),
        "modified_date": iso(visit.updated_at),
        "origin_system": "Turnout",
        "action_date": iso(visit.visited_at),
        **answer_value(question, (visit.answers or {}).get(key)),
        "_links": links(
            self=ctx.link("answer", qid, visit.pk),
            osdi__question=ctx.link("question", qid),
            osdi__canvass=ctx.link("canvass", effort.uuid, visit.pk),
            osdi__person=person_link(ctx, visit.person),
        ),
    }
