"""Demo actions of Voix Citoyennes.

- A petition for a European climate-citizens' assembly, co-sponsored by Demokratie Jetzt.
  Signers come through the real intake (``submission_record``): some are already in the
  CRM, some resign, some tick the co-sponsor's box or "show my name", a few wait for their
  confirmation email. Its thank-you page asks to share, to volunteer and to come to an
  event, and it was delivered once to its targets.
- A volunteer signup form with extra questions (availability, which fills the people's
  "Disponibilités" field, neighbourhood, skills, hosting a meeting).

Idempotent: each part is made once, whatever was there before.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Case, Value, When
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.core.jobs import job_run
from turnout.organizations.models import Organization
from turnout.people.models import EmailAddress
from turnout.people.services import PersonData

from .configure import ask_save, question_save
from .deliveries import delivery_prepare
from .models import Action, Delivery, Submission
from .referral import referral_code
from .services import (
    action_create,
    action_publish,
    action_sponsor_add,
    submission_confirm,
    submission_confirm_token,
    submission_record,
)

SLUG = "assemblee-citoyenne-climat"
FORM_SLUG = "benevoles-voix-citoyennes"
SIGNERS = 60
VOLUNTEERS = 18
GIVEN = ["Léa", "Hugo", "Inès", "Lucas", "Chloé", "Nathan", "Jade", "Louis", "Anna", "Felix"]
FAMILY = ["Le Goff", "Martin", "Bernard", "Huber", "Gruber", "Moreau", "Kervella", "Wagner"]
SOURCES = [
    ("newsletter", "email", "printemps"),
    ("facebook", "social", "printemps"),
    ("partner", "referral", "dj-share"),
    ("", "", ""),
]
SHOW_NAME_TEXT = "Afficher mon nom auprès des destinataires de cette pétition"
QUESTIONS = [
    {
        "kind": "single",
        "label": {
            "fr": "Quand êtes-vous le plus disponible ?",
            "en": "When are you most available?",
            "de": "Wann haben Sie am meisten Zeit?",
        },
        "required": True,
        "choices": [
            {
                "key": "semaine",
                "label": {"fr": "semaine", "en": "Weekdays", "de": "Wochentags"},
                "cf_value": "semaine",
            },
            {
                "key": "week-end",
                "label": {"fr": "week-end", "en": "Weekends", "de": "Wochenende"},
                "cf_value": "week-end",
            },
            {
                "key": "soir",
                "label": {"fr": "soir", "en": "Evenings", "de": "Abends"},
                "cf_value": "soir",
            },
        ],
        "custom_field": "disponibilites",
        "custom_field_kind": "choice",
    },
    {
        "kind": "short_text",
        "label": {"fr": "Votre quartier", "en": "Your neighbourhood", "de": "Ihr Viertel"},
        "required": False,
        "custom_field": "quartier",
        "custom_field_kind": "text",
    },
    {
        "kind": "long_text",
        "label": {
            "fr": "Vos compétences (graphisme, traduction, logistique…)",
            "en": "Your skills (design, translation, logistics…)",
            "de": "Ihre Fähigkeiten (Grafik, Übersetzung, Logistik…)",
        },
        "required": False,
    },
    {
        "kind": "yes_no",
        "label": {
            "fr": "Pouvez-vous accueillir une réunion chez vous ?",
            "en": "Could you host a meeting at home?",
            "de": "Können Sie ein Treffen bei sich ausrichten?",
        },
        "required": False,
    },
]
SKILLS = ["graphisme", "traduction allemand", "logistique", "photo", "réseaux sociaux", ""]
QUARTIERS = ["Centre", "Saint-Michel", "Bellevue", "Kerichen", ""]


@demo_seeder(70)
def seed_actions(stdout=None) -> None:
    owner = Organization.objects.filter(slug="voix-citoyennes").first()
    partner = Organization.objects.filter(slug="demokratie-jetzt").first()
    if owner is None:
        return
    actor = get_user_model().objects.filter(memberships__organization=owner).first()
    petition = Action.objects.filter(slug=SLUG).first() or _petition(owner, partner, actor)
    form = Action.objects.filter(slug=FORM_SLUG).first() or _volunteer_form(owner, actor)
    if not petition.next_asks:
        for ask in (
            {"kind": "share"},
            {"kind": "volunteer", "action": form.pk},
            {
                "kind": "event",
                "url": "https://voix-citoyennes.example/agenda/forum-climat",
                "label": {
                    "fr": "Venez au forum climat du 14 mars",
                    "en": "Come to the climate forum on 14 March",
                    "de": "Kommen Sie zum Klimaforum am 14. März",
                },
            },
        ):
            ask_save(action=petition, actor=actor, ask=ask)
    if not Delivery.objects.filter(action=petition).exists():
        delivery = delivery_prepare(action=petition, actor=actor)
        job_run(job_id=delivery.job_id)  # done now (a worker finds it finished)
    petition.refresh_from_db()
    if stdout:
        stdout.write(f"  petition with {petition.signature_count} signatures")


def _petition(owner, partner, actor) -> Action:
    action = action_create(
        organization=owner,
        actor=actor,
        slug=SLUG,
        kind=Action.Kind.PETITION,
        title={
            "fr": "Pour une assemblée citoyenne européenne sur le climat",
            "en": "For a European citizens' assembly on climate",
            "de": "Für einen europäischen Bürgerrat zum Klima",
        },
        description={
            "fr": "Nous demandons au Parlement européen de réunir 150 citoyennes et citoyens "
            "tirés au sort pour proposer des mesures climatiques.",
            "en": "We ask the European Parliament to convene 150 randomly selected citizens "
            "to propose climate measures.",
            "de": "Wir fordern das Europäische Parlament auf, 150 ausgeloste Bürgerinnen und "
            "Bürger einzuberufen, die Klimamaßnahmen vorschlagen.",
        },
        thank_you={
            "fr": "Merci ! Partagez la pétition autour de vous.",
            "en": "Thank you! Share the petition with your friends.",
            "de": "Danke! Teilen Sie die Petition.",
        },
        consent_text={
            "fr": "J'accepte que Voix Citoyennes me tienne informé·e de cette campagne.",
            "en": "I agree that Voix Citoyennes keeps me informed about this campaign.",
            "de": "Ich bin einverstanden, dass Voix Citoyennes mich über die Kampagne informiert.",
        },
        targets="Parlement européen",
        goal=1000,
        double_opt_in=True,
    )
    sponsor = None
    if partner is not None:
        sponsor = action_sponsor_add(
            action=action,
            organization=partner,
            actor=actor,
            opt_in_label={
                "fr": "Je souhaite aussi recevoir les nouvelles de Demokratie Jetzt.",
                "en": "I also want news from Demokratie Jetzt.",
                "de": "Ich möchte auch von Demokratie Jetzt informiert werden.",
            },
        )
    action_publish(action=action, actor=actor)

    rng = random.Random(5)
    known = list(
        EmailAddress.objects.filter(organization=owner, person__erased_at__isnull=True)
        .order_by("id")
        .values_list("address", flat=True)[:15]
    )
    ambassador = None  # an early signer whose share link brings others
    now = timezone.now()
    for index in range(SIGNERS):
        email = known[index] if index < len(known) else f"signataire{index}@example.org"
        source, medium, campaign = SOURCES[index % len(SOURCES)]
        referral = {}
        if ambassador is not None and index % 6 == 5:
            referral = {"referrer": referral_code(ambassador), "utm_medium": "share"}
            source, medium, campaign = "whatsapp", "share", ""
        submission, _created = submission_record(
            action=action,
            data=PersonData(
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                email=email,
                language=rng.choice(["fr", "fr", "en", "de"]),
            ),
            consent_given=rng.random() < 0.8,
            sponsor_ids={sponsor.pk} if sponsor and rng.random() < 0.4 else set(),
            attribution={
                "utm_source": source,
                "utm_medium": medium,
                "utm_campaign": campaign,
                "referring_organization": partner if source == "partner" else None,
                **referral,
            },
            show_name_text=SHOW_NAME_TEXT if rng.random() < 0.5 else "",
        )
        if index == 1:
            ambassador = submission.person_id
        if index % 7 != 3:  # most confirm; a few links are still unclicked
            submission_confirm(token=submission_confirm_token(submission))
        # Spread over the last three weeks, a few a day, for the chart.
        signed = now - timedelta(days=max(0, 20 - index // 3), hours=rng.randint(1, 9))
        Submission.objects.filter(pk=submission.pk).update(
            created_at=signed,
            confirmed_at=Case(
                When(confirmed_at__isnull=False, then=Value(signed + timedelta(minutes=20))),
                default=None,
            ),
        )
        if index % 11 == 0:  # some sign twice: nothing counted twice
            submission_record(
                action=action,
                data=PersonData(email=email),
                consent_given=False,
                sponsor_ids=set(),
                attribution={},
                show_name_text=SHOW_NAME_TEXT if submission.show_name else "",
            )
    action.refresh_from_db()
    return action


def _volunteer_form(owner, actor) -> Action:
    action = action_create(
        organization=owner,
        actor=actor,
        slug=FORM_SLUG,
        kind=Action.Kind.FORM,
        title={
            "fr": "Devenir bénévole à Voix Citoyennes",
            "en": "Volunteer with Voix Citoyennes",
            "de": "Bei Voix Citoyennes mitmachen",
        },
        description={
            "fr": "Tractage, permanences, réunions d'appartement : dites-nous quand et "
            "comment vous pouvez aider.",
            "en": "Leafleting, phone banks, house meetings: tell us when and how you can help.",
            "de": "Flyer verteilen, Telefonaktionen, Treffen zu Hause: sagen Sie uns, wann "
            "und wie Sie helfen können.",
        },
        thank_you={
            "fr": "Merci ! Une personne de l'équipe vous appelle dans la semaine.",
            "en": "Thank you! Someone from the team will call you this week.",
            "de": "Danke! Jemand aus dem Team ruft Sie diese Woche an.",
        },
        consent_text={
            "fr": "J'accepte que Voix Citoyennes me contacte pour organiser mon bénévolat.",
            "en": "I agree that Voix Citoyennes contacts me to organize my volunteering.",
            "de": "Ich bin einverstanden, dass Voix Citoyennes mich kontaktiert.",
        },
    )
    for definition in QUESTIONS:
        question_save(action=action, actor=actor, definition=definition)
    action_publish(action=action, actor=actor)
    action.refresh_from_db()
    keys = [q["key"] for q in action.questions]
    rng = random.Random(9)
    for index in range(VOLUNTEERS):
        answers = {keys[0]: rng.choice(["semaine", "week-end", "soir"])}
        if quartier := rng.choice(QUARTIERS):
            answers[keys[1]] = quartier
        if skill := rng.choice(SKILLS):
            answers[keys[2]] = skill
        if index % 3 == 0:
            answers[keys[3]] = index % 2 == 0
        submission_record(
            action=action,
            data=PersonData(
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                email=f"benevole{index}@example.org",
                language="fr",
            ),
            consent_given=True,
            sponsor_ids=set(),
            attribution={"utm_source": "petition", "utm_medium": "thanks"} if index % 2 else {},
            answers=answers,
        )
    return action
