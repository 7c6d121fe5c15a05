"""The public fundraising page as donors see it: texts per language, the thermometer, the
amounts, what each legal profile asks and refuses, co-branding, the embed and its script."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from turnout.campaigns.tests.factories import CampaignFactory, ParticipationFactory
from turnout.donations.models import Donation, ProfileKind
from turnout.organizations.tests.factories import OrganizationFactory

from .factories import DonationFactory, FundraisingPageFactory
from .pages_helpers import DONOR, FR_ADDRESS, give_url, published_page, text, with_profile

pytestmark = [pytest.mark.django_db]

STRIPE_AND_MOLLIE = {
    "stripe": {
        "BACKEND": "turnout.donations.providers.stripe.StripeBackend",
        "OPTIONS": {"secret_key": "sk_test_fake", "webhook_secret": "whsec_fake"},
    },
    "mollie": {
        "BACKEND": "turnout.donations.providers.mollie.MollieBackend",
        "OPTIONS": {"api_key": "test_fake"},
    },
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def flat(response) -> str:
    """The page's text with tags removed (figures split by <strong> read as one line)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text(response)))


def give(client, page, **data):
    return client.post(give_url(page, lang="en"), {**DONOR, **data})


def errors_of(response) -> list[str]:
    return re.findall(r'<p class="error" role="alert">([^<]+)</p>', text(response))


# --- What the page shows --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "story"),
    [
        ("fr", "Financez la campagne", "Chaque euro compte."),
        ("en", "Fund the campaign", "Every euro counts."),
        ("de", "Finanzieren Sie die Kampagne", "Jeder Euro zählt."),
    ],
)
def test_the_page_in_each_language_with_its_thermometer_and_amounts(
    client, org_a, lang, title, story
):
    page = published_page(org_a, raised_cents=1_250_000, donation_count=3)
    for _n in range(3):
        DonationFactory(organization=org_a, page=page, amount_cents=1000)
    response = client.get(give_url(page, lang=lang))
    assert response.status_code == 200
    body = flat(response)
    assert f"<h1>{title}</h1>" in text(response)
    assert story in body
    assert "62 %" in body
    assert {"fr": "3 donateurs", "en": "3 donors", "de": "3 Spender/innen"}[lang] in body
    assert {"fr": "12 500 €", "en": "12,500 €", "de": "12.500 €"}[lang] in body
    amounts = re.findall(r'name="amount" value="(\d+)"', text(response))
    assert amounts == ["1500", "3500", "5000", "10000"]
    checked = re.search(r'name="amount" value="(\d+)"[^>]*checked', text(response))
    assert checked.group(1) == "5000"  # the middle one: dare to ask
    assert 'name="other_amount"' in text(response)


def test_without_a_goal_the_page_shows_the_totals_only(client, org_a):
    page = published_page(org_a, goal_cents=None, raised_cents=4200)
    body = flat(client.get(give_url(page, lang="en")))
    assert "42 € raised" in body
    assert "% of the goal" not in body


def test_open_graph_and_twitter_cards(client, org_a, settings):
    settings.SITE_URL = "https://dons.example.org"
    page = published_page(org_a)
    body = text(client.get(give_url(page, lang="en")))
    assert '<meta property="og:title" content="Fund the campaign">' in body
    assert (
        f'<meta property="og:url" content="https://dons.example.org/en/give/{page.slug}/">' in body
    )
    assert '<meta property="og:locale" content="en_GB">' in body
    assert '<meta name="twitter:card" content="summary">' in body


def test_a_draft_is_not_found_and_a_closed_page_shows_totals_without_form(client, org_a):
    draft = FundraisingPageFactory(organization=org_a, status="draft")
    assert client.get(give_url(draft)).status_code == 404
    assert client.get(give_url(draft, "embed")).status_code == 404
    assert client.get(give_url(draft, "widget")).status_code == 404
    closed = published_page(org_a, status="closed", raised_cents=90_000)
    response = client.get(give_url(closed, lang="en"))
    body = flat(response)
    assert response.status_code == 200
    assert "This fundraiser is closed" in body and "900 € raised" in body
    assert "<form" not in text(response).split("<main", 1)[1]


def test_the_test_provider_is_labelled_and_no_choice_is_offered(client, org_a):
    body = text(client.get(give_url(published_page(org_a), lang="en")))
    assert "Test payments — no money moves" in body
    assert 'name="provider"' not in body


def test_with_two_real_providers_the_donor_chooses(client, org_a, settings):
    settings.TURNOUT_PAYMENT_PROVIDERS = STRIPE_AND_MOLLIE
    settings.TURNOUT_PAYMENT_PROVIDER = "stripe"
    body = text(client.get(give_url(published_page(org_a), lang="en")))
    assert 'name="provider" value="stripe"' in body and 'name="provider" value="mollie"' in body
    assert "no money moves" not in body


def test_monthly_switch_only_when_allowed(client, org_a):
    monthly = text(client.get(give_url(published_page(org_a, monthly_default=True))))
    assert re.search(r'name="frequency" value="monthly"[^>]*checked', monthly)
    once = text(client.get(give_url(published_page(org_a, allow_monthly=False))))
    assert 'name="frequency"' not in once


def test_the_public_page_reads_a_fixed_number_of_queries(
    client, org_a, django_assert_max_num_queries
):
    campaign = CampaignFactory(organization=org_a)
    page = published_page(org_a, campaign=campaign)
    with_profile(org_a, ProfileKind.FR_PARTY)
    for _n in range(30):
        DonationFactory(organization=org_a, page=page)
    with django_assert_max_num_queries(6):
        response = client.get(give_url(page))
    assert response.status_code == 200


# --- What each legal profile asks -----------------------------------------------------------


def fields_of(response) -> set[str]:
    return set(re.findall(r'name="(natural_person|nationality|address_lines|postal_code|'
                          r'locality|country)"', text(response)))  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "asked"),
    [
        (ProfileKind.NONE, set()),
        (ProfileKind.FR_PARTY, {"natural_person", "nationality", "address_lines", "postal_code",
                                "locality", "country"}),
        (ProfileKind.FR_CANDIDATE, {"natural_person", "nationality", "address_lines",
                                    "postal_code", "locality", "country"}),
        (ProfileKind.FR_ASSOCIATION, {"address_lines", "postal_code", "locality", "country"}),
        (ProfileKind.DE_PARTY, {"nationality", "address_lines", "postal_code", "locality",
                                "country"}),
        (ProfileKind.AT_PARTY, {"nationality", "address_lines", "postal_code", "locality",
                                "country"}),
    ],
)  # fmt: skip
def test_each_legal_profile_asks_its_details(client, org_a, kind, asked):
    if kind != ProfileKind.NONE:
        with_profile(org_a, kind)
    response = client.get(give_url(published_page(org_a), lang="en"))
    assert fields_of(response) == asked
    assert "anonymous" not in text(response).lower().split("gifts made here are never")[0][-200:]


def test_an_association_shows_what_the_gift_costs_after_the_tax_reduction(client, org_a):
    with_profile(org_a, ProfileKind.FR_ASSOCIATION)
    page = published_page(org_a)
    body = flat(client.get(give_url(page, lang="en")))
    # 50 € selected first: 66 % of it comes back as a tax reduction.
    assert "This gift costs you 17 € after the 66 % income-tax reduction." in body
    # Not an amount: the line waits, hidden, for one.
    typed = text(give(client, page, amount="", other_amount="abc"))
    assert re.search(r'class="tax-cost"[^>]*hidden', typed)


def test_no_tax_line_without_a_french_profile(client, org_a):
    assert "costs you" not in flat(client.get(give_url(published_page(org_a), lang="en")))


def test_a_company_may_not_give_to_a_french_party(client, org_a):
    with_profile(org_a, ProfileKind.FR_PARTY)
    page = published_page(org_a)
    response = give(client, page, **{**FR_ADDRESS, "natural_person": ""})
    assert response.status_code == 400
    body = text(response)
    assert "Only natural persons may give to a political party in France" in body
    # Next to the box it is about, everything typed still there.
    box = body.index('name="natural_person"')
    message = body.index("Only natural persons may give")
    assert 0 < message - box < 1500
    assert 'value="12 rue des Lilas"' in body and 'value="Camille"' in body
    assert not Donation.objects.exists()


def test_a_foreigner_living_abroad_may_not_give_to_a_french_party(client, org_a):
    with_profile(org_a, ProfileKind.FR_PARTY)
    page = published_page(org_a)
    response = give(client, page, **{**FR_ADDRESS, "nationality": "DE", "country": "DE"})
    assert response.status_code == 400
    body = text(response)
    message = body.index("Only French nationals and people who live in France")
    assert 0 < message - body.index('name="nationality"') < 3000
    assert not Donation.objects.exists()


def test_over_the_yearly_cap_of_a_french_party(client, org_a):
    with_profile(org_a, ProfileKind.FR_PARTY)
    page = published_page(org_a)
    response = give(client, page, amount="", other_amount="7600", **FR_ADDRESS)
    assert response.status_code == 400
    errors = errors_of(response)
    assert any("at most 7,500 € a year" in e.replace("\u00a0", " ") for e in errors), errors
    body = text(response)
    assert 'name="other_amount" value="7600"' in body
    assert not Donation.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "Enter an amount above zero."),
        ("-5", "Enter an amount above zero."),
        ("12,345", "Enter an amount with at most two decimals, e.g. 35,50."),
        ("abc", "Enter an amount in euros, e.g. 35 or 35,50."),
        ("2000000", "This is more than 1,000,000 €: check the amount."),
    ],
)
def test_amounts_that_are_not_gifts_are_refused_with_the_reason(client, org_a, typed, message):
    page = published_page(org_a)
    response = client.post(
        give_url(page, lang="en"), {**DONOR, "amount": "", "other_amount": typed}
    )
    assert response.status_code == 400
    assert message in [e.replace("\u00a0", " ") for e in errors_of(response)]
    assert f'name="other_amount" value="{typed}"' in text(response)
    assert not Donation.objects.exists()


def test_below_the_smallest_gift_and_no_amount_chosen(client, org_a):
    page = published_page(org_a, minimum_cents=500)
    small = client.post(give_url(page, lang="en"), {**DONOR, "amount": "", "other_amount": "2"})
    assert "The smallest gift on this page is 5 €." in [
        e.replace("\u00a0", " ") for e in errors_of(small)
    ]
    none = client.post(give_url(page, lang="en"), {**DONOR, "amount": "", "other_amount": ""})
    assert "Choose an amount." in errors_of(none)


def test_a_german_party_limits_gifts_from_outside_the_eu(client, org_a):
    with_profile(org_a, ProfileKind.DE_PARTY)
    page = published_page(org_a)
    details = {"nationality": "--", "address_lines": "1 Main St", "postal_code": "10001",
               "locality": "New York", "country": "--"}  # fmt: skip
    response = give(client, page, amount="", other_amount="1500", **details)
    assert response.status_code == 400
    assert "neither a citizen of a European Union country nor resident in Germany" in text(response)
    allowed = give(client, page, amount="", other_amount="200", **details)
    assert allowed.status_code == 302
    donation = Donation.objects.get()
    assert (donation.nationality, donation.anonymous) == ("", False)


# --- Co-branding ----------------------------------------------------------------------------


def test_a_co_branded_page_shows_the_campaign_and_the_landing_lists_it(client, org_a):
    initiator = OrganizationFactory(name="Voix Citoyennes Initiative")
    campaign = CampaignFactory(organization=initiator, name={"fr": "Votez quand même 2027"})
    ParticipationFactory(campaign=campaign, organization=org_a)
    page = published_page(org_a, campaign=campaign, title={"fr": "Financez Vote Anyway 2027"})
    body = text(client.get(give_url(page)))
    assert "Voix Citoyennes Initiative × Voix Citoyennes" in body
    assert f'href="/fr/c/{campaign.slug}/"' in body and "Votez quand même 2027" in body
    landing = text(client.get(f"/fr/c/{campaign.slug}/"))
    assert "Support the campaign" in landing or 'id="support"' in landing
    assert f'href="/fr/give/{page.slug}/"' in landing and "Financez Vote Anyway 2027" in landing


def test_a_suspended_participant_loses_the_co_branding_and_the_listing(client, org_a):
    campaign = CampaignFactory()
    ParticipationFactory(campaign=campaign, organization=org_a, status="suspended")
    page = published_page(org_a, campaign=campaign)
    body = text(client.get(give_url(page)))
    assert f"/c/{campaign.slug}/" not in body
    assert f"/give/{page.slug}/" not in text(client.get(f"/fr/c/{campaign.slug}/"))


def test_drafts_are_not_listed_on_the_campaign(client):
    campaign = CampaignFactory()
    draft = FundraisingPageFactory(organization=campaign.organization, campaign=campaign,
                                   status="draft")  # fmt: skip
    assert f"/give/{draft.slug}/" not in text(client.get(f"/fr/c/{campaign.slug}/"))


# --- Embed and script -----------------------------------------------------------------------


def test_the_embed_may_be_framed_by_the_allowed_sites_and_posts_to_the_top(client, org_a):
    page = published_page(org_a, frame_ancestors="https://blog.example.org\njavascript:alert(1)")
    response = client.get(give_url(page, "embed"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors https://blog.example.org" in policy
    assert "javascript" not in policy
    assert "X-Frame-Options" not in response
    assert 'target="_top"' in text(response)
    anywhere = client.get(give_url(published_page(org_a), "embed"))
    assert "frame-ancestors *" in anywhere["Content-Security-Policy"]
    # The page itself is never framed.
    assert "frame-ancestors 'none'" in client.get(give_url(page))["Content-Security-Policy"]


def test_the_embedded_form_starts_the_checkout_at_the_top_level(client, org_a):
    page = published_page(org_a)
    form = text(client.get(give_url(page, "embed")))
    assert f'action="/fr/give/{page.slug}/embed/"' in form and 'target="_top"' in form
    token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    client.handler.enforce_csrf_checks = True
    response = client.post(give_url(page, "embed"), {**DONOR, "form_token": token})
    assert response.status_code == 302 and "/donate/test-checkout/" in response["Location"]
    embed = give_url(page, "embed", lang="en")
    expired = client.post(embed, {**DONOR, "form_token": "bad"})
    assert expired.status_code == 400
    assert "This form has expired" in text(expired)
    assert "<html" in text(expired) and "site-header" in text(expired)  # the full page
    assert Donation.objects.count() == 1


def test_the_widget_script_inserts_the_frame(client, org_a, settings):
    settings.SITE_URL = "https://dons.example.org"
    page = published_page(org_a)
    response = client.get(give_url(page, "widget"))
    assert response["Content-Type"].startswith("application/javascript")
    body = response.content.decode()
    assert f'"https://dons.example.org/fr/give/{page.slug}/embed/"' in body
    assert '"utm_source"' in body and "turnout:embed-height" in body


def test_a_page_with_only_a_free_amount(client, org_a):
    page = published_page(org_a, suggested_cents=[])
    form = text(client.get(give_url(page, lang="en")))
    assert 'name="amount"' not in form and 'name="other_amount"' in form
    empty = give(client, page, amount="")
    assert errors_of(empty) == ["Type the amount you want to give."]
    assert give(client, page, amount="", other_amount="12").status_code == 302
    assert Donation.objects.get().amount_cents == 1200
