"""Charts of the actions pages, drawn as inline SVG by the templates (no script, no inline
style). Pure functions: numbers in, coordinates out."""

from __future__ import annotations

from datetime import date, timedelta

from turnout.core.charts import columns, svg_number

WIDTH = 600
HEIGHT = 160
TOP = 14  # room for the peak's label
BOTTOM = 20  # room for the date labels
SIDE = 20  # room for the first and last date labels


def daily_bars(counts: dict[date, int], start: date, end: date) -> dict:
    """A bar per day from ``start`` to ``end`` (both included), in a WIDTH x HEIGHT box:
    ``bars`` [{day, n, x, y, width, height}], ``ticks`` [{x, day}] (about six dates),
    ``max`` and ``total``."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    if not days:
        return {"bars": [], "ticks": [], "max": 0, "total": 0, "width": WIDTH, "height": HEIGHT}
    values = [counts.get(d, 0) for d in days]
    bars = columns(values, width=WIDTH, height=HEIGHT, top=TOP, bottom=BOTTOM, side=SIDE, gap=2)
    for bar, day in zip(bars, days, strict=True):
        bar["day"] = day
    slot = (WIDTH - 2 * SIDE) / len(days)
    step = max(1, round(len(days) / 6))
    ticks = [
        {"x": svg_number(SIDE + i * slot + slot / 2), "day": days[i]}
        for i in range(0, len(days), step)
    ]
    return {
        "bars": bars,
        "ticks": ticks,
        "max": max(values),
        "total": sum(values),
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": str(HEIGHT - BOTTOM),
        "label_y": str(HEIGHT - 5),
    }
