"""Deterministic facts: registration deadlines at their boundaries, days left, polling-station
lookup by address and by commune, placeholders never shown as "{...}"."""

from datetime import date, time

import pytest
from freezegun import freeze_time

from turnout.assistant import facts
from turnout.assistant.answering import answer
from turnout.assistant.services.knowledge import knowledge_base_install
from turnout.canvassing.tests.factories import AddressPointFactory, PollingStationFactory

from .factories import ElectionFactory, EntryFactory


@pytest.mark.parametrize(
    ("election_day", "friday", "wednesday"),
    [
        # European elections 2024: online until Wed 1 May, town hall until Fri 3 May.
        (date(2024, 6, 9), date(2024, 5, 3), date(2024, 5, 1)),
        # Municipal elections 2026 (Sunday 15 March): Friday 6 February.
        (date(2026, 3, 15), date(2026, 2, 6), date(2026, 2, 4)),
        # An election on a Friday: the 6th Friday strictly before it.
        (date(2026, 3, 13), date(2026, 1, 30), date(2026, 2, 4)),
    ],
)
def test_france_registration_closes_the_sixth_friday_before(org_a, election_day, friday, wednesday):
    election = ElectionFactory(organization=org_a, country="FR", date=election_day)
    assert facts.registration_deadline(election) == friday
    assert facts.online_registration_deadline(election) == wednesday
    assert friday.weekday() == 4 and wednesday.weekday() == 2


def test_germany_applications_close_the_21st_day_before(org_a):
    election = ElectionFactory(organization=org_a, country="DE", date=date(2025, 2, 23))
    assert facts.registration_deadline(election) == date(2025, 2, 2)


def test_austria_uses_the_reference_day_entered_on_the_election(org_a):
    election = ElectionFactory(organization=org_a, country="AT", date=date(2024, 9, 29))
    assert facts.registration_deadline(election) is None  # never guessed
    election.registration_deadline = date(2024, 7, 9)  # the Stichtag of the announcement
    assert facts.registration_deadline(election) == date(2024, 7, 9)


def test_a_date_entered_on_the_election_beats_the_rule(org_a):
    election = ElectionFactory(
        organization=org_a,
        country="FR",
        date=date(2026, 3, 15),
        registration_deadline=date(2026, 3, 5),
    )
    assert facts.registration_deadline(election) == date(2026, 3, 5)
    assert facts.online_registration_deadline(election) is None


def test_days_left_around_election_day(org_a):
    election = ElectionFactory(organization=org_a, date=date(2027, 4, 11))
    assert facts.days_left(election, date(2027, 4, 10)) == 1
    assert facts.days_left(election, date(2027, 4, 11)) == 0
    assert facts.days_left(election, date(2027, 4, 12)) == -1


def test_unknown_placeholders_leave_their_sentence_out():
    template = (
        "[Pour {election_name}, c'est le {registration_deadline}.] Règle générale. "
        "Il reste {days_left} jours."
    )
    assert facts.render(template, {}) == "Règle générale."
    filled = facts.render(
        template, {"election_name": "X", "registration_deadline": "6 février", "days_left": "3"}
    )
    assert filled == "Pour X, c'est le 6 février. Règle générale. Il reste 3 jours."


@pytest.fixture
def french_kb(org_a):
    knowledge_base_install(organization=org_a, country="FR", languages=["fr", "en"])
    return org_a


def test_deadline_answer_names_the_computed_date_until_the_election(french_kb):
    election = ElectionFactory(
        organization=french_kb,
        country="FR",
        date=date(2027, 4, 11),
        name={"fr": "Présidentielle 2027"},
    )
    with freeze_time("2027-02-01"):
        got = answer(
            organization=french_kb,
            question="date limite pour s'inscrire sur les listes",
            language="fr",
            country="FR",
            election=election,
        )
    assert got.slug == "register-deadline"
    assert "Présidentielle 2027" in got.text and "vendredi 5 mars 2027" in got.text
    assert "{" not in got.text


def test_without_an_election_the_answer_keeps_only_the_rule(french_kb):
    got = answer(
        organization=french_kb,
        question="c'est quand la date limite d'inscription",
        language="fr",
        country="FR",
        today=date(2026, 11, 24),
    )
    assert got.slug == "register-deadline"
    assert "6e vendredi" in got.text
    assert "{" not in got.text and "[" not in got.text and "Pour " not in got.text


def test_days_left_is_counted_from_today(french_kb):
    election = ElectionFactory(organization=french_kb, country="FR", date=date(2027, 4, 11))
    got = answer(
        organization=french_kb,
        question="how many days until the election?",
        language="en",
        country="FR",
        election=election,
        today=date(2027, 4, 1),
    )
    assert got.slug == "election-dates"
    assert "in 10 days" in got.text and "Sunday 11 April 2027" in got.text
    after = answer(
        organization=french_kb,
        question="how many days until the election?",
        language="en",
        country="FR",
        election=election,
        today=date(2027, 4, 12),
    )
    assert after.slug == "election-dates"
    assert "-1" not in after.text and "takes place" not in after.text


def test_opening_hours_of_the_election(french_kb):
    election = ElectionFactory(
        organization=french_kb, country="FR", polls_open=time(8), polls_close=time(19, 30)
    )
    got = answer(
        organization=french_kb,
        question="le bureau ferme a quelle heure",
        language="fr",
        country="FR",
        election=election,
    )
    assert got.slug == "opening-hours"
    assert "de 8 h à 19 h 30" in got.text


@pytest.fixture
def brest(org_a):
    siam = PollingStationFactory(
        organization=org_a, number=4, name="Bureau 4", place="École de Siam"
    )
    port = PollingStationFactory(organization=org_a, number=7, place="Mairie du port")
    PollingStationFactory(
        organization=org_a,
        commune_code="29075",
        commune_name="Guingamp",
        number=1,
        place="Salle des fêtes",
    )
    AddressPointFactory(organization=org_a, number="12", street="Rue de Siam", station=siam)
    AddressPointFactory(organization=org_a, number="12 bis", street="Rue de Siam", station=port)
    AddressPointFactory(organization=org_a, number="3", street="Place de l'Église", station=port)
    return siam, port


def test_station_by_address_forgives_typos_accents_and_the_city(org_a, brest):
    siam, port = brest
    assert facts.polling_station_lookup(
        organization=org_a, address="12 rue de Siam, 29200 Brest"
    ) == [siam]
    assert facts.polling_station_lookup(organization=org_a, address="12 R. de Siamm") == [siam]
    assert facts.polling_station_lookup(organization=org_a, address="12bis rue de siam") == [port]
    assert facts.polling_station_lookup(organization=org_a, address="3 place de l eglise") == [port]
    assert facts.polling_station_lookup(organization=org_a, address="99 rue de Siam") == []
    assert facts.polling_station_lookup(organization=org_a, address="12 avenue Foch") == []


def test_station_by_commune_code_or_name(org_a, brest):
    assert len(facts.polling_station_lookup(organization=org_a, commune="29019")) == 2
    found = facts.polling_station_lookup(organization=org_a, commune="guingamp")
    assert [s.place for s in found] == ["Salle des fêtes"]
    assert facts.polling_station_lookup(organization=org_a, commune="Quimper") == []


def test_station_lookup_is_scoped_to_the_organization(org_a, org_b, brest):
    assert facts.polling_station_lookup(organization=org_b, address="12 rue de Siam") == []
    assert facts.polling_station_lookup(organization=org_b, commune="Brest") == []


def test_where_do_i_vote_with_an_address_names_the_station(french_kb, brest):
    got = answer(
        organization=french_kb,
        question="ou je vote ? j'habite 12 rue de siam",
        language="fr",
        country="FR",
    )
    assert got.slug == "polling-station"
    assert got.text.startswith("Pour votre adresse : ")
    assert "École de Siam" in got.text


def test_where_do_i_vote_without_an_address_gives_the_general_answer(french_kb, brest):
    got = answer(
        organization=french_kb, question="ou est mon bureau de vote", language="fr", country="FR"
    )
    assert got.slug == "polling-station"
    assert "carte électorale" in got.text and "École" not in got.text


def test_an_entry_of_the_organization_with_a_placeholder_it_cannot_fill(org_a):
    EntryFactory(
        organization=org_a,
        slug="results",
        question="Où voir les résultats ?",
        keywords=["résultats"],
        answer="Résultats sur {official_site}. Le soir du vote.",
    )
    got = answer(organization=org_a, question="resultats", language="fr", country="FR")
    assert got.text == "Le soir du vote."


def test_the_eve_and_the_day_read_as_words_not_as_one_days(french_kb):
    election = ElectionFactory(organization=french_kb, country="FR", date=date(2027, 4, 11))
    asked = {"organization": french_kb, "country": "FR", "election": election}
    eve = answer(question="how many days until the election?", language="en",
                 today=date(2027, 4, 10), **asked)  # fmt: skip
    assert "tomorrow" in eve.text and "1 days" not in eve.text
    day = answer(question="combien de jours avant l'élection ?", language="fr",
                 today=date(2027, 4, 11), **asked)  # fmt: skip
    assert "aujourd" in day.text and "0 jours" not in day.text
