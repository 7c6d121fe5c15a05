"""The targeting pages: home, map with its table and hint, addresses and stations lists,
the hand-over to the effort form, permissions and tenant isolation, query budgets."""

import datetime as dt

import pytest
import rules

from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

from .factories import (
    AddressPointFactory,
    ElectionResultFactory,
    PollingStationFactory,
)
from .targeting_helpers import EAST, WEST, url

pytestmark = pytest.mark.django_db

ROUND_1 = dt.date(2024, 6, 30)


@pytest.fixture
def city(org_a):
    """Three stations: a small one with a high rate, a big one with the most abstentions at an
    average rate, and a quiet one; addresses in the first two."""
    small = PollingStationFactory(organization=org_a, number=1, place="École Vauban", area=WEST)
    big = PollingStationFactory(organization=org_a, number=2, place="Gymnase Foch", area=EAST)
    quiet = PollingStationFactory(organization=org_a, number=3, place="Salle Sanquer")
    for station, registered, abstentions in (
        (small, 400, 200),
        (big, 2000, 700),
        (quiet, 1000, 200),
    ):
        ElectionResultFactory(
            station=station,
            election_date=ROUND_1,
            registered=registered,
            voters=registered - abstentions,
            abstentions=abstentions,
        )
    AddressPointFactory.create_batch(3, organization=org_a, station=small, doors=4)
    AddressPointFactory(organization=org_a, station=big, doors=10)
    return small, big, quiet


def test_the_map_table_is_sorted_by_abstention_rate_with_the_figures(client_a, org_a, city):
    small, big, quiet = city
    response = client_a.get(url("map", org_a))
    rows = response.context["rows"]
    assert [r.station for r in rows] == [small, big, quiet]  # 50 %, 35 %, 20 %
    assert [(r.addresses, r.doors) for r in rows] == [(3, 12), (1, 10), (0, 0)]
    page = response.content.decode()
    assert "50.0%" in page and "35.0%" in page and "20.0%" in page
    # The map has a feature per station with an area, with the figures of its popup.
    features = {
        f["properties"]["id"]: f["properties"] for f in response.context["features"]["features"]
    }
    assert set(features) == {small.pk, big.pk}
    assert features[small.pk]["rate"] == 50.0 and features[small.pk]["doors"] == 12
    # Darkest for the highest rate, lightest for the lowest.
    assert [r.level for r in rows] == [2, 1, 0]


def test_where_to_go_first_counts_people_not_rates(client_a, org_a, city):
    small, big, _quiet = city
    response = client_a.get(url("map", org_a))
    first = response.context["first"]
    assert first[0].station == big  # 700 people did not vote, at 35 %
    assert first[1].station == small  # 200 at 50 %
    assert (
        "with the same hours of canvassing, you meet more of them there"
        in response.content.decode()
    )


def test_another_election_is_chosen_in_the_select(client_a, org_a, city):
    small, _big, _quiet = city
    ElectionResultFactory(
        station=small,
        election="Européennes 2024",
        election_date=dt.date(2024, 6, 9),
        registered=400,
        voters=100,
        abstentions=300,
    )
    response = client_a.get(url("map", org_a))
    assert response.context["election"].key == "2024-06-30_1"  # the newest by default
    response = client_a.get(url("map", org_a) + "?election=2024-06-09_1")
    assert response.context["election"].name == "Européennes 2024"
    assert "75.0%" in response.content.decode()
    assert [r.result is not None for r in response.context["rows"]] == [True, False, False]


def test_the_selected_stations_go_to_the_effort_form(client_a, org_a, org_b, city):
    small, big, _quiet = city
    foreign = PollingStationFactory(organization=org_b)
    response = client_a.get(
        url("map_prepare", org_a), {"stations": [small.pk, big.pk, foreign.pk, "x"]}
    )
    assert response.status_code == 302
    assert response["Location"] == url("effort_new", org_a) + f"?stations={small.pk},{big.pk}"


def test_preparing_without_a_station_explains_what_to_do(client_a, org_a, city):
    response = client_a.get(url("map_prepare", org_a), {"election": "2024-06-30_1"}, follow=True)
    assert "Tick at least one polling station in the table." in response.content.decode()
    assert response.context["election"].key == "2024-06-30_1"


def test_an_empty_organization_gets_first_steps(client_a, org_a):
    page = client_a.get(url("home", org_a)).content.decode()
    assert "1. Import addresses" in page
    assert "2. Import polling stations and results" in page
    assert "3. Prepare an effort" in page
    empty_map = client_a.get(url("map", org_a)).content.decode()
    assert "No polling stations yet" in empty_map


def test_the_home_counts_what_the_organization_has(client_a, org_a, city):
    response = client_a.get(url("home", org_a))
    counts = response.context["counts"]
    assert (counts["addresses"], counts["doors"], counts["stations"], counts["with_area"]) == (
        4,
        22,
        3,
        2,
    )
    assert len(response.context["elections"]) == 1


def test_a_volunteer_sees_the_home_but_no_targeting(client, org_a, city):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    page = client.get(url("home", org_a)).content.decode()
    assert "prepared by the organizers" in page
    assert "Import addresses" not in page
    for name in ("map", "addresses", "stations", "imports", "results_import"):
        assert client.get(url(name, org_a)).status_code == 403, name


@pytest.mark.parametrize(
    ("role", "home", "target", "imports"),
    [
        (Role.OWNER, True, True, True),
        (Role.ADMIN, True, True, True),
        (Role.ORGANIZER, True, True, True),
        (Role.VOLUNTEER, True, False, False),
        (None, False, False, False),
    ],
)
def test_policies(org_a, role, home, target, imports):
    from turnout.organizations.tests.factories import UserFactory

    user = MembershipFactory(organization=org_a, role=role).user if role else UserFactory()
    assert rules.has_perm("canvassing.view_home", user, org_a) is home
    assert rules.has_perm("canvassing.view_targeting", user, org_a) is target
    assert rules.has_perm("canvassing.import_targeting", user, org_a) is imports


def test_addresses_are_searched_and_filtered_by_station(client_a, org_a, city):
    _small, big, _quiet = city
    AddressPointFactory(organization=org_a, street="Rue Jean Jaurès", number="7")
    response = client_a.get(url("addresses", org_a), {"q": "jaurès 7"})
    assert [str(a) for a in response.context["page"]] == ["7 Rue Jean Jaurès Brest"]
    response = client_a.get(url("addresses", org_a), {"station": big.pk})
    assert [a.station for a in response.context["page"]] == [big]
    response = client_a.get(url("addresses", org_a), {"station": "0"})
    assert [a.street for a in response.context["page"]] == ["Rue Jean Jaurès"]


def test_a_station_shows_its_results_over_the_elections(client_a, org_a, city):
    small, _big, _quiet = city
    ElectionResultFactory(
        station=small, election="Européennes 2024", election_date=dt.date(2024, 6, 9),
        registered=400, voters=100, abstentions=300,
    )  # fmt: skip
    response = client_a.get(url("station_detail", org_a, station_id=small.pk))
    assert [row["result"].election for row in response.context["results"]] == [
        "Législatives 2024, 1er tour",
        "Européennes 2024",
    ]
    page = response.content.decode()
    assert "75.0%" in page and "50.0%" in page and "École Vauban" in page


def test_another_organizations_station_and_imports_are_not_found(client_a, org_a, org_b):
    from turnout.core.tests.factories import JobFactory

    station = PollingStationFactory(organization=org_b)
    job = JobFactory(organization=org_b, kind="canvassing_addresses")
    own_other_kind = JobFactory(organization=org_a, kind="audit_export")
    assert client_a.get(url("station_detail", org_a, station_id=station.pk)).status_code == 404
    for name in ("import_detail", "import_undo", "import_report"):
        assert client_a.get(url(name, org_a, job_uuid=job.uuid)).status_code == 404
        # A job of the organization that is not an import of canvassing is not one either.
        assert client_a.get(url(name, org_a, job_uuid=own_other_kind.uuid)).status_code == 404
    assert client_a.post(url("import_undo", org_a, job_uuid=job.uuid)).status_code == 404


def test_list_pages_keep_a_query_budget(client_a, org_a, city, django_assert_max_num_queries):
    for n in range(30):
        station = PollingStationFactory(organization=org_a, number=100 + n, area=WEST)
        ElectionResultFactory(station=station, election_date=ROUND_1)
        AddressPointFactory.create_batch(2, organization=org_a, station=station)
    for name in ("map", "addresses", "stations", "home", "imports"):
        with django_assert_max_num_queries(12):
            assert client_a.get(url(name, org_a)).status_code == 200, name
