"""The demo city: real-looking streets, stations tiling the area, two elections whose map
tells a story, addresses imported through the real import (with its report); idempotent."""

import pytest
from django.db.models import Max, Min

from turnout.canvassing.demo import seed_demo_city
from turnout.canvassing.models import AddressPoint, ElectionResult, PollingStation
from turnout.canvassing.selectors_targeting import elections_for, map_rows
from turnout.core.models import Job
from turnout.organizations.demo import seed_organizations
from turnout.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_city_is_seeded_once_and_looks_real(settings):
    settings.TURNOUT_DEMO_SCALE = 0.02
    seed_organizations()
    seed_demo_city()
    org = Organization.objects.get(slug="voix-citoyennes")
    counts = (
        AddressPoint.objects.filter(organization=org).count(),
        PollingStation.objects.filter(organization=org).count(),
        ElectionResult.objects.filter(organization=org).count(),
        Job.objects.filter(organization=org).count(),
    )
    seed_demo_city()
    assert counts == (
        AddressPoint.objects.filter(organization=org).count(),
        PollingStation.objects.filter(organization=org).count(),
        ElectionResult.objects.filter(organization=org).count(),
        Job.objects.filter(organization=org).count(),
    )
    addresses = AddressPoint.objects.filter(organization=org)
    assert addresses.count() == 120 - 4  # 2 % of 6,000; four had no position
    assert not addresses.filter(station__isnull=True).exists()  # the stations tile the area
    assert addresses.filter(street="Rue de Siam").exists()
    assert addresses.aggregate(low=Min("doors"), high=Max("doors")) == {"low": 1, "high": 12}
    numbers = [int(a.number.split()[0]) for a in addresses]
    assert {n % 2 for n in numbers} == {0, 1}  # both sides of the streets
    assert PollingStation.objects.filter(organization=org).exclude(area={}).count() == 12

    (job,) = Job.objects.filter(organization=org, kind="canvassing_addresses")
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["rejected"] == {"no_coordinates": 4} and job.result_file

    elections = elections_for(organization=org)
    assert [e.name for e in elections] == ["Législatives 2024, 1er tour", "Européennes 2024"]
    rates = [r.rate for r in map_rows(organization=org, election=elections[0])]
    assert min(rates) >= 0.2 and max(rates) <= 0.55 and max(rates) - min(rates) > 0.1
    for result in ElectionResult.objects.filter(organization=org):
        assert result.registered == result.voters + result.abstentions
