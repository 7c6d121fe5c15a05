"""Golden images: renders compared with committed reference PNGs, with a small tolerance.

References are small (the render scaled to fit 270 pixels) to keep the repository light.
Regenerate them after an intended visual change with ``TURNOUT_GOLDEN_UPDATE=1`` and look at
them before committing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

GOLDEN_DIR = Path(__file__).parent / "golden"
SIZE = 270
TOLERANCE = 1.5  # mean absolute difference per channel, on 0-255


def thumbnail(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail((SIZE, SIZE), Image.Resampling.LANCZOS)
    return image


def difference(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return 255.0
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def check(name: str, png: bytes) -> float:
    """The difference to the reference (0 = identical); writes it when asked to."""
    image = thumbnail(png)
    path = GOLDEN_DIR / f"{name}.png"
    if os.environ.get("TURNOUT_GOLDEN_UPDATE") == "1":
        GOLDEN_DIR.mkdir(exist_ok=True)
        image.save(path, format="PNG", optimize=True)
        return 0.0
    if not path.exists():
        raise AssertionError(f"No reference {path.name}: run with TURNOUT_GOLDEN_UPDATE=1")
    with Image.open(path) as reference:
        return difference(image, reference.convert("RGB"))
