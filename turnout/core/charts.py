"""Small charts drawn as inline SVG by the templates (no script, no inline style: CSP-safe)."""

from __future__ import annotations


def breakdown(parts: list[tuple[str, int, str]]) -> list[dict]:
    """Positions of the parts of a 100-wide stacked bar: ``(label, count, tone)`` in, dicts
    with ``x`` and ``width`` (percent, rounded) out. Tones: ok, warn, bad, muted, brand."""
    total = sum(n for _label, n, _tone in parts)
    out, x = [], 0.0
    for label, n, tone in parts:
        width = (n * 100 / total) if total else 0
        out.append(
            {"label": label, "n": n, "tone": tone, "x": round(x, 3), "width": round(width, 3)}
        )
        x += width
    return out


def svg_number(value: float) -> str:
    """A coordinate as text for an SVG attribute: a float given to a template would be
    localized ("12,5" in French) and break the drawing."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def columns(
    values: list[int],
    *,
    width: float,
    height: float,
    top: float = 0,
    bottom: float = 0,
    side: float = 0,
    gap: float = 6,
) -> list[dict]:
    """One column per value in a ``width`` x ``height`` box, as tall as the value relative
    to the largest one within the plot area (``top``/``bottom``/``side`` margins kept free);
    columns are ``gap`` apart (at most a fifth of their slot) and a value above zero is at
    least 1 high. Dicts with ``n``, ``x``, ``y``, ``width``, ``height`` (SVG numbers)."""
    peak = max(values, default=0)
    slot = (width - 2 * side) / max(len(values), 1)
    gap = min(gap, slot * 0.2)
    plot = height - top - bottom
    out = []
    for index, n in enumerate(values):
        tall = max(plot * n / peak, 1) if n and peak else 0
        out.append(
            {
                "n": n,
                "x": svg_number(side + index * slot + gap / 2),
                "y": svg_number(top + plot - tall),
                "width": svg_number(slot - gap),
                "height": svg_number(tall),
            }
        )
    return out


def stacked_columns(series: list[list[int]], **box) -> list[dict]:
    """Stacked columns: ``series`` holds one list of values per layer (all as long), drawn
    from the bottom up in that order, in the box of ``columns`` (same keyword arguments);
    each column is as tall as its total relative to the largest total. Dicts with ``total``,
    ``x``, ``width`` and ``parts`` (one per layer: ``n``, ``y``, ``height``), SVG numbers."""
    totals = [sum(layer) for layer in zip(*series, strict=True)]
    out = []
    for index, column in enumerate(columns(totals, **box)):
        base, tall, total = (
            float(column["y"]) + float(column["height"]),
            float(column["height"]),
            column["n"],
        )
        parts = []
        for layer in series:
            n = layer[index]
            height = tall * n / total if n > 0 and total else 0
            base -= height
            parts.append({"n": n, "y": svg_number(base), "height": svg_number(height)})
        out.append({"total": total, "x": column["x"], "width": column["width"], "parts": parts})
    return out


def line_points(
    values: list[int], *, width: float, height: float, top: float = 0, bottom: float = 0,
    side: float = 0,
) -> str:  # fmt: skip
    """The ``points`` of an SVG polyline through one value per slot (at the slot's middle),
    the largest value at the top of the plot area."""
    peak = max(values, default=0)
    slot = (width - 2 * side) / max(len(values), 1)
    plot = height - top - bottom
    points = []
    for index, n in enumerate(values):
        y = top + plot - (plot * n / peak if peak else 0)
        points.append(f"{svg_number(side + index * slot + slot / 2)},{svg_number(y)}")
    return " ".join(points)


def heat_level(percent: float | None, *, steps: int = 5) -> int:
    """The colour step (0 = none .. ``steps`` = full) of a percentage in a heat table: a
    cell's class, so that no inline style is needed."""
    if percent is None or percent <= 0:
        return 0
    return min(steps, max(1, -(-round(percent) * steps // 100)))
