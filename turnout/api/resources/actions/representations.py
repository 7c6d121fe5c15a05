"""Petitions (and pledges), forms, their signatures and submissions as OSDI dicts.

Pledges are petitions here: a pledge is signed like a petition and counted the same way, so
it is listed under ``osdi:petitions`` with ``"kind": "pledge"`` (decision 0096)."""

from __future__ import annotations

from turnout.actions.models import Action, Submission

from ...osdi.links import LinkContext, identifiers_of, iso
from ..common import links, person_link, public_url


def _targets(action: Action) -> list[dict]:
    return [{"name": line.strip()} for line in action.targets.splitlines() if line.strip()]


def _action_common(action: Action, ctx: LinkContext) -> dict:
    data = {
        "identifiers": identifiers_of(ctx, action.pk),
        "created_date": iso(action.created_at),
        "modified_date": iso(action.updated_at),
        "origin_system": "Turnout",
        "name": action.slug,
        "title": action.title_text(),
        "description": action.description_text(),
        "status": action.status,
    }
    if action.status == Action.Status.PUBLISHED:
        data["browser_url"] = public_url(ctx, "actions_public:action", action.slug)
    return data


def petition_representation(action: Action, ctx: LinkContext) -> dict:
    """An OSDI petition (a petition or a pledge)."""
    return {
        **_action_common(action, ctx),
        "kind": action.kind,
        "petition_text": action.description_text(),
        "target": _targets(action),
        "total_signatures": action.signature_count,
        "goal": action.goal,
        "_links": {
            "self": ctx.link("petition", action.pk),
            "osdi:signatures": ctx.link("petition-signatures", action.pk),
            "osdi:record_signature_helper": ctx.link("petition-record-signature", action.pk),
        },
    }


def form_representation(action: Action, ctx: LinkContext) -> dict:
    """An OSDI form (a signup form)."""
    return {
        **_action_common(action, ctx),
        "total_submissions": action.signature_count,
        "_links": {
            "self": ctx.link("form", action.pk),
            "osdi:submissions": ctx.link("form-submissions", action.pk),
            "osdi:record_submission_helper": ctx.link("form-record-submission", action.pk),
        },
    }


def _submission_common(submission: Submission, ctx: LinkContext) -> dict:
    data = {
        "identifiers": identifiers_of(ctx, submission.pk),
        "created_date": iso(submission.created_at),
        "modified_date": iso(submission.updated_at),
        "origin_system": "Turnout",
        "action_date": iso(submission.confirmed_at or submission.created_at),
        "status": submission.status,
    }
    if submission.source_code:
        data["referrer_data"] = {"source": submission.source_code}
    return data


def signature_representation(submission: Submission, ctx: LinkContext) -> dict:
    """An OSDI signature. Needs ``submission.person`` (select_related in lists)."""
    return {
        **_submission_common(submission, ctx),
        "_links": links(
            self=ctx.link("petition-signature", submission.action_id, submission.pk),
            osdi__petition=ctx.link("petition", submission.action_id),
            osdi__person=person_link(ctx, submission.person),
        ),
    }


def submission_representation(submission: Submission, ctx: LinkContext) -> dict:
    """An OSDI submission of a form. Needs ``submission.person``."""
    return {
        **_submission_common(submission, ctx),
        "_links": links(
            self=ctx.link("form-submission", submission.action_id, submission.pk),
            osdi__form=ctx.link("form", submission.action_id),
            osdi__person=person_link(ctx, submission.person),
        ),
    }
