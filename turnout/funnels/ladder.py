"""The organization's ladder as the activity hook needs it, cached.

``ladder_summary(organization_id)`` is one cache lookup: ``None`` when the organization has no
rung (most organizations), else the rungs with their rules and what the rules look at. The
cache is Django's (shared by every process in production, see docs/operations.md); every
change of the ladder deletes the entry at once and again when its transaction commits (so a
process that read the old rungs in the meantime cannot leave them there), and the entry
expires after CACHE_SECONDS in any case. The hook checks ``Ladder.version`` before acting on a
cached ladder, so a stale entry can only make it skip an activity, never place someone by an
old rule; the recompute that follows every change, and the daily one, place everyone again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from turnout.people.segments.filters import validate_definition

from .models import Ladder, Rung
from .rules import TAG_KINDS, RuleInfo, analyze

CACHE_SECONDS = 300
NO_LADDER = 0  # cached for organizations without rungs


@dataclass(frozen=True)
class CompiledRung:
    pk: int
    position: int
    definition: dict
    info: RuleInfo
    valid: bool  # a rule that no longer validates (a deleted list...) matches nobody


@dataclass(frozen=True)
class LadderSummary:
    organization_id: int
    version: int
    rungs: tuple[CompiledRung, ...]
    kinds: frozenset[str]
    tag_ids: frozenset[int]
    wildcard: bool

    def concerns(self, kind: str, source_id: str = "") -> bool:
        """Whether an activity of this kind (from this source) can move someone."""
        if self.wildcard:
            return True
        if kind not in self.kinds:
            return False
        if kind in TAG_KINDS and source_id.isdigit():
            # A tag no rule looks at changes nothing (unless another rule watches the kind
            # for its own sake, as an activity condition).
            return int(source_id) in self.tag_ids or any(
                kind in r.info.activity_kinds for r in self.rungs
            )
        return True


def _key(organization_id: int) -> str:
    return f"funnels:ladder:{organization_id}"


def ladder_version(organization_id: int) -> int:
    return (
        Ladder.objects.filter(organization_id=organization_id)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def rule_is_valid(organization_id: int, definition: dict) -> bool:
    try:
        validate_definition(
            organization=organization_id, definition=definition, allow_sensitive=True
        )
    except ValidationError:
        return False
    return True


def ladder_summary_fresh(organization_id: int) -> LadderSummary | None:
    """Read from the database (the version first: a summary is never labelled newer than the
    rungs it holds)."""
    version = ladder_version(organization_id)
    rows = list(
        Rung.objects.filter(organization_id=organization_id)
        .order_by("position", "id")
        .values_list("pk", "position", "definition")
    )
    if not rows:
        return None
    rungs = tuple(
        CompiledRung(
            pk=pk,
            position=position,
            definition=definition,
            info=analyze(definition),
            valid=rule_is_valid(organization_id, definition),
        )
        for pk, position, definition in rows
    )
    return LadderSummary(
        organization_id=organization_id,
        version=version,
        rungs=rungs,
        kinds=frozenset().union(*(r.info.kinds for r in rungs)),
        tag_ids=frozenset().union(*(r.info.tag_ids for r in rungs)),
        wildcard=any(r.info.wildcard for r in rungs),
    )


def ladder_summary(organization_id: int) -> LadderSummary | None:
    key = _key(organization_id)
    cached = cache.get(key)
    if cached is None:
        summary = ladder_summary_fresh(organization_id)
        # add, not set: an invalidation that happened meanwhile wins.
        cache.add(key, summary if summary is not None else NO_LADDER, CACHE_SECONDS)
        return summary
    return cached if isinstance(cached, LadderSummary) else None


def ladder_cache_forget(organization_id: int) -> None:
    cache.delete(_key(organization_id))


def ladder_cache_clear(organization_id: int) -> None:
    key = _key(organization_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
