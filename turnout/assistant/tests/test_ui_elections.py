"""Elections: create with names in three languages, a computed or given registration
deadline (the computed one is shown), bad input kept, audited."""

# ruff: noqa: F811  (pytest fixtures imported from ui_helpers)

from datetime import date

import pytest

from turnout.assistant.models import Election
from turnout.core.models import AuditEvent

from .ui_helpers import organizer_a, organizer_client, url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def election_data(**overrides):
    data = {
        "name_fr": "Municipales 2026 (démo)",
        "name_en": "Municipal elections 2026 (demo)",
        "name_de": "",
        "slug": "municipales-2026",
        "country": "FR",
        "kind": "municipal",
        "date": "2026-03-15",
        "second_round_date": "2026-03-22",
        "polls_open": "08:00",
        "polls_close": "18:00",
        "deadline_mode": "computed",
        "registration_deadline": "",
        "official_site": "https://www.service-public.fr/particuliers/vosdroits/F1367",
    }
    data.update(overrides)
    return data


def test_an_election_is_created_with_the_computed_deadline_shown(organizer_client, org_a):
    response = organizer_client.post(url("election_new", org_a), election_data(), follow=True)
    election = Election.objects.get(organization=org_a)
    assert election.name == {
        "fr": "Municipales 2026 (démo)",
        "en": "Municipal elections 2026 (demo)",
    }
    assert election.registration_deadline is None
    # France: the 6th Friday before Sunday 15 March 2026 is 6 February 2026.
    assert "Feb. 6, 2026" in response.content.decode()
    listing = organizer_client.get(url("elections", org_a)).content.decode()
    assert "Municipal elections 2026 (demo)" in listing and "(computed)" in listing
    assert AuditEvent.objects.filter(
        organization=org_a, action="assistant.election_created"
    ).exists()


def test_a_given_deadline_wins_and_an_edit_is_audited(organizer_client, org_a):
    organizer_client.post(url("election_new", org_a), election_data())
    election = Election.objects.get(organization=org_a)
    organizer_client.post(
        url("election_edit", org_a, election_id=election.pk),
        election_data(deadline_mode="date", registration_deadline="2026-02-01"),
    )
    election.refresh_from_db()
    assert election.registration_deadline == date(2026, 2, 1)
    assert AuditEvent.objects.filter(action="assistant.election_updated").count() == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name_fr": "", "name_en": ""}, "Give the election a name"),
        ({"second_round_date": "2026-03-01"}, "The second round comes after"),
        ({"polls_close": "07:00"}, "The polls close after they open"),
        ({"deadline_mode": "date"}, "Give the date, or choose"),
        ({"deadline_mode": "date", "registration_deadline": "2026-04-01"}, "cannot be after"),
        ({"official_site": "http://example.org/"}, "https://"),
        ({"date": "15/03/2026x"}, "Enter a valid date"),
    ],
)
def test_bad_input_is_refused_and_kept(organizer_client, org_a, overrides, message):
    response = organizer_client.post(url("election_new", org_a), election_data(**overrides))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'value="municipales-2026"' in page
    assert not Election.objects.filter(organization=org_a).exists()


def test_a_short_name_used_twice_is_refused(organizer_client, org_a):
    organizer_client.post(url("election_new", org_a), election_data())
    response = organizer_client.post(url("election_new", org_a), election_data())
    assert response.status_code == 400
    assert "Another election already has this short name" in response.content.decode()


def test_austria_has_no_computed_deadline(organizer_client, org_a):
    organizer_client.post(url("election_new", org_a), election_data(country="AT"))
    election = Election.objects.get(organization=org_a)
    page = organizer_client.get(url("election_edit", org_a, election_id=election.pk))
    assert "There is no computed registration deadline" in page.content.decode()
