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
