"""Fundraising pages in the workspace, as organizers use them: the list with thermometers,
create and edit (errors keep what was typed), publish and close, preview, embed snippets."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from turnout.campaigns.tests.factories import CampaignFactory, ParticipationFactory
from turnout.core.models import AuditEvent
from turnout.donations import _labels_pages
from turnout.donations.forms_pages import parse_amounts
from turnout.donations.models import FundraisingPage, ProfileKind
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

from .factories import DonationFactory, FundraisingPageFactory
from .pages_helpers import give_url, published_page, text, with_profile

pytestmark = [pytest.mark.django_db]


def url(name, org, **kwargs):
    return reverse(f"donations:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def organizer(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.ORGANIZER).user)
    return client


NEW_PAGE = {
    "slug": "financez-2027",
    "title_fr": "Financez Vote Anyway 2027",
    "title_en": "Fund Vote Anyway 2027",
    "story_fr": "Affiches, tracts, salles : tout coûte.",
    "thank_you_fr": "Merci ! Parlez-en autour de vous.",
    "goal": "120 000",
    "currency": "EUR",
    "suggested": "15, 35, 50, 100",
    "allow_custom": "on",
    "minimum": "2",
    "allow_monthly": "on",
    "frame_ancestors": "https://blog.example.org",
    "ask-0-kind": "event",
    "ask-0-url": "https://voix.example.org/soiree",
    "ask-0-label_fr": "Venez à la soirée de lancement",
    "ask-1-kind": "",
    "ask-2-kind": "",
}


def test_organizer_creates_a_page_as_a_draft(organizer, org_a):
    response = organizer.post(url("page_create", org_a), NEW_PAGE)
    assert response.status_code == 302, text(response)[:3000]
    page = FundraisingPage.objects.get(slug="financez-2027")
    assert page.organization == org_a and page.status == FundraisingPage.Status.DRAFT
    assert page.title == {"fr": "Financez Vote Anyway 2027", "en": "Fund Vote Anyway 2027"}
    assert (page.goal_cents, page.minimum_cents) == (12_000_000, 200)
    assert page.suggested_cents == [1500, 3500, 5000, 10000]
    assert page.next_asks == [
        {"kind": "event", "label": {"fr": "Venez à la soirée de lancement"},
         "url": "https://voix.example.org/soiree"}
    ]  # fmt: skip
    assert response["Location"] == url("page_edit", org_a, page_id=page.pk)
    event = AuditEvent.objects.get(organization=org_a, action="donations.page_created")
    assert event.action in _labels_pages.LABELS
    # A draft is nobody's business outside the team.
    assert organizer.get(give_url(page)).status_code == 404


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("suggested", "15, abc, 50", "“abc”: Enter an amount in euros"),
        ("goal", "-5", "Enter an amount above zero."),
        ("minimum", "1,234", "at most two decimals"),
        ("suggested", "1, 2, 3, 4, 5, 6, 7", "Suggest at most 6 amounts"),
        ("frame_ancestors", "blog.example.org", "Not a site address: blog.example.org"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_typed_is_lost(
    organizer, org_a, field, typed, message
):
    response = organizer.post(url("page_create", org_a) .replace("/fr/", "/en/"),
                              {**NEW_PAGE, field: typed})  # fmt: skip
    assert response.status_code == 400
    body = text(response)
    assert message in body
    assert 'value="Financez Vote Anyway 2027"' in body
    assert "Affiches, tracts, salles : tout coûte." in body
    assert "https://voix.example.org/soiree" in body
    assert not FundraisingPage.objects.exists()


def test_a_taken_address_is_refused(organizer, org_a, org_b):
    FundraisingPageFactory(organization=org_b, slug="financez-2027")
    response = organizer.post(url("page_create", org_a).replace("/fr/", "/en/"), NEW_PAGE)
    assert response.status_code == 400
    assert "This address is already taken." in text(response)
    assert FundraisingPage.objects.filter(organization=org_a).count() == 0


def test_suggested_amounts_are_read_as_people_type_them():
    assert parse_amounts("15, 35, 50, 100") == [1500, 3500, 5000, 10000]
    assert parse_amounts("15;35;50") == [1500, 3500, 5000]
    assert parse_amounts("15,35,50,100") == [1500, 3500, 5000, 10000]
    assert parse_amounts("35,50, 10 ; 10") == [1000, 3550]
    assert parse_amounts("") == []


def test_a_smallest_gift_above_a_suggested_amount_is_refused(organizer, org_a):
    response = organizer.post(url("page_create", org_a).replace("/fr/", "/en/"),
                              {**NEW_PAGE, "minimum": "20"})  # fmt: skip
    assert response.status_code == 400
    assert "is below the smallest gift" in text(response)


def test_a_french_profile_keeps_the_euro(organizer, org_a):
    with_profile(org_a, ProfileKind.FR_ASSOCIATION)
    response = organizer.post(url("page_create", org_a).replace("/fr/", "/en/"),
                              {**NEW_PAGE, "currency": "CHF"})  # fmt: skip
    assert response.status_code == 400
    assert "keep the euro" in text(response)


def test_only_its_own_or_joined_campaigns_can_co_brand_a_page(organizer, org_a, org_b):
    own = CampaignFactory(organization=org_a)
    joined = CampaignFactory(organization=org_b)
    ParticipationFactory(campaign=joined, organization=org_a)
    waiting = CampaignFactory(organization=org_b)
    ParticipationFactory(campaign=waiting, organization=org_a, status="applied")
    stranger = CampaignFactory(organization=org_b)
    form = text(organizer.get(url("page_create", org_a)))
    offered = set(re.findall(r'<option value="(\d+)"', form))
    assert offered == {str(own.pk), str(joined.pk)}
    refused = organizer.post(url("page_create", org_a), {**NEW_PAGE, "campaign": stranger.pk})
    assert refused.status_code == 400
    accepted = organizer.post(url("page_create", org_a), {**NEW_PAGE, "campaign": joined.pk})
    assert accepted.status_code == 302
    assert FundraisingPage.objects.get().campaign == joined


def test_edit_publish_close_and_open_again(organizer, org_a):
    page = FundraisingPageFactory(organization=org_a, status="draft", slug="avant")
    form = text(organizer.get(url("page_edit", org_a, page_id=page.pk)))
    assert 'value="avant"' in form and 'value="Financez la campagne"' in form
    saved = organizer.post(url("page_edit", org_a, page_id=page.pk), {**NEW_PAGE, "slug": "apres"})
    assert saved.status_code == 302
    page.refresh_from_db()
    assert page.slug == "apres" and page.goal_cents == 12_000_000
    status = url("page_status", org_a, page_id=page.pk)
    organizer.post(status, {"op": "publish"})
    page.refresh_from_db()
    assert page.status == "published"
    assert organizer.get(give_url(page)).status_code == 200
    # Published: the address is fixed (people may have it).
    organizer.post(url("page_edit", org_a, page_id=page.pk), {**NEW_PAGE, "slug": "autre"})
    page.refresh_from_db()
    assert page.slug == "apres"
    organizer.post(status, {"op": "close"})
    page.refresh_from_db()
    assert page.status == "closed"
    closed = text(organizer.get(give_url(page)))
    assert 'name="amount"' not in closed
    organizer.post(status, {"op": "publish"})
    page.refresh_from_db()
    assert page.status == "published"
    actions = set(AuditEvent.objects.filter(organization=org_a).values_list("action", flat=True))
    assert {
        "donations.page_updated",
        "donations.page_published",
        "donations.page_closed",
    } <= actions


def test_the_list_shows_each_page_with_its_thermometer(organizer, org_a, org_b):
    page = published_page(org_a, goal_cents=100_000, raised_cents=25_000, title={"fr": "Affiches"})
    for _n in range(2):
        DonationFactory(organization=org_a, page=page, amount_cents=12_500)
    FundraisingPageFactory(organization=org_a, status="draft", title={"fr": "Brouillon"})
    FundraisingPageFactory(organization=org_b, title={"fr": "Chez les autres"})
    body = text(organizer.get(url("page_list", org_a)))
    assert "Affiches" in body and "Brouillon" in body
    assert "Chez les autres" not in body
    assert "25 %" in body
    assert 'width="25"' in body


def test_the_editor_gives_embed_snippets_and_a_preview(organizer, org_a, settings):
    settings.SITE_URL = "https://dons.example.org"
    page = FundraisingPageFactory(organization=org_a, status="draft")
    body = text(organizer.get(url("page_edit", org_a, page_id=page.pk)))
    assert f"https://dons.example.org/en/give/{page.slug}/widget.js" in body
    assert f"https://dons.example.org/en/give/{page.slug}/embed/" in body
    assert 'data-copy-link="embed-script"' in body
    preview = organizer.get(url("page_preview", org_a, page_id=page.pk))
    assert preview.status_code == 200
    assert "Fund the campaign" in text(preview)
    assert re.search(r'<button type="submit"\s+disabled', text(preview))


def test_volunteers_do_not_manage_pages(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user)
    page = FundraisingPageFactory(organization=org_a)
    assert client.get(url("page_list", org_a)).status_code == 403
    assert (
        client.post(url("page_status", org_a, page_id=page.pk), {"op": "close"}).status_code == 403
    )


def test_another_organizations_page_is_not_found(organizer, org_a, org_b):
    theirs = FundraisingPageFactory(organization=org_b)
    for name in ("page_edit", "page_preview"):
        assert organizer.get(url(name, org_a, page_id=theirs.pk)).status_code == 404
    assert organizer.post(url("page_status", org_a, page_id=theirs.pk),
                          {"op": "close"}).status_code == 404  # fmt: skip
    theirs.refresh_from_db()
    assert theirs.status == "published"


def test_the_list_reads_a_fixed_number_of_queries(organizer, org_a, django_assert_max_num_queries):
    for _n in range(8):
        page = published_page(org_a)
        DonationFactory(organization=org_a, page=page)
    with django_assert_max_num_queries(12):
        assert organizer.get(url("page_list", org_a)).status_code == 200
