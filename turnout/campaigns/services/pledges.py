"""Pledges to vote taken on a campaign's public page: a submission of the campaign's pledge
action (a person in the initiator's CRM), attributed to the organization whose tracked link
brought the visitor, with the reminder consent recorded per channel with the text shown."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from turnout.actions.models import Submission
from turnout.actions.services import submission_record
from turnout.people.models import Channel, Consent, Purpose
from turnout.people.services import ConsentInput, PersonData, consent_record
from turnout.people.services.suppression import suppressions_for

from ..exceptions import CampaignError
from ..models import Campaign, Participation
from .wall import quests_refresh_on_commit

REMINDER_CHANNELS = (Channel.EMAIL, Channel.SMS)


def participation_for_code(*, campaign: Campaign, code: str) -> Participation | None:
    """The APPROVED participation of ``campaign`` that a tracked-link code names, else None
    (unknown code, another campaign's code, a suspended or not yet approved organization)."""
    code = (code or "").strip()[:16]
    if not code:
        return None
    return (
        Participation.objects.visible()
        .select_related("organization")
        .filter(campaign=campaign, link_code=code)
        .first()
    )


@transaction.atomic
def pledge_take(
    *,
    campaign: Campaign,
    data: PersonData,
    reminders: dict[str, str],
    code: str = "",
    ip_address: str | None = None,
    language: str = "",
) -> tuple[Submission, bool]:
    """Take a pledge. ``reminders`` maps each channel the person ticked ("email", "sms") to
    the exact consent text they were shown. Returns the submission and whether it is new (a
    second pledge of the same person updates the first and counts once).

    Raises CampaignError with a message to show (closed campaign, no contact point, a
    reminder on a channel with no address); the CRM's InvalidContact / PersonRefused and the
    actions' SubmissionRefused go through."""
    action = campaign.pledge_action
    if action is None or not campaign.is_open:
        raise CampaignError(_("This campaign is not taking pledges any more."))
    if not data.email and not data.phone:
        raise CampaignError(_("Give an email address or a mobile phone number."))
    reminders = {ch: str(text) for ch, text in (reminders or {}).items() if text}
    unknown = set(reminders) - set(REMINDER_CHANNELS)
    if unknown:
        raise CampaignError(_("Reminders are sent by email or SMS only."))
    if Channel.EMAIL in reminders and not data.email:
        raise CampaignError(_("Give your email address to be reminded by email."))
    if Channel.SMS in reminders and not data.phone:
        raise CampaignError(_("Give your mobile phone number to be reminded by SMS."))
    participation = participation_for_code(campaign=campaign, code=code)
    attribution = {"vouched_organization": participation.organization} if participation else {}
    submission, created = submission_record(
        action=action,
        data=data,
        consent_given=False,
        sponsor_ids=set(),
        attribution=attribution,
        ip_address=ip_address,
        language=language,
    )
    if reminders:
        _reminders_record(
            submission=submission, campaign=campaign, reminders=reminders, ip_address=ip_address
        )
    if participation is not None and created:
        quests_refresh_on_commit(participation)
    return submission, created


def _reminders_record(*, submission, campaign, reminders: dict, ip_address) -> None:
    person = submission.person
    email = person.emails.order_by("-primary", "id").values_list("address", flat=True).first()
    phone = person.phones.order_by("-primary", "id").values_list("number", flat=True).first()
    suppressed = suppressions_for(
        organization=campaign.organization, email=email or "", phone=phone or ""
    )
    current = dict(
        Consent.objects.filter(
            person=person, purpose=Purpose.REMINDERS, current=True, channel__in=list(reminders)
        ).values_list("channel", "notice_text")
    )
    for channel, text in reminders.items():
        if channel in suppressed or current.get(channel) == text:
            continue  # an opt-out stands; the same decision again adds nothing
        consent_record(
            person=person,
            consent=ConsentInput(
                channel=channel,
                purpose=Purpose.REMINDERS,
                status=Consent.Status.GRANTED,
                notice_text=text,
                source_ref=f"campaign:{campaign.slug}",
            ),
            source=Consent.Source.FORM,
            ip_address=ip_address,
        )
