from io import StringIO

import pytest
from django.core.management import call_command

from turnout.actions.demo import SLUG
from turnout.actions.models import Action, SponsorOptIn, Submission
from turnout.people.models import Person


@pytest.mark.django_db
def test_demo_petition_tells_a_consistent_story():
    call_command("seed_demo", stdout=StringIO())
    action = Action.objects.get(slug=SLUG)
    confirmed = Submission.objects.filter(action=action, status="confirmed").count()
    assert action.signature_count == confirmed > 30
    assert Submission.objects.filter(action=action, status="pending").exists()
    delivered = SponsorOptIn.objects.filter(submission__action=action, person__isnull=False)
    assert delivered.exists()
    partner = action.sponsors.get(is_owner=False).organization
    assert Person.objects.filter(organization=partner, pk__in=delivered.values("person")).exists()
    call_command("seed_demo", stdout=StringIO())
    assert Action.objects.filter(slug=SLUG).count() == 1
    action.refresh_from_db()
    assert action.signature_count == confirmed
