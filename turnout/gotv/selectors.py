"""Reads of get out the vote. Every lookup from a request takes the organization."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from turnout.messaging.models import Message

from .models import (
    PerkClaim,
    PerkCode,
    PerkOffer,
    Placement,
    PlacementDay,
    ReminderDelivery,
    ReminderProgram,
    ReminderSubscription,
)

QUEUED = (Message.Status.QUEUED, Message.Status.CLAIMED, Message.Status.SENDING)
SENT = (Message.Status.SENT, Message.Status.DELIVERED)
FAILED = (
    Message.Status.FAILED,
    Message.Status.SUPPRESSED,
    Message.Status.CANCELLED,
    Message.Status.UNCERTAIN,
)


# --- Contract with the assistant --------------------------------------------------------------


def reminder_program_for(*, organization, election) -> ReminderProgram | None:
    return (
        ReminderProgram.objects.filter(organization=organization, election=election)
        .select_related("election")
        .first()
    )


def open_perk_offers(*, organization, country: str) -> QuerySet:
    """Published offers of the organization for ``country`` open today (codes may have run
    out: ``perk_claim`` says so)."""
    return (
        PerkOffer.objects.for_organization(organization)
        .open_on(timezone.localdate())
        .filter(country=(country or "").upper())
        .order_by("starts_on", "id")
    )


# --- Reminder programs ------------------------------------------------------------------------


def program_list(*, organization) -> list[ReminderProgram]:
    programs = list(
        ReminderProgram.objects.for_organization(organization)
        .select_related("election")
        .annotate(
            subscribed=Count(
                "subscriptions", filter=Q(subscriptions__status=ReminderSubscription.Status.ACTIVE)
            )
        )
        .order_by("-election__date", "-id")
    )
    counts = delivery_counts(programs=programs)
    for program in programs:
        program.counts = counts.get(program.pk, _empty_counts())
    return programs


def _empty_counts() -> dict:
    return {"queued": 0, "sent": 0, "failed": 0, "skipped": 0}


def delivery_counts(*, programs) -> dict[int, dict]:
    """Per program: reminders queued, sent, failed (or refused at sending) and skipped."""
    rows = (
        ReminderDelivery.objects.filter(subscription__program__in=[p.pk for p in programs])
        .values("subscription__program_id")
        .annotate(
            queued=Count("id", filter=Q(message__status__in=QUEUED)),
            sent=Count("id", filter=Q(message__status__in=SENT)),
            failed=Count("id", filter=Q(message__status__in=FAILED)),
            skipped=Count("id", filter=Q(message__isnull=True)),
        )
    )
    return {
        row["subscription__program_id"]: {
            k: row[k] for k in ("queued", "sent", "failed", "skipped")
        }
        for row in rows
    }


def program_get(*, organization, program_id: int) -> ReminderProgram:
    return ReminderProgram.objects.select_related("election").get(
        organization=organization, pk=program_id
    )


def program_subscriptions(*, program: ReminderProgram) -> QuerySet:
    return program.subscriptions.select_related("person").order_by("-created_at", "-id")


def program_channel_counts(*, program: ReminderProgram) -> dict:
    rows = (
        program.subscriptions.filter(status=ReminderSubscription.Status.ACTIVE)
        .values("channel")
        .annotate(n=Count("id"))
    )
    return {row["channel"]: row["n"] for row in rows}


def delivery_breakdown(*, program: ReminderProgram) -> list[dict]:
    """Per round and kind: queued, sent, failed, skipped."""
    rows = (
        ReminderDelivery.objects.filter(subscription__program=program)
        .values("round", "kind")
        .annotate(
            queued=Count("id", filter=Q(message__status__in=QUEUED)),
            sent=Count("id", filter=Q(message__status__in=SENT)),
            failed=Count("id", filter=Q(message__status__in=FAILED)),
            skipped=Count("id", filter=Q(message__isnull=True)),
        )
        .order_by("round", "kind")
    )
    return list(rows)


def skipped_reasons(*, program: ReminderProgram) -> dict:
    rows = (
        ReminderDelivery.objects.filter(subscription__program=program, message__isnull=True)
        .values("skipped")
        .annotate(n=Count("id"))
    )
    return {row["skipped"]: row["n"] for row in rows}


# --- Perks ------------------------------------------------------------------------------------


def offer_list(*, organization) -> list[PerkOffer]:
    offers = list(
        PerkOffer.objects.for_organization(organization)
        .annotate(
            pool=Count("codes", distinct=True),
            claimed=Count("claims", distinct=True),
            redeemed=Count("claims", filter=Q(claims__redeemed_at__isnull=False), distinct=True),
        )
        .order_by("-created_at", "-id")
    )
    for offer in offers:
        offer.left = offer.pool - offer.claimed
        offer.low_stock = offer.left <= offer.low_stock_at
    return offers


def offer_get(*, organization, offer_id: int) -> PerkOffer:
    return PerkOffer.objects.select_related("election").get(organization=organization, pk=offer_id)


def offer_public_get(*, organization_slug: str, slug: str) -> PerkOffer:
    """A published offer by its public address (PerkOffer.DoesNotExist otherwise)."""
    return PerkOffer.objects.select_related("organization").get(
        organization__slug=organization_slug, slug=slug, status=PerkOffer.Status.PUBLISHED
    )


def offer_stats(*, offer: PerkOffer) -> dict:
    pool = PerkCode.objects.filter(offer=offer).count()
    claims = PerkClaim.objects.filter(offer=offer)
    claimed = claims.count()
    redeemed = claims.filter(redeemed_at__isnull=False).count()
    left = pool - claimed
    return {
        "pool": pool,
        "claimed": claimed,
        "redeemed": redeemed,
        "left": left,
        "low_stock": left <= offer.low_stock_at,
    }


def claims_by_day(*, offer: PerkOffer, days: int = 30) -> list[tuple]:
    """(day, claims, redemptions) for the last ``days`` days."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    claims = dict(
        PerkClaim.objects.filter(offer=offer, created_at__date__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    redeemed = dict(
        PerkClaim.objects.filter(offer=offer, redeemed_at__date__gte=start)
        .annotate(day=TruncDate("redeemed_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [
        (day, claims.get(day, 0), redeemed.get(day, 0))
        for day in (start + timedelta(days=i) for i in range(days))
    ]


def offer_claims(*, offer: PerkOffer) -> QuerySet:
    return offer.claims.select_related("person", "code").order_by("-created_at", "-id")


def claim_get(*, organization, claim_id: int) -> PerkClaim:
    return PerkClaim.objects.select_related("offer", "code").get(
        organization=organization, pk=claim_id
    )


# --- Placements -------------------------------------------------------------------------------


def placement_list(*, organization) -> list[Placement]:
    return list(
        Placement.objects.for_organization(organization)
        .select_related("campaign")
        .annotate(clicks=Sum("days__clicks"))
        .order_by("-created_at", "-id")
    )


def placement_get(*, organization, placement_id: int) -> Placement:
    return Placement.objects.select_related("campaign").get(
        organization=organization, pk=placement_id
    )


#: Which declared-reach kind of a campaign a placement's audience counts as.
DECLARED_KIND = {
    Placement.Kind.BILLBOARD: "billboard",
    Placement.Kind.IN_APP_AD: "impressions",
    Placement.Kind.NEWSLETTER: "newsletter",
}


def placements_campaign_reach(campaign) -> tuple[int, dict]:
    """(clicks, {declared kind: audience}) of the placements linked to ``campaign`` by its
    initiator or by organizations approved in it (registered in campaigns.reach)."""
    placements = Placement.objects.filter(campaign=campaign).filter(
        Q(organization_id=campaign.organization_id)
        | Q(
            organization__participations__campaign=campaign,
            organization__participations__status="approved",
        )
    )
    ids = list(placements.values_list("pk", flat=True).distinct())
    if not ids:
        return 0, {}
    clicks = PlacementDay.objects.filter(placement_id__in=ids).aggregate(n=Sum("clicks"))["n"] or 0
    declared: dict = {}
    for kind, audience in Placement.objects.filter(pk__in=ids).values_list(
        "kind", "declared_audience"
    ):
        key = DECLARED_KIND.get(kind, "other")
        declared[key] = declared.get(key, 0) + (audience or 0)
    return clicks, declared


def placement_public_get(*, code: str) -> Placement:
    return Placement.objects.select_related("campaign").get(link_code=(code or "")[:16])
