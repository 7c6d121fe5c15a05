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
