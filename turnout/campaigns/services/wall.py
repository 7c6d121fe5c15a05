"""Writes of the wall area: tracked-link clicks and page views, contributions (posts,
visuals, offline placements) with their declared reach, hiding them (initiator)."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.uploads import open_raster_image

from .. import reach
from ..exceptions import CampaignError
from ..models import MAX_DECLARED, Campaign, Contribution, DeclaredReach, Participation

WALL_IMAGE_MAX_BYTES = 8 * 1024 * 1024
WALL_IMAGE_MAX_SIDE = 2400  # pixels: a larger picture is scaled down when re-encoded
NETWORK_HOSTS = {
    Contribution.Network.LINKEDIN: ("linkedin.com", "lnkd.in"),
    Contribution.Network.INSTAGRAM: ("instagram.com",),
    Contribution.Network.X: ("x.com", "twitter.com"),
    Contribution.Network.FACEBOOK: ("facebook.com", "fb.com", "fb.watch"),
    Contribution.Network.TIKTOK: ("tiktok.com",),
    Contribution.Network.YOUTUBE: ("youtube.com", "youtu.be"),
    Contribution.Network.BLUESKY: ("bsky.app",),
}
MASTODON_PATH = re.compile(r"^/@[A-Za-z0-9_.-]+(@[A-Za-z0-9.-]+)?/\d+/?$")


def quests_refresh_on_commit(participation: Participation) -> None:
    """Once the transaction commits, let the quests area move this organization's automatic
    quests forward (pledges, clicks, posts)."""
    from .quests import quest_progress_refresh

    transaction.on_commit(lambda: quest_progress_refresh(participation=participation))


# --- Tracked links and page views -----------------------------------------------------------


def tracked_link_follow(*, code: str) -> tuple[Campaign, Participation | None]:
    """A click on /r/<code>: (campaign, participation) when the link's organization is
    approved (one click counted for it), (campaign, None) when it is not (the link still
    leads to the campaign, without attribution, and counts nothing). Unknown code or draft
    campaign: Participation.DoesNotExist. No IP address, no cookie."""
    participation = (
        Participation.objects.select_related("campaign")
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .get(link_code=(code or "")[:16])
    )
    campaign = participation.campaign
    if not participation.is_visible:
        return campaign, None
    reach.measured_add(campaign_id=campaign.pk, participation_id=participation.pk, clicks=1)
    return campaign, participation


def page_view_count(*, campaign: Campaign, participation: Participation | None = None) -> None:
    """One view of a public page of the campaign (of a contribution: for its organization)."""
    reach.measured_add(
        campaign_id=campaign.pk,
        participation_id=participation.pk if participation else None,
        page_views=1,
    )


# --- Checks shared by the forms and the services ----------------------------------------------


def post_url_check(network: str, url: str) -> str:
    """The post's address, if it is a URL of the declared network; else ValidationError with
    a message saying what is expected."""
    url = (url or "").strip()
    if network not in Contribution.Network.values:
        raise ValidationError(_("Choose the network the post was published on."), code="network")
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError as exc:
        raise ValidationError(
            _("This is not a web address. Copy the address of the post, starting with https://"),
            code="not_a_url",
        ) from exc
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    label = Contribution.Network(network).label
    if network == Contribution.Network.MASTODON:
        if parts.scheme != "https" or not MASTODON_PATH.match(parts.path):
            raise ValidationError(
                _(
                    "A Mastodon post address looks like https://instance.social/@name/123456: "
                    "copy it from the post's menu."
                ),
                code="wrong_network",
            )
        return url
    hosts = NETWORK_HOSTS[network]
    if not any(host == h or host.endswith("." + h) for h in hosts):
        raise ValidationError(
            _("This address is not on %(network)s (expected %(hosts)s).")
            % {"network": label, "hosts": ", ".join(hosts)},
            code="wrong_network",
        )
    return url


def wall_image_check(upload) -> ContentFile:
    """An uploaded picture checked by content, size and pixels, re-encoded (no metadata, at
    most WALL_IMAGE_MAX_SIDE pixels a side): PNG when it has transparency, else JPEG."""
    image = open_raster_image(upload, max_bytes=WALL_IMAGE_MAX_BYTES)
    image.thumbnail((WALL_IMAGE_MAX_SIDE, WALL_IMAGE_MAX_SIDE))
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA", "P"):
        image.convert("RGBA").save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=85)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"contribution.{extension}")


def declared_check(kind: str, figure, method: str) -> tuple[str, int, str]:
    errors = {}
    if kind not in DeclaredReach.Kind.values:
        errors["reach_kind"] = _("Choose what the figure counts.")
    try:
        figure = int(figure)
    except (TypeError, ValueError):
        errors["reach_figure"] = _("Enter a whole number of people.")
    else:
        if figure < 0:
            errors["reach_figure"] = _("A number of people cannot be negative.")
        elif figure > MAX_DECLARED:
            errors["reach_figure"] = _(
                "More people than live on Earth: check the figure (at most %(max)s)."
            ) % {"max": f"{MAX_DECLARED:,}"}
    method = (method or "").strip()
    if not method:
        errors["reach_method"] = _(
            "Say how the figure was counted (for instance: LinkedIn statistics of the post)."
        )
    if errors:
        raise ValidationError(errors)
    return kind, figure, method[:300]


# --- Contributions --------------------------------------------------------------------------


def _approved(participation: Participation) -> None:
    if participation.status != Participation.Status.APPROVED:
        raise CampaignError(
            _("Only organizations approved by the initiator add contributions to the wall.")
        )


@transaction.atomic
def contribution_create(
    *,
    participation: Participation,
    actor,
    kind: str,
    network: str = "",
    url: str = "",
    render=None,
    image=None,
    placement: str = "",
    quantity: int | None = None,
    place: str = "",
    caption: str = "",
    language: str = "",
    declared: dict | None = None,
) -> Contribution:
    """Add a contribution of an approved participation. ``image``: an upload (checked and
    re-encoded here). ``render``: a visuals.Render of the organization, of one of the
    campaign's templates. ``declared``: optional {"kind", "figure", "method"}.
    Raises CampaignError or ValidationError (field errors) with a message to show."""
    _approved(participation)
    campaign = participation.campaign
    fields = {"kind": kind, "caption": (caption or "").strip()[:300], "language": language[:2]}
    if kind == Contribution.Kind.POST:
        fields.update(network=network, url=post_url_check(network, url))
        if Contribution.objects.filter(campaign=campaign, url=fields["url"]).exists():
            raise ValidationError({"url": _("This post is already on the wall of this campaign.")})
    elif kind == Contribution.Kind.VISUAL:
        if render is None and image is None:
            raise ValidationError(
                {"render": _("Pick one of your personalized visuals or upload a picture.")}
            )
    elif kind == Contribution.Kind.OFFLINE:
        errors = {}
        if placement not in Contribution.Placement.values:
            errors["placement"] = _("Choose the kind of placement.")
        if not quantity or quantity < 1:
            errors["quantity"] = _("How many were shown? At least 1.")
        elif quantity > 1_000_000:
            errors["quantity"] = _("At most 1,000,000 in one contribution.")
        if errors:
            raise ValidationError(errors)
        fields.update(placement=placement, quantity=quantity, place=(place or "").strip()[:200])
    else:
        raise ValidationError({"kind": _("Choose what you are adding.")})
    if render is not None:
        # Any contribution may show the organization's personalized visual (a post of it).
        if render.organization_id != participation.organization_id or not (
            campaign.templates.filter(pk=render.template_id).exists()
        ):
            raise ValidationError({"render": _("Pick one of your visuals of this campaign.")})
        fields["render"] = render
    declared_values = None
    if declared:
        declared_values = declared_check(
            declared.get("kind"), declared.get("figure"), declared.get("method")
        )
    contribution = Contribution(
        campaign=campaign, participation=participation, created_by=actor, **fields
    )
    if image is not None:
        picture = wall_image_check(image)
        contribution.image.save(picture.name, picture, save=False)
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError as exc:  # the same post added at the same moment
        raise ValidationError(
            {"url": _("This post is already on the wall of this campaign.")}
        ) from exc
    if declared_values:
        kind_, figure, method = declared_values
        DeclaredReach.objects.create(
            participation=participation,
            contribution=contribution,
            kind=kind_,
            figure=figure,
            method=method,
            declared_by=actor,
        )
    audit_record(
        organization=participation.organization,
        actor=actor,
        action="campaign.contribution_add",
        target=contribution,
        data={"campaign": campaign.slug, "kind": kind},
    )
    quests_refresh_on_commit(participation)
    return contribution


@transaction.atomic
def contribution_delete(*, contribution: Contribution, actor) -> None:
    participation = contribution.participation
    audit_record(
        organization=participation.organization,
        actor=actor,
        action="campaign.contribution_delete",
        target=contribution,
        data={"campaign": contribution.campaign.slug},
    )
    if contribution.image:
        name, storage = contribution.image.name, contribution.image.storage
        transaction.on_commit(lambda: storage.delete(name))
    contribution.delete()
    quests_refresh_on_commit(participation)


@transaction.atomic
def contribution_hide(*, contribution: Contribution, actor, hidden: bool = True) -> Contribution:
    """The initiator hides a contribution from the wall (or shows it again)."""
    if hidden == (contribution.hidden_at is not None):
        return contribution
    contribution.hidden_at = timezone.now() if hidden else None
    contribution.save(update_fields=["hidden_at", "updated_at"])
    audit_record(
        organization=contribution.campaign.organization,
        actor=actor,
        action="campaign.contribution_hide" if hidden else "campaign.contribution_unhide",
        target=contribution,
        data={"campaign": contribution.campaign.slug},
    )
    quests_refresh_on_commit(contribution.participation)
    return contribution


def contribution_unhide(*, contribution: Contribution, actor) -> Contribution:
    return contribution_hide(contribution=contribution, actor=actor, hidden=False)


# --- Declared reach ---------------------------------------------------------------------------


@transaction.atomic
def declared_reach_add(
    *, participation: Participation, actor, kind: str, figure, method: str
) -> DeclaredReach:
    _approved(participation)
    kind, figure, method = declared_check(kind, figure, method)
    declared = DeclaredReach.objects.create(
        participation=participation, kind=kind, figure=figure, method=method, declared_by=actor
    )
    audit_record(
        organization=participation.organization,
        actor=actor,
        action="campaign.reach_declare",
        target=participation.campaign,
        data={"kind": kind, "figure": figure},
    )
    return declared


@transaction.atomic
def declared_reach_delete(*, declared: DeclaredReach, actor) -> None:
    participation = declared.participation
    audit_record(
        organization=participation.organization,
        actor=actor,
        action="campaign.reach_withdraw",
        target=participation.campaign,
        data={"kind": declared.kind, "figure": declared.figure},
    )
    declared.delete()
