"""Election reminders: the day before each round, one message per person and channel they
asked for when pledging, never twice, never to someone who withdrew their consent."""

import datetime

import pytest

from turnout.campaigns import reminders
from turnout.campaigns.services.pledges import pledge_take
from turnout.campaigns.tests.factories import CampaignFactory
from turnout.messaging.models import Message
from turnout.people.models import Channel, Consent, Purpose
from turnout.people.services import ConsentInput, PersonData, consent_record

pytestmark = pytest.mark.django_db

# The frozen clock says Tuesday 24 November 2026, 10:00 in Paris.
TOMORROW = datetime.date(2026, 11, 25)


@pytest.fixture
def campaign(org_a):
    return CampaignFactory(
        organization=org_a,
        slug="vote-demain",
        election_date=TOMORROW,
        second_round_date=datetime.date(2026, 12, 9),
        languages=["fr", "en"],
    )


def pledge(campaign, email="", phone="", *, by_email=False, by_sms=False, language="fr"):
    texts = {}
    if by_email:
        texts[Channel.EMAIL] = "Rappelez-moi par e-mail."
    if by_sms:
        texts[Channel.SMS] = "Rappelez-moi par SMS."
    submission, _created = pledge_take(
        campaign=campaign,
        data=PersonData(given_name="Ana", email=email, phone=phone, language=language),
        reminders=texts,
    )
    return submission.person


def test_the_day_before_the_round_each_asked_reminder_goes_once(campaign):
    ana = pledge(campaign, "ana@example.org", "+33612345678", by_email=True, by_sms=True)
    pledge(campaign, "bob@example.org", language="en", by_email=True)
    pledge(campaign, "carl@example.org")  # pledged, asked for nothing

    sent = reminders.pledge_reminders_due()
    assert sent == {"vote-demain": {"email": 2, "sms": 1}}
    emails = Message.objects.filter(channel=Channel.EMAIL).order_by("to_address")
    assert [m.to_address for m in emails] == ["ana@example.org", "bob@example.org"]
    assert "25 novembre 2026" in emails[0].subject and emails[0].body.startswith("Bonjour Ana")
    assert emails[1].language == "en" and "Tomorrow" in emails[1].subject
    assert Message.objects.get(channel=Channel.SMS, person=ana).to_address == "+33612345678"

    # The hourly run comes again (or a second worker runs it): nothing more.
    assert reminders.pledge_reminders_due() == {"vote-demain": {"email": 0, "sms": 0}}
    assert Message.objects.count() == 3


def test_nothing_before_ten_or_on_other_days(campaign):
    pledge(campaign, "ana@example.org", by_email=True)
    early = datetime.datetime(2026, 11, 24, 8, 30, tzinfo=datetime.UTC)  # 9:30 in Paris
    assert reminders.pledge_reminders_due(now=early) == {}
    two_days_before = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
    assert reminders.pledge_reminders_due(now=two_days_before) == {}
    assert not Message.objects.exists()
    before_second_round = datetime.datetime(2026, 12, 8, 12, 0, tzinfo=datetime.UTC)
    assert reminders.pledge_reminders_due(now=before_second_round) == {
        "vote-demain": {"email": 1, "sms": 0}
    }


def test_a_withdrawn_consent_gets_no_reminder(campaign):
    ana = pledge(campaign, "ana@example.org", by_email=True)
    consent_record(
        person=ana,
        consent=ConsentInput(
            channel=Channel.EMAIL,
            purpose=Purpose.REMINDERS,
            status=Consent.Status.WITHDRAWN,
            notice_text="",
        ),
        source=Consent.Source.STAFF,
    )
    assert reminders.pledge_reminders_due() == {"vote-demain": {"email": 0, "sms": 0}}
    assert not Message.objects.exists()


def test_draft_campaigns_send_nothing(org_a):
    campaign = CampaignFactory(organization=org_a, election_date=TOMORROW, status="draft")
    assert reminders.pledge_reminders_due() == {}
    assert reminders.reminder_counts(campaign) == {"email": 0, "sms": 0}
