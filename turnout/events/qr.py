"""The attendee's QR code as inline SVG (the matrix from ``turnout.visuals.qr``): black on
white with the quiet zone scanners need, sharp at any size, no image file, no script."""

from __future__ import annotations

from django.utils.html import format_html

from turnout.visuals.qr import QUIET_ZONE, qr_matrix, svg_path


def qr_svg(data: str, *, label: str) -> str:
    matrix = qr_matrix(data)
    size = len(matrix) + 2 * QUIET_ZONE
    return format_html(
        '<svg class="qr" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" '
        'xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">'
        '<rect width="{size}" height="{size}" fill="#fff"/>'
        '<path d="{path}" fill="#000"/></svg>',
        size=size,
        label=label,
        path=svg_path(matrix, QUIET_ZONE, QUIET_ZONE, 1),
    )
