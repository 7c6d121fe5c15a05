"""The campaign visual of a participating organization: one of the campaign's templates with
the organization's brand kit, whose QR code points to the organization's tracked link and
whose partner strip shows the campaign's partner logos. Renders go through the visuals app's
pipeline (compose, renderers, render cache); the cache key adds the tracked link (through the
brand) and the partner logos."""

from __future__ import annotations

import dataclasses
import io
import zipfile

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from turnout.actions.models import pick_text
from turnout.core.audit import audit_record
from turnout.core.jobs import job_create, job_handler
from turnout.visuals import services as visuals
from turnout.visuals.brand import Brand
from turnout.visuals.formats import FORMATS, Format
from turnout.visuals.jobs import render_batch
from turnout.visuals.models import BrandKit, Render, VisualTemplate
from turnout.visuals.selectors import brand_kit_for

from ..exceptions import CampaignError
from ..models import Campaign, Participation


def tracked_link(participation: Participation) -> str:
    """Absolute address of the organization's tracked link /r/<code>."""
    try:
        path = reverse("campaigns_short:go", kwargs={"code": participation.link_code})
    except NoReverseMatch:  # the short-link route is not mounted
        path = f"/r/{participation.link_code}/"
    return f"{settings.SITE_URL}{path}"


def campaign_templates(campaign: Campaign) -> list[VisualTemplate]:
    return list(campaign.templates.order_by("name", "id"))


def campaign_template_get(campaign: Campaign, template_id) -> VisualTemplate | None:
    if not str(template_id or "").isdigit():
        return None
    return campaign.templates.filter(pk=int(template_id)).first()


def partner_logos(campaign: Campaign) -> tuple[tuple[bytes, str], ...]:
    """(content, kind) of the partner logos, in the partners' order (PNG re-encoded, SVG
    sanitized by the visuals logo check)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    logos = []
    for partner in campaign.partners.exclude(logo=""):
        try:
            with partner.logo.open("rb") as handle:
                data = handle.read()
            content, kind = visuals.logo_check(SimpleUploadedFile(partner.logo.name, data))
        except Exception:  # noqa: S112 - a missing or unreadable logo is left out
            continue
        logos.append((content, kind))
    return tuple(logos)


def campaign_brand(participation: Participation) -> Brand:
    kit = brand_kit_for(organization=participation.organization)
    brand = visuals.brand_for_kit(kit, participation.organization)
    return dataclasses.replace(brand, link=tracked_link(participation))


def campaign_render(
    *,
    participation: Participation,
    template: VisualTemplate,
    language: str,
    fmt: Format,
    brand: Brand | None = None,
    partners=None,
) -> Render:
    """The organization's render of a campaign template, made only if not cached."""
    return visuals.visual_render(
        template=template,
        organization=participation.organization,
        brand=brand or campaign_brand(participation),
        language=language,
        fmt=fmt,
        partners=partner_logos(participation.campaign) if partners is None else partners,
    )


def campaign_zip(
    *, participation: Participation, template: VisualTemplate, languages, formats
) -> bytes:
    brand = campaign_brand(participation)
    partners = partner_logos(participation.campaign)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for language in languages:
            for fmt in formats:
                render = campaign_render(
                    participation=participation,
                    template=template,
                    language=language,
                    fmt=fmt,
                    brand=brand,
                    partners=partners,
                )
                with render.file.open("rb") as handle:
                    archive.writestr(visuals.download_name(template, language, fmt), handle.read())
    return buffer.getvalue()


def headline_for(template: VisualTemplate, language: str) -> str:
    return pick_text(template.headline, language)


@transaction.atomic
def campaign_batch_start(*, campaign: Campaign, template: VisualTemplate, actor):
    """Render the template for every approved organization that has a brand kit, as a
    background job of the initiator: each file as the organization downloads it (QR code to
    its tracked link, the campaign's partner logos), so that downloads find them cached."""
    if not campaign.templates.filter(pk=template.pk).exists():
        raise CampaignError(_("This template is not one of the campaign's templates."))
    org_ids = list(
        Participation.objects.visible()
        .filter(campaign=campaign)
        .values_list("organization_id", flat=True)
    )
    with_kit = list(
        BrandKit.objects.filter(organization_id__in=org_ids).values_list(
            "organization_id", flat=True
        )
    )
    if not with_kit:
        raise CampaignError(
            _("No approved organization has saved its brand kit yet: there is nothing to render.")
        )
    job = job_create(
        organization=campaign.organization,
        kind="campaigns_visuals_batch",
        title=_("Render “%(name)s” for the organizations of %(campaign)s")
        % {"name": template.name, "campaign": campaign.name_text()},
        params={
            "campaign_id": campaign.pk,
            "template_id": template.pk,
            "languages": list(campaign.languages or ["fr"]),
            "formats": list(FORMATS),
        },
        user=actor,
    )
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action="quest.batch_render",
        target=campaign,
        data={"job": str(job.uuid), "organizations": len(with_kit)},
    )
    return job, len(org_ids) - len(with_kit)


@job_handler("campaigns_visuals_batch")
def campaign_visuals_batch(job, progress):
    campaign = Campaign.objects.for_organization(job.organization).get(pk=job.params["campaign_id"])
    template = campaign.templates.get(pk=job.params["template_id"])
    participations = (
        Participation.objects.visible()
        .filter(campaign=campaign, organization__in=BrandKit.objects.values("organization_id"))
        .select_related("organization", "campaign")
        .order_by("organization_id")
    )
    return render_batch(
        progress,
        template=template,
        brands=[(p.organization, campaign_brand(p)) for p in participations],
        languages=job.params["languages"],
        formats=[FORMATS[key] for key in job.params["formats"] if key in FORMATS],
        partners=partner_logos(campaign),
    )


def campaign_master_render(*, campaign: Campaign, language: str) -> Render | None:
    """The campaign's own visual, as its public page and its share previews show it: the
    first template with the initiator's brand kit, in the LinkedIn / Open Graph format
    (1200x627), its QR code to the campaign's page in ``language``, with the partner logos.
    Cached like any render; None when the campaign has no template."""
    template = campaign.templates.order_by("name", "id").first()
    if template is None:
        return None
    initiator = campaign.organization
    brand = visuals.brand_for_kit(brand_kit_for(organization=initiator), initiator)
    with translation.override(language):
        path = reverse("campaigns_public:landing", kwargs={"slug": campaign.slug})
    brand = dataclasses.replace(brand, link=f"{settings.SITE_URL}{path}")
    return visuals.visual_render(
        template=template,
        organization=initiator,
        brand=brand,
        language=language,
        fmt=FORMATS["linkedin"],
        partners=partner_logos(campaign),
    )
