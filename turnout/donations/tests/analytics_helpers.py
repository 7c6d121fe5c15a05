"""Small known data of the donor analytics tests (figures computed by hand in the tests)."""

import datetime

from django.utils import timezone

from turnout.donations.models import Donation
from turnout.people.tests.factories import PersonFactory

from .factories import DonationFactory, FundraisingPageFactory, SubscriptionFactory

Status = Donation.Status


def at(year, month, day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def gifts_2026(org_a, org_b):
    """Gifts of 2026 in EUR (net): 10, 35, 50-20 refunded, 250, 20 disputed, and two monthly
    payments of 15 — plus what must not count."""
    p1 = FundraisingPageFactory(organization=org_a, title={"en": "Spring appeal"})
    p2 = FundraisingPageFactory(organization=org_a, title={"en": "Autumn appeal"})
    monthly_donor = PersonFactory(organization=org_a)
    s1 = SubscriptionFactory(
        organization=org_a, person=monthly_donor, amount_cents=1500, started_at=at(2026, 10, 1)
    )
    gift = DonationFactory
    gift(organization=org_a, amount_cents=1000, paid_at=at(2026, 1, 15), utm_source="Newsletter")
    gift(organization=org_a, amount_cents=3500, paid_at=at(2026, 2, 10), page=p1,
         source_code="PARTNER-A", utm_source="facebook")  # fmt: skip
    gift(organization=org_a, amount_cents=5000, refunded_cents=2000, paid_at=at(2026, 2, 20),
         page=p1)  # fmt: skip
    gift(organization=org_a, amount_cents=10000, refunded_cents=10000, status=Status.REFUNDED,
         paid_at=at(2026, 3, 5), page=p2)  # fmt: skip
    gift(organization=org_a, amount_cents=25000, paid_at=at(2026, 3, 6), page=p2,
         utm_source="facebook")  # fmt: skip
    for month in (10, 11):
        gift(organization=org_a, person=monthly_donor, subscription=s1, amount_cents=1500,
             paid_at=at(2026, month, 1, 9))  # fmt: skip
    gift(organization=org_a, amount_cents=2000, status=Status.DISPUTED, paid_at=at(2026, 5, 1))
    # Not gifts of the period in EUR: failed, pending, last year, another currency, B's.
    gift(organization=org_a, amount_cents=4000, status=Status.FAILED, paid_at=None)
    gift(organization=org_a, amount_cents=2000, status=Status.PENDING, paid_at=None)
    gift(organization=org_a, amount_cents=7777, paid_at=at(2025, 12, 31, 23, 30))
    gift(organization=org_a, amount_cents=5000, currency="CHF", paid_at=at(2026, 4, 1))
    gift(organization=org_b, amount_cents=99900, paid_at=at(2026, 6, 1))
    return {"p1": p1, "p2": p2}


def monthly_gifts(org_a, org_b):
    def monthly(amount, started, cancelled=None, **kwargs):
        kwargs.setdefault("organization", org_a)
        kwargs.setdefault("status", "cancelled" if cancelled else "active")
        return SubscriptionFactory(
            amount_cents=amount, started_at=started, cancelled_at=cancelled, **kwargs
        )

    monthly(1500, at(2026, 10, 1, 10))
    monthly(1000, at(2026, 1, 10), at(2026, 3, 15))
    monthly(2000, at(2025, 6, 1))
    monthly(500, at(2026, 11, 5), at(2026, 11, 20))
    monthly(700, None, status="pending")  # never started
    monthly(3000, at(2026, 2, 1), currency="CHF")
    monthly(9900, at(2026, 2, 1), organization=org_b)
