"""The same person reaching the same rung from several transactions at once is announced
once (PostgreSQL: real concurrent transactions)."""

from __future__ import annotations

import pytest

from turnout.core.tests.concurrency import run_together
from turnout.funnels.models import PersonRung, RungReached
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.models import Activity
from turnout.people.services import activity_record
from turnout.people.tests.factories import PersonFactory

from .helpers import suggested


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_activities_announce_a_rung_once():
    organization = OrganizationFactory()
    rungs = suggested(organization)
    people = [PersonFactory(organization=organization) for _n in range(3)]

    def worker(index):
        kind = "petition_signed" if index % 2 else "donation.made"
        activity_record(person=people[index % 3], kind=kind)

    run_together(12, worker)
    for person in people:
        announced = list(
            Activity.objects.filter(person=person, kind="rung.reached").values_list(
                "source_id", flat=True
            )
        )
        wanted = {str(rungs[name].pk) for name in ("Supporter", "Signer", "Donor")}
        assert sorted(announced) == sorted(wanted)  # each once
        assert RungReached.objects.filter(person=person).count() == 3
        assert PersonRung.objects.get(person=person).rung == rungs["Donor"]
