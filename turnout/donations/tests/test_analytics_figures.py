"""Donor analytics figures against small known data, computed by hand (the clock is frozen on
Tuesday 24 November 2026, 10:00 in Paris)."""

import datetime

import pytest

from turnout.donations import selectors_analytics as figures

from .analytics_helpers import at, gifts_2026, monthly_gifts
from .factories import DonationFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(org_a, org_b):
    return gifts_2026(org_a, org_b)


@pytest.fixture
def subscriptions(org_a, org_b):
    monthly_gifts(org_a, org_b)


def year(org):
    period = figures.period_for("year")
    return {"organization": org, "currency": "EUR", "period": period}


def test_periods():
    today = datetime.date(2026, 11, 24)
    assert figures.period_for("year", today=today).first == datetime.date(2026, 1, 1)
    twelve = figures.period_for("12m", today=today)
    assert (twelve.first, twelve.last) == (datetime.date(2025, 12, 1), today)
    assert len(twelve.months) == 12
    custom = figures.period_for(
        "custom", first=datetime.date(2026, 2, 3), last=datetime.date(2026, 2, 3), today=today
    )
    assert custom.end - custom.start == datetime.timedelta(days=1)


def test_summary_counts_what_is_left_after_refunds(org_a, data):
    summary = figures.gift_summary(**year(org_a))
    assert summary["raised"] == 1000 + 3500 + 3000 + 25000 + 1500 + 1500 + 2000 == 37500
    assert summary["gross"] == 49500 and summary["refunded"] == 12000
    assert summary["gifts"] == 7  # the gift refunded in full is not one
    assert summary["donors"] == 6  # the monthly donor gave twice
    assert summary["monthly_gifts"] == 2
    # < 15, 15–34, 35–49, 50–99, 100–249, 250+ (net amounts)
    assert summary["sizes"] == [1, 4, 1, 0, 0, 1]


def test_median_is_the_middle_gift_or_the_mean_of_the_two_middle_ones(org_a, data):
    assert figures.gift_median(**year(org_a), count=7) == 2000  # 10 15 15 [20] 30 35 250
    DonationFactory(organization=org_a, amount_cents=99999, paid_at=at(2026, 6, 2))
    assert figures.gift_median(**year(org_a), count=8) == (2000 + 3000) / 2
    assert figures.gift_median(**year(org_a), count=0) is None


def test_months_are_stacked_one_off_and_monthly_with_empty_months(org_a, data):
    rows = figures.gifts_by_month(**year(org_a))
    assert [row["month"].month for row in rows] == list(range(1, 12))
    by_month = {row["month"].month: row for row in rows}
    assert (by_month[2]["one_off"], by_month[2]["one_off_n"]) == (6500, 2)
    assert (by_month[3]["one_off"], by_month[3]["one_off_n"]) == (25000, 1)
    assert (by_month[4]["one_off"], by_month[4]["monthly"]) == (0, 0)
    assert (by_month[10]["monthly"], by_month[10]["monthly_n"], by_month[10]["one_off"]) == (
        1500,
        1,
        0,
    )


def test_a_gift_paid_late_on_new_years_eve_in_paris_is_last_years(org_a, data):
    rows = figures.gifts_by_month(
        organization=org_a, currency="EUR", period=figures.period_for("12m")
    )
    assert rows[0]["month"] == datetime.date(2025, 12, 1)
    assert rows[0]["one_off"] == 7777


def test_by_source_uses_the_code_then_utm_source_then_direct(org_a, data):
    rows = figures.gifts_by_source(**year(org_a))
    assert [(r["source"], r["total"], r["gifts"]) for r in rows] == [
        ("facebook", 25000, 1),
        ("", 8000, 4),
        ("partner-a", 3500, 1),
        ("newsletter", 1000, 1),
    ]


def test_by_page(org_a, data):
    rows = figures.gifts_by_page(**year(org_a))
    assert [(r["page"], r["total"], r["gifts"]) for r in rows] == [
        (data["p2"], 25000, 1),
        (data["p1"], 6500, 2),
        (None, 6000, 4),
    ]


def test_currencies_in_use_eur_first(org_a, data):
    assert figures.currencies_in_use(organization=org_a) == ["EUR", "CHF"]


def test_mrr_and_churn_month_by_month(org_a, subscriptions):
    result = figures.monthly_figures(organization=org_a, currency="EUR")
    rows = {(r["month"].year, r["month"].month): r for r in result.months}
    assert next(iter(rows)) == (2025, 12) and list(rows)[-1] == (2026, 11)
    mrr = [r["mrr"] for r in result.months]
    assert mrr == [2000, 3000, 3000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 3500, 3500]
    assert [r["start"] for r in result.months] == [1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 2]
    assert [r["new"] for r in result.months] == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert [r["lost"] for r in result.months] == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert rows[(2026, 3)]["churn"] == 50.0 and rows[(2026, 11)]["churn"] == 50.0
    assert rows[(2026, 4)]["churn"] == 0.0
    assert (result.mrr, result.active) == (3500, 2)


def test_churn_without_anyone_active_at_the_start_is_unknown(org_a):
    SubscriptionFactory(organization=org_a, started_at=at(2026, 11, 2))
    rows = figures.monthly_figures(organization=org_a, currency="EUR").months
    assert rows[-1]["churn"] is None and rows[-1]["new"] == 1


def test_cohorts_keep_rate_after_1_3_6_12_months(org_a, subscriptions):
    rows = {(r["month"].year, r["month"].month): r for r in figures.cohorts(
        organization=org_a, currency="EUR")}  # fmt: skip
    assert min(rows) == (2025, 6)  # the first month with a start; none before
    assert len(rows) == 18

    def percents(key):
        return [cell["percent"] for cell in rows[key]["cells"]]

    assert rows[(2025, 6)]["size"] == 1 and percents((2025, 6)) == [100.0] * 4
    assert percents((2026, 1)) == [100.0, 0.0, 0.0, None]  # stopped 15 March
    assert percents((2026, 10)) == [None] * 4  # November is not over
    assert rows[(2025, 7)]["size"] == 0 and percents((2025, 7)) == [None] * 4
