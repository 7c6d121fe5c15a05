"""Sister campaigns: a copy of a campaign for another country, language or election, linked to
the campaign it was cloned from (``Campaign.parent``) so that the family's figures roll up."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from turnout.actions.models import LANGUAGES
from turnout.core.audit import audit_record
from turnout.visuals.models import VisualTemplate
from turnout.visuals.services import template_create

from ..exceptions import CampaignError
from ..models import Campaign, Quest
from .campaigns import campaign_create, charter_current

QUEST_FIELDS = (
    "key",
    "tier",
    "position",
    "title",
    "description",
    "points",
    "badge",
    "verification",
    "rule",
    "threshold",
    "evidence",
)


def _templates_for(*, campaign: Campaign, organization, actor) -> list[VisualTemplate]:
    """The campaign's visual templates as ``organization`` can use them: the same rows for the
    same initiator; otherwise a copy in ``organization`` (an existing template of the same
    name and source is reused, so cloning twice does not pile up copies)."""
    originals = list(campaign.templates.order_by("id"))
    if organization.pk == campaign.organization_id:
        return originals
    theirs = {t.name: t for t in VisualTemplate.objects.for_organization(organization)}
    result = []
    for original in originals:
        same = theirs.get(original.name)
        if same is not None and same.svg == original.svg:
            result.append(same)
            continue
        name, n = original.name, 2
        while name in theirs:
            name = f"{original.name[:110]} ({n})"
            n += 1
        copy = template_create(
            organization=organization,
            user=actor,
            name=name,
            svg_data=original.svg.encode(),
            headline=original.headline,
            tagline=original.tagline,
        )
        theirs[copy.name] = copy
        result.append(copy)
    return result


@transaction.atomic
def campaign_clone(
    *,
    campaign: Campaign,
    actor,
    organization,
    slug: str,
    name: dict,
    election_date,
    election_kind: str,
    election_country: str,
    languages: list[str],
    second_round_date=None,
) -> Campaign:
    """A draft sister of ``campaign`` owned by ``organization``: the latest charter becomes its
    version 1; quests, message, tagline (every language) and visual templates are copied; it
    gets its own pledge action; ``parent`` points to ``campaign``. Participations, pledges and
    figures are not copied: the sister starts from zero."""
    languages = [code for code in LANGUAGES if code in (languages or [])]
    if not languages:
        raise CampaignError(_("Choose at least one language."))
    name = {code: str(text).strip() for code, text in (name or {}).items() if str(text).strip()}
    if not name:
        raise CampaignError(_("Give the sister campaign a name."))
    charter = charter_current(campaign)
    sister = campaign_create(
        organization=organization,
        actor=actor,
        slug=slug,
        name=name,
        election_date=election_date,
        election_kind=election_kind,
        election_country=election_country,
        languages=languages,
        message=dict(campaign.message),
        tagline=dict(campaign.tagline),
        charter=dict(charter.text) if charter else None,
        with_default_quests=False,
        second_round_date=second_round_date,
        parent=campaign,
    )
    Quest.objects.bulk_create(
        [
            Quest(campaign=sister, **{f: getattr(quest, f) for f in QUEST_FIELDS})
            for quest in campaign.quests.order_by("tier", "position", "id")
        ]
    )
    sister.templates.set(_templates_for(campaign=campaign, organization=organization, actor=actor))
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action="campaign.cloned",
        target=campaign,
        data={"sister": sister.slug, "initiator": organization.slug},
    )
    return sister
