"""Joining a campaign and the initiator's moderation of applications, with the emails of each
step. A participation moves: applied -> approved | rejected | changes (-> applied again);
approved -> suspended -> approved (reinstated)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.organizations.models import ADMIN_ROLES, Membership
from turnout.organizations.services import organization_create

from ..exceptions import CampaignError
from ..models import Campaign, CharterVersion, Participation
from .campaigns import charter_current

NETWORKS = ("linkedin", "instagram", "x", "facebook", "tiktok", "mastodon", "bluesky", "youtube")
MAX_AUDIENCE = 1_000_000_000
Status = Participation.Status


class AlreadyJoined(CampaignError):
    """The organization already has a participation in this campaign."""

    def __init__(self, participation: Participation):
        super().__init__(_("Your organization has already applied to this campaign."))
        self.participation = participation


# --- emails -----------------------------------------------------------------------------------


def _admins(organization) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization, role__in=ADMIN_ROLES, user__is_active=True
        ).select_related("user")
    ]


def _send(kind: str, participation: Participation, users, note: str = "") -> None:
    """One email per person, in that person's language when known (else the current one)."""
    campaign = participation.campaign
    fallback = translation.get_language() or settings.LANGUAGE_CODE
    for user in users:
        with translation.override(user.language or fallback):
            context = {
                "campaign": campaign,
                "campaign_name": campaign.name_text(),
                "organization": participation.organization,
                "participation": participation,
                "note": note,
                "landing_url": settings.SITE_URL
                + reverse("campaigns_public:landing", kwargs={"slug": campaign.slug}),
                "participant_url": settings.SITE_URL
                + reverse(
                    "campaigns:detail",
                    kwargs={
                        "org_slug": participation.organization.slug,
                        "campaign_slug": campaign.slug,
                    },
                ),
                "moderation_url": settings.SITE_URL
                + reverse(
                    "campaigns:moderation",
                    kwargs={"org_slug": campaign.organization.slug, "campaign_slug": campaign.slug},
                ),
            }
            body = render_to_string(f"campaigns/email/{kind}.txt", context)
            subject, _sep, body = body.strip().partition("\n")
            send_mail(subject.strip(), body.strip() + "\n", None, [user.email])


def _notify(kind: str, participation: Participation, users, note: str = "") -> None:
    language = translation.get_language()

    def send():
        with translation.override(language):
            _send(kind, participation, users, note)

    transaction.on_commit(send)


# --- joining ----------------------------------------------------------------------------------


def clean_followers(followers: dict | None) -> dict:
    """Keep known networks with a figure above zero; refuse negative or absurd figures."""
    result = {}
    for network, value in (followers or {}).items():
        if network not in NETWORKS or value in (None, ""):
            continue
        value = int(value)
        if value < 0 or value > MAX_AUDIENCE:
            raise CampaignError(
                _("The number of followers on %(network)s is not plausible.") % {"network": network}
            )
        if value:
            result[network] = value
    return result


@transaction.atomic
def participation_apply(
    *,
    campaign: Campaign,
    organization,
    actor,
    charter_version: CharterVersion,
    followers: dict | None = None,
    employees: int | None = None,
    motivation: str = "",
) -> Participation:
    """``organization`` applies to ``campaign``, signing ``charter_version`` (which must be the
    current one). An application in "changes requested" is updated and goes back to review;
    any other existing participation raises ``AlreadyJoined``."""
    if campaign.status != Campaign.Status.OPEN:
        raise CampaignError(_("This campaign is not open to new organizations."))
    if organization.pk == campaign.organization_id:
        raise CampaignError(_("The initiator of a campaign does not apply to it."))
    current = charter_current(campaign)
    if charter_version is None or current is None or charter_version.pk != current.pk:
        raise CampaignError(
            _("The charter has changed since you opened the page: read the new version.")
        )
    followers = clean_followers(followers)
    if employees is not None and not 0 <= employees <= 10_000_000:
        raise CampaignError(_("The number of employees or members is not plausible."))
    now = timezone.now()
    values = {
        "charter": current,
        "charter_signed_by": actor,
        "charter_signed_at": now,
        "followers": followers,
        "employees": employees,
        "motivation": (motivation or "").strip()[:2000],
        "status": Status.APPLIED,
    }
    existing = (
        Participation.objects.select_for_update()
        .filter(campaign=campaign, organization=organization)
        .first()
    )
    if existing is not None:
        if existing.status != Status.CHANGES:
            raise AlreadyJoined(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        participation, action = existing, "campaign.participation_resubmitted"
    else:
        try:
            with transaction.atomic():
                participation = Participation.objects.create(
                    campaign=campaign, organization=organization, **values
                )
        except IntegrityError:  # applied at the same moment from another tab
            raise AlreadyJoined(
                Participation.objects.get(campaign=campaign, organization=organization)
            ) from None
        action = "campaign.participation_applied"
    data = {"organization": organization.name, "charter": current.number}
    audit_record(
        organization=campaign.organization, actor=actor, action=action, target=campaign, data=data
    )
    audit_record(organization=organization, actor=actor, action=action, target=campaign, data=data)
    _notify(
        "applied",
        participation,
        _admins(organization),
    )
    _notify("received", participation, _admins(campaign.organization))
    return participation


@transaction.atomic
def participation_join(
    *,
    campaign: Campaign,
    actor,
    organization=None,
    new_organization: dict | None = None,
    charter_version: CharterVersion,
    followers: dict | None = None,
    employees: int | None = None,
    motivation: str = "",
) -> Participation:
    """The joining page's one write: create the organization when asked (the person becomes its
    owner), then apply. Nothing is kept if the application is refused."""
    if organization is None:
        if not new_organization:
            raise CampaignError(_("Choose your organization or create it."))
        organization = organization_create(user=actor, **new_organization)
    elif not Membership.objects.filter(
        organization=organization, user=actor, role__in=ADMIN_ROLES
    ).exists():
        raise CampaignError(_("Only an owner or admin of the organization can apply."))
    return participation_apply(
        campaign=campaign,
        organization=organization,
        actor=actor,
        charter_version=charter_version,
        followers=followers,
        employees=employees,
        motivation=motivation,
    )


# --- moderation -------------------------------------------------------------------------------


def _transition(
    participation: Participation,
    *,
    actor,
    allowed: tuple,
    to: str,
    action: str,
    note: str = "",
    note_required: str = "",
) -> Participation:
    note = (note or "").strip()
    if note_required and not note:
        raise CampaignError(note_required)
    locked = Participation.objects.select_for_update().get(pk=participation.pk)
    if locked.status not in allowed:
        raise CampaignError(
            _("This organization's participation is “%(status)s”: this step does not apply.")
            % {"status": locked.get_status_display()}
        )
    now = timezone.now()
    participation.status = to
    participation.decided_by = actor
    participation.decided_at = now
    participation.decision_note = note
    fields = ["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    if to == Status.APPROVED and not locked.approved_at:
        participation.approved_at = now
        fields.append("approved_at")
    participation.save(update_fields=fields)
    campaign = participation.campaign
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action=action,
        target=campaign,
        data={"organization": participation.organization.name, "note": note},
    )
    return participation


@transaction.atomic
def participation_approve(*, participation: Participation, actor, note: str = ""):
    _transition(
        participation,
        actor=actor,
        allowed=(Status.APPLIED, Status.CHANGES),
        to=Status.APPROVED,
        action="campaign.participation_approved",
        note=note,
    )
    _notify("approved", participation, _admins(participation.organization), note)
    return participation


@transaction.atomic
def participation_reject(*, participation: Participation, actor, note: str = ""):
    _transition(
        participation,
        actor=actor,
        allowed=(Status.APPLIED, Status.CHANGES),
        to=Status.REJECTED,
        action="campaign.participation_rejected",
        note=note,
        note_required=_("Say why the application is rejected: the organization will read it."),
    )
    _notify("rejected", participation, _admins(participation.organization), note)
    return participation


@transaction.atomic
def participation_request_changes(*, participation: Participation, actor, note: str = ""):
    _transition(
        participation,
        actor=actor,
        allowed=(Status.APPLIED,),
        to=Status.CHANGES,
        action="campaign.participation_changes_requested",
        note=note,
        note_required=_("Say what the organization should change."),
    )
    _notify("changes", participation, _admins(participation.organization), note)
    return participation


@transaction.atomic
def participation_suspend(*, participation: Participation, actor, note: str = ""):
    _transition(
        participation,
        actor=actor,
        allowed=(Status.APPROVED,),
        to=Status.SUSPENDED,
        action="campaign.participation_suspended",
        note=note,
        note_required=_("Say why the organization is suspended: it will read it."),
    )
    _notify("suspended", participation, _admins(participation.organization), note)
    return participation


@transaction.atomic
def participation_reinstate(*, participation: Participation, actor, note: str = ""):
    _transition(
        participation,
        actor=actor,
        allowed=(Status.SUSPENDED,),
        to=Status.APPROVED,
        action="campaign.participation_reinstated",
        note=note,
    )
    _notify("reinstated", participation, _admins(participation.organization), note)
    return participation
