"""Writes of the engagement ladder: editing the rungs (``editing``), placing one person in the
activity hook (``placing``) and everyone in the recompute job (``recompute``). See
docs/decisions/0040-engagement-ladder.md."""

from .editing import (
    LANGUAGES,
    MAX_RUNGS,
    RECOMPUTE_JOB,
    SUGGESTED,
    LadderError,
    ladder_recompute_start,
    ladder_use_suggested,
    rung_create,
    rung_delete,
    rung_move,
    rung_update,
    suggested_definition,
)
from .placing import REACHED_KIND, matching_rungs, person_place, snapshot
from .recompute import ladder_recompute

__all__ = [
    "LANGUAGES",
    "MAX_RUNGS",
    "REACHED_KIND",
    "RECOMPUTE_JOB",
    "SUGGESTED",
    "LadderError",
    "ladder_recompute",
    "ladder_recompute_start",
    "ladder_use_suggested",
    "matching_rungs",
    "person_place",
    "rung_create",
    "rung_delete",
    "rung_move",
    "rung_update",
    "snapshot",
    "suggested_definition",
]
