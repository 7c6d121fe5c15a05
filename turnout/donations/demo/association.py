"""Voix Citoyennes crowdfunds "Financez Vote Anyway 2027" (see the package's docstring)."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from ..models import (
    Donation,
    FundraisingPage,
    LegalProfile,
    ProfileKind,
    Subscription,
)
from ..services.lifecycle import donation_refunded
from ..services.limits import legal_profile_save
from .bulk import (
    WINDOW_DAYS,
    Gift,
    Method,
    Status,
    moment_in,
    pick,
    scaled,
    tax_addresses,
    write_gifts,
)

ASSOCIATION = "voix-citoyennes"
PAGE = "financez-vote-anyway-2027"
LIVE_CAMPAIGN = "presidentielle-je-vote-2027"
GIFTS = 3000  # at full scale, one-off and monthly payments together
MONTHLY_DONORS = 175  # about 8 % of the donors
MONTHLY_STOP = 0.035  # chance that a monthly gift stops in a given month

# Gift sizes (euros: weight), skewed as crowdfunding is: many 15/35/50, some 100 and more.
ONE_OFF = {10: 9, 15: 20, 20: 13, 25: 6, 30: 5, 35: 18, 40: 3, 50: 13, 60: 1.5, 75: 2.5,
           100: 6.5, 150: 1.5, 200: 1, 250: 0.7, 500: 0.3}  # fmt: skip
MONTHLY = {5: 10, 10: 30, 15: 25, 20: 20, 30: 10, 50: 5}
# Where gifts come from: (weight, source_code, utm_source, utm_medium, utm_campaign).
SOURCES = [
    (30, "", "newsletter", "email", "nl-mensuelle"),
    (18, "", "facebook", "social", "vote-anyway-2027"),
    (5, "", "instagram", "social", "vote-anyway-2027"),
    (5, "TYCOZ", "", "", ""),
    (4, "OUEST-ONDES", "", "", ""),
    (3, "PIXEL-VOIX", "", "", ""),
    (35, "", "", "", ""),
]
# What receipts print (legal name, address, registration, treasurer or financial agent).
ASSOCIATION_PROFILE = {
    "kind": ProfileKind.FR_ASSOCIATION,
    "legal_name": "Association Voix Citoyennes",
    "legal_address": "14 rue Crébillon\n44000 Nantes",
    "registration": "RNA W442012345 · SIREN 812 345 678",
    "treasurer": "Thomas Le Gall, trésorier",
}
STOP_REASONS = ["Demande du donateur", "Carte expirée", "Mandat SEPA révoqué"]


def _add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    local = timezone.localtime(moment)
    index = local.year * 12 + local.month - 1 + months
    return local.replace(year=index // 12, month=index % 12 + 1, day=min(local.day, 28))


def _attribution(rng: random.Random) -> dict:
    weights = [row[0] for row in SOURCES]
    _w, code, source, medium, campaign = rng.choices(SOURCES, weights=weights)[0]
    return {
        "source_code": code,
        "utm_source": source,
        "utm_medium": medium,
        "utm_campaign": campaign,
    }


def _association_page(organization, now) -> FundraisingPage:
    from turnout.campaigns.models import Campaign

    campaign = Campaign.objects.filter(slug=LIVE_CAMPAIGN).first()
    creator = get_user_model().objects.filter(email="camille.laurent@voix-citoyennes.fr").first()
    return FundraisingPage.objects.create(
        organization=organization,
        slug=PAGE,
        title={
            "fr": "Financez Vote Anyway 2027",
            "en": "Fund Vote Anyway 2027",
            "de": "Finanzieren Sie Vote Anyway 2027",
        },
        story={
            "fr": "Affiches, forums jeunesse, ateliers « premier vote » dans 40 villes : "
            "chaque don rend la campagne possible. Une association d'intérêt général : votre "
            "don ouvre droit à une réduction d'impôt de 66 %.",
            "en": "Posters, youth forums and first-vote workshops in 40 towns: every gift "
            "makes the campaign happen.",
            "de": "Plakate, Jugendforen und Erstwähler-Workshops in 40 Städten: jede Spende "
            "macht die Kampagne möglich.",
        },
        thank_you={
            "fr": "Merci ! Votre reçu fiscal arrive par e-mail.",
            "en": "Thank you! Your tax receipt is on its way by email.",
            "de": "Danke! Ihre Spendenquittung kommt per E-Mail.",
        },
        goal_cents=12_000_000,
        suggested_cents=[1500, 3500, 5000, 10000],
        status=FundraisingPage.Status.PUBLISHED,
        campaign=campaign,
        created_by=creator,
        created_at=now - datetime.timedelta(days=WINDOW_DAYS + 5),
    )


def _monthly_gifts(organization, page, donors, rng, now):
    """Monthly gifts started over the ten months, some stopped, a few whose last payment
    failed; their payments as gifts."""
    gifts = []
    for n, person_id in enumerate(donors):
        started = moment_in(rng, now - datetime.timedelta(days=3), WINDOW_DAYS - 3)
        amount = pick(rng, MONTHLY) * 100
        moments, stopped, month = [], None, 0
        while (moment := _add_months(started, month)) <= now:
            if month and rng.random() < MONTHLY_STOP:
                stopped = moment - datetime.timedelta(days=rng.randint(1, 25))
                break
            moments.append(moment)
            month += 1
        failed = stopped is None and len(moments) > 2 and n % 40 == 7
        subscription = Subscription.objects.create(
            organization=organization,
            person_id=person_id,
            page=page,
            amount_cents=amount,
            provider="test",
            provider_id=f"demo-sub-{n}",
            status=(
                Subscription.Status.CANCELLED
                if stopped
                else Subscription.Status.PAST_DUE
                if failed
                else Subscription.Status.ACTIVE
            ),
            started_at=started,
            cancelled_at=stopped,
            cancel_reason=rng.choice(STOP_REASONS) if stopped else "",
            last_failed_at=moments[-1] if failed else None,
            created_at=started - datetime.timedelta(minutes=4),
        )
        attribution = _attribution(rng)
        method = Method.SEPA if rng.random() < 0.6 else Method.CARD
        for index, moment in enumerate(moments):
            last_failed = failed and index == len(moments) - 1
            gifts.append(
                Gift(
                    person_id=person_id,
                    amount_cents=amount,
                    paid_at=moment,
                    method=method,
                    page=page,
                    subscription=subscription,
                    attribution=attribution,
                    status=Status.FAILED if last_failed else Status.SUCCEEDED,
                )
            )
    return gifts


def seed_association(organization, *, now) -> dict:
    addresses = tax_addresses(organization)
    if not addresses:
        return {}
    if not LegalProfile.objects.filter(organization=organization).exists():
        legal_profile_save(organization=organization, actor=None, **ASSOCIATION_PROFILE)
    rng = random.Random("turnout-demo-donations")
    page = _association_page(organization, now)
    pool = sorted(addresses)
    rng.shuffle(pool)
    monthly_count = scaled(MONTHLY_DONORS, 3)
    monthly_donors = pool[:monthly_count]
    gifts = _monthly_gifts(organization, page, monthly_donors, rng, now)
    one_off_count = max(20, scaled(GIFTS, 30) - len(gifts))
    one_off_pool = pool[monthly_count:] or pool
    for n in range(one_off_count):
        # About one gift in eight is a donor giving again.
        person_id = one_off_pool[n % len(one_off_pool)]
        if n > 10 and rng.random() < 0.12:
            person_id = one_off_pool[rng.randrange(min(n, len(one_off_pool)))]
        gifts.append(
            Gift(
                person_id=person_id,
                amount_cents=pick(rng, ONE_OFF) * 100,
                paid_at=moment_in(rng, now),
                method=Method.SEPA if rng.random() < 0.12 else Method.CARD,
                page=page,
                attribution=_attribution(rng),
            )
        )
    treasurer = get_user_model().objects.filter(email="thomas.legall@voix-citoyennes.fr").first()
    for _n in range(scaled(20, 2)):  # cheques and transfers received at stalls and by post
        gifts.append(
            Gift(
                person_id=rng.choice(pool),
                amount_cents=rng.choice([2000, 3000, 5000, 10000, 15000]),
                paid_at=moment_in(rng, now),
                method=rng.choice([Method.CHEQUE, Method.CHEQUE, Method.TRANSFER]),
                provider="offline",
            )
        )
    donations = write_gifts(
        organization, gifts, addresses=addresses, key="vc", recorded_by=treasurer
    )
    refunded = _refunds(donations, rng)
    return {"donations": len(donations), "page": page, "refunds": refunded}


def _refunds(donations: list[Donation], rng: random.Random) -> int:
    """A few refunds (one partial) through the lifecycle: totals, timeline, credit notes."""
    candidates = [
        d
        for d in donations
        if d.status == Status.SUCCEEDED and d.subscription_id is None and d.provider == "test"
    ]
    chosen = rng.sample(candidates, min(len(candidates), scaled(6, 2)))
    for index, donation in enumerate(chosen):
        part = donation.amount_cents // 2 if index == 0 else donation.amount_cents
        donation_refunded(donation=donation, refunded_cents=part)
    return len(chosen)
