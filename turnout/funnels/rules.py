"""What a rung's rule looks at, and how to test it for one person quickly.

A rule is a segment definition (``turnout.people.segments.filters``). Two things are derived
from it here, both from the definition alone:

- ``analyze``: which activity kinds and which tags can change whether a person matches, so
  that the activity hook skips an activity that cannot move anyone on the ladder. Conditions
  on the person's own fields change with ``person.updated``; "last activity" changes with any
  activity (a wildcard); static lists change without any activity (the daily recompute
  catches them).
- ``matches_fast``: the answer for one person from their own rows, for rules made only of tag
  and activity conditions (the ladders people build: "did X", "did X at least N times", "has
  tag T"). It reads the same counters as the segment query (``ActivityCount``) and gives the
  same answer; any other rule is answered by ``people_matching`` restricted to the person.
  (On SQLite, ``people_matching(...).filter(pk=...)`` builds the whole organization's list of
  matching people for every call, far too slow for an activity hook.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from turnout.people import activity_kinds as kinds
from turnout.people.segments.values import start_of_day

TAG_KINDS = frozenset({kinds.TAG_ADDED, kinds.TAG_REMOVED})
PERSON_KINDS = frozenset({kinds.PERSON_UPDATED})
# Always looked at: a new person, and a merge (the survivor gains the other's history).
ALWAYS = frozenset({kinds.PERSON_CREATED, kinds.PERSON_MERGED})
# Conditions on the person's own row or contact points.
PERSON_FIELDS = frozenset(
    {
        "contact",
        "do_not_contact",
        "country",
        "postal_code",
        "locality",
        "polling_station",
        "custom_field",
        "support_level",
        "language",
        "created_at",
    }
)


@dataclass(frozen=True)
class RuleInfo:
    kinds: frozenset[str]  # activity kinds that can change the answer
    tag_ids: frozenset[int]  # tags whose adding or removing can change it
    activity_kinds: frozenset[str]  # kinds of the activity conditions (for recompute times)
    wildcard: bool  # any activity can change it ("last activity")
    fast: bool  # answered by matches_fast


def _conditions(definition: dict):
    for item in (definition or {}).get("conditions", []):
        if "group" in item:
            yield from item["group"].get("conditions", [])
        else:
            yield item


def _is_fast(condition: dict) -> bool:
    field, value = condition.get("field"), condition.get("value")
    if field == "tag":
        return True
    if field == "activity":
        return isinstance(value, dict) and not set(value) - {"kind", "since"}
    if field == "activity_count":
        return isinstance(value, dict) and not set(value) - {"kind", "min"}
    return False


def analyze(definition: dict) -> RuleInfo:
    watched: set[str] = set(ALWAYS)
    activity_kinds: set[str] = set()
    tag_ids: set[int] = set()
    wildcard = False
    fast = True
    for condition in _conditions(definition):
        field, value = condition.get("field"), condition.get("value")
        fast = fast and _is_fast(condition)
        if field == "tag":
            watched |= TAG_KINDS
            tag_ids.update(int(v) for v in value or [])
        elif field in ("activity", "activity_count"):
            watched.add(value["kind"])
            activity_kinds.add(value["kind"])
        elif field == "consent":
            watched |= {kinds.CONSENT, *PERSON_KINDS}
        elif field in PERSON_FIELDS:
            watched |= PERSON_KINDS
        elif field == "last_activity_at":
            wildcard = True
        # "list": list memberships write no activity; the daily recompute places them.
    return RuleInfo(
        kinds=frozenset(watched),
        tag_ids=frozenset(tag_ids),
        activity_kinds=frozenset(activity_kinds),
        wildcard=wildcard,
        fast=fast,
    )


@dataclass
class Facts:
    """One person's rows that fast rules read: their tags (of the ladder's tags) and their
    activity counters (of the ladder's kinds): ``kind -> (count, last_at)``."""

    tag_ids: set[int]
    counters: dict[str, tuple[int, datetime]]


def _condition_holds(condition: dict, facts: Facts) -> bool:
    field, op, value = condition["field"], condition.get("op"), condition.get("value")
    if field == "tag":
        has = bool(facts.tag_ids.intersection(value or []))
        return has if op == "has" else not has
    counter = facts.counters.get(value["kind"])
    if field == "activity":
        done = counter is not None
        if done and value.get("since"):
            done = counter[1] >= start_of_day(value["since"])
        return done if op == "done" else not done
    # activity_count without a period
    return counter is not None and counter[0] >= value["min"]


def _node_holds(node: dict, facts: Facts) -> bool:
    results = []
    for item in node.get("conditions", []):
        if "group" in item:
            results.append(_node_holds(item["group"], facts))
        else:
            results.append(_condition_holds(item, facts))
    if not results:
        return True  # no condition: everyone (as in segments)
    return any(results) if node.get("match") == "any" else all(results)


def matches_fast(definition: dict, facts: Facts) -> bool:
    """Whether an active person with these facts matches a rule for which
    ``analyze(definition).fast`` is true."""
    return _node_holds(definition or {}, facts)
