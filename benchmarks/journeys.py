"""Journey runner throughput (``make bench NAME=journeys``).

Set-up: one organization with BENCH_JOURNEY_PEOPLE people (2,000 unless told otherwise), each
with a primary email address and consent for campaign news, and an active three-step journey:
send an email, add a tag, wait a day. Every person is enrolled (due now).

Figure: ``steps_per_s``, the steps the production runner (``journeys_run``: claims, one
transaction per step with its ``StepRun``, the outbox message, the tag and its timeline line)
takes per second to bring everyone to the wait, and ``seconds``. ``runners`` > 1
(BENCH_JOURNEY_RUNNERS, PostgreSQL only) runs that many runner threads at once; ``duplicates``
counts people with more than one message (must be 0).

Baseline: ``inserts_per_s``, inserting the same number of outbox messages (one per person,
each in its own transaction, like a step) with ``Message.objects.create``. The ratio says how
many journey steps cost as much as one bare outbox insert.

Dispatching the queued messages is not measured (see the ``dispatch`` benchmark): the task
backend is the dummy one here. Sending hours are off for the organization, so that the time
of day does not hold the emails back.
"""

from __future__ import annotations

import os
import threading
import time

from django.db import connection, transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

DEFAULT_PEOPLE = 2_000
DUMMY_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "jobs", "messages"],
    }
}


def _people(org, count: int) -> list[int]:
    from turnout.people.models import Consent, EmailAddress, Person

    now = timezone.now()
    people = Person.objects.bulk_create(
        [
            Person(organization=org, given_name=f"Prénom{i}", family_name=f"Nom{i}", language="fr")
            for i in range(count)
        ],
        batch_size=1000,
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(
                organization=org, person=p, address=f"bench{p.pk}@example.org", primary=True
            )
            for p in people
        ],
        batch_size=1000,
    )
    Consent.objects.bulk_create(
        [
            Consent(
                organization=org,
                person=p,
                channel="email",
                purpose="campaigns",
                status="granted",
                current=True,
                source="form",
                created_at=now,
            )
            for p in people
        ],
        batch_size=1000,
    )
    return [p.pk for p in people]


def _journey(org):
    from turnout.journeys.models import Journey
    from turnout.journeys.services import journey_activate, journey_create, step_add
    from turnout.people.services import tag_get_or_create

    tag = tag_get_or_create(organization=org, name="welcomed")
    journey = journey_create(organization=org, actor=None, name="Bench", trigger_config={})
    first = step_add(
        journey=journey,
        actor=None,
        kind="send_email",
        config={
            "content": {
                "fr": {"subject": "Merci {first_name|}", "body": "Bonjour {first_name|} !"}
            },
            "purpose": "campaigns",
        },
    )
    second = step_add(
        journey=journey, actor=None, kind="tag_add", config={"tag": tag.pk}, after=first.key
    )
    step_add(
        journey=journey,
        actor=None,
        kind="wait",
        config={"mode": "for", "days": 1, "hours": 0},
        after=second.key,
    )
    journey_activate(journey=journey, actor=None)
    Journey.objects.filter(pk=journey.pk).update(listening_since=timezone.now())
    journey.refresh_from_db()
    return journey


def _enroll(journey, person_ids: list[int]) -> None:
    from turnout.journeys.models import Enrollment, Step

    entry = Step.objects.get(journey=journey, key=journey.entry_key)
    now = timezone.now()
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                organization_id=journey.organization_id,
                journey=journey,
                person_id=pk,
                step=entry,
                next_run_at=now,
                entered_at=now,
            )
            for pk in person_ids
        ],
        batch_size=1000,
    )


def _baseline(org, person_ids: list[int]) -> float:
    from turnout.messaging.models import Message

    start = time.perf_counter()
    for pk in person_ids:
        with transaction.atomic():
            Message.objects.create(
                organization=org,
                channel="email",
                idempotency_key=f"baseline:{pk}",
                person_id=pk,
                to_address=f"bench{pk}@example.org",
                subject="Merci",
                body="Bonjour !",
                provider="email",
            )
    return len(person_ids) / (time.perf_counter() - start)


def _run(runners: int) -> float:
    from turnout.journeys.runner import journeys_run

    if runners == 1:
        start = time.perf_counter()
        journeys_run(batch_size=200)
        return time.perf_counter() - start
    errors = []

    def work():
        try:
            journeys_run(batch_size=200)
        except Exception as exc:  # reported after the run
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(runners)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def run(ctx):
    from turnout.journeys.models import Enrollment, StepRun
    from turnout.messaging.models import Message, MessagingSettings
    from turnout.organizations.models import Organization

    count = int(os.environ.get("BENCH_JOURNEY_PEOPLE", DEFAULT_PEOPLE))
    runners = int(os.environ.get("BENCH_JOURNEY_RUNNERS", 1))
    if connection.vendor != "postgresql":
        runners = 1  # SQLite serializes writers: threads would only wait on each other
    ctx.say(f"{count:,} people, {runners} runner(s), {connection.vendor}")
    with override_settings(TASKS=DUMMY_TASKS):
        org = Organization.objects.create(name="Bench journeys", slug="bench-journeys", kind="ngo")
        MessagingSettings.objects.create(organization=org, quiet_hours="")
        person_ids = _people(org, count)
        journey = _journey(org)
        _enroll(journey, person_ids)
        seconds = _run(runners)
        steps = StepRun.objects.filter(enrollment__journey=journey).count()
        waiting = Enrollment.objects.filter(journey=journey, status="waiting").count()
        duplicates = (
            Message.objects.filter(organization=org)
            .values("person_id")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        ctx.say(f"{steps:,} steps in {seconds:.2f} s; {waiting:,} people now on the wait")
        baseline = _baseline(org, person_ids)
    steps_per_s = steps / seconds if seconds else 0.0
    return {
        "figures": {
            "steps_per_s": round(steps_per_s, 1),
            "seconds": round(seconds, 3),
            "people": count,
            "runners": runners,
            "duplicates": duplicates,
            "not_at_the_wait": count - waiting,
        },
        "baseline": {"inserts_per_s": round(baseline, 1)},
        "ratios": {"steps_per_insert": round(steps_per_s / baseline, 3) if baseline else 0.0},
    }
