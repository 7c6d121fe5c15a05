"""Demo data of the messaging app: a peer-to-peer texting campaign in progress at Horizon Commun.

Conversations in every state (not assigned, first message to send, waiting, needing a reply,
closed with a survey answer and a tag, a wrong number, an opt-out by STOP), the messages and
timeline lines they imply, a survey and canned responses. Written directly as already sent (no
dispatcher, no outbox), in a few bulk inserts. Idempotent: skipped when the campaign exists.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization
from turnout.people.models import Channel, ListMembership, PeopleList, Person
from turnout.people.services import activity_record, suppression_add, tags_add

from .models import CannedResponse, Conversation, Message, SurveyQuestion, TextingCampaign
from .services import messages_sent_record, messaging_settings_get, reachable_contacts
from .texting import (
    initial_message_text,
    survey_answer_record,
    texting_contacts_load,
    wrong_number_mark,
)

CAMPAIGN_NAME = "Relance des sympathisants — municipales"
AUDIENCE_SIZE = 400

SCRIPT = {
    "fr": (
        "Bonjour {first_name|}, c'est {texter_name|} de Horizon Commun ! Les municipales "
        "approchent : on peut compter sur vous le 15 mars ? Réunion publique jeudi à Brest."
    ),
    "en": (
        "Hi {first_name|}, it's {texter_name|} from Horizon Commun! The local elections are "
        "coming: can we count on you on 15 March? Public meeting on Thursday in Brest."
    ),
    "de": (
        "Hallo {first_name|}, hier ist {texter_name|} von Horizon Commun! Die Kommunalwahl "
        "naht: Können wir am 15. März auf Sie zählen?"
    ),
}

# (reply of the person, canned response title the texter used, or None)
NEEDS_REPLY = [
    "Oui bien sûr ! C'est à quelle heure jeudi ?",
    "Je ne sais pas encore pour qui voter…",
    "Vous faites du porte-à-porte dans mon quartier ?",
    "C'est qui ?",
]
CLOSED = [
    ("Oui, comptez sur moi 💪", "Soutien"),
    ("Je peux aider pour le porte-à-porte", "Bénévole"),
    ("Pas intéressé merci", "Pas intéressé"),
]


@demo_seeder(60)
def seed_texting(stdout=None) -> None:
    organization = Organization.objects.filter(slug="horizon-commun").first()
    if (
        organization is None
        or TextingCampaign.objects.filter(organization=organization, name=CAMPAIGN_NAME).exists()
    ):
        return
    users = {
        u.email.split(".")[0]: u
        for u in get_user_model().objects.filter(memberships__organization=organization)
    }
    owner, organizer, volunteer = users.get("lea"), users.get("erwan"), users.get("maelle")
    if not (owner and organizer and volunteer):
        return
    now = timezone.now()
    prefs = messaging_settings_get(organization=organization)

    people = Person.objects.filter(organization=organization, erased_at__isnull=True)
    reachable = list(
        reachable_contacts(
            organization=organization, channel=Channel.SMS, purpose="campaigns", people=people
        )
        .order_by("person_id")
        .values_list("person_id", flat=True)[:AUDIENCE_SIZE]
    )
    if not reachable:
        return
    people_list = PeopleList.objects.create(
        organization=organization,
        name="Sympathisants à relancer par SMS",
        description="Sympathisants joignables par SMS, pour la campagne de texting.",
    )
    ListMembership.objects.bulk_create(
        [ListMembership(people_list=people_list, person_id=pk) for pk in reachable],
        ignore_conflicts=True,
    )
    campaign = TextingCampaign.objects.create(
        organization=organization,
        name=CAMPAIGN_NAME,
        people_list=people_list,
        script=SCRIPT,
        batch_size=20,
        status=TextingCampaign.Status.ACTIVE,
        created_by=organizer,
        created_at=now - timedelta(days=2),
    )
    campaign.texters.set([owner, organizer, volunteer])
    texting_contacts_load(campaign=campaign, actor=organizer)

    vote = SurveyQuestion.objects.create(
        organization=organization,
        campaign=campaign,
        text="Allez-vous voter pour Horizon Commun aux municipales ?",
        choices=["Oui", "Peut-être", "Non"],
        reveals_opinion=True,
    )
    helps = SurveyQuestion.objects.create(
        organization=organization,
        campaign=campaign,
        text="Disponible pour le porte-à-porte ?",
        choices=["Oui", "Non"],
        reveals_opinion=False,
    )
    canned_specs = [
        (
            "Soutien",
            "Merci {first_name|} ! On compte sur vous le 15 mars 🙌",
            "soutien SMS",
            vote,
            "Oui",
            True,
            False,
        ),
        (
            "Indécis",
            "Je comprends ! Notre programme est sur horizon-commun.example.fr. Venez jeudi en parler !",
            "",
            vote,
            "Peut-être",
            False,
            False,
        ),
        (
            "Bénévole",
            "Génial ! Erwan vous recontacte pour le porte-à-porte.",
            "bénévole",
            helps,
            "Oui",
            True,
            False,
        ),
        (
            "Infos réunion",
            "Jeudi 19 h, salle du Patronage laïque, rue de Siam à Brest.",
            "",
            None,
            "",
            False,
            False,
        ),
        ("Pas intéressé", "Pas de souci, bonne journée !", "", vote, "Non", True, False),
        ("Mauvais numéro", "Désolé pour le dérangement, bonne journée.", "", None, "", True, True),
    ]
    canned = {}
    for position, (title, body, tag, question, answer, closes, wrong) in enumerate(canned_specs):
        canned[title] = CannedResponse.objects.create(
            organization=organization,
            campaign=campaign,
            title=title,
            body=body,
            tag=tags_add_tag(organization, tag),
            question=question,
            answer=answer,
            closes=closes,
            marks_wrong_number=wrong,
            position=position,
        )

    conversations = list(
        Conversation.objects.filter(campaign=campaign).select_related("person").order_by("id")
    )
    texters = [volunteer, organizer, owner]
    plan = (
        [("to_send", volunteer)] * 3
        + [("waiting", texters[i % 3]) for i in range(8)]
        + [("needs_reply", texters[i % 2]) for i in range(len(NEEDS_REPLY))]
        + [("closed", texters[i % 2]) for i in range(len(CLOSED))]
        + [("wrong_number", volunteer), ("opted_out", organizer)]
    )
    outbound, inbound_rows = [], []
    started = now - timedelta(hours=20)
    for index, (conversation, (state, texter)) in enumerate(zip(conversations, plan, strict=False)):
        moment = started + timedelta(minutes=7 * index)
        conversation.texter, conversation.assigned_at = texter, moment
        conversation.status = Conversation.Status.TO_SEND
        conversation.campaign = campaign
        if state == "to_send":
            continue
        outbound.append(
            _message(
                conversation,
                f"p2p:{conversation.pk}:initial",
                initial_message_text(conversation=conversation, texter=texter, prefs=prefs),
                texter,
                moment,
                prefs,
            )
        )
        conversation.status = Conversation.Status.WAITING
        conversation.last_message_at = moment
        if state == "waiting":
            continue
        reply_at = moment + timedelta(minutes=25)
        conversation.last_message_at = reply_at
        if state == "needs_reply":
            body = NEEDS_REPLY[index % len(NEEDS_REPLY)]
        elif state == "closed":
            body = CLOSED[index % len(CLOSED)][0]
        elif state == "wrong_number":
            body = "Vous vous trompez de numéro, je ne suis pas cette personne."
        else:
            body = "STOP"
        inbound_rows.append((conversation, body, reply_at, state))
        conversation.status = {
            "needs_reply": Conversation.Status.NEEDS_REPLY,
            "opted_out": Conversation.Status.OPTED_OUT,
        }.get(state, Conversation.Status.NEEDS_REPLY)
    touched = [c for c, _p in zip(conversations, plan, strict=False)]
    Conversation.objects.bulk_update(
        touched, ["texter", "assigned_at", "status", "last_message_at"]
    )
    Message.objects.bulk_create(outbound)
    messages_sent_record(outbound)

    closed_index = 0
    for conversation, body, reply_at, state in inbound_rows:
        received = Message.objects.create(
            organization=organization,
            channel=Channel.SMS,
            direction=Message.Direction.INBOUND,
            idempotency_key=f"in:demo:{conversation.pk}",
            conversation=conversation,
            person=conversation.person,
            to_address=prefs.sms_sender,
            from_address=conversation.phone,
            body=body,
            status=Message.Status.RECEIVED,
            provider="outbox",
            created_at=reply_at,
        )
        if conversation.person is not None:
            activity_record(
                person=conversation.person,
                kind="sms_received",
                summary=body,
                source=received,
                occurred_at=reply_at,
            )
        if state == "opted_out":
            suppression_add(
                organization=organization,
                channel=Channel.SMS,
                value=conversation.phone,
                reason="opt_out",
                source="sms:STOP",
            )
        elif state == "closed":
            response = canned[CLOSED[closed_index % len(CLOSED)][1]]
            closed_index += 1
            _answer(conversation, response, reply_at + timedelta(minutes=3), prefs)
        elif state == "wrong_number":
            _answer(conversation, canned["Mauvais numéro"], reply_at + timedelta(minutes=2), prefs)
    if stdout:
        stdout.write(
            f"  texting campaign with {len(conversations)} conversations for {organization.name}"
        )


def tags_add_tag(organization, name: str):
    if not name:
        return None
    from turnout.people.services import tag_get_or_create

    return tag_get_or_create(organization=organization, name=name)


def _message(conversation, key, body, texter, moment, prefs) -> Message:
    return Message(
        organization_id=conversation.organization_id,
        channel=Channel.SMS,
        direction=Message.Direction.OUTBOUND,
        idempotency_key=key,
        conversation=conversation,
        person=conversation.person,
        to_address=conversation.phone,
        from_address=prefs.sms_sender,
        language=conversation.language,
        body=body,
        status=Message.Status.DELIVERED,
        provider="outbox",
        sent_at=moment,
        delivered_at=moment,
        sent_by=texter,
        segments=1 if len(body) <= 160 else 2,
        created_at=moment,
    )


def _answer(conversation, response: CannedResponse, moment, prefs) -> None:
    """What one click on a canned response does, with the demo's past timestamps."""
    texter = conversation.texter
    sent = _message(
        conversation, f"p2p:{conversation.pk}:c:demo", response.body, texter, moment, prefs
    )
    sent.save()
    messages_sent_record([sent])
    if response.tag and conversation.person is not None:
        tags_add(person=conversation.person, names=[response.tag.name], actor=texter)
    if response.question:
        survey_answer_record(
            conversation=conversation,
            question=response.question,
            answer=response.answer,
            actor=texter,
        )
    if response.marks_wrong_number:
        wrong_number_mark(conversation=conversation, actor=texter)
    else:
        Conversation.objects.filter(pk=conversation.pk).update(
            status=Conversation.Status.CLOSED, last_message_at=moment
        )


# The broadcasts' demo seeder registers itself on import (seed_demo imports this module).
from . import demo_broadcasts  # noqa: E402, F401
