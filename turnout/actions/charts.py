"""Charts of the actions pages, drawn as inline SVG by the templates (no script, no inline
style). Pure functions: numbers in, coordinates out."""

from __future__ import annotations

from datetime import date, timedelta

WIDTH = 600
HEIGHT = 160
TOP = 14  # room for the peak's label
BOTTOM = 20  # room for the date labels
SIDE = 20  # room for the first and last date labels


def _n(value: float) -> str:
    """A coordinate as text: templates would localize a float ("12,5" in French)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def daily_bars(counts: dict[date, int], start: date, end: date) -> dict:
    """A bar per day from ``start`` to ``end`` (both included), in a WIDTH x HEIGHT box:
    ``bars`` [{day, n, x, y, width, height}], ``ticks`` [{x, day}] (about six dates),
    ``max`` and ``total``."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    if not days:
        return {"bars": [], "ticks": [], "max": 0, "total": 0, "width": WIDTH, "height": HEIGHT}
    peak = max((counts.get(d, 0) for d in days), default=0)
    slot = (WIDTH - 2 * SIDE) / len(days)
    gap = min(2.0, slot * 0.2)
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for index, day in enumerate(days):
        n = counts.get(day, 0)
        height = (n / peak * plot) if peak else 0
        bars.append(
            {
                "day": day,
                "n": n,
                "x": _n(SIDE + index * slot + gap / 2),
                "width": _n(slot - gap),
                "y": _n(TOP + plot - height),
                "height": _n(height),
            }
        )
    step = max(1, round(len(days) / 6))
    ticks = [
        {"x": _n(SIDE + i * slot + slot / 2), "day": days[i]} for i in range(0, len(days), step)
    ]
    return {
        "bars": bars,
        "ticks": ticks,
        "max": peak,
        "total": sum(counts.get(d, 0) for d in days),
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": str(HEIGHT - BOTTOM),
        "label_y": str(HEIGHT - 5),
    }
