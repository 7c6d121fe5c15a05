"""Engagement ladder: placing everyone, the funnel report, and the activity hook's cost
(``make bench NAME=funnel``).

Set-up: the supporter base of the segments benchmark (``benchmarks/segments.py``: people,
five activities each on average, tags, consents...) with BENCH_PEOPLE people, 20,000 by
default (set BENCH_PEOPLE=1000000 for the full size); 30% of them get a first action
submission (eight actions, four sources, a referring organization for a third); and a
five-rung ladder over the generated kinds and tags (everyone; signed; gave; volunteer tag or
two events; leader tag and three events).

Figures (median of BENCH_REPEAT runs where repeated):
- ``recompute_s``: ``ladder_recompute`` placing everyone from nothing (and ``people_per_s``),
  then ``recompute_again_s`` when everyone is already placed (the daily run);
- ``report_ms`` and ``cohorts_ms``: the funnel table and the cohorts by first action, against
  the baseline ``count_all_ms`` (``count(*)`` of the organization's people) of the same run;
- the activity hook, on a small organization (BENCH_HOOK_CALLS calls of ``activity_record``
  each): ``record_no_hook_us`` (the hook taken out: the baseline), ``record_no_ladder_us``
  (an organization without a ladder: one cache lookup), ``record_unwatched_us`` (a ladder,
  an activity no rule looks at), ``record_same_us`` (an activity a rule looks at that moves
  no one) and ``record_move_us`` (a first signature: the person climbs and it is announced).
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta

from django.db import connection

from benchmarks.common import median_ms, stopwatch

DEFAULT_PEOPLE = 20_000
HOOK_PEOPLE = 600
SOURCES = ["newsletter", "facebook", "partner", ""]


def ladder_definitions(tag_ids: list[int]) -> list[tuple[str, dict]]:
    def did(kind):
        return {"field": "activity", "op": "done", "value": {"kind": kind}}

    def times(kind, n):
        return {"field": "activity_count", "op": "at_least", "value": {"kind": kind, "min": n}}

    def tag(pk):
        return {"field": "tag", "op": "has", "value": [pk]}

    return [
        ("Supporter", {"match": "all", "conditions": []}),
        ("Signer", {"match": "all", "conditions": [did("signature")]}),
        ("Donor", {"match": "all", "conditions": [did("donation")]}),
        (
            "Volunteer",
            {"match": "any", "conditions": [tag(tag_ids[1]), times("event.attended", 2)]},
        ),
        ("Leader", {"match": "all", "conditions": [tag(tag_ids[2]), times("event.attended", 3)]}),
    ]


def add_submissions(ctx, org, now) -> int:
    from turnout.actions.models import Action, Submission
    from turnout.organizations.models import Organization
    from turnout.people.models import Person

    partner = Organization.objects.create(name="Bench partner", slug="bench-partner", kind="ngo")
    actions = [
        Action.objects.create(
            organization=org,
            slug=f"bench-action-{n}",
            title={"en": f"Petition {n}"},
            status=Action.Status.PUBLISHED,
        )
        for n in range(8)
    ]
    batch, made, last = [], 0, 0
    while True:
        ids = list(
            Person.objects.filter(organization=org, pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:5000]
        )
        if not ids:
            break
        last = ids[-1]
        for pk in ids:
            if (pk * 2_654_435_761) % 10 >= 3:
                continue
            batch.append(
                Submission(
                    organization=org,
                    action=actions[pk % len(actions)],
                    person_id=pk,
                    status=Submission.Status.CONFIRMED,
                    utm_source=SOURCES[pk % len(SOURCES)],
                    referring_organization=partner if pk % 3 == 0 else None,
                    created_at=now - timedelta(days=pk % 700),
                )
            )
        Submission.objects.bulk_create(batch, batch_size=2000)
        made += len(batch)
        batch = []
    ctx.say(f"{made:,} submissions")
    return made


def measure_hook(ctx, calls: int) -> dict[str, float]:
    from turnout.funnels import hooks, services
    from turnout.organizations.models import Organization
    from turnout.people.models import Person
    from turnout.people.services import activity_record
    from turnout.people.services.timeline import ACTIVITY_HOOKS

    org = Organization.objects.create(name="Bench hook", slug="bench-hook", kind="ngo")
    Person.objects.bulk_create(
        [Person(organization=org, given_name=f"P{n}") for n in range(HOOK_PEOPLE)]
    )
    people = list(Person.objects.filter(organization=org).order_by("pk"))

    def per_call_us(kind: str, start: int = 0) -> float:
        samples = []
        for n in range(calls):
            person = people[(start + n) % len(people)]
            began = time.perf_counter()
            activity_record(person=person, kind=kind)
            samples.append((time.perf_counter() - began) * 1e6)
        return statistics.median(samples)

    figures = {}
    ACTIVITY_HOOKS.remove(hooks.ladder_follow_activity)
    try:
        per_call_us("note")  # warm-up
        figures["record_no_hook_us"] = per_call_us("note")
    finally:
        ACTIVITY_HOOKS.append(hooks.ladder_follow_activity)
    figures["record_no_ladder_us"] = per_call_us("note")
    services.ladder_use_suggested(organization=org, actor=None, recompute=False)
    services.ladder_recompute(organization=org)
    figures["record_unwatched_us"] = per_call_us("note")
    figures["record_move_us"] = per_call_us("petition_signed")  # each person's first
    figures["record_same_us"] = per_call_us("petition_signed")  # again: nobody moves
    for key, value in figures.items():
        ctx.say(f"  {key:<22} {value:8.0f} µs")
    return figures


def run(ctx):
    from benchmarks.segments import generate
    from turnout.funnels import report, services
    from turnout.funnels.models import Rung
    from turnout.people.models import Person

    people = int(os.environ.get("BENCH_PEOPLE") or DEFAULT_PEOPLE)
    repeat = int(os.environ.get("BENCH_REPEAT") or 5)
    calls = int(os.environ.get("BENCH_HOOK_CALLS") or 300)
    if "BENCH_PEOPLE" not in os.environ:
        ctx.say(f"{people:,} people by default (BENCH_PEOPLE=1000000 for the full size)")
    with stopwatch() as took:
        org, _small, tag_ids, now = generate(ctx, people)
        add_submissions(ctx, org, now)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ctx.say(f"set-up in {took['seconds']:.0f} s")
    for position, (name, definition) in enumerate(ladder_definitions(tag_ids)):
        Rung.objects.create(
            organization=org, name={"en": name}, position=position, definition=definition
        )

    def count_all():
        return Person.objects.filter(organization=org).count()

    count_all_ms = median_ms(count_all, repeat=repeat, warmup=1)
    ctx.say(f"baseline, count of all people: {count_all_ms:.1f} ms")

    with stopwatch() as took:
        totals = services.ladder_recompute(organization=org)
    recompute_s = took["seconds"]
    ctx.say(
        f"recompute from nothing: {recompute_s:.1f} s ({totals['reached']:,} rungs reached, "
        f"{totals['moved']:,} people placed)"
    )
    with stopwatch() as took:
        services.ladder_recompute(organization=org)
    again_s = took["seconds"]
    ctx.say(f"recompute again (everyone placed): {again_s:.1f} s")

    funnel = report.funnel(organization=org)
    ctx.say("funnel: " + ", ".join(f"{s.name} {s.reached:,}" for s in funnel["steps"]))
    report_ms = median_ms(lambda: report.funnel(organization=org), repeat=repeat, warmup=1)
    cohorts_ms = median_ms(
        lambda: report.cohorts(organization=org, dimension="action"), repeat=repeat, warmup=1
    )
    ctx.say(f"funnel report {report_ms:.0f} ms, cohorts {cohorts_ms:.0f} ms")

    ctx.say("activity hook:")
    hook = measure_hook(ctx, calls)
    figures = {
        "people": people,
        "recompute_s": round(recompute_s, 2),
        "people_per_s": round(people / recompute_s),
        "recompute_again_s": round(again_s, 2),
        "report_ms": round(report_ms, 1),
        "cohorts_ms": round(cohorts_ms, 1),
        **{key: round(value) for key, value in hook.items()},
    }
    return {
        "figures": figures,
        "baseline": {
            "count_all_ms": round(count_all_ms, 2),
            "record_no_hook_us": round(hook["record_no_hook_us"]),
        },
        "ratios": {
            "report_vs_count_all": round(report_ms / count_all_ms, 2),
            "cohorts_vs_count_all": round(cohorts_ms / count_all_ms, 2),
            "hook_no_ladder": round(hook["record_no_ladder_us"] / hook["record_no_hook_us"], 3),
            "hook_unwatched": round(hook["record_unwatched_us"] / hook["record_no_hook_us"], 3),
            "hook_same": round(hook["record_same_us"] / hook["record_no_hook_us"], 3),
            "hook_move": round(hook["record_move_us"] / hook["record_no_hook_us"], 3),
        },
    }
