"""Sister campaigns: cloning copies the charter, quests, texts and visuals and keeps the parent;
cloning into another organization only where the user is an admin; the family roll-up."""

import datetime

import pytest

from turnout.actions.tests.factories import SubmissionFactory
from turnout.campaigns.dashboard import family_rollup
from turnout.campaigns.models import Campaign, DeclaredReach, Participation
from turnout.campaigns.services.campaigns import charter_publish
from turnout.campaigns.services.sisters import campaign_clone
from turnout.campaigns.tests.factories import CampaignFactory, ParticipationFactory
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.visuals.models import VisualTemplate
from turnout.visuals.tests.factories import VisualTemplateFactory

pytestmark = pytest.mark.django_db


def sisters_url(campaign, org=None, new=False):
    org = org or campaign.organization
    return f"/en/o/{org.slug}/campaigns/{campaign.slug}/sisters/{'new/' if new else ''}"


@pytest.fixture
def original(org_a, owner_a):
    campaign = CampaignFactory(organization=org_a, slug="europe-2024")
    charter_publish(
        campaign=campaign,
        actor=owner_a,
        text={"fr": "Charte v2", "en": "Charter v2", "de": "Charta v2"},
    )
    quest = campaign.quests.get(key="mobilize")
    quest.threshold, quest.points = 40, 70
    quest.title = {"fr": "Mobilisez", "en": "Mobilize", "de": "Mobilisieren"}
    quest.save()
    campaign.templates.set([VisualTemplateFactory(organization=org_a, name="Bold")])
    return campaign


def form_data(target, **extra):
    return {
        "slug": "legislatives-2027",
        "name_fr": "Législatives : j'y vote",
        "name_en": "Legislative: I vote",
        "name_de": "",
        "election_country": "FR",
        "election_kind": "legislative",
        "election_date": "2027-06-13",
        "second_round_date": "2027-06-20",
        "languages": ["fr", "en"],
        "initiator": str(target.pk),
        **extra,
    }


def test_clone_copies_charter_quests_texts_and_keeps_parent(original, org_a, owner_a):
    sister = campaign_clone(
        campaign=original,
        actor=owner_a,
        organization=org_a,
        slug="sister",
        name={"fr": "Sœur", "en": "Sister"},
        election_date=datetime.date(2027, 6, 13),
        election_kind="legislative",
        election_country="FR",
        languages=["fr", "en"],
    )
    assert sister.parent == original and sister.organization == org_a
    assert sister.status == Campaign.Status.DRAFT
    assert sister.name == {"fr": "Sœur", "en": "Sister"} and sister.languages == ["fr", "en"]
    assert sister.message == original.message and sister.tagline == original.tagline
    charters = list(sister.charters.all())
    assert [(c.number, c.text["en"]) for c in charters] == [(1, "Charter v2")]
    fields = (
        "key",
        "tier",
        "position",
        "title",
        "description",
        "points",
        "badge",
        "verification",
        "rule",
        "threshold",
        "evidence",
    )
    assert list(sister.quests.values_list(*fields)) == list(original.quests.values_list(*fields))
    assert sister.quests.get(key="mobilize").title["de"] == "Mobilisieren"
    # Same initiator: the same template rows.
    assert list(sister.templates.all()) == list(original.templates.all())
    # Its own pledge action, owned by the initiator.
    assert sister.pledge_action_id and sister.pledge_action_id != original.pledge_action_id
    assert sister.pledge_action.organization == org_a


def test_clone_into_another_organization_copies_the_templates(original, org_b, owner_b):
    sister = campaign_clone(
        campaign=original,
        actor=owner_b,
        organization=org_b,
        slug="at-2027",
        name={"de": "Nationalrat"},
        election_date=datetime.date(2027, 9, 29),
        election_kind="legislative",
        election_country="AT",
        languages=["de"],
    )
    copies = list(sister.templates.all())
    assert len(copies) == 1 and copies[0].organization == org_b
    assert copies[0].name == "Bold" and copies[0].svg == original.templates.get().svg
    assert sister.organization == org_b and sister.parent == original
    # Cloning again reuses the copy instead of piling up templates.
    campaign_clone(
        campaign=original,
        actor=owner_b,
        organization=org_b,
        slug="at-2029",
        name={"de": "Nationalrat 2029"},
        election_date=datetime.date(2029, 9, 29),
        election_kind="legislative",
        election_country="AT",
        languages=["de"],
    )
    assert VisualTemplate.objects.filter(organization=org_b).count() == 1


def test_clone_page_creates_the_sister(client_a, original, org_a):
    assert client_a.get(sisters_url(original, new=True)).status_code == 200
    response = client_a.post(sisters_url(original, new=True), form_data(org_a))
    sister = Campaign.objects.get(slug="legislatives-2027")
    assert response.status_code == 302
    assert response["Location"] == sisters_url(sister)
    assert sister.parent == original and sister.second_round_date == datetime.date(2027, 6, 20)
    assert sister.name == {"fr": "Législatives : j'y vote", "en": "Legislative: I vote"}


def test_bad_input_keeps_what_was_typed(client_a, original, org_a):
    CampaignFactory(slug="taken")
    response = client_a.post(
        sisters_url(original, new=True),
        form_data(org_a, slug="taken", name_fr="", name_en="", election_date="soon"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This address is already taken" in page
    assert "Give the sister campaign a name" in page
    assert 'value="soon"' in page and 'value="2027-06-20"' in page
    assert Campaign.objects.count() == 2


def test_clone_into_another_org_only_where_admin(client, original, org_a, org_b, owner_a):
    client.force_login(owner_a)
    # owner_a is only an organizer of org_b: org_b is not offered, and a forged post fails.
    MembershipFactory(organization=org_b, user=owner_a, role=Role.ORGANIZER)
    page = client.get(sisters_url(original, new=True)).content.decode()
    assert f'value="{org_b.pk}"' not in page
    response = client.post(sisters_url(original, new=True), form_data(org_b))
    assert response.status_code == 400
    assert not Campaign.objects.filter(slug="legislatives-2027").exists()
    # As an admin of org_b, the clone goes to org_b.
    org_b.memberships.filter(user=owner_a).update(role=Role.ADMIN)
    response = client.post(sisters_url(original, new=True), form_data(org_b))
    sister = Campaign.objects.get(slug="legislatives-2027")
    assert sister.organization == org_b
    assert response["Location"] == sisters_url(sister, org=org_b)
    assert client.get(response["Location"]).status_code == 200


def test_organizer_sees_the_family_but_cannot_clone(client, original, org_a):
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    page = client.get(sisters_url(original)).content.decode()
    assert "The family in total" in page and "Clone into a sister campaign" not in page
    assert client.get(sisters_url(original, new=True)).status_code == 403


def test_family_rollup_totals(original, org_a, org_b, owner_a):
    at = CampaignFactory(organization=org_b, slug="at", parent=original, election_country="AT")
    grandchild = CampaignFactory(organization=org_a, slug="fr-bis", parent=at)
    CampaignFactory(organization=org_a, slug="unrelated")
    shared = OrganizationFactory()
    for campaign, count in ((original, 3), (at, 2), (grandchild, 1)):
        for _ in range(count):
            ParticipationFactory(campaign=campaign)
        SubmissionFactory.create_batch(count * 2, action=campaign.pledge_action)
    ParticipationFactory(campaign=original, organization=shared)
    ParticipationFactory(campaign=at, organization=shared)
    ParticipationFactory(campaign=at, status=Participation.Status.SUSPENDED)
    p = ParticipationFactory(campaign=at)
    DeclaredReach.objects.create(participation=p, kind="billboard", figure=800_000, method="800")
    rollup = family_rollup(campaign=grandchild)
    assert [line["campaign"].slug for line in rollup["lines"]] == ["europe-2024", "at", "fr-bis"]
    assert [line["depth"] for line in rollup["lines"]] == [0, 1, 2]
    assert [line["organizations"] for line in rollup["lines"]] == [4, 4, 1]
    assert [line["pledges"] for line in rollup["lines"]] == [6, 4, 2]
    total = rollup["total"]
    assert total["organizations"] == 9 and total["distinct_organizations"] == 8
    assert total["pledges"] == 12
    assert total["floor"] == 12 and total["ceiling"] == 800_012


def test_sister_initiator_sees_the_family_totals(client, original, org_b, owner_b):
    at = CampaignFactory(organization=org_b, slug="at", parent=original)
    hidden = OrganizationFactory(name="Private Participant")
    ParticipationFactory(campaign=original, organization=hidden)
    client.force_login(owner_b)
    page = client.get(sisters_url(at)).content.decode()
    assert str(original) in page and "The family in total" in page
    assert "Private Participant" not in page  # aggregated figures only
    # The original's own pages stay its initiator's.
    assert client.get(sisters_url(original, org=org_b)).status_code == 404


def test_participant_and_volunteer_are_refused(client, original, org_a, org_b, owner_b):
    ParticipationFactory(campaign=original, organization=org_b)
    client.force_login(owner_b)
    assert client.get(sisters_url(original, org=org_b)).status_code == 404
    assert client.post(sisters_url(original, org=org_b, new=True), {}).status_code == 404
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(sisters_url(original)).status_code == 403
