"""Text layout done by our own code: measure with the font's metrics, wrap, then shrink.

Renderers never wrap: they receive explicit lines with their positions, so the PNG and the PDF
show the same lines, and a test can tell whether a text fits its box.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .fonts import DEFAULT_FAMILY, FAMILIES

LINE_HEIGHT = 1.15
ELLIPSIS = "…"


@dataclass(frozen=True)
class FontMetrics:
    units_per_em: int
    ascent: float  # in ems
    descent: float  # in ems, positive
    widths: dict[int, float]  # code point -> advance in ems
    fallback: float

    def width(self, text: str, size: float) -> float:
        widths = self.widths
        return sum(widths.get(ord(c), self.fallback) for c in text) * size


@functools.cache
def metrics(family: str, weight: int) -> FontMetrics:
    from fontTools.ttLib import TTFont

    font_family = FAMILIES.get(family) or FAMILIES[DEFAULT_FAMILY]
    font = TTFont(str(font_family.file(weight)), lazy=True)
    upem = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    widths = {
        code: hmtx[name][0] / upem for code, name in font.getBestCmap().items() if name in hmtx
    }
    os2 = font["OS/2"]
    ascent = os2.sTypoAscender / upem
    descent = -os2.sTypoDescender / upem
    fallback = hmtx.get(".notdef", (upem // 2, 0))[0] / upem
    font.close()
    return FontMetrics(upem, ascent, descent, widths, fallback)


@dataclass
class TextBlock:
    lines: list[str]
    size: float
    fits: bool  # False: even at the smallest size the text had to be cut
    line_height: float = LINE_HEIGHT
    widths: list[float] = field(default_factory=list)


# Characters the shipped fonts may lack, and what to show instead (same meaning).
SUBSTITUTES = {"\u202f": "\u00a0", "\u2011": "-", "\u2009": " "}


def usable_text(text: str, m: FontMetrics) -> str:
    for char, replacement in SUBSTITUTES.items():
        if char in text and ord(char) not in m.widths:
            text = text.replace(char, replacement)
    return text


def _words(text: str) -> list[str]:
    """Words split at ordinary spaces only: no-break spaces (French "urnes !") hold."""
    return [word for word in re.split(r"[ \t\n]+", text) if word]


def wrap(text: str, m: FontMetrics, size: float, width: float) -> list[str] | None:
    """Greedy word wrap; None when one word alone is wider than the box."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in _words(paragraph):
            candidate = f"{current} {word}" if current else word
            if m.width(candidate, size) <= width:
                current = candidate
                continue
            if m.width(word, size) > width:
                return None
            if current:
                lines.append(current)
            current = word
        lines.append(current)
    return [line for line in lines if line] or [""]


def fit_text(
    text: str,
    *,
    family: str,
    weight: int,
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    max_lines: int | None = None,
    line_height: float = LINE_HEIGHT,
) -> TextBlock:
    """The largest size between ``min_size`` and ``max_size`` at which the wrapped text fits
    the box; at ``min_size`` still too long, the text is cut with an ellipsis and marked."""
    m = metrics(family, weight)
    text = usable_text(" ".join(part for part in text.split(" ") if part).strip(), m)
    if not text:
        return TextBlock([], max_size, True)
    min_size = min(min_size, max_size)
    size = max_size
    while True:
        lines = wrap(text, m, size, width)
        if lines is not None and _fits(lines, size, height, max_lines, line_height, m):
            return TextBlock(lines, size, True, line_height, [m.width(x, size) for x in lines])
        if size <= min_size:
            break
        size = max(min_size, size * 0.96)
    lines = _cut(text, m, min_size, width, height, max_lines, line_height)
    return TextBlock(lines, min_size, False, line_height, [m.width(x, min_size) for x in lines])


def _fits(lines, size, height, max_lines, line_height, m) -> bool:
    if max_lines and len(lines) > max_lines:
        return False
    return _block_height(len(lines), size, line_height, m) <= height + 0.01


def _block_height(n: int, size: float, line_height: float, m: FontMetrics) -> float:
    return (m.ascent + m.descent) * size + (n - 1) * size * line_height


def _cut(text, m, size, width, height, max_lines, line_height) -> list[str]:
    room = 1
    while _block_height(room + 1, size, line_height, m) <= height:
        room += 1
    if max_lines:
        room = min(room, max_lines)
    lines: list[str] = []
    current = ""
    for word in _words(text):
        while m.width(word, size) > width and len(word) > 1:  # a word longer than the box
            word = word[:-1]
        candidate = f"{current} {word}" if current else word
        if m.width(candidate, size) <= width:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == room:
            break
    else:
        lines.append(current)
    lines = [line for line in lines if line][:room]
    last = lines[-1] if lines else ""
    while last and m.width(last + ELLIPSIS, size) > width:
        last = last[:-1].rstrip()
    if lines:
        lines[-1] = last + ELLIPSIS
    return lines


def first_baseline(
    block: TextBlock, family: str, weight: int, top: float, height: float, valign: str
) -> float:
    """The y of the first line's baseline for the block placed in a box (y grows downwards)."""
    m = metrics(family, weight)
    total = _block_height(len(block.lines), block.size, block.line_height, m)
    if valign == "middle":
        top += (height - total) / 2
    elif valign == "bottom":
        top += height - total
    return top + m.ascent * block.size
