"""Brand colors: parsing, WCAG contrast, the closest passing color, colors suggested by a logo."""

from __future__ import annotations

import colorsys
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
AA_TEXT = 4.5  # WCAG 2.x level AA, normal text


def parse_hex(value: str) -> str:
    """``#RRGGBB`` in lower case, or a clear ValidationError."""
    match = HEX.match((value or "").strip())
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a color: write it as # and six hexadecimal digits, like #1d4ed8.")
            % {"value": (value or "")[:40]},
            code="bad_color",
        )
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def to_rgb(value: str) -> tuple[int, int, int]:
    value = parse_hex(value)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(value: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = to_rgb(value)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def closest_passing(color: str, background: str, minimum: float = AA_TEXT) -> str:
    """The color nearest to ``color`` (same hue and saturation, lightness moved as little as
    possible) whose contrast with ``background`` reaches ``minimum``. Black or white always
    pass 4.5:1 against one of them, so an answer always exists."""
    color = parse_hex(color)
    if contrast_ratio(color, background) >= minimum:
        return color
    r, g, b = (c / 255 for c in to_rgb(color))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    best = None
    for step in range(1, 101):
        for candidate_l in (lightness - step / 100, lightness + step / 100):
            if not 0 <= candidate_l <= 1:
                continue
            rgb = colorsys.hls_to_rgb(h, candidate_l, s)
            candidate = to_hex(tuple(c * 255 for c in rgb))
            if contrast_ratio(candidate, background) >= minimum:
                best = candidate
                break
        if best:
            return best
    return "#000000" if contrast_ratio("#000000", background) >= minimum else "#ffffff"


def suggest_from_image(image, count: int = 3) -> list[str]:
    """Dominant colors of a logo (Pillow image), most frequent first, ignoring transparent,
    near-white and near-black pixels (the usual logo background and outline)."""
    from PIL import Image

    rgba = image.convert("RGBA")
    rgba.thumbnail((128, 128))
    flat = getattr(rgba, "get_flattened_data", None) or rgba.getdata  # Pillow 12+ / older
    pixels = [p[:3] for p in flat() if p[3] > 128 and not (min(p[:3]) > 235 or max(p[:3]) < 20)]
    if not pixels:
        return []
    strip = Image.new("RGB", (len(pixels), 1))
    strip.putdata(pixels)
    quantized = strip.quantize(colors=max(count * 2, 4), method=Image.Quantize.MEDIANCUT)
    palette = quantized.getpalette() or []
    ranked = sorted(quantized.getcolors() or [], reverse=True)
    found: list[str] = []
    for _count, index in ranked:
        rgb = tuple(palette[index * 3 : index * 3 + 3])
        candidate = to_hex(rgb)
        if all(_distance(candidate, other) > 60 for other in found):
            found.append(candidate)
        if len(found) == count:
            break
    return found


def _distance(a: str, b: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(to_rgb(a), to_rgb(b), strict=True)) ** 0.5
