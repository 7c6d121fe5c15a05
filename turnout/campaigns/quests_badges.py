# ruff: noqa: E501  (the SVG drawings are kept on one line each)
"""The built-in badge icons of quests: small inline SVG drawings (24×24 grid, one colour).

``Quest.badge`` holds one of the keys; an unknown key (an older value) shows as the star.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# key: (label, SVG drawing inside a 24×24 viewBox, stroked with currentColor)
BADGES: dict[str, tuple] = {
    "star": (_("Star"), '<path d="M12 2.5l2.9 6 6.6.9-4.8 4.6 1.2 6.5L12 17.4 6.1 20.5l1.2-6.5L2.5 9.4l6.6-.9z"/>'),
    "palette": (_("Palette"), '<path d="M12 3a9 9 0 1 0 0 18c1.4 0 2-1 2-2 0-1.5-1.2-1.8-1.2-3 0-1.1.9-2 2-2H17a4 4 0 0 0 4-4c0-3.9-4-7-9-7z"/><circle cx="7.5" cy="11" r="1.3"/><circle cx="10" cy="7" r="1.3"/><circle cx="15" cy="7.5" r="1.3"/>'),
    "megaphone": (_("Megaphone"), '<path d="M3 10v4h3l9 5V5L6 10z"/><path d="M18 9.5a3.5 3.5 0 0 1 0 5"/><path d="M7 14l1.5 5h2.5l-1.3-5"/>'),
    "people": (_("People"), '<circle cx="8.5" cy="8" r="3"/><circle cx="16.5" cy="9" r="2.5"/><path d="M3 19c.5-3.5 2.8-5.5 5.5-5.5S13.5 15.5 14 19z"/><path d="M14.5 14c2.6-.6 5.5.8 6.5 5h-5"/>'),
    "building": (_("Building"), '<path d="M5 21V4h9v17"/><path d="M14 9h5v12"/><path d="M3 21h18"/><path d="M8 7.5h3M8 11h3M8 14.5h3M16.5 12.5v0M16.5 16v0"/>'),
    "flag": (_("Flag"), '<path d="M5 21V3"/><path d="M5 4h12l-2.5 4L17 12H5"/>'),
    "trophy": (_("Trophy"), '<path d="M7 4h10v5a5 5 0 0 1-10 0z"/><path d="M7 6H4a3 3 0 0 0 3 4M17 6h3a3 3 0 0 1-3 4"/><path d="M12 14v4M8 20h8"/>'),
    "heart": (_("Heart"), '<path d="M12 20s-8-4.9-8-10.4A4.6 4.6 0 0 1 12 7a4.6 4.6 0 0 1 8 2.6C20 15.1 12 20 12 20z"/>'),
}  # fmt: skip

BADGE_CHOICES = [(key, label) for key, (label, _drawing) in BADGES.items()]


def badge_drawing(key: str) -> str:
    return BADGES.get(key, BADGES["star"])[1]


def badge_label(key: str) -> str:
    return str(BADGES.get(key, BADGES["star"])[0])


def badge_svg(key: str, *, size: int = 24, title: str = "") -> str:
    """An inline SVG icon (safe HTML) drawn with the current text colour."""
    label = title or badge_label(key)
    return format_html(
        '<svg class="quest-badge" width="{}" height="{}" viewBox="0 0 24 24" role="img" '
        'aria-label="{}" fill="none" stroke="currentColor" stroke-width="1.6" '
        'stroke-linecap="round" stroke-linejoin="round"><title>{}</title>{}</svg>',
        size,
        size,
        label,
        label,
        mark_safe(badge_drawing(key)),  # noqa: S308 - constant drawings above
    )
