"""Creating, opening and closing a campaign; its charter versions and default quests."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from turnout.actions import services as actions
from turnout.actions.models import LANGUAGES, Action
from turnout.core.audit import audit_record

from ..exceptions import CampaignError
from ..models import Campaign, CharterVersion, Quest

# The quests every new campaign starts with (the initiator edits them afterwards).
DEFAULT_QUESTS = [
    {
        "key": "personalize",
        "tier": 1,
        "points": 10,
        "badge": "palette",
        "verification": Quest.Verification.AUTOMATIC,
        "rule": Quest.Rule.VISUAL_DOWNLOADED,
        "threshold": 1,
        "title": gettext_lazy("Personalize and download the visual"),
        "description": gettext_lazy(
            "Put your logo, colors and tagline on the campaign visual, then download it."
        ),
    },
    {
        "key": "publish",
        "tier": 1,
        "points": 20,
        "badge": "megaphone",
        "verification": Quest.Verification.AUTOMATIC,
        "rule": Quest.Rule.POST_PUBLISHED,
        "threshold": 1,
        "title": gettext_lazy("Publish it and share the post link"),
        "description": gettext_lazy(
            "Post your visual on a social network and add the link of the post here: it "
            "appears on the campaign wall."
        ),
    },
    {
        "key": "mobilize",
        "tier": 2,
        "points": 50,
        "badge": "people",
        "verification": Quest.Verification.AUTOMATIC,
        "rule": Quest.Rule.PLEDGES,
        "threshold": 25,
        "title": gettext_lazy("Mobilize your community"),
        "description": gettext_lazy(
            "Collect pledges to vote through your organization's tracked link."
        ),
    },
    {
        "key": "internal",
        "tier": 2,
        "points": 40,
        "badge": "building",
        "verification": Quest.Verification.EVIDENCE,
        "evidence": Quest.Evidence.REPORT,
        "title": gettext_lazy("Hold an internal action"),
        "description": gettext_lazy(
            "For instance an information session for your employees or members on how to "
            "register and vote. Tell us in a few lines how it went."
        ),
    },
    {
        "key": "event",
        "tier": 3,
        "points": 80,
        "badge": "flag",
        "verification": Quest.Verification.EVIDENCE,
        "evidence": Quest.Evidence.PHOTO,
        "title": gettext_lazy("Organize a public event"),
        "description": gettext_lazy(
            "A stand, a debate, a concert: bring people together around the election and "
            "send a photo."
        ),
    },
]

DEFAULT_CHARTER = gettext_lazy(
    "We encourage everyone entitled to vote to do so, whatever their choice.\n"
    "We support no party, candidate or list, and we do not say how to vote.\n"
    "We relay only verified information about how, where and when to vote.\n"
    "We respect the people we address: no pressure, no personal data without consent."
)


def in_languages(text) -> dict:
    """A lazy string rendered in every supported language: ``{"fr": ..., "en": ..., "de": ...}``."""
    values = {}
    for code in LANGUAGES:
        with translation.override(code):
            values[code] = str(text)
    return values


def _pledge_title(election_date) -> dict:
    values = {}
    for code in LANGUAGES:
        with translation.override(code):
            day = formats.date_format(election_date, "DATE_FORMAT")
            values[code] = _("I will vote on %(date)s") % {"date": day}
    return values


@transaction.atomic
def campaign_create(
    *,
    organization,
    actor,
    slug: str,
    name: dict,
    election_date,
    election_kind: str = Campaign.ElectionKind.EUROPEAN,
    election_country: str = "",
    languages: list[str] | None = None,
    message: dict | None = None,
    tagline: dict | None = None,
    charter: dict | None = None,
    with_default_quests: bool = True,
    **fields,
) -> Campaign:
    """A new draft campaign of ``organization`` (the initiator), with charter version 1, a
    draft pledge action owned by the initiator and, by default, the five default quests."""
    if Campaign.objects.filter(slug=slug).exists():
        raise CampaignError(_("This address is already taken by another campaign."))
    campaign = Campaign.objects.create(
        organization=organization,
        slug=slug,
        name=name,
        election_date=election_date,
        election_kind=election_kind,
        election_country=election_country,
        languages=list(languages or LANGUAGES),
        message=message or {},
        tagline=tagline or {},
        created_by=actor,
        **fields,
    )
    CharterVersion.objects.create(
        campaign=campaign, number=1, text=charter or in_languages(DEFAULT_CHARTER), created_by=actor
    )
    campaign.pledge_action = actions.action_create(
        organization=organization,
        actor=actor,
        slug=_free_action_slug(f"{slug}-pledge"),
        kind=Action.Kind.PLEDGE,
        title=_pledge_title(election_date),
        description=message or {},
        consent_text=in_languages(
            gettext_lazy("I agree that the campaign reminds me to vote and keeps me informed.")
        ),
    )
    campaign.save(update_fields=["pledge_action"])
    if with_default_quests:
        quests_create_defaults(campaign=campaign)
    audit_record(organization=organization, actor=actor, action="campaign.create", target=campaign)
    return campaign


def _free_action_slug(base: str) -> str:
    slug, n = base[:80], 2
    while Action.objects.filter(slug=slug).exists():
        slug = f"{base[:76]}-{n}"
        n += 1
    return slug


def quests_create_defaults(*, campaign: Campaign) -> list[Quest]:
    quests = []
    for position, spec in enumerate(DEFAULT_QUESTS):
        values = dict(spec)
        values["title"] = in_languages(values["title"])
        values["description"] = in_languages(values["description"])
        quests.append(Quest(campaign=campaign, position=position, **values))
    return Quest.objects.bulk_create(quests)


@transaction.atomic
def campaign_open(*, campaign: Campaign, actor) -> Campaign:
    """Open the campaign to organizations and pledges (publishes its pledge action)."""
    if not campaign.name_text():
        raise CampaignError(_("A campaign needs a name before it opens."))
    campaign.status = Campaign.Status.OPEN
    campaign.save(update_fields=["status", "updated_at"])
    if campaign.pledge_action and not campaign.pledge_action.is_open:
        actions.action_publish(action=campaign.pledge_action, actor=actor)
    audit_record(
        organization=campaign.organization, actor=actor, action="campaign.open", target=campaign
    )
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor) -> Campaign:
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    if campaign.pledge_action and campaign.pledge_action.is_open:
        actions.action_close(action=campaign.pledge_action, actor=actor)
    audit_record(
        organization=campaign.organization, actor=actor, action="campaign.close", target=campaign
    )
    return campaign


@transaction.atomic
def charter_publish(*, campaign: Campaign, actor, text: dict) -> CharterVersion:
    """A new charter version. Organizations that signed an earlier one keep their record."""
    text = {code: str(text.get(code) or "").strip() for code in LANGUAGES if text.get(code)}
    if not text:
        raise CampaignError(_("The charter cannot be empty."))
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    last = campaign.charters.aggregate(n=Max("number"))["n"] or 0
    version = CharterVersion.objects.create(
        campaign=campaign, number=last + 1, text=text, created_by=actor
    )
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action="campaign.charter_published",
        target=campaign,
        data={"version": version.number},
    )
    return version


def charter_current(campaign: Campaign) -> CharterVersion | None:
    return campaign.charters.order_by("-number").first()
