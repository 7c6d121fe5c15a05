"""The impact report of a campaign as a PDF (reportlab, fonts as in turnout/actions/pdf.py):
key figures, then each chart as a simple bar drawing followed by its table."""

from __future__ import annotations

import io

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from turnout.actions.pdf import BOLD, FONT, fonts, markup

BRAND = colors.HexColor("#1d4ed8")
MUTED = colors.HexColor("#555555")


def _n(value) -> str:
    return formats.number_format(value, force_grouping=True)


def _styles() -> dict:
    fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=20, leading=25),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=BOLD,
            fontSize=13,
            leading=18,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED, fontSize=9),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11),
    }


def _table(header: list[str], rows: list[list], widths=None) -> Table:
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, 0), BOLD, 9),
            ("FONT", (0, 1), (-1, -1), FONT, 9),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    styles = _styles()
    data = [[Paragraph(markup(str(h), BOLD), styles["cell"]) for h in header]]
    for row in rows:
        data.append([Paragraph(markup(str(row[0])), styles["cell"]), *[str(c) for c in row[1:]]])
    return Table(data, colWidths=widths, repeatRows=1, style=style, hAlign="LEFT")


def _bars(values: list[int], labels: list[str], width: float, height: float = 45 * mm):
    """Columns, one per value, with a few labels under them."""
    drawing = Drawing(width, height)
    peak = max(values, default=0)
    if not values:
        return drawing
    plot = height - 12
    slot = width / len(values)
    for index, n in enumerate(values):
        tall = max(plot * n / peak, 0.5) if n and peak else 0
        drawing.add(
            Rect(index * slot + slot * 0.1, 12, slot * 0.8, tall, fillColor=BRAND, strokeColor=None)
        )
    step = max(1, round(len(values) / 6))
    for index in range(0, len(values), step):
        drawing.add(
            String(
                index * slot + slot / 2,
                2,
                labels[index],
                fontName=FONT,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    return drawing


def impact_pdf(*, campaign, data: dict, organization_name: str, made_on) -> bytes:
    """The impact report: ``data`` is ``dashboard.impact(campaign=...)``."""
    styles = _styles()
    buffer = io.BytesIO()
    title = campaign.name_text()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=organization_name,
        creator="Turnout",
    )
    reach = data["reach"]
    story: list = [
        Paragraph(markup(title, BOLD), styles["title"]),
        Paragraph(
            markup(
                _("Impact report by %(organization)s, %(date)s")
                % {"organization": organization_name, "date": formats.date_format(made_on)}
            ),
            styles["muted"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(markup(_("Key figures"), BOLD), styles["heading"]),
        _table(
            [_("Figure"), _("Value")],
            [
                [_("Approved organizations"), _n(data["organizations"])],
                [_("Confirmed pledges"), _n(reach.pledges)],
                [_("Quests completed"), _n(data["quests_done"])],
                [_("Points earned"), _n(data["points"])],
                [_("People reached, measured floor"), _n(reach.floor)],
                [_("People reached, with declared figures (ceiling)"), _n(reach.ceiling)],
            ],
            widths=[110 * mm, 50 * mm],
        ),
    ]
    for heading, chart in (
        (_("Organizations joined per week"), data["joined"]),
        (_("Confirmed pledges per week"), data["pledges"]),
    ):
        rows = chart["rows"]
        story.append(
            KeepTogether(
                [
                    Paragraph(markup(heading, BOLD), styles["heading"]),
                    _bars(
                        [r["n"] for r in rows],
                        [formats.date_format(r["week"], "d/m/y") for r in rows],
                        doc.width,
                    ),
                ]
            )
        )
        story.append(
            _table(
                [_("Week of"), _("Count"), _("Running total")],
                [
                    [formats.date_format(r["week"]), _n(r["n"]), _n(r["cumulative"])]
                    for r in rows
                    if r["n"]
                ],
                widths=[70 * mm, 40 * mm, 50 * mm],
            )
        )
    for heading, chart in (
        (_("Organizations by sector"), data["by_sector"]),
        (_("Organizations by country"), data["by_country"]),
        (_("Organizations by size"), data["by_size"]),
        (_("Quests completed per tier"), data["tiers_chart"]),
        (_("Measured reach"), data["measured_chart"]),
        (_("Declared reach (stated by the organizations)"), data["declared_chart"]),
    ):
        story.append(Paragraph(markup(heading, BOLD), styles["heading"]))
        rows = [[r["label"], _n(r["n"])] for r in chart["rows"]]
        if rows:
            story.append(_table([_("Category"), _("Count")], rows, widths=[110 * mm, 50 * mm]))
        else:
            story.append(Paragraph(markup(_("Nothing yet.")), styles["muted"]))
    story.append(Paragraph(markup(_("Top organizations by points"), BOLD), styles["heading"]))
    story.append(
        _table(
            [_("Organization"), _("Points"), _("Quests done"), _("Pledges")],
            [[r.name, _n(r.points), _n(r.quests_done), _n(r.pledges)] for r in data["top_points"]],
            widths=[85 * mm, 25 * mm, 25 * mm, 25 * mm],
        )
    )
    story.append(Paragraph(markup(_("Top organizations by pledges"), BOLD), styles["heading"]))
    story.append(
        _table(
            [_("Organization"), _("Pledges"), _("Clicks"), _("Points")],
            [[r.name, _n(r.pledges), _n(r.clicks), _n(r.points)] for r in data["top_pledges"]],
            widths=[85 * mm, 25 * mm, 25 * mm, 25 * mm],
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            markup(
                _(
                    "Only approved organizations count. Measured figures come from the platform "
                    "(tracked-link clicks, page views, confirmed pledges); declared figures are "
                    "stated by the organizations with their method and are not verified."
                )
            ),
            styles["muted"],
        )
    )
    doc.build(story)
    return buffer.getvalue()
