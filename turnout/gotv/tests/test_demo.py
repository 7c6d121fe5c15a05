"""The GOTV demo seeder makes a running program, a ride-code pool and two placements, once."""

import pytest

from turnout.gotv.demo import seed_gotv
from turnout.gotv.models import PerkClaim, PerkCode, Placement, ReminderProgram
from turnout.people.services import PersonData, person_upsert

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(org_a):
    for n in range(150):
        person_upsert(
            organization=org_a,
            data=PersonData(given_name=f"Léa{n}", email=f"lea{n}@example.org"),
            source="test",
        )
    seed_gotv()
    counts = (
        ReminderProgram.objects.count(),
        PerkCode.objects.count(),
        PerkClaim.objects.count(),
        Placement.objects.count(),
    )
    seed_gotv()
    assert counts == (
        ReminderProgram.objects.count(),
        PerkCode.objects.count(),
        PerkClaim.objects.count(),
        Placement.objects.count(),
    )
    program = ReminderProgram.objects.get()
    assert program.status == "running" and program.subscriptions.count() == 40
    assert PerkCode.objects.count() == 500
    assert PerkClaim.objects.count() == 100
    assert PerkClaim.objects.filter(redeemed_at__isnull=False).count() == 34
    assert Placement.objects.count() == 2
