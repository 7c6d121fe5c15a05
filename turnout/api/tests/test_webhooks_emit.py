"""Each event type comes from the real service that does the work, with an OSDI payload; an
erased person is reported with identifiers only and what was sent about them before is
scrubbed; emitting costs at most one query when nobody listens."""

from __future__ import annotations

import json

from turnout.actions.services import submission_record
from turnout.actions.tests.factories import ActionFactory
from turnout.api.models import WebhookDelivery, WebhookEvent
from turnout.api.webhooks import emit, services
from turnout.donations.models import Donation
from turnout.donations.services.lifecycle import donation_paid, donation_refunded
from turnout.donations.tests.factories import DonationFactory
from turnout.events.services.rsvp import rsvp_create
from turnout.events.tests.factories import EventFactory
from turnout.messaging.services import optout_apply, unsubscribe_apply
from turnout.messaging.tests.factories import MessageFactory
from turnout.people.models import Person
from turnout.people.rights.merge import person_merge
from turnout.people.rights.services import person_erase, person_object
from turnout.people.services import PersonData, person_update, person_upsert
from turnout.people.tests.factories import (
    CustomFieldFactory,
    EmailAddressFactory,
    PersonFactory,
    PhoneNumberFactory,
)

from .webhooks_helpers import receiver_fixture, subscribe  # noqa: F401

ALL = [
    "person.created",
    "person.updated",
    "person.merged",
    "person.erased",
    "action.taken",
    "donation.succeeded",
    "donation.refunded",
    "attendance.created",
    "opt_out",
]


def _events(type_):
    return list(WebhookEvent.objects.filter(type=type_).order_by("pk"))


def _lea(org, **extra):
    person, _ = person_upsert(
        organization=org,
        data=PersonData(given_name="Léa", family_name="Martin", email="lea@example.org", **extra),
        source="test",
    )
    return person


def test_people_are_reported_created_updated_merged(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    subscribe(org_a, receiver, types=ALL)
    with django_capture_on_commit_callbacks(execute=True):
        lea = _lea(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        person_update(person=lea, actor=owner_a, fields={"family_name": "Martin-Roy"})
    other = PersonFactory(organization=org_a, given_name="Léa", family_name="M.")
    with django_capture_on_commit_callbacks(execute=True):
        person_merge(survivor=lea, other=other, choices={}, actor=owner_a)

    [created] = _events("person.created")
    assert created.payload["_embedded"]["osdi:person"]["given_name"] == "Léa"
    [updated] = _events("person.updated")
    assert updated.payload["_embedded"]["osdi:person"]["family_name"] == "Martin-Roy"
    [merged] = _events("person.merged")
    assert merged.payload["merged_identifiers"] == [f"turnout:{other.uuid}"]
    assert f"turnout:{lea.uuid}" in merged.payload["_embedded"]["osdi:person"]["identifiers"]
    assert [r.headers["Turnout-Event"] for r in receiver.requests] == [
        "person.created",
        "person.updated",
        "person.merged",
    ]
    assert WebhookDelivery.objects.filter(status="succeeded").count() == 3


def test_sensitive_custom_fields_stay_inside(org_a, receiver, django_capture_on_commit_callbacks):
    CustomFieldFactory(organization=org_a, key="party", sensitive=True)
    CustomFieldFactory(organization=org_a, key="tshirt", sensitive=False)
    subscribe(org_a, receiver, types=["person.updated"])
    lea = _lea(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        person_update(
            person=lea, actor=None, fields={"custom_fields": {"party": "Greens", "tshirt": "M"}}
        )
    body = receiver.requests[0].body.decode()
    assert "Greens" not in body
    assert '"tshirt":"M"' in body


def test_a_signature_is_reported_as_an_action_taken(
    org_a, receiver, django_capture_on_commit_callbacks
):
    subscribe(org_a, receiver, types=["action.taken", "person.created"])
    action = ActionFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        submission, _created = submission_record(
            action=action,
            data=PersonData(given_name="Tom", email="tom@example.org"),
            consent_given=False,
            sponsor_ids=set(),
            attribution={},
        )
    [event] = _events("action.taken")
    embedded = event.payload["_embedded"]
    assert embedded["osdi:person"]["given_name"] == "Tom"
    # The API's own representations (same shape and links as GET /api/v1/...).
    assert "/api/v1/" in embedded["osdi:signature"]["_links"]["self"]["href"]
    assert embedded["osdi:person"]["_links"]["self"]["href"].endswith(
        f"/api/v1/people/{submission.person.uuid}"
    )
    assert event.person_uuid == submission.person.uuid
    assert {r.headers["Turnout-Event"] for r in receiver.requests} == {
        "action.taken",
        "person.created",
    }


def test_donations_paid_and_refunded(org_a, receiver, django_capture_on_commit_callbacks):
    subscribe(org_a, receiver, types=["donation.succeeded", "donation.refunded"])
    donation = DonationFactory(
        organization=org_a, status=Donation.Status.PENDING, paid_at=None, amount_cents=2500
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert donation_paid(donation=donation)
    with django_capture_on_commit_callbacks(execute=True):
        assert donation_refunded(donation=donation, refunded_cents=2500)
    [paid] = _events("donation.succeeded")
    [refunded] = _events("donation.refunded")
    assert "osdi:donation" in paid.payload["_embedded"]
    assert paid.payload["_embedded"]["osdi:person"]["identifiers"][0] == (
        f"turnout:{donation.person.uuid}"
    )
    assert "osdi:donation" in refunded.payload["_embedded"]
    assert len(receiver.requests) == 2


def test_an_rsvp_is_reported_as_an_attendance(org_a, receiver, django_capture_on_commit_callbacks):
    subscribe(org_a, receiver, types=["attendance.created"])
    event = EventFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_create(event=event, data=PersonData(given_name="Ana", email="ana@example.org"))
    [recorded] = _events("attendance.created")
    assert recorded.payload["_embedded"]["osdi:person"]["given_name"] == "Ana"
    assert "osdi:attendance" in recorded.payload["_embedded"]
    assert len(receiver.requests) == 1


def test_opt_outs_by_link_by_stop_and_by_objection(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    subscribe(org_a, receiver, types=["opt_out"])
    message = MessageFactory(organization=org_a, channel="email", to_address="ana@example.org")
    EmailAddressFactory(person=message.person, address="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        unsubscribe_apply(message=message, source="link")
    phone = PhoneNumberFactory(person__organization=org_a, number="+33612345678")
    with django_capture_on_commit_callbacks(execute=True):
        optout_apply(
            organization=org_a,
            number="+33612345678",
            keyword="STOP",
            provider="outbox",
            keyword_from_provider=True,
        )
    objector = PersonFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        person_object(person=objector, actor=owner_a)

    by_link, by_stop, by_objection = _events("opt_out")
    assert by_link.payload["channel"] == "email"
    assert by_link.person_uuid == message.person.uuid
    assert by_stop.payload["channel"] == "sms"
    assert by_stop.payload["reason"] == "stop"
    assert by_stop.person_uuid == phone.person.uuid
    assert by_objection.payload["reason"] == "do_not_contact"
    assert by_objection.person_uuid == objector.uuid
    assert len(receiver.requests) == 3


def test_an_erasure_sends_identifiers_only_and_scrubs_what_was_sent_before(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    subscribe(org_a, receiver, types=["person.created", "person.erased"])
    receiver.answer((500, b"echo: lea@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        lea = _lea(org_a, phone="+33612345678")
    before = WebhookDelivery.objects.get()
    assert "lea@example.org" in json.dumps(before.event.payload)
    receiver.answer((200, b"ok"))
    Person.objects.filter(pk=lea.pk).update(identifiers=["crm:77"])
    lea.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=lea, actor=owner_a, reason="asked")

    before.refresh_from_db()
    before.event.refresh_from_db()
    stored = json.dumps(before.event.payload)
    assert "lea@example.org" not in stored and "Léa" not in stored and "Martin" not in stored
    assert before.event.payload["erased"] is True
    assert before.response_excerpt == ""
    [erased] = _events("person.erased")
    assert erased.payload["_embedded"]["osdi:person"] == {
        "identifiers": [f"turnout:{lea.uuid}", "crm:77"],
        "erased": True,
    }
    sent = receiver.requests[-1]
    assert sent.headers["Turnout-Event"] == "person.erased"
    assert b"lea@example.org" not in sent.body and b"+33612345678" not in sent.body

    # A pending retry of the old event now carries the scrubbed payload only.
    services.delivery_attempt(delivery_id=before.pk, now=before.next_attempt_at)
    assert b"lea@example.org" not in receiver.requests[-1].body


def test_the_erasure_of_a_survivor_scrubs_what_was_sent_about_the_merged_record(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    subscribe(org_a, receiver, types=["person.created"])
    with django_capture_on_commit_callbacks(execute=True):
        other = _lea(org_a)
    survivor = PersonFactory(organization=org_a)
    person_merge(survivor=survivor, other=other, choices={}, actor=owner_a)
    person_erase(person=survivor, actor=owner_a, reason="asked")
    [event] = _events("person.created")
    assert "lea@example.org" not in json.dumps(event.payload)


def test_emitting_is_cheap_when_nobody_listens(org_a, django_assert_num_queries):
    person = PersonFactory(organization=org_a)
    with django_assert_num_queries(1):
        emit(organization=org_a, type="person.updated", obj=person)
    with django_assert_num_queries(0):
        emit(organization=org_a, type="person.updated", obj=person)
        emit(organization=org_a.pk, type="action.taken", obj=person)


def test_a_new_subscription_is_heard_at_once(org_a, receiver, django_capture_on_commit_callbacks):
    person = PersonFactory(organization=org_a)
    emit(organization=org_a, type="person.updated", obj=person)  # caches "nobody listens"
    subscribe(org_a, receiver, types=["person.updated"])
    with django_capture_on_commit_callbacks(execute=True):
        emit(organization=org_a, type="person.updated", obj=person)
    assert len(receiver.requests) == 1


def test_work_that_is_rolled_back_emits_nothing(
    org_a, receiver, django_capture_on_commit_callbacks
):
    from django.db import transaction

    subscribe(org_a, receiver, types=["person.created"])
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _lea(org_a)
                raise RuntimeError("the caller fails after the upsert")
        except RuntimeError:
            pass
        person_upsert(organization=org_a, data=PersonData(given_name="Tom"), source="test")
    [event] = _events("person.created")
    assert event.payload["_embedded"]["osdi:person"]["given_name"] == "Tom"
    assert len(receiver.requests) == 1
