"""Election reminders to the people who pledged to vote and asked for one.

The day before each round (the election day and, if any, the second round), from
``REMINDER_HOUR`` in the initiator's time zone (its messaging settings), everyone who pledged
on the campaign's page and ticked "remind me" on a channel gets one email or SMS on that
channel. Each goes through the messaging outbox as a journey's step does
(``messaging.single.message_queue_one``): the consent for election reminders must still be
current, opt-outs and the suppression list are respected, SMS wait for the sending hours, and
the idempotency key (campaign, round, person, channel) makes every reminder go once even if
the hourly run repeats or two workers run it together.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from turnout.actions.models import LANGUAGES, Submission
from turnout.core.periodic import periodic
from turnout.messaging.services import dispatch_start, messaging_settings_get
from turnout.messaging.single import message_queue_one, provider_for
from turnout.people.models import Channel, Consent, Person, Purpose

from .models import Campaign
from .services.pledges import REMINDER_CHANNELS

REMINDER_HOUR = 10  # local time, the day before the round


@dataclass
class ReminderRun:
    queued: dict = field(default_factory=dict)  # channel -> messages queued now
    skipped: dict = field(default_factory=dict)  # reason -> count


def rounds(campaign: Campaign) -> list[datetime.date]:
    return [d for d in (campaign.election_date, campaign.second_round_date) if d]


def round_due(campaign: Campaign, now: datetime.datetime, zone: str) -> datetime.date | None:
    """The round whose reminders are due at ``now``: the day before it, from REMINDER_HOUR
    local time until midnight."""
    local = now.astimezone(ZoneInfo(zone))
    if local.hour < REMINDER_HOUR:
        return None
    tomorrow = local.date() + timedelta(days=1)
    return tomorrow if tomorrow in rounds(campaign) else None


def reminder_people(campaign: Campaign, channel: str):
    """People who pledged (confirmed) on the campaign and whose current consent to election
    reminders on ``channel`` was given on this campaign's page."""
    pledged = Submission.objects.filter(
        action_id=campaign.pledge_action_id, status=Submission.Status.CONFIRMED
    ).values("person_id")
    consented = Consent.objects.filter(
        purpose=Purpose.REMINDERS,
        channel=channel,
        current=True,
        status=Consent.Status.GRANTED,
        source_ref=f"campaign:{campaign.slug}",
    ).values("person_id")
    return Person.objects.filter(
        organization_id=campaign.organization_id, pk__in=pledged, erased_at__isnull=True
    ).filter(pk__in=consented)


def reminder_counts(campaign: Campaign) -> dict[str, int]:
    """How many pledgers asked for a reminder, per channel (for the campaign's overview)."""
    if not campaign.pledge_action_id:
        return {}
    return {channel: reminder_people(campaign, channel).count() for channel in REMINDER_CHANNELS}


def reminder_content(campaign: Campaign, round_date: datetime.date, channel: str) -> dict:
    """{"fr": {"subject", "body"}, ...} in every language of the campaign."""
    content = {}
    for language in campaign.languages or LANGUAGES:
        with translation.override(language):
            path = reverse("campaigns_public:landing", kwargs={"slug": campaign.slug})
            url = settings.SITE_URL + path
            values = {
                "date": formats.date_format(round_date, "DATE_FORMAT"),
                "campaign": campaign.name_text(language),
                "url": url,
            }
            if channel == Channel.EMAIL:
                content[language] = {
                    "subject": _("Tomorrow, %(date)s, you vote") % values,
                    "body": _(
                        "Hello {first_name|},\n\n"
                        "You pledged to vote: tomorrow, %(date)s, is election day.\n"
                        "Check where your polling station is and what document to bring, and "
                        "take a friend along.\n\n"
                        "%(campaign)s\n%(url)s"
                    )
                    % values,
                }
            else:
                content[language] = {
                    "body": _(
                        "Tomorrow, %(date)s, is election day: you pledged to vote, see you at "
                        "the polls! %(campaign)s"
                    )
                    % values
                }
    return content


def campaign_reminders_send(*, campaign: Campaign, round_date: datetime.date) -> ReminderRun:
    """Queue the reminders of one round (idempotent: already queued ones are not queued
    again)."""
    run = ReminderRun()
    prefs = messaging_settings_get(organization=campaign.organization)
    default_language = (campaign.languages or ["fr"])[0]
    for channel in REMINDER_CHANNELS:
        content = reminder_content(campaign, round_date, channel)
        people = reminder_people(campaign, channel).select_related("organization")
        queued = 0
        for person in people.iterator(chunk_size=500):
            result = message_queue_one(
                person=person,
                channel=channel,
                purpose=Purpose.REMINDERS,
                content=content,
                idempotency_key=f"pledge-reminder:{campaign.pk}:{round_date}:{person.pk}:{channel}",
                default_language=default_language,
                wake=False,
                prefs=prefs,
            )
            if result.created:
                queued += 1
            elif result.reason:
                run.skipped[result.reason] = run.skipped.get(result.reason, 0) + 1
        run.queued[channel] = queued
        if queued:
            dispatch_start(provider=provider_for(channel), workers=1)
    return run


@periodic("campaigns.pledge_reminders", every=timedelta(hours=1))
def pledge_reminders_due(now=None) -> dict:
    """Hourly: the reminders of every campaign whose round is tomorrow."""
    now = now or timezone.now()
    sent = {}
    campaigns = Campaign.objects.exclude(status=Campaign.Status.DRAFT).filter(
        pledge_action__isnull=False,
        election_date__gte=timezone.localdate() - timedelta(days=60),
    )
    for campaign in campaigns.select_related("organization"):
        zone = messaging_settings_get(organization=campaign.organization).time_zone
        round_date = round_due(campaign, now, zone)
        if round_date is not None:
            run = campaign_reminders_send(campaign=campaign, round_date=round_date)
            sent[campaign.slug] = run.queued
    return sent
