"""Reads of the fundraising pages: the organization's pages (workspace), a page by its public
address (published or closed only), the campaigns a page may be co-branded with, and the
published co-branded pages of a campaign."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import number_format

from turnout.campaigns.models import Campaign, Participation
from turnout.core.charts import svg_number
from turnout.core.money import money_text

from .models import Donation, FundraisingPage
from .services.limits import COUNTED

Status = FundraisingPage.Status


def page_list(*, organization) -> QuerySet[FundraisingPage]:
    return (
        FundraisingPage.objects.for_organization(organization)
        .select_related("campaign")
        .order_by("-created_at", "-id")
    )


def page_get(*, organization, page_id: int) -> FundraisingPage:
    """One page of the organization, or 404 (another tenant's id included)."""
    return get_object_or_404(
        FundraisingPage.objects.for_organization(organization).select_related("campaign"),
        pk=page_id,
    )


def page_public_get(*, slug: str) -> FundraisingPage:
    """A page by its public address: published or closed; a draft is "not found"."""
    return get_object_or_404(
        FundraisingPage.objects.select_related("organization", "campaign__organization"),
        slug=slug,
        status__in=[Status.PUBLISHED, Status.CLOSED],
    )


def _approved(*, campaign, organization) -> Exists:
    return Exists(
        Participation.objects.filter(
            campaign=campaign,
            organization=organization,
            status=Participation.Status.APPROVED,
        )
    )


def campaigns_for_pages(*, organization) -> QuerySet[Campaign]:
    """The campaigns the organization may co-brand a page with: those it initiates, and those
    it takes part in (approved participation)."""
    return Campaign.objects.filter(
        Q(organization=organization) | _approved(campaign=OuterRef("pk"), organization=organization)
    ).order_by("-election_date", "-id")


def page_cobrand(*, page: FundraisingPage, language: str) -> dict | None:
    """What a co-branded page shows of its campaign, or None when the page has no campaign,
    the campaign has no public page, or the organization no longer takes part in it."""
    campaign = page.campaign
    if campaign is None or campaign.status == Campaign.Status.DRAFT:
        return None
    initiator = campaign.organization
    if initiator.pk != page.organization_id and not (
        Participation.objects.filter(
            campaign=campaign,
            organization_id=page.organization_id,
            status=Participation.Status.APPROVED,
        ).exists()
    ):
        return None
    has_visual = campaign.templates.exists()
    return {
        "campaign": campaign,
        "name": campaign.name_text(language),
        "initiator": initiator.name,
        "organization": page.organization.name,
        "same": initiator.pk == page.organization_id,
        "landing_url": reverse("campaigns_public:landing", kwargs={"slug": campaign.slug}),
        "visual_url": (
            reverse("campaigns_public:visual", kwargs={"slug": campaign.slug}) if has_visual else ""
        ),
    }


def campaign_pages_public(*, campaign: Campaign) -> list[FundraisingPage]:
    """The published pages co-branded with the campaign, by its initiator or an organization
    whose participation is approved (a suspended one's page is left out)."""
    return list(
        FundraisingPage.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(
            Q(organization_id=campaign.organization_id)
            | _approved(campaign=campaign, organization=OuterRef("organization"))
        )
        .select_related("organization")
        .order_by("created_at", "id")
    )


def page_donor_counts(page_ids) -> dict[int, int]:
    """How many people gave on each page (paid gifts, a monthly donor once): one query."""
    rows = (
        Donation.objects.filter(page_id__in=list(page_ids), status__in=COUNTED)
        .values("page_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("page_id", "n")
    )
    return dict(rows)


def page_thermometer(page: FundraisingPage, donors: int | None = None) -> dict:
    """The totals of a page as shown: raised, goal, percent of the goal (may pass 100), the
    width of the filled bar (0-100, an SVG number) and the number of donors; without a goal,
    only the totals."""
    if donors is None:
        donors = page_donor_counts([page.pk]).get(page.pk, 0)
    raised = max(page.raised_cents, 0)
    result = {
        "raised": money_text(raised, page.currency),
        "raised_cents": raised,
        "donors": donors,
        "donors_text": number_format(donors, force_grouping=True),  # "2 237" in French
        "goal": "",
        "percent": None,
        "width": "0",
    }
    if page.goal_cents:
        percent = raised * 100 // page.goal_cents
        result.update(
            goal=money_text(page.goal_cents, page.currency),
            percent=percent,
            width=svg_number(min(100.0, raised * 100 / page.goal_cents)),
        )
    return result


def page_donation(*, page: FundraisingPage, donation_id: int) -> Donation | None:
    """A donation made on this page (a return address names it), or None."""
    return (
        Donation.objects.filter(organization_id=page.organization_id, page=page, pk=donation_id)
        .select_related("person")
        .first()
    )


def donor_email(person) -> str:
    return person.emails.order_by("-primary", "pk").values_list("address", flat=True).first() or ""
