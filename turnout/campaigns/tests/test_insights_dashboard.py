"""Impact dashboard: figures equal the database (only approved organizations count), CSV and
PDF exports, bounded queries with 260 organizations, and who may see it."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from turnout.actions.tests.factories import SubmissionFactory
from turnout.campaigns import dashboard
from turnout.campaigns.models import DeclaredReach, MeasuredDay, Participation, QuestProgress
from turnout.campaigns.tests.factories import CampaignFactory, ParticipationFactory
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role, Sector, Size
from turnout.organizations.models import Organization
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
APPROVED, SUSPENDED = Participation.Status.APPROVED, Participation.Status.SUSPENDED


def url(campaign, name="dashboard/", org=None):
    org = org or campaign.organization
    return f"/en/o/{org.slug}/campaigns/{campaign.slug}/{name}"


def pledge(campaign, org=None, when=None):
    return SubmissionFactory(
        action=campaign.pledge_action,
        referring_organization=org,
        confirmed_at=when or timezone.now(),
    )


@pytest.fixture
def world(org_a):
    campaign = CampaignFactory(organization=org_a)
    tech = OrganizationFactory(name="Alpha Tech", sector=Sector.TECH, size=Size.SMALL, country="FR")
    bank = OrganizationFactory(
        name="Beta Bank", sector=Sector.FINANCE, size=Size.LARGE, country="DE"
    )
    gone = OrganizationFactory(name="Gamma Gone", sector=Sector.FINANCE, country="AT")
    waiting = OrganizationFactory(name="Delta Waiting", sector=Sector.TECH, country="FR")
    p_tech = ParticipationFactory(campaign=campaign, organization=tech, points=30)
    p_bank = ParticipationFactory(campaign=campaign, organization=bank, points=80)
    p_gone = ParticipationFactory(
        campaign=campaign, organization=gone, status=SUSPENDED, points=500
    )
    ParticipationFactory(
        campaign=campaign, organization=waiting, status=Participation.Status.APPLIED
    )
    quests = {q.key: q for q in campaign.quests.all()}
    for p, keys in (
        (p_tech, ["personalize", "publish"]),
        (p_bank, ["personalize", "event"]),
        (p_gone, ["personalize", "publish", "mobilize"]),
    ):
        for key in keys:
            QuestProgress.objects.create(
                participation=p, quest=quests[key], status=QuestProgress.Status.DONE
            )
    QuestProgress.objects.create(participation=p_tech, quest=quests["mobilize"])  # not done
    MeasuredDay.objects.create(
        campaign=campaign,
        participation=p_tech,
        day=datetime.date(2026, 11, 20),
        clicks=40,
        page_views=55,
    )
    MeasuredDay.objects.create(
        campaign=campaign, participation=p_gone, day=datetime.date(2026, 11, 20), clicks=900
    )
    MeasuredDay.objects.create(campaign=campaign, day=datetime.date(2026, 11, 20), page_views=300)
    DeclaredReach.objects.create(
        participation=p_bank, kind="impressions", figure=12_000, method="x"
    )
    DeclaredReach.objects.create(participation=p_bank, kind="billboard", figure=50_000, method="y")
    DeclaredReach.objects.create(
        participation=p_gone, kind="impressions", figure=99_999, method="z"
    )
    for _ in range(3):
        pledge(campaign, bank)
    pledge(campaign, tech)
    pledge(campaign, None, when=timezone.now() - datetime.timedelta(days=14))
    return {"campaign": campaign, "tech": p_tech, "bank": p_bank, "gone": p_gone}


def test_dashboard_figures_equal_the_database(world):
    campaign = world["campaign"]
    data = dashboard.impact(campaign=campaign)
    assert (
        data["organizations"]
        == 2
        == Participation.objects.visible().filter(campaign=campaign).count()
    )
    # Quests done by approved organizations only: tier 1 = 3 (suspended one excluded), tier 3 = 1.
    assert {t["tier"]: t["done"] for t in data["tiers"]} == {1: 3, 2: 0, 3: 1}
    assert data["quests_done"] == 4
    assert data["joined"]["total"] == 2
    assert data["pledges"]["total"] == 5  # all confirmed pledges, as on the public page
    assert sorted(r["n"] for r in data["pledges"]["rows"] if r["n"]) == [1, 4]
    assert {r["label"]: r["n"] for r in data["by_sector"]["rows"]} == {
        "Technology and digital": 1,
        "Banking and insurance": 1,
    }
    assert {r["label"]: r["n"] for r in data["by_country"]["rows"]} == {"France": 1, "Germany": 1}
    reach = data["reach"]
    assert (reach.clicks, reach.page_views, reach.pledges) == (40, 355, 5)
    assert reach.declared == 62_000 and reach.floor == 355 and reach.ceiling == 62_355
    assert [r.name for r in data["top_points"]] == ["Beta Bank", "Alpha Tech"]
    assert [(r.name, r.pledges) for r in data["top_pledges"]] == [
        ("Beta Bank", 3),
        ("Alpha Tech", 1),
    ]


def test_dashboard_page_shows_figures_and_tables(client_a, world):
    response = client_a.get(url(world["campaign"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beta Bank" in page and "Gamma Gone" not in page
    assert "355 – 62,355" in page
    assert "declared, not verified" in page
    assert "Post impressions" in page and "Billboard audience" in page
    assert page.count("<svg") >= 6 and page.count("<table") >= 6


def test_csv_has_one_line_per_organization(client_a, world):
    response = client_a.get(url(world["campaign"], "dashboard/organizations.csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Organization",
        "Country",
        "Sector",
        "Size",
        "Status",
        "Joined",
        "Points",
        "Quests done",
        "Clicks",
        "Page views",
        "Pledges",
        "Declared reach",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Alpha Tech", "Beta Bank", "Gamma Gone", "Delta Waiting"}
    assert by_name["Beta Bank"][1:5] == [
        "DE",
        "Banking and insurance",
        "250 to 999 people",
        "Approved",
    ]
    assert by_name["Beta Bank"][6:] == ["80", "2", "0", "0", "3", "62000"]
    assert by_name["Alpha Tech"][6:] == ["30", "2", "40", "55", "1", "0"]
    assert by_name["Gamma Gone"][4] == "Suspended"
    assert by_name["Alpha Tech"][5] == timezone.localdate().isoformat()
    assert AuditEvent.objects.filter(action="campaign.dashboard_exported").count() == 1


def test_csv_neutralizes_formulas(client_a, world):
    Organization.objects.filter(pk=world["tech"].organization_id).update(name="=HYPERLINK(1)")
    response = client_a.get(url(world["campaign"], "dashboard/organizations.csv"))
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_pdf_is_a_pdf_with_the_campaign_name(client_a, world):
    response = client_a.get(url(world["campaign"], "dashboard/report.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert world["campaign"].name_text().encode() in response.content  # document title
    assert "attachment" in response["Content-Disposition"]


def test_empty_campaign_says_so(client_a, org_a):
    campaign = CampaignFactory(organization=org_a)
    page = client_a.get(url(campaign)).content.decode()
    assert "No organization has joined yet" in page
    assert client_a.get(url(campaign, "dashboard/report.pdf")).content.startswith(b"%PDF")


def test_bounded_queries_with_260_organizations(client_a, org_a, django_assert_max_num_queries):
    campaign = CampaignFactory(organization=org_a)
    orgs = Organization.objects.bulk_create(
        [
            Organization(name=f"Org {n}", slug=f"org-{n}", sector=Sector.TECH, country="FR")
            for n in range(260)
        ]
    )
    charter = campaign.charters.get()
    now = timezone.now()
    parts = Participation.objects.bulk_create(
        [
            Participation(
                campaign=campaign,
                organization=o,
                status=APPROVED,
                charter=charter,
                charter_signed_at=now,
                approved_at=now - datetime.timedelta(days=n % 50),
            )
            for n, o in enumerate(orgs)
        ]
    )
    quest = campaign.quests.first()
    QuestProgress.objects.bulk_create(
        [QuestProgress(participation=p, quest=quest, status="done") for p in parts[:100]]
    )
    MeasuredDay.objects.bulk_create(
        [MeasuredDay(campaign=campaign, participation=p, day=now.date(), clicks=3) for p in parts]
    )
    DeclaredReach.objects.bulk_create(
        [DeclaredReach(participation=p, kind="followers", figure=10, method="m") for p in parts]
    )
    with django_assert_max_num_queries(25):
        response = client_a.get(url(campaign))
    assert response.status_code == 200
    assert "260" in response.content.decode()
    with django_assert_max_num_queries(20):
        assert client_a.get(url(campaign, "dashboard/organizations.csv")).status_code == 200


@pytest.mark.parametrize(
    "name", ["dashboard/", "dashboard/organizations.csv", "dashboard/report.pdf"]
)
def test_other_tenants_and_participants_get_404(client, org_b, owner_b, world, name):
    campaign = world["campaign"]
    client.force_login(owner_b)
    # org_b is neither the initiator nor a participant.
    assert client.get(url(campaign, name, org=org_b)).status_code == 404
    # A participant (approved) does not see the initiator's dashboard either.
    ParticipationFactory(campaign=campaign, organization=org_b)
    assert client.get(url(campaign, name, org=org_b)).status_code == 404
    # Nor the initiator's workspace.
    assert client.get(url(campaign, name)).status_code == 404


def test_volunteer_of_the_initiator_is_refused(client, org_a, world):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(url(world["campaign"])).status_code == 403
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    assert client.get(url(world["campaign"])).status_code == 200


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(url(world["campaign"]))
    assert response.status_code == 302 and "login" in response["Location"]
