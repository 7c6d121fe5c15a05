"""Demo engagement ladders: the suggested ladder for every demo organization that has people,
and the last ten weeks of people climbing it.

The story (Voix Citoyennes): its petition and volunteer form (turnout/actions/demo.py) bring
signers over the last weeks; some of them give, some come to volunteer shifts, and a few
volunteers are named leaders this week. Signers referred by the partner organization convert
best, then those who came from the newsletter; people of the older base give or volunteer
now and then over the ten weeks. The other organizations have no action: a few of their
people give and volunteer.

Everything after the ladder exists goes through ``activity_record`` (and ``tags_add``) in
chronological order, so the activity hook records exact first-reached times. What happened
before (the intake's activities and new people, made "now" by the actions seeder) is first
given the dates of the submissions, as if the intake had run then. Idempotent: an
organization that has a ladder is left alone.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone, translation

from turnout.actions.models import Submission
from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization
from turnout.people import activity_kinds as kinds
from turnout.people.models import Activity, Person, Tag
from turnout.people.services import activity_record, tags_add
from turnout.people.services.timeline import activity_counters_refresh

from .models import Rung
from .services import ladder_recompute, ladder_use_suggested

WEEKS = 10
RECENT = timedelta(days=2)  # rows made by the seeders that ran just before
SHIFTS = [
    "Tractage au marché",
    "Permanence téléphonique",
    "Stand au forum jeunesse",
    "Collage d'affiches",
    "Infostand am Naschmarkt",
]
# Chances to give and to volunteer, by how the person came.
CONVERSION = {
    "partner": (0.50, 0.35),
    "newsletter": (0.30, 0.15),
    "whatsapp": (0.15, 0.10),
    "facebook": (0.08, 0.05),
    "": (0.12, 0.07),
    "form": (0.10, 0.65),  # signed up to volunteer
    "base": (0.03, 0.02),
}


@demo_seeder(80)
def seed_funnels(stdout=None) -> None:
    now = timezone.now()
    with_people = Person.objects.values("organization_id")
    for organization in Organization.objects.filter(pk__in=with_people).order_by("pk"):
        if Rung.objects.filter(organization=organization).exists():
            continue
        rng = random.Random(f"turnout-funnel-{organization.slug}")
        acquired = _align_acquisitions(organization, rng, now)
        with translation.override("en"):
            # Tags "volunteer" and "leader" of their own: the base's older "bénévole" tags
            # would place hundreds of people on the volunteer rung on the day they joined.
            rungs = ladder_use_suggested(organization=organization, actor=None, recompute=False)
        ladder_recompute(organization=organization)
        leader_tag = Tag.objects.get(pk=rungs[-1].definition["conditions"][0]["value"][0])
        events = _story(organization, acquired, rng, now, leader_tag=leader_tag.name)
        if stdout:
            stdout.write(f"  ladder for {organization.name}: {events} activities in {WEEKS} weeks")


def _align_acquisitions(organization, rng: random.Random, now) -> dict[int, tuple]:
    """Make the timeline agree with the submissions' dates; returns ``person id -> (first
    submission time, how they came)``.

    The actions seeder dates its submissions (or leaves them at "now": those are spread here
    over the last two weeks), but the activities and the people it made through the real
    intake are dated "now": they are given the time of their submission, as if the intake
    had run then."""
    submissions = list(
        Submission.objects.filter(organization=organization)
        .select_related("action")
        .order_by("created_at", "id")
    )
    fresh = [s for s in submissions if s.created_at >= now - RECENT]
    start = now - timedelta(days=15)
    for index, submission in enumerate(fresh):
        moment = start + timedelta(days=14 * (index + rng.random()) / len(fresh))
        submission.created_at = moment
        if submission.confirmed_at:
            submission.confirmed_at = moment + timedelta(minutes=rng.randint(2, 90))
        Submission.objects.filter(pk=submission.pk).update(
            created_at=submission.created_at, confirmed_at=submission.confirmed_at
        )
    submission_type = ContentType.objects.get_for_model(Submission)
    acquired: dict[int, tuple] = {}
    for submission in sorted(submissions, key=lambda s: (s.created_at, s.pk)):
        Activity.objects.filter(
            source_type=submission_type,
            source_id=str(submission.pk),
            kind__in=kinds.ACTION_KINDS,
            occurred_at__gte=now - RECENT,
        ).update(occurred_at=submission.confirmed_at or submission.created_at)
        how = "form" if submission.action.kind == "form" else submission.utm_source
        if submission.referring_organization_id:
            how = "partner"
        if submission.person_id not in acquired:
            acquired[submission.person_id] = (
                submission.created_at,
                how if how in CONVERSION else "",
            )
    # People who came in through these submissions entered the base then.
    newcomers = Person.objects.filter(pk__in=list(acquired), created_at__gte=now - RECENT)
    for person_id in newcomers.values_list("pk", flat=True):
        moment = acquired[person_id][0]
        Person.objects.filter(pk=person_id).update(created_at=moment, updated_at=moment)
        Activity.objects.filter(person_id=person_id, occurred_at__gte=now - RECENT).exclude(
            kind__in=kinds.ACTION_KINDS
        ).update(occurred_at=moment)
    activity_counters_refresh(person_ids=list(acquired))
    Person.objects.filter(pk__in=list(acquired)).update(
        last_activity_at=Subquery(
            Activity.objects.filter(person_id=OuterRef("pk"))
            .values("person_id")
            .annotate(last=Max("occurred_at"))
            .values("last")[:1]
        )
    )
    return acquired


def _story(organization, acquired: dict, rng: random.Random, now, *, leader_tag: str) -> int:
    """Donations and volunteer shifts after people came in, then a few leaders."""
    events = []  # (time, order, person, kind, summary, data)
    base_start = now - timedelta(weeks=WEEKS)
    people = Person.objects.filter(organization=organization).active().order_by("pk")
    for person in people.iterator(chunk_size=2000):
        if person.pk in acquired:
            moment, how = acquired[person.pk]
        else:
            moment, how = base_start + timedelta(days=rng.uniform(0, WEEKS * 7 - 5)), "base"
        give, volunteer = CONVERSION[how]
        if rng.random() < give:
            moment = moment + timedelta(days=rng.uniform(1, 10), hours=rng.uniform(0, 12))
            if moment < now:
                amount = rng.choice([10, 15, 20, 25, 35, 50, 50, 100])
                events.append(
                    (
                        moment,
                        len(events),
                        person,
                        kinds.DONATION_MADE,
                        f"{amount} €",
                        {"amount": amount * 100, "currency": "EUR"},
                    )
                )
        if rng.random() < volunteer:
            moment = moment + timedelta(days=rng.uniform(2, 10), hours=rng.uniform(0, 12))
            if moment < now:
                shift = rng.choice(SHIFTS)
                events.append(
                    (moment, len(events), person, kinds.SHIFT_ATTENDED, shift, {"shift": shift})
                )
    events.sort(key=lambda event: event[:2])
    for moment, _order, person, kind, summary, data in events:
        activity_record(person=person, kind=kind, summary=summary, data=data, occurred_at=moment)
    volunteers = sorted(
        {event[2].pk: event[2] for event in events if event[3] == kinds.SHIFT_ATTENDED}.items()
    )
    leaders = [person for _pk, person in volunteers if rng.random() < 0.25] or [
        person for _pk, person in volunteers[:1]
    ]
    for person in leaders:
        tags_add(person=person, names=[leader_tag])
    return len(events) + len(leaders)
