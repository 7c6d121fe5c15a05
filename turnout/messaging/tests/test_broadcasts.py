"""Broadcasts from the audience to the provider: who receives, exactly once, opt-outs win."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from turnout.core.models import Job
from turnout.messaging import dispatch
from turnout.messaging.models import Broadcast, Message, MessagingSettings, OutboxMessage
from turnout.messaging.providers.base import InboundSms
from turnout.messaging.services import (
    BroadcastError,
    broadcast_audience_summary,
    broadcast_cancel,
    broadcast_save,
    broadcast_send,
    inbound_receive,
)
from turnout.people.models import Activity, ContactStatus, Person, PhoneNumber, Suppression
from turnout.people.segments.services import list_create
from turnout.people.tests.factories import (
    ConsentFactory,
    EmailAddressFactory,
    PersonFactory,
    PhoneNumberFactory,
)


def supporter(org, *, phone=None, email=None, sms=True, mail_ok=True, **person):
    p = PersonFactory(organization=org, **person)
    if phone:
        PhoneNumberFactory(person=p, number=phone)
        if sms:
            ConsentFactory(person=p, channel="sms", purpose="campaigns")
    if email:
        EmailAddressFactory(person=p, address=email)
        if mail_ok:
            ConsentFactory(person=p, channel="email", purpose="campaigns")
    return p


def audience(org, owner, people):
    people_list = list_create(organization=org, actor=owner, name="Audience")
    for p in people:
        people_list.people.add(p)
    return people_list


def sms_broadcast(org, owner, people_list, text="Bonjour {first_name|}, votez le 7 juin !"):
    return broadcast_save(
        organization=org,
        actor=owner,
        channel="sms",
        name="Rappel",
        people_list=people_list,
        content={"fr": {"subject": "", "body": text}},
    )


# Jobs and dispatchers start when a transaction commits, as in production: real commits.
pytestmark = pytest.mark.django_db(transaction=True)


def outbox_numbers() -> list[str]:
    return sorted(n for row in OutboxMessage.objects.filter(channel="sms") for n in row.to)


def test_an_sms_broadcast_reaches_exactly_the_people_who_may_receive_it(org_a, owner_a):
    anne = supporter(org_a, phone="+33612000001", given_name="Anne")
    no_consent = supporter(org_a, phone="+33612000002", sms=False)
    landline = supporter(org_a, phone="+33298000003")
    PhoneNumber.objects.filter(number="+33298000003").update(number_type="landline")
    dnc = supporter(org_a, phone="+33612000004", do_not_contact=True)
    no_phone = supporter(org_a, email="np@example.org")
    people_list = audience(org_a, owner_a, [anne, no_consent, landline, dnc, no_phone])
    broadcast = sms_broadcast(org_a, owner_a, people_list)

    summary = broadcast_audience_summary(broadcast=broadcast)
    assert summary == {"total": 5, "no_contact": 2, "opted_out": 1, "no_consent": 1, "reachable": 1}

    assert broadcast_send(broadcast=broadcast, actor=owner_a)
    assert outbox_numbers() == ["+33612000001"]
    sent = OutboxMessage.objects.get()
    assert sent.body.startswith("Bonjour Anne, votez le 7 juin !")
    assert "STOP" in sent.body  # the opt-out instruction is appended
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.SENT and broadcast.recipients == 1
    assert Activity.objects.filter(person=anne, kind="sms_sent").count() == 1


def test_a_second_click_and_a_second_dispatcher_send_nothing_more(org_a, owner_a):
    people = [supporter(org_a, phone=f"+336120001{i:02d}") for i in range(30)]
    broadcast = sms_broadcast(org_a, owner_a, audience(org_a, owner_a, people))
    assert broadcast_send(broadcast=broadcast, actor=owner_a)
    assert not broadcast_send(broadcast=broadcast, actor=owner_a)  # double click
    assert Job.objects.filter(kind="broadcast_enqueue").count() == 1
    # The enqueue job and every dispatcher run again (a retried task): no second row, no resend.
    from turnout.messaging.services import broadcast_enqueue

    assert broadcast_enqueue(broadcast=broadcast) == 0
    dispatch.dispatch_run(provider="outbox")
    assert len(outbox_numbers()) == 30 == len(set(outbox_numbers()))
    assert Message.objects.filter(broadcast=broadcast, status="sent").count() == 30


def test_stop_then_erasure_then_reimport_never_texts_the_number_again(org_a, owner_a):
    from turnout.people.rights.services import person_erase
    from turnout.people.tests.test_import_helpers import csv_bytes, run_import

    gone = supporter(org_a, phone="+33612345678", email="gone@example.org", given_name="Gaël")
    stays = supporter(org_a, phone="+33611111111", email="stays@example.org", given_name="Soizic")
    first = sms_broadcast(org_a, owner_a, audience(org_a, owner_a, [gone, stays]))
    broadcast_send(broadcast=first, actor=owner_a)
    assert outbox_numbers() == ["+33611111111", "+33612345678"]

    # "Stop svp" from the number, written in another format by the provider.
    inbound_receive(
        provider="outbox",
        inbound=InboundSms(event_id="in-1", sender="0033612345678", recipient="", body="Stop svp"),
    )
    assert (
        Suppression.objects.filter(organization=org_a, channel="sms", reason="opt_out").count() == 1
    )
    person_erase(person=Person.objects.get(pk=gone.pk), actor=owner_a, reason="asked by mail")

    data = csv_bytes(
        [
            ["first name", "email", "phone"],
            ["Gaël", "gone@example.org", "06 12 34 56 78"],
            ["Soizic", "stays@example.org", "0611111111"],
        ]
    )
    run_import(org_a, owner_a, data)
    everyone = list(Person.objects.filter(organization=org_a, erased_at__isnull=True))
    OutboxMessage.objects.all().delete()
    second = sms_broadcast(org_a, owner_a, audience(org_a, owner_a, everyone))
    broadcast_send(broadcast=second, actor=owner_a)
    assert outbox_numbers() == ["+33611111111"]


def test_stop_wins_over_a_message_already_queued_and_is_confirmed_once(org_a, owner_a):
    gwen = supporter(org_a, phone="+33612000009", language="fr")
    broadcast = sms_broadcast(org_a, owner_a, audience(org_a, owner_a, [gwen]))
    with override_settings(TURNOUT_DISPATCH_PARALLEL=0):  # queue only, nobody dispatches yet
        broadcast_send(broadcast=broadcast, actor=owner_a)
    assert Message.objects.get(broadcast=broadcast).status == "queued"
    for n, text in enumerate(["STOP", "stop!", "Arrêt"]):
        inbound_receive(
            provider="outbox",
            inbound=InboundSms(event_id=f"s{n}", sender="+33612000009", recipient="", body=text),
        )
    confirmations = Message.objects.filter(transactional=True, to_address="+33612000009")
    assert confirmations.count() == 1
    assert OutboxMessage.objects.filter(channel="sms").count() == 1  # the confirmation only
    assert Message.objects.get(broadcast=broadcast).status == "suppressed"
    assert gwen.consents.get(current=True, channel="sms").status == "withdrawn"
    assert PhoneNumber.objects.get(number="+33612000009").status == ContactStatus.UNSUBSCRIBED


def test_a_replayed_inbound_webhook_is_stored_once(org_a, owner_a):
    supporter(org_a, phone="+33612000010")
    Message.objects.create(
        organization=org_a,
        channel="sms",
        idempotency_key="x",
        to_address="+33612000010",
        status="sent",
        provider="outbox",
    )
    reply = InboundSms(event_id="dup", sender="+33612000010", recipient="", body="Merci !")
    assert inbound_receive(provider="outbox", inbound=reply) is not None
    assert inbound_receive(provider="outbox", inbound=reply) is None
    assert Message.objects.filter(direction="in").count() == 1


def test_cancel_stops_what_has_not_left(org_a, owner_a):
    people = [supporter(org_a, phone=f"+336120002{i:02d}") for i in range(5)]
    broadcast = sms_broadcast(org_a, owner_a, audience(org_a, owner_a, people))
    with override_settings(TURNOUT_DISPATCH_PARALLEL=0):
        broadcast_send(broadcast=broadcast, actor=owner_a)
    assert broadcast_cancel(broadcast=broadcast, actor=owner_a) == 5
    dispatch.dispatch_run(provider="outbox")
    assert OutboxMessage.objects.count() == 0


def test_a_text_with_an_unknown_or_unguarded_variable_is_refused(org_a, owner_a):
    people_list = audience(org_a, owner_a, [])
    with pytest.raises(BroadcastError, match=r"\{frist_name\}"):
        sms_broadcast(org_a, owner_a, people_list, text="Bonjour {frist_name}")
    with pytest.raises(BroadcastError, match="first_name"):
        sms_broadcast(org_a, owner_a, people_list, text="Bonjour {first_name}")


def test_outside_sending_hours_messages_wait_for_the_opening(org_a, owner_a, clock):
    clock.move_to("2026-11-29 10:00:00+01:00")  # a Sunday in Paris
    reunion = supporter(org_a, phone="+262692000001")  # Réunion, UTC+4: 13:00 there, Sunday too
    paris = supporter(org_a, phone="+33612000011")
    broadcast = sms_broadcast(org_a, owner_a, audience(org_a, owner_a, [reunion, paris]))
    broadcast_send(broadcast=broadcast, actor=owner_a)
    assert OutboxMessage.objects.count() == 0
    waiting = {m.to_address: m.not_before for m in Message.objects.filter(broadcast=broadcast)}
    assert waiting["+33612000011"] == dt.datetime(
        2026, 11, 30, 7, 0, tzinfo=dt.UTC
    )  # Mon 08:00 Paris
    assert waiting["+262692000001"] == dt.datetime(
        2026, 11, 30, 4, 0, tzinfo=dt.UTC
    )  # Mon 08:00 Réunion
    clock.move_to("2026-11-30 06:30:00+00:00")  # 07:30 in Paris, 10:30 in Réunion
    dispatch.dispatch_run(provider="outbox")
    assert outbox_numbers() == ["+262692000001"]


def test_an_organization_without_sending_hours_sends_at_night(org_a, owner_a, clock):
    clock.move_to("2026-11-24 23:30:00+01:00")
    MessagingSettings.objects.create(organization=org_a, quiet_hours="")
    p = supporter(org_a, phone="+33612000012")
    broadcast_send(
        broadcast=sms_broadcast(org_a, owner_a, audience(org_a, owner_a, [p])), actor=owner_a
    )
    assert outbox_numbers() == ["+33612000012"]


def test_an_email_broadcast_has_one_click_unsubscribe_that_needs_no_cookie(org_a, owner_a, client):
    p = supporter(org_a, email="lea@example.org", given_name="Léa")
    broadcast = broadcast_save(
        organization=org_a,
        actor=owner_a,
        channel="email",
        name="Newsletter",
        people_list=audience(org_a, owner_a, [p]),
        content={"fr": {"subject": "Nouvelles", "body": "Bonjour {first_name|} !"}},
    )
    broadcast_send(broadcast=broadcast, actor=owner_a)
    [email] = mail.outbox
    assert email.subject == "Nouvelles" and "Bonjour Léa !" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("127.0.0.1:8000", 1)[1]
    assert path in email.body and path in email.alternatives[0][0]

    client.get(path)  # opening the link (or a scanner following it) changes nothing
    assert not Suppression.objects.filter(channel="email").exists()
    tampered = path.rstrip("/")[:-3] + "abc/"
    assert client.post(tampered, {"List-Unsubscribe": "One-Click"}).status_code == 404
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Suppression.objects.filter(channel="email", reason="opt_out").count() == 1

    mail.outbox.clear()
    again = broadcast_save(
        organization=org_a,
        actor=owner_a,
        channel="email",
        name="Again",
        people_list=audience(org_a, owner_a, [p]),
        content={"fr": {"subject": "Encore", "body": "Re-bonjour"}},
    )
    broadcast_send(broadcast=again, actor=owner_a)
    assert mail.outbox == []


def test_the_broadcast_pages_walk_from_draft_to_sent(org_a, owner_a, client):
    from turnout.people.tests.factories import SegmentFactory

    client.force_login(owner_a)
    p = supporter(org_a, phone="+33612000013", given_name="Yann")
    segment = SegmentFactory(organization=org_a, definition={"match": "all", "conditions": []})
    base = f"/en/o/{org_a.slug}/messages/"
    assert client.get(base).status_code == 200
    form = client.get(base + "new/?channel=sms")
    assert b"data-sms-counter" in form.content
    response = client.post(
        base + "new/?channel=sms",
        {
            "name": "Rappel",
            "segment": segment.pk,
            "purpose": "campaigns",
            "default_language": "fr",
            "body_fr": "Bonjour {first_name|}",
            "body_en": "",
            "body_de": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    broadcast = Broadcast.objects.get()
    detail = client.get(response["Location"])
    assert b"Bonjour Yann" not in detail.content and b"Bonjour" in detail.content
    assert detail.context["summary"]["reachable"] == 1
    client.post(
        reverse("broadcasts:send", kwargs={"org_slug": org_a.slug, "broadcast_id": broadcast.pk})
    )
    broadcast.refresh_from_db()
    assert broadcast.status == "sent"
    page = client.get(response["Location"])
    assert page.context["stats"]["counts"] == {"sent": 1}
    assert Activity.objects.filter(person=p, kind="sms_sent").count() == 1


def test_a_sent_broadcast_can_be_reused_as_a_new_draft(org_a, owner_a, client):
    p = supporter(org_a, phone="+33612000014")
    broadcast = sms_broadcast(org_a, owner_a, audience(org_a, owner_a, [p]))
    broadcast_send(broadcast=broadcast, actor=owner_a)
    client.force_login(owner_a)
    response = client.post(
        reverse(
            "broadcasts:duplicate", kwargs={"org_slug": org_a.slug, "broadcast_id": broadcast.pk}
        )
    )
    copy = Broadcast.objects.exclude(pk=broadcast.pk).get()
    assert response["Location"].endswith(f"/messages/{copy.pk}/")
    assert copy.status == "draft" and copy.content == broadcast.content
    assert copy.people_list == broadcast.people_list


def test_erasure_blanks_messages_and_merge_moves_them(org_a, owner_a):
    from django.core import serializers

    from turnout.people.rights.merge import person_merge
    from turnout.people.rights.services import person_erase

    gone = supporter(org_a, phone="+33612000015", given_name="Goulven")
    broadcast_send(
        broadcast=sms_broadcast(org_a, owner_a, audience(org_a, owner_a, [gone])), actor=owner_a
    )
    inbound_receive(
        provider="outbox",
        inbound=InboundSms(
            event_id="r1", sender="+33612000015", recipient="", body="Merci Goulven"
        ),
    )
    person_erase(person=Person.objects.get(pk=gone.pk), actor=owner_a, reason="asked")
    dump = serializers.serialize("json", [*Message.objects.all(), *OutboxMessage.objects.all()])
    assert "612000015" not in dump and "Goulven" not in dump
    assert Message.objects.filter(person=gone).count() == 2  # counts stay true

    a = supporter(org_a, phone="+33612000016")
    b = supporter(org_a, email="b@example.org")
    Message.objects.create(
        organization=org_a, channel="sms", idempotency_key="m:b", person=b, to_address="x"
    )
    person_merge(survivor=a, other=b, choices={}, actor=owner_a)
    assert Message.objects.get(idempotency_key="m:b").person_id == a.pk
