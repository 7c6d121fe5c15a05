"""How to make, in another organization, each object that a texting URL names; also the
small builders the texting tests share."""

from __future__ import annotations

from turnout.messaging.models import (
    CannedResponse,
    Conversation,
    MessagingSettings,
    SurveyQuestion,
    TextingCampaign,
)
from turnout.people.models import ListMembership
from turnout.people.tests.factories import ConsentFactory, PeopleListFactory, PhoneNumberFactory


def reachable_person(organization, people_list=None, *, language="fr", **phone):
    """A person with a primary mobile number and SMS consent (optionally on a list)."""
    number = PhoneNumberFactory(
        person__organization=organization, person__language=language, **phone
    )
    ConsentFactory(person=number.person, channel="sms", purpose="campaigns")
    if people_list is not None:
        ListMembership.objects.create(people_list=people_list, person=number.person)
    return number.person


def texting_campaign(organization, *, people: int = 0, texters=(), status="active", **fields):
    """A campaign over a list of ``people`` reachable people, contacts loaded, sent at any
    hour (no quiet hours: tests run at night too)."""
    MessagingSettings.objects.update_or_create(
        organization=organization, defaults={"quiet_hours": "", "sms_sender": ""}
    )
    people_list = PeopleListFactory(organization=organization)
    for _index in range(people):
        reachable_person(organization, people_list)
    campaign = TextingCampaign.objects.create(
        organization=organization,
        name=fields.pop("name", "Relance municipales"),
        people_list=people_list,
        script=fields.pop(
            "script",
            {
                "fr": "Bonjour {first_name|}, c'est {texter_name|} de l'équipe. Tu viens samedi ?",
                "en": "Hi {first_name|}, it's {texter_name|}. Coming on Saturday?",
            },
        ),
        status=status,
        **fields,
    )
    campaign.texters.set(texters)
    if people:
        from turnout.messaging.texting import texting_contacts_load

        texting_contacts_load(campaign=campaign, actor=None)
    return campaign


def _conversation(org):
    campaign = texting_campaign(org)
    person = reachable_person(org)
    return Conversation.objects.create(
        organization=org,
        campaign=campaign,
        person=person,
        phone=person.phones.first().number,
    ).pk


def _question(org):
    return SurveyQuestion.objects.create(
        organization=org, campaign=texting_campaign(org), text="Q?", choices=["Oui", "Non"]
    ).pk


def _canned(org):
    return CannedResponse.objects.create(
        organization=org, campaign=texting_campaign(org), title="Merci", body="Merci !"
    ).pk


OBJECT_KWARGS = {
    "texting_id": lambda org: texting_campaign(org).pk,
    "texting_conversation_id": _conversation,
    "texting_question_id": _question,
    "texting_canned_id": _canned,
}
