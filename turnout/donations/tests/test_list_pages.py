"""The list of every donation and one donation's page."""

import pytest
from django.urls import reverse

from turnout.donations.models import Donation, ProviderEvent
from turnout.donations.providers import get_payment_backend
from turnout.donations.services.events import payment_event_apply
from turnout.donations.services.receipts import receipt_issue
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory

from .analytics_helpers import at
from .factories import DonationFactory, FundraisingPageFactory, SubscriptionFactory
from .providers_helpers import pending

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def url(name, org, **kwargs):
    return reverse(f"donations:{name}", kwargs={"org_slug": org.slug, **kwargs})


def donor(org, given, family, email):
    person = PersonFactory(organization=org, given_name=given, family_name=family)
    EmailAddressFactory(person=person, organization=org, address=email, primary=True)
    return person


@pytest.fixture
def gifts(org_a, org_b):
    page = FundraisingPageFactory(organization=org_a, title={"en": "Spring appeal"})
    anne = donor(org_a, "Anne", "Kervella", "anne@example.org")
    marc = donor(org_a, "Marc", "Tanguy", "marc.t@example.net")
    zoe = donor(org_a, "Zoé", "Quéré", "zq@example.com")
    monthly = SubscriptionFactory(organization=org_a, person=marc, amount_cents=1000)
    # name: (donor, amount, paid on (month, day) or None, other fields)
    plan = {
        "card": (anne, 3500, (3, 2), {"page": page}),
        "cheque": (anne, 12000, (5, 9), {"provider": "offline", "provider_id": "",
                                          "method": "cheque"}),
        "monthly": (marc, 1000, (6, 1), {"subscription": monthly, "method": "sepa"}),
        "failed": (marc, 5000, None, {"status": Donation.Status.FAILED}),
        "partly": (zoe, 5000, (7, 1), {"refunded_cents": 2000}),
    }  # fmt: skip
    made = {
        name: DonationFactory(
            organization=org_a,
            person=person,
            amount_cents=amount,
            paid_at=at(2026, *day) if day else None,
            **fields,
        )
        for name, (person, amount, day, fields) in plan.items()
    }
    made["other_tenant"] = DonationFactory(organization=org_b, amount_cents=77700)
    return {"page": page, **made}


def listed(client, org, **query):
    response = client.get(url("donation_list", org), query)
    assert response.status_code == 200
    return response.text


def test_every_donation_of_the_organization_with_amounts(client_a, org_a, gifts):
    page = listed(client_a, org_a)
    assert "5 donations" in page
    assert f"120{NBSP}€" in page and f"35{NBSP}€" in page
    assert f"20{NBSP}€ refunded" in page and "partly refunded" in page
    assert "anne@example.org" in page and "Spring appeal" in page
    assert "Entered by hand" in page and "Failed" in page and "Monthly" in page
    assert f"777{NBSP}€" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "failed"}, ["failed"]),
        ({"provider": "offline"}, ["cheque"]),
        ({"method": "sepa"}, ["monthly"]),
        ({"kind": "monthly"}, ["monthly"]),
        ({"kind": "one_off", "q": "anne"}, ["card", "cheque"]),
        ({"q": "example.net"}, ["monthly", "failed"]),
        ({"q": "Anne Kervella"}, ["card", "cheque"]),
        ({"first": "2026-05-01", "last": "2026-06-30"}, ["cheque", "monthly"]),
    ],
)
def test_filters(client_a, org_a, gifts, query, expected):
    page = listed(client_a, org_a, **query)
    shown = {name for name, d in gifts.items() if name != "page" and f">DON-{d.pk:06d}<" in page}
    assert shown == set(expected)


def test_filter_by_page(client_a, org_a, gifts):
    page = listed(client_a, org_a, page=gifts["page"].pk)
    assert f"DON-{gifts['card'].pk:06d}" in page and "1 donation" in page


def test_a_page_of_another_organization_is_not_a_choice(client_a, org_a, org_b, gifts):
    foreign = FundraisingPageFactory(organization=org_b)
    page = listed(client_a, org_a, page=foreign.pk)
    assert "Select a valid choice" in page
    assert "5 donations" in page  # the other filters still apply


def test_a_reversed_date_range_is_explained_and_kept(client_a, org_a, gifts):
    page = listed(client_a, org_a, first="2026-06-30", last="2026-05-01", q="anne")
    assert "The start date must be on or before the end date." in page
    assert 'value="2026-06-30"' in page and 'value="anne"' in page
    assert "2 donations" in page  # the search still applies


def test_nothing_matches(client_a, org_a, gifts):
    assert "No donation matches these filters" in listed(client_a, org_a, q="nobody-here")


def test_empty_list_explains_what_will_appear(client_a, org_a):
    assert "No donation yet" in listed(client_a, org_a)


def test_pages_of_fifty(client_a, org_a):
    DonationFactory.create_batch(51, organization=org_a)
    first = listed(client_a, org_a)
    assert first.count(">DON-") == 50 and "Page 1 of 2" in first
    assert listed(client_a, org_a, page=2).count(">DON-") == 1


def test_query_budget(client_a, org_a, django_assert_max_num_queries):
    for n in range(40):
        person = donor(org_a, "P", str(n), f"p{n}@example.org")
        DonationFactory(organization=org_a, person=person, page=FundraisingPageFactory(
            organization=org_a), subscription=SubscriptionFactory(organization=org_a))  # fmt: skip
    client_a.get(url("donation_list", org_a))  # the first visit stores the organization
    with django_assert_max_num_queries(12):
        listed(client_a, org_a)


def test_volunteers_do_not_see_donations(client, org_a, gifts):
    client.force_login(MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user)
    assert client.get(url("donation_list", org_a)).status_code == 403
    detail = url("donation_detail", org_a, donation_id=gifts["card"].pk)
    assert client.get(detail).status_code == 403


def test_another_organizations_donation_is_not_found(client_a, org_a, gifts):
    detail = url("donation_detail", org_a, donation_id=gifts["other_tenant"].pk)
    assert client_a.get(detail).status_code == 404


def test_detail_shows_donor_page_attribution_and_receipts(client_a, org_a, gifts):
    donation = gifts["card"]
    Donation.objects.filter(pk=donation.pk).update(
        source_code="TYCOZ", utm_source="facebook", utm_campaign="vote-2027"
    )
    receipt = receipt_issue(donation=donation)
    page = client_a.get(url("donation_detail", org_a, donation_id=donation.pk)).text
    person = donation.person
    assert (
        reverse("people:detail", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid})
        in page
    )
    assert "anne@example.org" in page and "Spring appeal" in page
    assert "TYCOZ" in page and "vote-2027" in page
    assert receipt.reference in page
    assert url("receipt_download", org_a, receipt_id=receipt.pk) in page
    assert donation.provider_id in page


def test_history_shows_the_providers_events_of_this_donation_only(client_a, org_a):
    backend = get_payment_backend("test")
    donation, other = pending(org_a, provider="test"), pending(org_a, provider="test")
    for d in (donation, other):
        for event in backend.events_for({"d": d.pk}, paid=True):
            payment_event_apply(provider="test", event=event)
    ProviderEvent.objects.create(
        provider="test", event_id=f"test:{donation.pk}:x", kind="weird", organization=org_a,
        outcome="failed", error="amount mismatch",
    )  # fmt: skip
    page = client_a.get(url("donation_detail", org_a, donation_id=donation.pk)).text
    assert "Checkout started" in page
    assert "Provider event “paid”" in page and "Applied" in page
    assert "amount mismatch" in page
    assert f"Gave 35{NBSP}€" in page  # the line it wrote on the donor's timeline
    assert page.count("Provider event") == 2  # not the other donation's


def test_history_finds_a_stripe_event_by_the_payment_reference(client_a, org_a):
    donation = DonationFactory(organization=org_a, provider="stripe", provider_id="pi_abc123")
    ProviderEvent.objects.create(
        provider="stripe", event_id="evt_9", kind="charge.dispute.created", organization=org_a,
        payload={"data": {"object": {"payment_intent": "pi_abc123"}}}, outcome="applied",
    )  # fmt: skip
    ProviderEvent.objects.create(
        provider="stripe", event_id="evt_10", kind="charge.refunded", organization=org_a,
        payload={"data": {"object": {"payment_intent": "pi_abc1234"}}}, outcome="applied",
    )  # fmt: skip
    page = client_a.get(url("donation_detail", org_a, donation_id=donation.pk)).text
    assert "charge.dispute.created" in page and "charge.refunded" not in page


def test_monthly_payment_says_where_its_receipt_is(client_a, org_a, gifts):
    page = client_a.get(url("donation_detail", org_a, donation_id=gifts["monthly"].pk)).text
    assert f"10{NBSP}€ a month" in page and "one annual summary" in page
