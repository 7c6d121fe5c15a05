"""Building journeys in tests through the services, as an organizer would."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from turnout.journeys.models import Journey
from turnout.journeys.services import journey_activate, journey_create, step_add
from turnout.people.models import Channel
from turnout.people.services import ConsentInput, consent_record
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory, PhoneNumberFactory

EMAIL = {
    "content": {
        "fr": {"subject": "Merci {first_name|}", "body": "Bonjour {first_name|}, merci !"},
        "en": {"subject": "Thank you {first_name|}", "body": "Hello {first_name|}, thank you!"},
    },
    "purpose": "campaigns",
}
SMS = {"content": {"fr": {"body": "Bonjour {first_name|} !"}}, "purpose": "campaigns"}


def make_journey(organization, steps, *, actor=None, activate=True, **fields) -> Journey:
    """A linear journey of ``steps`` [(kind, config), ...], activated and listening now."""
    fields.setdefault("name", "Welcome")
    fields.setdefault("trigger_kind", Journey.Trigger.ACTION)
    fields.setdefault("trigger_config", {"action": None})
    journey = journey_create(organization=organization, actor=actor, **fields)
    after = ""
    for kind, config in steps:
        after = step_add(journey=journey, actor=actor, kind=kind, config=config, after=after).key
    if activate:
        journey_activate(journey=journey, actor=actor)
        Journey.objects.filter(pk=journey.pk).update(
            listening_since=timezone.now() - timedelta(seconds=1)
        )
        journey.refresh_from_db()
    return journey


def reachable_person(organization, *, email=True, sms=False, purpose="campaigns", **fields):
    """A person with a primary email (and mobile) and consent for the purpose."""
    person = PersonFactory(organization=organization, **fields)
    if email:
        EmailAddressFactory(person=person)
        consent_record(
            person=person,
            consent=ConsentInput(channel=Channel.EMAIL, purpose=purpose, status="granted"),
            source="form",
        )
    if sms:
        PhoneNumberFactory(person=person)
        consent_record(
            person=person,
            consent=ConsentInput(channel=Channel.SMS, purpose=purpose, status="granted"),
            source="form",
        )
    return person
