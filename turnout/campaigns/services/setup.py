"""Editing a campaign and its partners (the initiator's setup pages)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from turnout.actions.models import LANGUAGES
from turnout.core.audit import audit_record
from turnout.organizations.services import logo_to_png

from ..exceptions import CampaignError
from ..models import Campaign, Partner

CAMPAIGN_FIELDS = (
    "name",
    "message",
    "tagline",
    "languages",
    "election_country",
    "election_kind",
    "election_date",
    "second_round_date",
    "opens_on",
    "closes_on",
)


def _check_dates(values: dict) -> None:
    election, second = values.get("election_date"), values.get("second_round_date")
    if election and second and second <= election:
        raise CampaignError(_("The second round must come after the election day."))
    opens, closes = values.get("opens_on"), values.get("closes_on")
    if opens and closes and closes < opens:
        raise CampaignError(_("The campaign cannot close before it opens."))


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor, templates=None, **fields) -> Campaign:
    """Change a campaign's texts, election and dates; ``templates`` (an iterable of the
    initiator's visual templates) replaces the campaign's templates when given."""
    values = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS}
    values.update({k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS})
    languages = [code for code in values["languages"] if code in LANGUAGES]
    if not languages:
        raise CampaignError(_("Choose at least one language."))
    if not any(values["name"].get(code) for code in languages):
        raise CampaignError(_("A campaign needs a name."))
    _check_dates(values)
    changed = []
    for name in CAMPAIGN_FIELDS:
        if getattr(campaign, name) != values[name]:
            setattr(campaign, name, values[name])
            changed.append(name)
    if changed:
        campaign.save(update_fields=[*changed, "updated_at"])
    if templates is not None:
        templates = list(templates)
        if any(t.organization_id != campaign.organization_id for t in templates):
            raise CampaignError(_("Only your organization's visual templates can be used."))
        before = set(campaign.templates.values_list("pk", flat=True))
        if before != {t.pk for t in templates}:
            campaign.templates.set(templates)
            changed.append("templates")
    if changed:
        audit_record(
            organization=campaign.organization,
            actor=actor,
            action="campaign.update",
            target=campaign,
            data={"fields": changed},
        )
    return campaign


def _logo_file(image) -> ContentFile | None:
    return ContentFile(logo_to_png(image)) if image is not None else None


@transaction.atomic
def partner_create(
    *,
    campaign: Campaign,
    actor,
    name: str,
    role: str,
    credit: dict | None = None,
    website: str = "",
    logo=None,
) -> Partner:
    """A partner credited on the public page, placed last. ``logo`` is a validated Pillow image
    (``turnout.core.uploads.open_raster_image``); a cleaned PNG copy is kept."""
    name = (name or "").strip()
    if not name:
        raise CampaignError(_("A partner needs a name."))
    if role not in Partner.Role.values:
        raise CampaignError(_("Choose the partner's role."))
    last = campaign.partners.aggregate(n=Max("position"))["n"]
    partner = Partner(
        campaign=campaign,
        name=name,
        role=role,
        credit={k: v.strip() for k, v in (credit or {}).items() if v and v.strip()},
        website=website,
        position=0 if last is None else last + 1,
    )
    logo_file = _logo_file(logo)
    if logo_file is not None:
        partner.logo.save(f"partner-{campaign.pk}.png", logo_file, save=False)
    partner.save()
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action="campaign.partner_added",
        target=campaign,
        data={"partner": partner.name},
    )
    return partner


@transaction.atomic
def partner_update(
    *,
    partner: Partner,
    actor,
    name: str,
    role: str,
    credit: dict | None = None,
    website: str = "",
    logo=None,
    remove_logo: bool = False,
) -> Partner:
    name = (name or "").strip()
    if not name:
        raise CampaignError(_("A partner needs a name."))
    if role not in Partner.Role.values:
        raise CampaignError(_("Choose the partner's role."))
    partner.name, partner.role, partner.website = name, role, website
    partner.credit = {k: v.strip() for k, v in (credit or {}).items() if v and v.strip()}
    logo_file = _logo_file(logo)
    if logo_file is not None:
        partner.logo.save(f"partner-{partner.campaign_id}.png", logo_file, save=False)
    elif remove_logo:
        partner.logo = ""
    partner.save()
    audit_record(
        organization=partner.campaign.organization,
        actor=actor,
        action="campaign.partner_changed",
        target=partner.campaign,
        data={"partner": partner.name},
    )
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner, actor) -> None:
    campaign = partner.campaign
    name = partner.name
    partner.delete()
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action="campaign.partner_removed",
        target=campaign,
        data={"partner": name},
    )


@transaction.atomic
def partner_move(*, partner: Partner, actor, offset: int) -> None:
    """Move a partner up (``offset=-1``) or down (``+1``) in the list; positions are renumbered
    0..n-1 so that they stay distinct."""
    campaign = partner.campaign
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    partners = list(campaign.partners.order_by("position", "id"))
    index = next(i for i, p in enumerate(partners) if p.pk == partner.pk)
    target = max(0, min(len(partners) - 1, index + offset))
    partners.insert(target, partners.pop(index))
    changed = []
    for position, item in enumerate(partners):
        if item.position != position:
            item.position = position
            changed.append(item)
    Partner.objects.bulk_update(changed, ["position"])
