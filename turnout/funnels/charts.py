"""Geometry of the ladder and funnel charts, drawn as inline SVG by the templates (no script,
no style attribute: CSP-safe). Pure functions: numbers in, positions out."""

from __future__ import annotations

from turnout.core.charts import columns

FUNNEL_WIDTH = 640
FUNNEL_LABEL = 200  # left column: rung name and count
FUNNEL_BAR = 30
FUNNEL_GAP = 26  # room for the conversion between two bars
BARS_WIDTH = 560
BARS_LABEL = 170
BARS_ROW = 30
LABEL_CHARS = 26
INSIDE_MIN = 70  # narrowest bar that holds its count


def _short(label: str, size: int = LABEL_CHARS) -> str:
    label = str(label)
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def funnel(steps: list[tuple[str, int, float | None]]) -> dict:
    """A funnel: one bar per rung, centred, as wide as its count (the widest is the largest
    count), with the conversion from the previous rung written between two bars (it is not
    the ratio of the two bars: see report.py).

    ``steps``: ``(label, count, conversion percent or None)``, bottom rung first (drawn at
    the top, as a funnel narrows downwards)."""
    top = max([count for _label, count, _conv in steps] or [0])
    room = FUNNEL_WIDTH - FUNNEL_LABEL
    centre = FUNNEL_LABEL + room / 2
    bars, y = [], 0
    for index, (label, count, conversion) in enumerate(steps):
        if index:
            y += FUNNEL_GAP
        width = room * count / top if top else 0
        if count and width < 2:
            width = 2
        bars.append(
            {
                "label": label,
                "short": _short(label, 22),
                "count": count,
                "conversion": conversion,
                "x": round(centre - width / 2, 2),
                "y": y,
                "width": round(width, 2),
                "height": FUNNEL_BAR,
                "text_y": y + FUNNEL_BAR / 2 + 5,
                "conversion_y": y - FUNNEL_GAP / 2 + 5,
                # A count too wide for its bar is written after it.
                "inside": width >= INSIDE_MIN,
                "count_x": round(centre if width >= INSIDE_MIN else centre + width / 2 + 6, 2),
            }
        )
        y += FUNNEL_BAR
    return {
        "width": FUNNEL_WIDTH,
        "height": y,
        "centre": centre,
        "label_x": FUNNEL_LABEL - 10,
        "bars": bars,
    }


def horizontal_bars(items: list[tuple[str, int]]) -> dict:
    """Labelled horizontal bars (people per rung), the largest filling the width."""
    top = max([count for _label, count in items] or [0])
    room = BARS_WIDTH - BARS_LABEL - 60
    rows = []
    for index, (label, count) in enumerate(items):
        width = room * count / top if top else 0
        rows.append(
            {
                "label": label,
                "short": _short(label, 24),
                "count": count,
                "y": index * BARS_ROW,
                "width": round(max(width, 2 if count else 0), 2),
                "text_y": index * BARS_ROW + BARS_ROW / 2 + 4,
                "count_x": round(BARS_LABEL + max(width, 2 if count else 0) + 6, 2),
            }
        )
    return {
        "width": BARS_WIDTH,
        "height": max(len(items) * BARS_ROW, 1),
        "label_x": BARS_LABEL - 8,
        "bar_x": BARS_LABEL,
        "bar_height": BARS_ROW - 8,
        "rows": rows,
    }


def cohort_columns(counts: list[int], *, width: int = 150, height: int = 60) -> dict:
    """A small column chart (one small multiple): one column per rung, as tall as its count
    relative to the first (tallest) one."""
    return {
        "width": width,
        "height": height,
        "columns": columns(counts, width=width, height=height),
    }


def ladder_steps(steps: list[tuple[str, bool, bool]], *, step: int = 34, rise: int = 10) -> dict:
    """A staircase, one step per rung (bottom rung on the left): ``(label, is_current,
    was_reached)`` in, rectangles with a state (current, reached, ahead) out."""
    n = len(steps)
    height = rise * n
    rects = []
    for index, (label, current, reached) in enumerate(steps):
        tall = rise * (index + 1)
        rects.append(
            {
                "label": label,
                "x": index * step,
                "y": height - tall,
                "width": step - 3,
                "height": tall,
                "state": "current" if current else "reached" if reached else "ahead",
            }
        )
    return {"width": max(n * step - 3, 1), "height": max(height, 1), "steps": rects}
