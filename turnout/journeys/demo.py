"""Demo journey of Voix Citoyennes: "Bienvenue aux nouveaux signataires" (welcome new signers).

The petition's signers (turnout/actions/demo.py, dated over the last two weeks by the ladder
seeder, or spread over them here when they were not) flow through it: a thank-you email, two days later a donation ask unless they gave
already, three days after that one of two volunteer asks (a random A/B split), the tag
"asked-to-volunteer" and a call for an organizer. The journey was activated before the first
signature; the runner is replayed over those two weeks with its clock set to each moment,
so the people stand at different steps with their logs (thank-you emails signed at night
held until the morning), and a few follow-up tasks wait (two are already done).

Idempotent: an organization that has this journey is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from turnout.actions.models import Action, Submission
from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization
from turnout.people.services import tag_get_or_create

from .models import Enrollment, FollowUpTask, Journey, Step
from .runner import journeys_run
from .services import journey_activate, journey_create, journey_enroll, step_add

NAME = "Bienvenue aux nouveaux signataires"
PETITION = "assemblee-citoyenne-climat"
REPLAY_STEP = timedelta(hours=2)
RECENT = timedelta(days=2)
SPREAD = timedelta(days=14)
FRESH = 3  # signers who entered the journey in the last two days, at least
Kind = Step.Kind

THANKS = {
    "fr": {
        "subject": "Merci pour votre signature, {first_name|}",
        "body": "Bonjour {first_name|},\n\nMerci d'avoir signé pour une assemblée citoyenne "
        "européenne sur le climat. Chaque signature compte : parlez-en autour de vous !\n\n"
        "L'équipe de {organization}",
    },
    "en": {
        "subject": "Thank you for signing, {first_name|friend}",
        "body": "Hello {first_name|},\n\nThank you for signing for a European citizens' "
        "assembly on climate. Every signature counts: tell your friends!\n\n"
        "The {organization} team",
    },
    "de": {
        "subject": "Danke für Ihre Unterschrift, {first_name|}",
        "body": "Hallo {first_name|},\n\ndanke, dass Sie für einen europäischen Bürgerrat "
        "zum Klima unterschrieben haben. Jede Stimme zählt!\n\nIhr Team von {organization}",
    },
}
DONATION_ASK = {
    "fr": {
        "subject": "Aidez-nous à porter la pétition jusqu'à Bruxelles",
        "body": "Bonjour {first_name|},\n\nPour remettre la pétition au Parlement européen et "
        "faire campagne tout l'hiver, nous comptons sur des dons de 10, 20 ou 50 €.\n\n"
        "Merci !\n{organization}",
    },
    "en": {
        "subject": "Help us take the petition to Brussels",
        "body": "Hello {first_name|},\n\nTo hand the petition to the European Parliament "
        "and campaign all winter, we count on gifts of €10, €20 or €50.\n\n"
        "Thank you!\n{organization}",
    },
}
VOLUNTEER_A = {
    "fr": {
        "subject": "Une heure par semaine pour le climat ?",
        "body": "Bonjour {first_name|},\n\nNous cherchons des bénévoles pour tenir des stands "
        "le samedi matin. Une heure par semaine suffit. Répondez à ce message !",
    },
    "en": {
        "subject": "One hour a week for the climate?",
        "body": "Hello {first_name|},\n\nWe are looking for volunteers to run stalls on "
        "Saturday mornings. One hour a week is enough. Reply to this email!",
    },
}
VOLUNTEER_B = {
    "fr": {
        "subject": "{first_name|Vous}, rejoignez l'équipe de bénévoles",
        "body": "Bonjour {first_name|},\n\nTractage, permanences, réunions d'appartement : "
        "dites-nous ce qui vous tente, nous vous appelons.",
    },
    "en": {
        "subject": "{first_name|You}, join the volunteer team",
        "body": "Hello {first_name|},\n\nLeafleting, phone banks, house meetings: tell us "
        "what you would like to do and we will call you.",
    },
}


def _build(organization, petition, actor) -> Journey:
    journey = journey_create(
        organization=organization,
        actor=actor,
        name=NAME,
        description="Remercier les signataires de la pétition, leur proposer de donner, "
        "puis de devenir bénévoles.",
        trigger_kind=Journey.Trigger.ACTION,
        trigger_config={"action": petition.pk},
    )
    tag = tag_get_or_create(organization=organization, name="asked-to-volunteer")

    def add(kind, config, after="", arm="next"):
        return step_add(
            journey=journey, actor=actor, kind=kind, config=config, after=after, arm=arm
        ).key

    thanks = add(Kind.SEND_EMAIL, {"content": THANKS, "purpose": "campaigns"})
    wait = add(Kind.WAIT, {"mode": "for", "days": 2, "hours": 0}, thanks)
    branch = add(
        Kind.BRANCH,
        {"condition": {"type": "activity", "kind": "donation.made", "since_entry": False}},
        wait,
    )
    ask = add(Kind.SEND_EMAIL, {"content": DONATION_ASK, "purpose": "campaigns"}, branch, "alt")
    wait_again = add(Kind.WAIT, {"mode": "for", "days": 3, "hours": 0}, ask)
    split = add(Kind.SPLIT, {"percent_a": 50}, wait_again)
    task = {
        "title": "Appeler pour proposer du bénévolat",
        "notes": "Demander les disponibilités (semaine, week-end, soir).",
        "due_days": 3,
        "assignee": "organizer",
        "member": actor.pk if actor else None,
    }
    for arm, content in (("next", VOLUNTEER_A), ("alt", VOLUNTEER_B)):
        email = add(Kind.SEND_EMAIL, {"content": content, "purpose": "campaigns"}, split, arm)
        tagged = add(Kind.TAG_ADD, {"tag": tag.pk}, email)
        add(Kind.TASK, task, tagged)
    return journey


@demo_seeder(85)
def seed_journeys(stdout=None) -> None:
    organization = Organization.objects.filter(slug="voix-citoyennes").first()
    petition = Action.objects.filter(slug=PETITION).first()
    if organization is None or petition is None or petition.organization_id != organization.pk:
        return
    if Journey.objects.filter(organization=organization, name=NAME).exists():
        return
    User = get_user_model()
    actor = (
        User.objects.filter(
            memberships__organization=organization, memberships__role__in=["owner", "organizer"]
        )
        .order_by("memberships__role", "pk")
        .first()
    )
    journey = _build(organization, petition, actor)
    signed = list(
        Submission.objects.filter(action=petition, status=Submission.Status.CONFIRMED)
        .select_related("person")
        .order_by("confirmed_at", "pk")
    )
    now = timezone.now()
    # When each signer signed: the submission's time, unless it was made just now (then
    # spread over the last two weeks, as if the petition had run since).
    recent = [s for s in signed if not s.confirmed_at or s.confirmed_at > now - RECENT]
    for index, submission in enumerate(recent):
        submission.confirmed_at = now - SPREAD + SPREAD * (index + 0.5) / (len(recent) + 1)
    # And always a few who signed in the last two days, whatever day the demo is seeded: the
    # journey then shows people at its first wait as well as further on.
    if sum(1 for s in signed if s.confirmed_at > now - RECENT) < FRESH:
        older = sorted((s for s in signed if s not in recent), key=lambda s: (s.confirmed_at, s.pk))
        for index, submission in enumerate(older[-FRESH:]):
            submission.confirmed_at = now - RECENT + RECENT * (index + 0.5) / (FRESH + 1)
    signed.sort(key=lambda s: (s.confirmed_at, s.pk))
    start = min((s.confirmed_at for s in signed), default=now - SPREAD) - timedelta(hours=1)
    journey_activate(journey=journey, actor=actor)
    Journey.objects.filter(pk=journey.pk).update(
        activated_at=start, listening_since=start, created_at=start - timedelta(hours=2)
    )
    journey.refresh_from_db()
    # Replay: people enter when they signed, the runner runs every two hours.
    pending = [s for s in signed if s.person.erased_at is None]
    moment = start
    while moment < now:
        while pending and pending[0].confirmed_at <= moment:
            submission = pending.pop(0)
            journey_enroll(
                journey=journey,
                person=submission.person,
                trigger_ref=f"submission:{submission.pk}",
                now=submission.confirmed_at,
                wake=False,
            )
        journeys_run(now=moment)
        moment += REPLAY_STEP
    journeys_run(now=now)
    # The team already made two of the calls.
    for task in FollowUpTask.objects.filter(journey=journey).order_by("pk")[:2]:
        FollowUpTask.objects.filter(pk=task.pk).update(
            done_at=now - timedelta(hours=3), done_by_id=task.assignee_id or (actor and actor.pk)
        )
    if stdout:
        live = Enrollment.objects.filter(journey=journey, status__in=Enrollment.LIVE).count()
        stdout.write(
            f"  journey “{NAME}”: {journey.enrollments.count()} people, {live} still in it, "
            f"{FollowUpTask.objects.filter(journey=journey).count()} follow-up tasks"
        )
