"""Demo petition: Voix Citoyennes and Demokratie Jetzt co-sponsor a petition for a European
climate-citizens' assembly. Signers come through the real intake (``submission_record``):
some are already in the CRM, some resign, some tick the co-sponsor's box, a few wait for
their confirmation email. Idempotent: the petition is made once."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization
from turnout.people.models import EmailAddress
from turnout.people.services import PersonData

from .models import Action
from .services import (
    action_create,
    action_publish,
    action_sponsor_add,
    submission_confirm,
    submission_confirm_token,
    submission_record,
)

SLUG = "assemblee-citoyenne-climat"
SIGNERS = 60
GIVEN = ["Léa", "Hugo", "Inès", "Lucas", "Chloé", "Nathan", "Jade", "Louis", "Anna", "Felix"]
FAMILY = ["Le Goff", "Martin", "Bernard", "Huber", "Gruber", "Moreau", "Kervella", "Wagner"]
SOURCES = [
    ("newsletter", "email", "printemps"),
    ("facebook", "social", "printemps"),
    ("partner", "referral", "dj-share"),
    ("", "", ""),
]


@demo_seeder(70)
def seed_actions(stdout=None) -> None:
    owner = Organization.objects.filter(slug="voix-citoyennes").first()
    partner = Organization.objects.filter(slug="demokratie-jetzt").first()
    if owner is None or Action.objects.filter(slug=SLUG).exists():
        return
    actor = get_user_model().objects.filter(memberships__organization=owner).first()
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
    for index in range(SIGNERS):
        email = known[index] if index < len(known) else f"signataire{index}@example.org"
        source, medium, campaign = SOURCES[index % len(SOURCES)]
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
            },
        )
        if index % 7 != 3:  # most confirm; a few links are still unclicked
            submission_confirm(token=submission_confirm_token(submission))
        if index % 11 == 0:  # some sign twice: nothing counted twice
            submission_record(
                action=action,
                data=PersonData(email=email),
                consent_given=False,
                sponsor_ids=set(),
                attribution={},
            )
    action.refresh_from_db()
    if stdout:
        stdout.write(f"  petition with {action.signature_count} signatures")
