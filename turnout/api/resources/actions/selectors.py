"""Reads of the petitions and forms endpoints, within the token's organization."""

from __future__ import annotations

from turnout.actions.models import Action, Submission

PETITION_KINDS = (Action.Kind.PETITION, Action.Kind.PLEDGE)
FORM_KINDS = (Action.Kind.FORM,)


def actions_for_api(*, organization, kinds):
    return Action.objects.for_organization(organization).filter(kind__in=kinds)


def submissions_for_api(*, organization, action: Action):
    """The action's submissions of people who are not erased, with the person."""
    return Submission.objects.filter(
        organization=organization, action=action, person__erased_at__isnull=True
    ).select_related("person")
