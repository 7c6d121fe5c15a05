"""Views of the core area through the test client: setup, join flow, moderation, policies."""

import pytest
from django.core import mail
from django.urls import reverse

from turnout.campaigns.models import Campaign, Participation
from turnout.campaigns.services.campaigns import charter_publish
from turnout.organizations.choices import Role
from turnout.organizations.models import Organization
from turnout.organizations.tests.factories import MembershipFactory

from .factories import CampaignFactory, ParticipationFactory

Status = Participation.Status
pytestmark = pytest.mark.django_db


def ws(name, campaign, org=None, **kwargs):
    org = org or campaign.organization
    return reverse(
        f"campaigns:{name}", kwargs={"org_slug": org.slug, "campaign_slug": campaign.slug, **kwargs}
    )


@pytest.fixture
def campaign(org_a):
    return CampaignFactory(organization=org_a, slug="vote-anyway")


CAMPAIGN_POST = {
    "slug": "europe-2029",
    "languages": ["fr", "en"],
    "name_fr": "L'Europe, j'y vote",
    "name_en": "",
    "tagline_fr": "Votre voix compte",
    "message_fr": "Votez.",
    "election_kind": "european",
    "election_country": "",
    "election_date": "2029-06-10",
    "second_round_date": "",
    "opens_on": "2029-03-01",
    "closes_on": "2029-06-10",
}


def test_create_requires_the_name_in_each_language_and_keeps_input(client_a, org_a):
    url = reverse("campaigns:create", kwargs={"org_slug": org_a.slug})
    response = client_a.post(url, CAMPAIGN_POST)
    assert response.status_code == 400
    assert "The name in English is required" in response.content.decode()
    assert "L&#x27;Europe, j&#x27;y vote" in response.content.decode()
    assert not Campaign.objects.exists()
    response = client_a.post(url, {**CAMPAIGN_POST, "name_en": "Europe, I vote"})
    campaign = Campaign.objects.get(slug="europe-2029")
    assert response.status_code == 302
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.name == {"fr": "L'Europe, j'y vote", "en": "Europe, I vote"}
    assert campaign.languages == ["fr", "en"]
    assert campaign.charters.count() == 1


def test_edit_open_and_close(client_a, org_a):
    campaign = CampaignFactory(organization=org_a, status="draft")
    response = client_a.get(ws("edit", campaign))
    assert response.status_code == 200
    post = {**CAMPAIGN_POST, "name_en": "Renamed", "languages": ["en"]}
    post.pop("slug")
    assert client_a.post(ws("edit", campaign), post).status_code == 302
    campaign.refresh_from_db()
    assert campaign.name_text("en") == "Renamed"
    client_a.post(ws("core_status", campaign), {"to": "open"})
    campaign.refresh_from_db()
    assert campaign.status == "open" and campaign.pledge_action.is_open
    client_a.post(ws("core_status", campaign), {"to": "closed"})
    campaign.refresh_from_db()
    assert campaign.status == "closed"


def test_list_shows_initiated_and_joined_campaigns(client, org_a, owner_a, org_b):
    mine = CampaignFactory(organization=org_a)
    theirs = CampaignFactory(organization=org_b)
    ParticipationFactory(campaign=theirs, organization=org_a, status=Status.CHANGES)
    client.force_login(owner_a)
    page = client.get(reverse("campaigns:list", kwargs={"org_slug": org_a.slug})).content.decode()
    assert mine.name_text("en") in page
    assert theirs.name_text("en") in page
    assert "Changes requested" in page


def test_join_flow_end_to_end(client, campaign, owner_a):
    url = reverse("campaigns_public:join", kwargs={"slug": campaign.slug})
    page = client.get(url).content.decode()
    assert f"/accounts/signup/?next={url}" in page or f"signup/?next={url}" in page
    assert f"login/?next={url}" in page
    member = MembershipFactory(role=Role.OWNER, user__email="lea@horizon.example")
    client.force_login(member.user)
    form = {
        "organization": str(member.organization.pk),
        "followers_linkedin": "2300",
        "followers_instagram": "",
        "employees": "12",
        "motivation": "Parce que voter compte.",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tick the box to sign the charter" in body
    assert 'value="2300"' in body and "Parce que voter compte." in body
    assert not Participation.objects.exists()
    response = client.post(url, {**form, "charter_accepted": "on"})
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert response["Location"] == ws("detail", campaign, member.organization)
    assert participation.followers == {"linkedin": 2300}
    assert participation.charter_signed_by == member.user
    detail = client.get(response["Location"]).content.decode()
    assert "version 1" in detail
    # twice: a clear message and a link to the existing participation
    response = client.post(url, {**form, "charter_accepted": "on"})
    assert response.status_code == 400
    assert ws("detail", campaign, member.organization) in response.content.decode()
    assert Participation.objects.count() == 1


def test_join_with_a_new_organization(client, campaign):
    member = MembershipFactory(role=Role.VOLUNTEER)
    client.force_login(member.user)
    url = reverse("campaigns_public:join", kwargs={"slug": campaign.slug})
    form = {"organization": "new", "name": "Startup Nova", "charter_accepted": "on"}
    response = client.post(url, form)
    assert response.status_code == 400  # kind and country missing
    assert 'value="Startup Nova"' in response.content.decode()
    response = client.post(url, {**form, "kind": "company", "country": "FR", "size": "1-9"})
    assert response.status_code == 302
    org = Organization.objects.get(name="Startup Nova")
    assert Participation.objects.get().organization == org


def test_join_refuses_absurd_audience_and_keeps_values(client, campaign):
    member = MembershipFactory(role=Role.ADMIN)
    client.force_login(member.user)
    url = reverse("campaigns_public:join", kwargs={"slug": campaign.slug})
    response = client.post(
        url,
        {
            "organization": str(member.organization.pk),
            "charter_accepted": "on",
            "followers_tiktok": "5000000000",
            "followers_x": "-3",
            "motivation": "Kept",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "not plausible" in body and "cannot be negative" in body
    assert 'value="5000000000"' in body and "Kept" in body
    assert not Participation.objects.exists()


def test_join_cannot_use_an_organization_where_not_admin(client, campaign):
    organizer = MembershipFactory(role=Role.ORGANIZER)
    client.force_login(organizer.user)
    url = reverse("campaigns_public:join", kwargs={"slug": campaign.slug})
    response = client.post(
        url, {"organization": str(organizer.organization.pk), "charter_accepted": "on"}
    )
    assert response.status_code == 400
    assert not Participation.objects.exists()


def test_join_closed_campaign_refused(client, org_a):
    campaign = CampaignFactory(organization=org_a, status="closed")
    member = MembershipFactory(role=Role.OWNER)
    client.force_login(member.user)
    url = reverse("campaigns_public:join", kwargs={"slug": campaign.slug})
    response = client.post(
        url, {"organization": str(member.organization.pk), "charter_accepted": "on"}
    )
    assert response.status_code == 400
    assert not Participation.objects.exists()


def test_changes_requested_application_is_edited_and_resubmitted(client, campaign):
    member = MembershipFactory(role=Role.OWNER)
    participation = ParticipationFactory(
        campaign=campaign, organization=member.organization, status=Status.CHANGES,
        followers={"x": 10},
    )  # fmt: skip
    client.force_login(member.user)
    url = reverse("campaigns_public:join", kwargs={"slug": campaign.slug})
    page = client.get(url + f"?organization={member.organization.pk}").content.decode()
    assert 'value="10"' in page
    response = client.post(
        url,
        {
            "organization": str(member.organization.pk),
            "charter_accepted": "on",
            "followers_x": "99",
        },
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == Status.APPLIED and participation.followers == {"x": 99}


def test_moderation_queue_and_decisions(client_a, campaign, django_capture_on_commit_callbacks):
    member = MembershipFactory(role=Role.OWNER, user__email="applicant@example.org")
    participation = ParticipationFactory(
        campaign=campaign, organization=member.organization, status=Status.APPLIED,
        followers={"linkedin": 4321}, motivation="Nous voulons aider.",
    )  # fmt: skip
    page = client_a.get(ws("moderation", campaign)).content.decode()
    assert member.organization.name in page and "4,321" in page
    assert "Nous voulons aider." in page
    decide = ws("core_decide", campaign, participation_id=participation.pk)
    response = client_a.post(decide, {"decision": "reject", "note": ""}, follow=True)
    participation.refresh_from_db()
    assert participation.status == Status.APPLIED
    assert "Say why" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(decide, {"decision": "approve", "note": ""})
    participation.refresh_from_db()
    assert participation.status == Status.APPROVED
    assert mail.outbox[-1].to == ["applicant@example.org"]
    client_a.post(decide, {"decision": "suspend", "note": "Partisan post"})
    participation.refresh_from_db()
    assert participation.status == Status.SUSPENDED
    client_a.post(decide, {"decision": "reinstate"})
    participation.refresh_from_db()
    assert participation.status == Status.APPROVED


def test_moderation_of_another_campaign_participation_is_404(client_a, campaign, org_b):
    other = CampaignFactory(organization=org_b)
    foreign = ParticipationFactory(campaign=other, status=Status.APPLIED)
    response = client_a.post(
        ws("core_decide", campaign, participation_id=foreign.pk), {"decision": "approve"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Status.APPLIED


def test_other_tenant_gets_404_on_every_campaign_page(client, campaign, owner_b):
    client.force_login(owner_b)
    for name in ("detail", "edit", "charter", "partners", "moderation"):
        url = ws(name, campaign, campaign.organization)
        assert client.get(url).status_code == 404, name
        # and with their own organization in the URL
        url = ws(name, campaign, owner_b.memberships.get().organization)
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.OWNER, 200), (Role.ADMIN, 200), (Role.ORGANIZER, 200), (Role.VOLUNTEER, 403)],
)
def test_policy_matrix_initiator_pages(client, campaign, role, expected):
    member = MembershipFactory(organization=campaign.organization, role=role)
    client.force_login(member.user)
    for name in ("detail", "edit", "charter", "partners", "moderation"):
        assert client.get(ws(name, campaign)).status_code == expected, name


@pytest.mark.parametrize(("role", "expected"), [(Role.ORGANIZER, 200), (Role.VOLUNTEER, 403)])
def test_policy_matrix_participant_pages(client, campaign, role, expected):
    participation = ParticipationFactory(campaign=campaign)
    member = MembershipFactory(organization=participation.organization, role=role)
    client.force_login(member.user)
    assert client.get(ws("detail", campaign, participation.organization)).status_code == expected
    assert client.get(ws("charter", campaign, participation.organization)).status_code == expected
    if expected == 200:  # initiator-only pages are not found for a participant
        for name in ("edit", "partners", "moderation"):
            url = ws(name, campaign, participation.organization)
            assert client.get(url).status_code == 404, name


def test_charter_publish_from_the_page(client_a, campaign):
    url = ws("charter", campaign)
    response = client_a.post(url, {"text_fr": "", "text_en": "", "text_de": ""})
    assert response.status_code == 400
    response = client_a.post(url, {"text_en": "We vote, whatever our choice."})
    assert response.status_code == 302
    assert campaign.charters.count() == 2
    assert "We vote, whatever our choice." in client_a.get(url).content.decode()


def test_partners_add_with_logo_edit_and_bad_logo(client_a, campaign):
    import io

    from PIL import Image

    url = ws("partners", campaign)
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buf, format="PNG")
    buf.seek(0)
    buf.name = "logo.png"
    response = client_a.post(
        url, {"name": "Agence Lumen", "role": "agency", "credit_fr": "Création", "logo_upload": buf}
    )
    assert response.status_code == 302
    partner = campaign.partners.get()
    assert partner.logo and partner.credit == {"fr": "Création"}
    bad = io.BytesIO(b"not an image at all")
    bad.name = "logo.png"
    response = client_a.post(url, {"name": "Radio Nord", "role": "media", "logo_upload": bad})
    assert response.status_code == 400
    assert "not an image" in response.content.decode()
    assert 'value="Radio Nord"' in response.content.decode()
    edit = ws("core_partner_edit", campaign, partner_id=partner.pk)
    assert (
        client_a.post(edit, {"name": "Agence Lumen Paris", "role": "creative"}).status_code == 302
    )
    partner.refresh_from_db()
    assert partner.name == "Agence Lumen Paris" and partner.role == "creative"


def test_partner_of_another_campaign_is_404(client_a, campaign, org_b):
    from turnout.campaigns.services.setup import partner_create

    other = CampaignFactory(organization=org_b)
    foreign = partner_create(campaign=other, actor=None, name="X", role="media")
    assert client_a.get(ws("core_partner_edit", campaign, partner_id=foreign.pk)).status_code == 404
    response = client_a.post(
        ws("core_partner_action", campaign, partner_id=foreign.pk), {"do": "delete"}
    )
    assert response.status_code == 404
    assert other.partners.exists()


def test_participant_overview_tells_the_next_step(client, campaign, owner_a):
    participation = ParticipationFactory(campaign=campaign, status=Status.CHANGES)
    participation.decision_note = "Please add your audience."
    participation.save()
    member = MembershipFactory(organization=participation.organization, role=Role.OWNER)
    charter_publish(campaign=campaign, actor=owner_a, text={"en": "v2"})
    client.force_login(member.user)
    page = client.get(ws("detail", campaign, participation.organization)).content.decode()
    assert "Please add your audience." in page
    assert "?organization=" in page
    assert "version 2" in page
