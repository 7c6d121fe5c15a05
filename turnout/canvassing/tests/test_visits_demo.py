"""The demo visits: two volunteers' rounds on the demo effort, with its script, answers and a
few people recorded with their consent; seeding again adds nothing."""

import pytest

from turnout.canvassing.demo import seed_demo_city
from turnout.canvassing.demo_turfs import seed_turfs
from turnout.canvassing.demo_visits import seed_visits
from turnout.canvassing.models import Effort, Visit
from turnout.organizations.demo import seed_organizations
from turnout.people.activity_kinds import CANVASS_DONE
from turnout.people.models import Activity, Consent

pytestmark = pytest.mark.django_db


def test_the_demo_effort_has_a_script_and_two_canvassers_rounds(settings):
    settings.TURNOUT_DEMO_SCALE = 0.05
    seed_organizations()
    seed_demo_city()
    seed_turfs()
    seed_visits()
    effort = Effort.objects.get(name="Porte-à-porte centre-ville")
    visits = Visit.objects.filter(effort=effort)
    counts = (visits.count(), Activity.objects.filter(kind=CANVASS_DONE).count())
    seed_visits()
    assert counts == (visits.count(), Activity.objects.filter(kind=CANVASS_DONE).count())
    assert [q["key"] for q in effort.script] == [
        "will_vote",
        "polling_station",
        "reminder",
        "issue",
    ]
    assert visits.filter(outcome="talked").exclude(answers={}).count() > 20
    assert visits.values("canvasser").distinct().count() >= 2
    assert visits.count() >= 150
    assert visits.filter(person__isnull=False).exists()
    assert visits.filter(has_sensitive=True).exists()
    assert Consent.objects.filter(source="canvass").exists()
