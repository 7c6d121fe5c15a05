"""Demo data of the assistant's channels: Voix Citoyennes runs the web chat itself, a regional
newspaper runs the WhatsApp number under its own name, "VOTE" is its SMS keyword and a voice
skill is declared. A few dozen questions went through the real answering path, some the
assistant did not know and passed to the organizers' inbox, one of them already answered."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization

from .demo import _owner
from .models import Channel, ChannelAccount, Conversation, Election, InboxQuestion
from .services.channel_accounts import ChannelAccountData, channel_account_save
from .services.conversations import conversation_reply, handoff_request

ACCOUNTS = (
    ChannelAccountData(
        channel=Channel.WEB, external_id="voix-citoyennes-web", country="FR", language="fr",
        display_name="Voix Citoyennes",
    ),
    ChannelAccountData(
        channel=Channel.WHATSAPP, external_id="104729384756102", country="FR", language="fr",
        display_name="Le Courrier de l'Ouest — Je vote", partner="Le Courrier de l'Ouest",
    ),
    ChannelAccountData(
        channel=Channel.SMS, external_id="VOTE", country="FR", language="fr",
        display_name="Voix Citoyennes",
    ),
    ChannelAccountData(
        channel=Channel.VOICE, external_id="amzn1.ask.skill.2b1c7e5a-demo-voix-citoyennes",
        country="FR", language="fr", display_name="Voix Citoyennes",
    ),
)  # fmt: skip

# (channel, sender, language, country, message); a sender is a fictitious number or visitor.
QUESTIONS = (
    ("whatsapp", "+33612000101", "fr", "FR", "jusqu'a quand on peut s'inscrire sur les listes"),
    ("whatsapp", "+33612000101", "fr", "FR", "et je dois amener quoi comme papier ?"),
    ("whatsapp", "+33612000102", "fr", "FR", "je serai en vacances, comment faire une procuration"),
    ("whatsapp", "+33612000103", "fr", "FR", "on peut voter par courrier en france ?"),
    ("whatsapp", "+33612000104", "fr", "FR", "le bureau de vote ferme a quelle heure"),
    ("whatsapp", "+33612000105", "fr", "FR", "ma carte electorale est perdue"),
    ("whatsapp", "+33612000106", "fr", "FR", "est-ce que les bus sont gratuits le jour du vote ?"),
    ("whatsapp", "+33612000106", "fr", "FR", "HUMAIN"),
    ("sms", "+33612000107", "fr", "FR", "VOTE j'ai demenage je vote ou"),
    ("sms", "+33612000108", "fr", "FR", "VOTE premiere fois que je vote je fais comment"),
    ("web", "visitor-1", "fr", "FR", "comment verifier que je suis bien inscrit"),
    ("web", "visitor-2", "en", "FR", "can I vote if I live abroad"),
    ("web", "visitor-3", "en", "FR", "who can vote in france"),
    ("web", "visitor-4", "de", "AT", "ab wieviel jahren darf man wählen"),
    ("web", "visitor-5", "de", "DE", "wie funktioniert briefwahl"),
    ("web", "visitor-6", "fr", "FR", "quel candidat est le meilleur pour l'écologie"),
    ("web", "visitor-7", "fr", "FR", "y a-t-il une navette pour les personnes âgées ?"),
    ("web", "visitor-8", "fr", "FR", "bureau de vote accessible fauteuil roulant"),
)  # fmt: skip


@demo_seeder(186)
def seed_assistant_channels(stdout=None) -> None:
    org = Organization.objects.filter(slug="voix-citoyennes").first()
    if org is None or ChannelAccount.objects.filter(organization=org).exists():
        return
    owner = _owner(org)
    election = Election.objects.filter(organization=org, country="FR").order_by("date").first()
    accounts = {}
    for data in ACCOUNTS:
        data.election = election
        accounts[data.channel] = channel_account_save(organization=org, actor=owner, data=data)
    for number, (channel, sender, language, country, text) in enumerate(QUESTIONS, start=1):
        reply = conversation_reply(
            account=accounts[channel],
            organization=org,
            channel=channel,
            address=sender,
            text=text,
            external_id=f"demo-{number}",
            language=language,
            country=country,
            election=election if country == "FR" else None,
        )
        if channel == "web" and reply.answer is not None and not reply.answer.known:
            handoff_request(conversation=reply.conversation, turn=reply.turn, language=language)
    # One question an organizer has already answered, and the conversations' dates spread
    # over the last week so that the home's chart has a shape.
    question = InboxQuestion.objects.filter(organization=org).order_by("id").first()
    if question is not None:
        with transaction.atomic():
            question.status = InboxQuestion.Status.ANSWERED
            question.answer = (
                "Les réseaux de bus et de tram de la ville ne sont pas gratuits le jour du "
                "vote ; la mairie propose une navette pour les personnes à mobilité réduite, "
                "sur réservation au 02 98 00 80 80."
            )
            question.answered_by = owner
            question.answered_at = timezone.now()
            question.save()
    now = timezone.now()
    for index, conversation in enumerate(Conversation.objects.filter(organization=org)):
        moment = now - timezone.timedelta(days=index % 7, hours=index)
        conversation.turns.update(created_at=moment)
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=moment)
