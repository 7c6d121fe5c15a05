"""The initiator's sales pipeline: organizations met through a campaign become leads that move
through stages. Every stage change is kept in ``LeadStageChange`` (the conversion report reads
it) and written to the audit log; the last move of a lead can be undone."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.organizations.models import Membership

from ..exceptions import CampaignError
from ..models import Campaign, Lead, LeadStageChange, Participation

MAX_VALUE_CENTS = 10_000_000_000_00  # ten billion euros: anything above is a typing error


def _audit(lead: Lead, actor, action: str, **data) -> None:
    audit_record(
        organization=lead.organization,
        actor=actor,
        action=action,
        target=lead.prospect,
        data={"lead": lead.pk, "campaign": lead.campaign_id, **data},
    )


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def lead_create(*, campaign: Campaign, prospect, actor, value_cents: int = 0) -> Lead:
    """Put an approved participant of ``campaign`` in its initiator's pipeline, stage
    "participant". An organization already in the initiator's pipeline (through any campaign)
    is refused: a lead is unique per (initiator, organization)."""
    is_participant = (
        Participation.objects.visible().filter(campaign=campaign, organization=prospect).exists()
    )
    if not is_participant:
        raise CampaignError(_("Only approved participants of the campaign can become leads."))
    now = timezone.now()
    try:
        with transaction.atomic():
            lead = Lead.objects.create(
                organization=campaign.organization,
                prospect=prospect,
                campaign=campaign,
                stage=Lead.Stage.PARTICIPANT,
                value_cents=value_cents,
                stage_changed_at=now,
            )
    except IntegrityError as exc:
        raise CampaignError(_("This organization is already in your pipeline.")) from exc
    LeadStageChange.objects.create(
        lead=lead, from_stage="", to_stage=lead.stage, changed_by=_actor(actor), changed_at=now
    )
    _audit(lead, actor, "lead.create")
    return lead


@transaction.atomic
def leads_create_all(*, campaign: Campaign, actor) -> int:
    """Add every approved participant that is not in the initiator's pipeline yet; returns how
    many leads were created. Safe to run twice (and concurrently: the unique constraint
    settles any race, nothing is added twice)."""
    initiator = campaign.organization
    taken = Lead.objects.filter(organization=initiator).values("prospect_id")
    prospects = list(
        Participation.objects.visible()
        .filter(campaign=campaign)
        .exclude(organization_id__in=taken)
        .exclude(organization_id=initiator.pk)
        .values_list("organization_id", flat=True)
    )
    if not prospects:
        return 0
    now = timezone.now()
    Lead.objects.bulk_create(
        [
            Lead(
                organization=initiator,
                prospect_id=prospect_id,
                campaign=campaign,
                stage=Lead.Stage.PARTICIPANT,
                stage_changed_at=now,
            )
            for prospect_id in prospects
        ],
        ignore_conflicts=True,
    )
    created = list(
        Lead.objects.filter(
            organization=initiator, prospect_id__in=prospects, campaign=campaign
        ).exclude(stage_changes__isnull=False)
    )
    LeadStageChange.objects.bulk_create(
        [
            LeadStageChange(
                lead=lead,
                from_stage="",
                to_stage=lead.stage,
                changed_by=_actor(actor),
                changed_at=now,
            )
            for lead in created
        ]
    )
    audit_record(
        organization=initiator,
        actor=actor,
        action="lead.create",
        target=campaign,
        data={"count": len(created)},
    )
    return len(created)


@transaction.atomic
def lead_move(*, lead: Lead, stage: str, actor) -> LeadStageChange | None:
    """Move the lead to ``stage``; returns the recorded change (None if it was already there)."""
    if stage not in Lead.Stage.values:
        raise CampaignError(_("Unknown stage."))
    lead = Lead.objects.select_for_update().select_related("prospect").get(pk=lead.pk)
    if lead.stage == stage:
        return None
    now = timezone.now()
    change = LeadStageChange.objects.create(
        lead=lead, from_stage=lead.stage, to_stage=stage, changed_by=_actor(actor), changed_at=now
    )
    previous = lead.stage
    lead.stage, lead.stage_changed_at = stage, now
    lead.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    _audit(lead, actor, "lead.move", **{"from": previous, "to": stage})
    return change


@transaction.atomic
def lead_move_undo(*, lead: Lead, change_id: int, actor) -> Lead:
    """Undo the move ``change_id`` if it is still the lead's last one: the lead goes back to
    its previous stage and the mistaken change leaves the history (it never counts in the
    conversion report). The audit log keeps both the move and its undoing."""
    lead = Lead.objects.select_for_update().select_related("prospect").get(pk=lead.pk)
    last = lead.stage_changes.order_by("-changed_at", "-id").first()
    if last is None or last.pk != change_id or not last.from_stage:
        raise CampaignError(_("This move can no longer be undone: the lead has moved since."))
    previous = last.from_stage
    before = lead.stage_changes.exclude(pk=last.pk).order_by("-changed_at", "-id").first()
    last.delete()
    lead.stage = previous
    lead.stage_changed_at = before.changed_at if before else None
    lead.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    _audit(lead, actor, "lead.move_undone", to=previous)
    return lead


@transaction.atomic
def lead_update(
    *,
    lead: Lead,
    actor,
    value_cents: int,
    owner,
    next_step: str,
    next_step_on,
    notes: str,
) -> Lead:
    """Change a lead's value, owner (a member of the initiator), next step and notes."""
    if value_cents < 0 or value_cents > MAX_VALUE_CENTS:
        raise CampaignError(_("Enter a deal value between 0 and 10 billion euros."))
    if (
        owner is not None
        and not Membership.objects.filter(organization=lead.organization, user=owner).exists()
    ):
        raise CampaignError(_("The owner must be a member of your organization."))
    lead.value_cents = value_cents
    lead.owner = owner
    lead.next_step = next_step.strip()
    lead.next_step_on = next_step_on
    lead.notes = notes.strip()
    lead.save()
    _audit(lead, actor, "lead.update")
    return lead
