"""Upload checks: type from content (not the file name), size and pixel limits."""

from __future__ import annotations

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

RASTER_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}


def open_raster_image(
    uploaded, *, max_bytes: int | None = None, max_pixels: int | None = None
) -> Image.Image:
    """Return a fully decoded Pillow image, or raise ValidationError with a clear message."""
    max_bytes = max_bytes or settings.TURNOUT_LOGO_MAX_BYTES
    max_pixels = max_pixels or settings.TURNOUT_IMAGE_MAX_PIXELS
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(uploaded)
            fmt = image.format
            width, height = image.size
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        if isinstance(exc, Image.DecompressionBombError | Image.DecompressionBombWarning):
            raise ValidationError(
                _("This image has far too many pixels."), code="too_many_pixels"
            ) from exc
        raise ValidationError(
            _("This file is not an image we can read. Use a PNG, JPEG or WebP file."),
            code="not_an_image",
        ) from exc
    if fmt not in RASTER_FORMATS:
        raise ValidationError(
            _("Images must be PNG, JPEG or WebP (this file is %(format)s).") % {"format": fmt},
            code="format",
        )
    if width * height > max_pixels:
        raise ValidationError(
            _("This image is %(w)s×%(h)s pixels; the limit is %(mp)s megapixels.")
            % {"w": width, "h": height, "mp": max_pixels // 1_000_000},
            code="too_many_pixels",
        )
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("This image file is damaged or incomplete."), code="damaged"
        ) from exc
    return image
