"""The PDF of a receipt, drawn with reportlab from the receipt's ``data`` snapshot in the
active language (the caller chooses the donor's). Fonts and fallbacks as the petition PDF
(turnout/actions/pdf.py): accented names print everywhere."""

from __future__ import annotations

import datetime
import io

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from turnout.actions.pdf import BOLD, FONT, _styles, markup
from turnout.core.money import money_text

from .models import Donation, ProfileKind, Receipt


def amount_text(cents: int, currency: str = "EUR") -> str:
    return money_text(cents, currency, always_decimals=True)


def _date_text(iso: str) -> str:
    if not iso:
        return ""
    try:
        return formats.date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")
    except ValueError:
        return iso


def method_text(method: str) -> str:
    try:
        return str(Donation.Method(method).label)
    except ValueError:
        return method


def filename(receipt: Receipt) -> str:
    return _("receipt-%(reference)s.pdf") % {"reference": receipt.reference}


def title_for(receipt: Receipt) -> str:
    titles = {
        Receipt.Kind.TAX: _("Tax receipt for a donation"),
        Receipt.Kind.PARTY: _("Receipt for a donation to a political party or campaign"),
        Receipt.Kind.ANNUAL: _("Annual summary of your donations"),
        Receipt.Kind.CREDIT_NOTE: _("Credit note"),
        Receipt.Kind.PLAIN: _("Donation receipt"),
    }
    return titles.get(receipt.kind, _("Donation receipt"))


def _address_lines(address: dict) -> list[str]:
    lines = [line for line in str(address.get("lines", "")).splitlines() if line.strip()]
    place = " ".join(p for p in (address.get("postal_code", ""), address.get("locality", "")) if p)
    if place:
        lines.append(place)
    if address.get("country"):
        lines.append(address["country"])
    return lines


def _p(text: str, style, font: str = FONT) -> Paragraph:
    return Paragraph(markup(text, font).replace("\n", "<br/>"), style)


def receipt_lines(receipt: Receipt) -> list[tuple[str, str]]:
    """The labelled facts the receipt states (also what a test or a reader checks)."""
    data = receipt.data
    issuer, donor = data.get("issuer", {}), data.get("donor", {})
    name = " ".join(p for p in (donor.get("given_name"), donor.get("family_name")) if p)
    rows = [
        (_("Receipt number"), receipt.reference),
        (_("Issued on"), formats.date_format(receipt.issued_at.date(), "DATE_FORMAT")),
        (_("Donor"), name or _("(no name given)")),
        (_("Donor's address"), "\n".join(_address_lines(donor.get("address", {}))) or "—"),
        (
            _("Amount"),
            amount_text(data.get("amount_cents", receipt.amount_cents), receipt.currency),
        ),
    ]
    if data.get("paid_on"):
        rows.append((_("Date of the donation"), _date_text(data["paid_on"])))
    if data.get("method"):
        rows.append((_("Payment method"), method_text(data["method"])))
    if data.get("covers_year"):
        rows.append((_("Year"), str(data["covers_year"])))
    if data.get("cancels"):
        label = _("Reduces receipt") if data.get("partial") else _("Cancels receipt")
        rows.append((label, data["cancels"]))
        if data.get("reason"):
            rows.append((_("Reason"), data["reason"]))
    profile = issuer.get("profile")
    if profile in (ProfileKind.FR_PARTY, ProfileKind.FR_CANDIDATE):
        beneficiary = (
            _("Financial agent")
            if profile == ProfileKind.FR_CANDIDATE
            else _("Treasurer or financing association")
        )
        rows.append((beneficiary, issuer.get("treasurer") or "—"))
        if issuer.get("election"):
            rows.append((_("Election"), issuer["election"]))
    return rows


def receipt_pdf(receipt: Receipt) -> bytes:
    styles = _styles()
    data = receipt.data
    issuer = data.get("issuer", {})
    buffer = io.BytesIO()
    title = title_for(receipt)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{title} {receipt.reference}",
        author=issuer.get("name", ""),
        creator="Turnout",
    )
    story: list = [_p(issuer.get("name", ""), styles["heading"], BOLD)]
    for line in str(issuer.get("address", "")).splitlines():
        if line.strip():
            story.append(_p(line.strip(), styles["muted"]))
    if issuer.get("registration"):
        story.append(
            _p(_("Registration: %(number)s") % {"number": issuer["registration"]}, styles["muted"])
        )
    story += [Spacer(1, 8 * mm), _p(title, styles["title"], BOLD), Spacer(1, 6 * mm)]
    rows = [
        [_p(label, styles["cell"], BOLD), _p(value, styles["cell"])]
        for label, value in receipt_lines(receipt)
    ]
    story.append(
        Table(
            rows,
            colWidths=[doc.width * 0.35, doc.width * 0.65],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
                ]
            ),
        )
    )
    payments = data.get("payments") or []
    if payments:
        story += [Spacer(1, 6 * mm), _p(_("Payments of the year"), styles["heading"], BOLD)]
        table = [[_("Date"), _("Amount"), _("Payment method")]] + [
            [
                _date_text(p.get("paid_on", "")),
                amount_text(p.get("amount_cents", 0), receipt.currency),
                method_text(p.get("method", "")),
            ]
            for p in payments
        ]
        story.append(
            Table(
                table,
                colWidths=[doc.width * 0.4, doc.width * 0.3, doc.width * 0.3],
                repeatRows=1,
                style=TableStyle(
                    [
                        ("FONT", (0, 0), (-1, 0), BOLD, 9),
                        ("FONT", (0, 1), (-1, -1), FONT, 9),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                    ]
                ),
            )
        )
    story.append(Spacer(1, 8 * mm))
    for text in statements(receipt):
        story.append(_p(text, styles["body"]))
        story.append(Spacer(1, 2 * mm))
    doc.build(story)
    return buffer.getvalue()


def statements(receipt: Receipt) -> list[str]:
    """The sentences under the facts: the tax reduction, the legal mentions, the
    cancellation."""
    data = receipt.data
    issuer = data.get("issuer", {})
    texts = []
    if receipt.kind == Receipt.Kind.CREDIT_NOTE and data.get("partial"):
        texts.append(
            _(
                "Part of the donation was refunded: this credit note takes %(credited)s off "
                "receipt %(reference)s, which remains valid for %(remaining)s."
            )
            % {
                "credited": amount_text(-receipt.amount_cents, receipt.currency),
                "reference": data.get("cancels", ""),
                "remaining": amount_text(data.get("remaining_cents", 0), receipt.currency),
            }
        )
        return texts
    if receipt.kind == Receipt.Kind.CREDIT_NOTE:
        texts.append(
            _(
                "This credit note cancels receipt %(reference)s. That receipt can no longer be "
                "used for a tax return."
            )
            % {"reference": data.get("cancels", "")}
        )
        return texts
    if data.get("tax_reduction_percent"):
        texts.append(
            _(
                "This donation entitles you to an income-tax reduction of %(percent)s %% of its "
                "amount, i.e. %(reduction)s (within the limit of 20 %% of your taxable income, "
                "article 200 of the French General Tax Code)."
            )
            % {
                "percent": data["tax_reduction_percent"],
                "reduction": amount_text(data.get("tax_reduction_cents", 0), receipt.currency),
            }
        )
    profile = issuer.get("profile")
    if profile in (ProfileKind.FR_PARTY, ProfileKind.FR_CANDIDATE):
        texts.append(
            _(
                "The donor certifies being a natural person and paying from their own funds. "
                "This receipt is declared to the French campaign-finance authority (CNCCFP)."
            )
        )
    if issuer.get("treasurer") and profile != ProfileKind.FR_CANDIDATE:
        texts.append(_("Signed by %(name)s") % {"name": issuer["treasurer"]})
    elif issuer.get("treasurer"):
        texts.append(_("Signed by the financial agent, %(name)s") % {"name": issuer["treasurer"]})
    return texts
