"""The delivery PDF of a petition, drawn with reportlab (docs/decisions/0039-reportlab.md).

Text is set in the Bitstream Vera fonts shipped inside reportlab, embedded in the file, so
accented names print the same everywhere. A character Vera lacks is taken from a fallback
font when one is installed (DejaVu or Noto by default, ``TURNOUT_PDF_FALLBACK_FONTS`` to
choose), else written without its accent, else as "?": the document is always produced, and
the CSV made alongside keeps every name exactly.
"""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

import reportlab
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "TurnoutVera"
BOLD = "TurnoutVera-Bold"
DEFAULT_FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSans-Regular.ttf",
)
TABLE_CHUNK = 500  # rows per table: long lists break across pages without a huge flowable
PLAIN_CELL_MAX = 48  # longer text goes in a wrapping paragraph


@dataclass(frozen=True)
class Fonts:
    names: tuple[str, ...]  # registered names, Vera first
    coverage: tuple[frozenset, ...]  # code points each font draws


def _register(name: str, path: str) -> frozenset | None:
    try:
        font = TTFont(name, path)
    except Exception:  # a missing or unreadable font is simply not used
        return None
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


@cache
def fonts() -> Fonts:
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    names, coverage = [FONT], [_register(FONT, os.path.join(folder, "Vera.ttf"))]
    _register(BOLD, os.path.join(folder, "VeraBd.ttf"))
    paths = getattr(settings, "TURNOUT_PDF_FALLBACK_FONTS", DEFAULT_FALLBACK_FONTS)
    for index, path in enumerate(paths):
        if os.path.exists(path):
            name = f"TurnoutFallback{index}"
            covered = _register(name, path)
            if covered:
                names.append(name)
                coverage.append(covered)
    return Fonts(tuple(names), tuple(coverage))


def _without_accent(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base or "?"


def drawable(text: str) -> bool:
    """Whether Vera alone draws the whole text."""
    covered = fonts().coverage[0]
    return all(ord(c) in covered for c in text)


def markup(text: str, font: str = FONT) -> str:
    """Paragraph markup for ``text``: runs of Vera (or ``font``) and, for what it lacks, of
    the first fallback font that has the glyph; otherwise the letter without its accent, or
    "?"."""
    available = fonts()
    runs: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        face = None
        if code in available.coverage[0]:
            face = font
        else:
            for name, covered in zip(available.names[1:], available.coverage[1:], strict=True):
                if code in covered:
                    face = name
                    break
        if face is None:
            plain = _without_accent(char)
            char = plain if all(ord(c) in available.coverage[0] for c in plain) else "?"
            face = font
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + char)
        else:
            runs.append((face, char))
    return "".join(
        escape(chunk) if face == font else f'<font face="{face}">{escape(chunk)}</font>'
        for face, chunk in runs
    )


def _styles() -> dict[str, ParagraphStyle]:
    fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=20, leading=25),
        "heading": ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=13, leading=18),
        "big": ParagraphStyle("big", parent=base, fontName=BOLD, fontSize=16, leading=22),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11),
        "muted": ParagraphStyle("muted", parent=base, textColor=colors.HexColor("#555555")),
    }


class _NumberedCanvas(canvas.Canvas):
    """Writes "title — page n of N" at the foot of each page once N is known."""

    footer_title = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._turnout_pages: list[dict] = []

    def showPage(self):
        self._turnout_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._turnout_pages)
        for state in self._turnout_pages:
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#555555"))
            width, _height = self._pagesize
            self.drawString(20 * mm, 12 * mm, _ascii_safe(self.footer_title)[:90])
            self.drawRightString(
                width - 20 * mm,
                12 * mm,
                _("Page %(page)s of %(pages)s") % {"page": self._pageNumber, "pages": total},
            )
            super().showPage()
        super().save()


def _ascii_safe(text: str) -> str:
    """Footer text drawn straight on the canvas (no fallback runs): Vera's glyphs only."""
    covered = fonts().coverage[0]
    return "".join(
        c if ord(c) in covered else (_without_accent(c) if drawable(_without_accent(c)) else "?")
        for c in text
    )


def _paragraphs(text: str, style) -> list:
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [Paragraph(markup(b).replace("\n", "<br/>"), style) for b in blocks]


def _cell(text: str, styles):
    if drawable(text) and len(text) <= PLAIN_CELL_MAX:
        return text
    return Paragraph(markup(text), styles["cell"])


def delivery_pdf(
    *,
    title: str,
    text: str,
    targets: str,
    organization: str,
    total: int,
    counted_on: str,
    rows: list[tuple[str, str, str]],
    unnamed: int,
) -> bytes:
    """The PDF handed to a petition's targets: a cover (title, text, targets, number of
    signatures and date), then the signers who agreed to be named (name, place, date signed)
    and how many others signed without being named."""
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=organization,
        creator="Turnout",
    )
    story: list = [Paragraph(markup(title, BOLD), styles["title"]), Spacer(1, 6 * mm)]
    if targets:
        story.append(
            Paragraph(markup(_("To: %(targets)s") % {"targets": targets}), styles["heading"])
        )
        story.append(Spacer(1, 4 * mm))
    story += _paragraphs(text, styles["body"])
    story += [
        Spacer(1, 8 * mm),
        Paragraph(
            markup(
                ngettext("%(count)s signature", "%(count)s signatures", total)
                % {"count": f"{total:,}".replace(",", "\u202f")},
                BOLD,
            ),
            styles["big"],
        ),
        Paragraph(markup(_("Counted on %(date)s") % {"date": counted_on}), styles["body"]),
        Paragraph(markup(_("Carried by %(name)s") % {"name": organization}), styles["muted"]),
        PageBreak(),
        Paragraph(markup(_("Signers who agreed to be named"), BOLD), styles["heading"]),
        Spacer(1, 3 * mm),
    ]
    header = [_("Name"), _("Place"), _("Signed on")]
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, 0), BOLD, 9),
            ("FONT", (0, 1), (-1, -1), FONT, 9),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    widths = [doc.width * 0.48, doc.width * 0.34, doc.width * 0.18]
    for start in range(0, len(rows), TABLE_CHUNK):
        chunk = rows[start : start + TABLE_CHUNK]
        data = [header] + [[_cell(v, styles) for v in row] for row in chunk]
        story.append(Table(data, colWidths=widths, repeatRows=1, style=style))
    if not rows:
        story.append(Paragraph(markup(_("No signer asked to be named.")), styles["body"]))
    if unnamed:
        story += [
            Spacer(1, 4 * mm),
            Paragraph(
                markup(
                    ngettext(
                        "and %(count)s other signer who asked not to be named",
                        "and %(count)s other signers who asked not to be named",
                        unnamed,
                    )
                    % {"count": unnamed}
                ),
                styles["body"],
            ),
        ]
    numbered = type("DeliveryCanvas", (_NumberedCanvas,), {"footer_title": title})
    doc.build(story, canvasmaker=numbered)
    return buffer.getvalue()
