"""What starts a journey for a person.

Activity triggers (action taken, tag added, rung reached) are followed by an activity hook
(``hooks.py``) that runs inside the transaction recording the activity, so an enrollment is
never lost to a crash between the two. The hook must stay cheap on the signature intake path:

- an activity of a kind no trigger uses costs nothing;
- otherwise the organization's *watched* triggers come from a per-process cache (no query),
  read from the database at most once every ``CACHE_SECONDS`` per organization. Only when the
  cache says a listening journey may match are the journeys read (fresh, one indexed query)
  and the person enrolled.

The cache is per process and never shared, so it may be up to ``CACHE_SECONDS`` old in other
processes after a journey is activated or its trigger changed. To keep every process in
agreement, a trigger takes effect only at ``Journey.listening_since``, set ``START_DELAY``
(longer than the cache life) after the change: by then every process has read it. A stale
cache can therefore only ever skip an activity that no process would act on, and since the
fresh read decides, never enroll someone by an old trigger.

Date and segment triggers are scanned by the periodic task (set-based, ``scan_*``).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from turnout.people.models import Person

from .models import Enrollment, Journey, SegmentMember, Step
from .steps import _int, parse_time

logger = logging.getLogger("turnout.journeys")

CACHE_SECONDS = 10
START_DELAY = dt.timedelta(seconds=CACHE_SECONDS + 5)

ACTION_KINDS = ("petition_signed", "pledge_taken", "form_submitted")
#: Activity kind -> the trigger it can fire.
ACTIVITY_TRIGGERS = {
    **dict.fromkeys(ACTION_KINDS, Journey.Trigger.ACTION),
    "tag.added": Journey.Trigger.TAG,
    "rung.reached": Journey.Trigger.RUNG,
    "canvass.done": Journey.Trigger.CANVASS,
}
ACTIVITY_TRIGGER_KINDS = (
    Journey.Trigger.ACTION,
    Journey.Trigger.TAG,
    Journey.Trigger.RUNG,
    Journey.Trigger.CANVASS,
)
#: Triggers whose object may be left empty (any action, any canvassing effort).
ANY_OBJECT = (Journey.Trigger.ACTION, Journey.Trigger.CANVASS)
#: The key of ``trigger_config`` naming the object of each activity trigger.
CONFIG_KEY = {
    Journey.Trigger.ACTION: "action",
    Journey.Trigger.TAG: "tag",
    Journey.Trigger.RUNG: "rung",
    Journey.Trigger.CANVASS: "effort",
}

_cache: dict[int, tuple[float, frozenset[tuple[str, str]]]] = {}


def trigger_ref(kind: str, config: dict) -> str:
    """The object a trigger watches, as a string ("" = any action)."""
    value = (config or {}).get(CONFIG_KEY.get(kind, ""))
    return str(value) if value not in (None, "") else ""


def _watched_fresh(organization_id: int) -> frozenset[tuple[str, str]]:
    rows = Journey.objects.filter(
        organization_id=organization_id,
        status__in=Journey.LISTENING,
        trigger_kind__in=ACTIVITY_TRIGGER_KINDS,
    ).values_list("trigger_kind", "trigger_config")
    return frozenset((kind, trigger_ref(kind, config)) for kind, config in rows)


def watched(organization_id: int) -> frozenset[tuple[str, str]]:
    """(trigger kind, object id) pairs of the organization's listening journeys, cached."""
    now = time.monotonic()
    entry = _cache.get(organization_id)
    if entry is not None and entry[0] > now:
        return entry[1]
    keys = _watched_fresh(organization_id)
    _cache[organization_id] = (now + CACHE_SECONDS, keys)
    return keys


def cache_forget(organization_id: int) -> None:
    """After a change: this process reads again at once, and again after the commit."""
    _cache.pop(organization_id, None)
    transaction.on_commit(lambda: _cache.pop(organization_id, None))


def cache_clear() -> None:
    _cache.clear()


def activity_object_id(activity) -> str:
    """The id of what the activity is about: the action of a signature (its source is the
    submission, the action id is in its data), the tag, the rung."""
    if activity.kind in ACTION_KINDS:
        action = (activity.data or {}).get("action")
        if action not in (None, ""):
            return str(action)
        from django.contrib.contenttypes.models import ContentType

        from turnout.actions.models import Action

        if activity.source_type_id == ContentType.objects.get_for_model(Action).pk:
            return activity.source_id
        return ""
    if activity.kind == "canvass.done":
        effort = (activity.data or {}).get("effort")
        return str(effort) if effort not in (None, "") else ""
    return activity.source_id or ""


def canvass_matches(config: dict, activity) -> bool:
    """A "door was canvassed" trigger's conditions: the visit's outcome, and the answer to
    one question of the script (read from the visit itself: a sensitive answer is not on the
    timeline line, and may still start a journey)."""
    config = config or {}
    data = activity.data or {}
    if config.get("outcome") and data.get("outcome") != config["outcome"]:
        return False
    question = config.get("question")
    if not question:
        return True
    from turnout.canvassing.models import Visit

    answers = (
        Visit.objects.filter(pk=_int(activity.source_id), organization_id=activity.organization_id)
        .values_list("answers", flat=True)
        .first()
        or {}
    )
    given = answers.get(question)
    wanted = str(config.get("answer") or "")
    if not wanted:
        return given not in (None, "", [])
    return given == wanted or (isinstance(given, list) and wanted in given)


def journeys_for_activity(activity) -> list[Journey]:
    """The journeys this activity starts for its person (empty in the common case, usually
    without a query)."""
    trigger = ACTIVITY_TRIGGERS.get(activity.kind)
    if trigger is None:
        return []
    keys = watched(activity.organization_id)
    if not keys:
        return []
    ref = activity_object_id(activity)
    if (trigger, ref) not in keys and (trigger, "") not in keys:
        return []
    now = timezone.now()
    candidates = Journey.objects.filter(
        organization_id=activity.organization_id,
        status__in=Journey.LISTENING,
        trigger_kind=trigger,
        listening_since__lte=now,
    )
    return [
        journey
        for journey in candidates
        if trigger_ref(trigger, journey.trigger_config) in ("", ref)
        and (trigger in ANY_OBJECT or trigger_ref(trigger, journey.trigger_config))
        and (
            trigger != Journey.Trigger.CANVASS or canvass_matches(journey.trigger_config, activity)
        )
    ]


# --- Set-based enrollment (scans) -----------------------------------------------------------

ENROLL_CHUNK = 1000


def enroll_people(*, journey: Journey, people, now, trigger_ref_value: str = "") -> int:
    """Enroll every person of the queryset ``people`` who may enter ``journey`` (not in it
    now; never before unless re-entry is allowed; not for the same occurrence twice)."""
    entry = Step.objects.filter(
        journey=journey, key=journey.entry_key, removed_at__isnull=True
    ).first()
    if entry is None:
        return 0
    existing = Enrollment.objects.filter(journey=journey)
    if journey.allow_reentry:
        blocking = Q(status__in=Enrollment.LIVE)
        if trigger_ref_value:
            blocking |= Q(trigger_ref=trigger_ref_value)
        existing = existing.filter(blocking)
    ids = (
        people.filter(organization_id=journey.organization_id, erased_at__isnull=True)
        .exclude(pk__in=existing.values("person_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = 0
    batch: list[int] = []

    def flush():
        nonlocal total
        rows = [
            Enrollment(
                organization_id=journey.organization_id,
                journey=journey,
                person_id=person_id,
                step=entry,
                status=Enrollment.Status.ACTIVE,
                next_run_at=now,
                entered_at=now,
                trigger_ref=trigger_ref_value,
            )
            for person_id in batch
        ]
        with transaction.atomic():
            Enrollment.objects.bulk_create(rows, ignore_conflicts=True)
        total += len(rows)
        batch.clear()

    for person_id in ids.iterator(chunk_size=ENROLL_CHUNK):
        batch.append(person_id)
        if len(batch) >= ENROLL_CHUNK:
            flush()
    if batch:
        flush()
    return total


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "Europe/Paris")
    except (KeyError, ValueError):
        return ZoneInfo("Europe/Paris")


def organization_zone(organization_id: int) -> ZoneInfo:
    """The organization's time zone (its messaging settings; Paris by default)."""
    from turnout.messaging.models import MessagingSettings

    return zone_named(
        MessagingSettings.objects.filter(organization_id=organization_id)
        .values_list("time_zone", flat=True)
        .first()
        or ""
    )


def _last_date_reached(at: dt.datetime, at_time: dt.time, zone: ZoneInfo) -> dt.date:
    """The latest day D whose ``at_time`` (local) is not after ``at``."""
    local = at.astimezone(zone)
    return local.date() if local.time() >= at_time else local.date() - dt.timedelta(days=1)


def _start_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


def date_trigger_people(journey: Journey, start: dt.datetime, end: dt.datetime):
    """People whose date (plus the offset, at the time of day) falls in (start, end], and the
    last date reached (their occurrence)."""
    config = journey.trigger_config or {}
    zone = organization_zone(journey.organization_id)
    at_time = parse_time(config.get("time")) or dt.time(9)
    offset = dt.timedelta(days=_int(config.get("offset_days")))
    # Field dates D whose instant (D + offset at at_time) is in (start, end]:
    first = _last_date_reached(start, at_time, zone) - offset  # excluded
    last = _last_date_reached(end, at_time, zone) - offset  # included
    people = Person.objects.for_organization(journey.organization_id).active()
    if last <= first:
        return people.none()
    field = config.get("field") or "created_at"
    if field == "created_at":
        return people.filter(
            created_at__gte=_start_of_day(first + dt.timedelta(days=1), zone),
            created_at__lt=_start_of_day(last + dt.timedelta(days=1), zone),
        )
    from turnout.people.segments.filters import people_matching

    definition = {
        "match": "all",
        "conditions": [
            {
                "field": "custom_field",
                "value": {"key": field, "op": "gt", "value": first.isoformat()},
            },
            {
                "field": "custom_field",
                "value": {
                    "key": field,
                    "op": "lt",
                    "value": (last + dt.timedelta(days=1)).isoformat(),
                },
            },
        ],
    }
    return people_matching(organization=journey.organization, definition=definition)


def scan_date_trigger(journey: Journey, now) -> int:
    start = journey.scanned_until or journey.listening_since
    if start is None or start >= now:
        return 0
    try:
        people = date_trigger_people(journey, start, now)
    except ValidationError:
        logger.warning("journey date trigger is invalid", extra={"journey": journey.pk})
        return 0
    # One occurrence per run of the scan: the run's end names it.
    added = enroll_people(
        journey=journey, people=people, now=now, trigger_ref_value=f"date:{now:%Y-%m-%d}"
    )
    Journey.objects.filter(pk=journey.pk).update(scanned_until=now)
    return added


def scan_segment_trigger(journey: Journey, now) -> int:
    """Enroll the people who entered the segment since the last scan. The first scan takes
    the current members as the baseline (and enrolls them when asked to)."""
    from turnout.people.models import Segment
    from turnout.people.segments.filters import segment_people

    config = journey.trigger_config or {}
    segment = Segment.objects.filter(
        organization_id=journey.organization_id, pk=_int(config.get("segment"))
    ).first()
    if segment is None:
        return 0
    try:
        members = segment_people(segment)
    except ValidationError:
        logger.warning("journey segment is invalid", extra={"journey": journey.pk})
        return 0
    seen = SegmentMember.objects.filter(journey=journey)
    enroll = journey.scanned_until is not None or bool(config.get("include_current"))
    # One snapshot of who entered: the same people are enrolled and marked as seen.
    entered = list(
        members.exclude(pk__in=seen.values("person_id")).order_by("pk").values_list("pk", flat=True)
    )
    added = 0
    for start in range(0, len(entered), ENROLL_CHUNK):
        chunk = entered[start : start + ENROLL_CHUNK]
        with transaction.atomic():
            if enroll:
                added += enroll_people(
                    journey=journey,
                    people=Person.objects.filter(pk__in=chunk),
                    now=now,
                    trigger_ref_value=f"segment:{now:%Y-%m-%d}",
                )
            SegmentMember.objects.bulk_create(
                [
                    SegmentMember(
                        organization_id=journey.organization_id, journey=journey, person_id=pk
                    )
                    for pk in chunk
                ],
                ignore_conflicts=True,
            )
    with transaction.atomic():
        # Who left the segment may enter it again later.
        seen.exclude(person_id__in=members.values("pk")).delete()
        Journey.objects.filter(pk=journey.pk).update(scanned_until=now)
    return added


def scan_triggers(now=None) -> dict:
    """Every minute: the date and segment triggers of every listening journey."""
    now = now or timezone.now()
    counts = {"date": 0, "segment": 0}
    journeys = Journey.objects.filter(
        status__in=Journey.LISTENING,
        trigger_kind__in=[Journey.Trigger.DATE, Journey.Trigger.SEGMENT],
        listening_since__lte=now,
    ).select_related("organization")
    for journey in journeys:
        try:
            if journey.trigger_kind == Journey.Trigger.DATE:
                counts["date"] += scan_date_trigger(journey, now)
            else:
                counts["segment"] += scan_segment_trigger(journey, now)
        except Exception:
            logger.exception("journey trigger scan failed", extra={"journey": journey.pk})
    return counts
