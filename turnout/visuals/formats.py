"""The formats every visual is rendered in: PNG for social networks, vector PDF for print."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Format:
    key: str
    label: object
    kind: str  # "png" or "pdf"
    width: float  # PNG: pixels; PDF: trim size in points
    height: float
    bleed: float = 0.0  # PDF only, points on each side
    marks: bool = False  # crop marks outside the bleed
    raster_dpi: int = 300  # PDF only: resolution of the embedded pictures at the printed size
    note: object = ""

    @property
    def aspect(self) -> float:
        return self.width / self.height

    @property
    def extension(self) -> str:
        return self.kind

    @property
    def content_type(self) -> str:
        return "image/png" if self.kind == "png" else "application/pdf"


def _mm(value: float) -> float:
    return value * MM


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("square", _("Square post (1080×1080)"), "png", 1080, 1080),
        Format("portrait", _("Portrait post (1080×1350)"), "png", 1080, 1350),
        Format("story", _("Story (1080×1920)"), "png", 1080, 1920),
        Format("linkedin", _("LinkedIn post (1200×627)"), "png", 1200, 627),
        Format("x", _("X post (1600×900)"), "png", 1600, 900),
        Format("banner", _("Profile banner (1500×500)"), "png", 1500, 500),
        Format("a4", _("A4 poster (PDF)"), "pdf", _mm(210), _mm(297), _mm(3), True),
        Format("a3", _("A3 poster (PDF)"), "pdf", _mm(297), _mm(420), _mm(3), True),
        Format("a2", _("A2 poster (PDF)"), "pdf", _mm(420), _mm(594), _mm(3), True),
        # 4×3 m billboards are printed from a file at 1:10 scale (400×300 mm) whose pictures
        # are 300 dpi at that size, i.e. 30 dpi on the billboard, seen from far away
        # (docs/decisions/0044-visual-renderer.md).
        Format(
            "billboard",
            _("4×3 m billboard (PDF, 1:10 scale)"),
            "pdf",
            _mm(400),
            _mm(300),
            _mm(3),
            True,
            note=_("Drawn at 1:10 scale (400×300 mm), as billboard printers ask."),
        ),
    )
}
SOCIAL = [f for f in FORMATS.values() if f.kind == "png"]
PRINT = [f for f in FORMATS.values() if f.kind == "pdf"]
