"""Real concurrency on PostgreSQL: claims take codes under row locks that others skip, and
reminders are handled once however many workers run the periodic task at once."""

import pytest
from django.db import connection

from turnout.core.tests.concurrency import run_together
from turnout.gotv.exceptions import PoolEmpty
from turnout.gotv.models import PerkClaim, PerkCode, ReminderDelivery
from turnout.gotv.services import perk_claim, reminder_subscribe
from turnout.gotv.services.sending import reminders_send_due
from turnout.messaging.models import Message
from turnout.people.models import Person

from .factories import PerkCodeFactory, PerkOfferFactory, ReminderProgramFactory
from .helpers import CONSENT, voter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_200_claims_at_once_on_a_pool_of_100_codes(org_a):
    offer = PerkOfferFactory(organization=org_a)
    PerkCode.objects.bulk_create(PerkCode(offer=offer, code=f"RIDE-{n:03d}") for n in range(100))
    people = [voter(org_a, n) for n in range(200)]

    def claim_one(i):
        try:
            return perk_claim(offer=offer, person=people[i]).code.code
        except PoolEmpty:
            return None

    # 50 connections at once (PostgreSQL's default limit is 100), four claims each.
    def claim(t):
        return [claim_one(t * 4 + k) for k in range(4)]

    results = [code for batch in run_together(50, claim) for code in batch]
    given = [code for code in results if code is not None]
    assert len(given) == 100
    assert len(set(given)) == 100
    assert results.count(None) == 100
    claims = PerkClaim.objects.filter(offer=offer)
    assert claims.count() == 100
    assert claims.values("person").distinct().count() == 100
    assert claims.values("code").distinct().count() == 100
    assert PerkCode.objects.filter(offer=offer, claimed_at__isnull=True).count() == 0
    assert connection.vendor == "postgresql"


def test_the_same_person_claiming_ten_times_at_once_gets_one_code(org_a):
    offer = PerkOfferFactory(organization=org_a)
    for n in range(5):
        PerkCodeFactory(offer=offer, code=f"X-{n}")
    person = voter(org_a)
    results = run_together(10, lambda i: perk_claim(offer=offer, person=person).code.code)
    assert len(set(results)) == 1
    assert PerkClaim.objects.filter(offer=offer).count() == 1
    assert PerkCode.objects.filter(offer=offer, claimed_at__isnull=False).count() == 1


def test_four_workers_releasing_reminders_at_once_send_each_once(org_a, clock):
    program = ReminderProgramFactory(organization=org_a)
    for n in range(30):
        reminder_subscribe(
            organization=org_a, person=voter(org_a, n), election=program.election,
            channel="email", source="web", consent_text=CONSENT,
        )  # fmt: skip
    clock.move_to("2026-12-19 18:05:00+01:00")
    results = run_together(4, lambda i: reminders_send_due().queued)
    assert sum(results) == 30
    assert Message.objects.filter(organization=org_a).count() == 30
    assert ReminderDelivery.objects.count() == 30
    assert Message.objects.values("person").distinct().count() == Person.objects.count()
