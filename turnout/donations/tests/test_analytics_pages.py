"""The donor analytics page: figures as people read them, charts, empty states, the period
and currency choices, who may see it, and a query budget that does not grow with the data."""

import pytest
from django.urls import reverse

from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

from .analytics_helpers import at, gifts_2026, monthly_gifts
from .factories import DonationFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def known(org_a, org_b):
    """The gifts and the monthly gifts whose figures are computed by hand."""
    gifts_2026(org_a, org_b)
    monthly_gifts(org_a, org_b)


def url(org, **query):
    base = reverse("donations:analytics", kwargs={"org_slug": org.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def member(client, org, role):
    client.force_login(MembershipFactory(organization=org, role=role).user)
    return client


def test_organizer_reads_the_figures_of_this_year(client, org_a, known):
    page = member(client, org_a, Role.ORGANIZER).get(url(org_a)).text
    assert f"375{NBSP}€" in page  # raised, net of refunds
    assert f"495{NBSP}€ paid, 120{NBSP}€ refunded" in page
    assert f"53.57{NBSP}€" in page  # average: 375 / 7
    assert f"20{NBSP}€" in page  # median
    assert "5 one-off, 2 monthly" in page
    assert "Spring appeal" in page and "Autumn appeal" in page and "partner-a" in page
    assert "No page (entered by hand)" in page
    # The monthly donors: MRR now, churn of March, the cohort of January 2026.
    assert f"35{NBSP}€" in page and "50&nbsp;%" in page
    assert 'class="num heat-5">100&nbsp;%' in page and 'class="num heat-0">0&nbsp;%' in page
    # Organizers do not export (admins do).
    assert "Export for accounting" not in page


def test_admin_sees_the_export_link_with_the_period(client, org_a, known):
    page = member(client, org_a, Role.ADMIN).get(url(org_a, period="12m")).text
    export = reverse("donations:export", kwargs={"org_slug": org_a.slug})
    assert f"{export}?period=custom&amp;first=2025-12-01&amp;last=2026-11-24" in page


def test_volunteer_is_refused(client, org_a):
    assert member(client, org_a, Role.VOLUNTEER).get(url(org_a)).status_code == 403


def test_empty_organization_explains_what_will_appear(client_a, org_a):
    page = client_a.get(url(org_a)).text
    assert "No gift paid in this period" in page
    assert "No monthly gift yet" in page
    assert "<svg" not in page.split("No gift paid in this period")[1].split("</section>")[0]


def test_last_12_months_include_last_december(client_a, org_a, known):
    page = client_a.get(url(org_a, period="12m")).text
    assert f"77.77{NBSP}€" in page and "December 2025" in page


def test_a_reversed_custom_period_is_explained_and_kept(client_a, org_a, known):
    page = client_a.get(url(org_a, period="custom", first="2026-06-01", last="2026-02-01")).text
    assert "The start date must be on or before the end date." in page
    assert 'value="2026-06-01"' in page and 'value="2026-02-01"' in page
    assert f"375{NBSP}€" in page  # this year's figures meanwhile


def test_a_custom_period_needs_both_dates(client_a, org_a, known):
    page = client_a.get(url(org_a, period="custom", first="2026-02-01")).text
    assert "Give both dates of the period." in page


def test_a_custom_period(client_a, org_a, known):
    page = client_a.get(url(org_a, period="custom", first="2026-02-01", last="2026-02-28")).text
    assert f"65{NBSP}€" in page  # 35 + (50 - 20 refunded)
    assert "From Feb. 1, 2026 to Feb. 28, 2026" in page


def test_other_currencies_are_said_and_can_be_chosen(client_a, org_a, known):
    page = client_a.get(url(org_a)).text
    assert "Figures in EUR only; gifts in CHF are counted in their own currency" in page
    page = client_a.get(url(org_a, currency="CHF")).text
    assert f"50{NBSP}CHF" in page


def test_query_budget_does_not_grow_with_the_data(
    client_a, org_a, known, django_assert_max_num_queries
):
    client_a.get(url(org_a))  # the first visit stores the organization in the session
    with django_assert_max_num_queries(13):
        assert client_a.get(url(org_a)).status_code == 200
    for n in range(30):
        DonationFactory(organization=org_a, amount_cents=1000 + n, paid_at=at(2026, 1 + n % 10, 3))
        SubscriptionFactory(organization=org_a, started_at=at(2026, 1 + n % 10, 3))
    with django_assert_max_num_queries(13):
        assert client_a.get(url(org_a)).status_code == 200
