"""Receipt pages: the workspace list (filters, PDF downloads, CSV export of a year, annual
summaries, cancellation) and the donor's signed download link (no login)."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.core.audit import audit_record
from turnout.core.spreadsheet import safe_cell
from turnout.organizations.mixins import WorkspaceMixin
from turnout.people.models import AccessLog
from turnout.people.services import access_log_record

from . import (
    policies_receipts,  # noqa: F401  (registers the permissions)
    receipts_pdf,
)
from .forms_receipts import ReceiptCancelForm, ReceiptExportForm, ReceiptFilterForm
from .models import Receipt
from .selectors_receipts import receipt_get, receipt_list
from .services.receipts import ReceiptError, receipt_cancel, receipt_from_token, receipts_annual


def _pdf_response(receipt: Receipt) -> FileResponse:
    if receipt.file:
        handle = receipt.file.open("rb")
    else:  # the file is lost: drawn again from what the receipt says
        language = receipt.data.get("language") or translation.get_language()
        with translation.override(language):
            handle = ContentFile(receipts_pdf.receipt_pdf(receipt))
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=receipts_pdf.filename(receipt),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _receipt_or_404(organization, receipt_id: int) -> Receipt:
    try:
        return receipt_get(organization=organization, receipt_id=receipt_id)
    except Receipt.DoesNotExist as exc:
        raise Http404 from exc


class ReceiptListView(WorkspaceMixin, TemplateView):
    template_name = "donations/receipts/list.html"
    permission_required = "donations.view_receipts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ReceiptFilterForm(self.request.GET or None)
        year, kind = None, ""
        if form.is_valid():
            year, kind = form.cleaned_data["year"], form.cleaned_data["kind"]
        receipts = receipt_list(organization=self.organization, year=year, kind=kind)
        page = Paginator(receipts, 50).get_page(self.request.GET.get("page"))
        for receipt in page.object_list:
            receipt.amount_display = receipts_pdf.amount_text(
                receipt.amount_cents, receipt.currency
            )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=page,
            query=query.urlencode(),
            export_form=ReceiptExportForm(initial={"year": year or timezone.localdate().year}),
            annual_year=timezone.localdate().year - 1,
            can_export=self.can("donations.export_receipts"),
            can_cancel=self.can("donations.cancel_receipt"),
        )
        return context


class ReceiptDownloadView(WorkspaceMixin, View):
    permission_required = "donations.view_receipts"

    def get(self, request, *args, receipt_id: int, **kwargs):
        receipt = _receipt_or_404(self.organization, receipt_id)
        access_log_record(
            organization=self.organization,
            user=request.user,
            action=AccessLog.Action.VIEW,
            person=receipt.person,
            description=f"receipt {receipt.reference}",
        )
        return _pdf_response(receipt)


CSV_COLUMNS = [
    ("number", "reference"),
    ("kind", "kind"),
    ("issued_on", "issued_on"),
    ("donation_date", "paid_on"),
    ("family_name", "family_name"),
    ("given_name", "given_name"),
    ("address", "lines"),
    ("postal_code", "postal_code"),
    ("locality", "locality"),
    ("country", "country"),
    ("amount", "amount"),
    ("currency", "currency"),
    ("method", "method"),
    ("cancels", "cancels"),
    ("cancelled_by", "cancelled_by"),
]


def _csv_row(receipt: Receipt) -> list[str]:
    data = receipt.data
    donor = data.get("donor", {})
    address = donor.get("address", {})
    cancelled_by = getattr(receipt, "cancelled_by", None)
    return [
        receipt.reference,
        receipt.kind,
        timezone.localdate(receipt.issued_at).isoformat(),
        data.get("paid_on", ""),
        safe_cell(donor.get("family_name", "")),
        safe_cell(donor.get("given_name", "")),
        safe_cell(" ".join(str(address.get("lines", "")).split())),
        safe_cell(address.get("postal_code", "")),
        safe_cell(address.get("locality", "")),
        safe_cell(address.get("country", "")),
        f"{receipt.amount_cents / 100:.2f}",
        receipt.currency,
        data.get("method", ""),
        data.get("cancels", ""),
        cancelled_by.reference if cancelled_by else "",
    ]


class ReceiptExportView(WorkspaceMixin, View):
    permission_required = "donations.export_receipts"

    def get(self, request, *args, **kwargs):
        form = ReceiptExportForm(request.GET)
        if not form.is_valid():
            messages.error(request, _("Choose a year between 2000 and 2100 to export."))
            return redirect(_list_url(self.organization, request.GET))
        year = form.cleaned_data["year"]
        receipts = list(receipt_list(organization=self.organization, year=year).order_by("number"))
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([name for name, _key in CSV_COLUMNS])
        for receipt in receipts:
            writer.writerow(_csv_row(receipt))
        access_log_record(
            organization=self.organization,
            user=request.user,
            action=AccessLog.Action.EXPORT,
            description=f"receipts {year} csv",
            record_count=len(receipts),
        )
        audit_record(
            organization=self.organization,
            actor=request.user,
            action="donations.receipts_exported",
            data={"year": year, "rows": len(receipts)},
        )
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="receipts-{self.organization.slug}-{year}.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


def _list_url(organization, query=None) -> str:
    url = reverse("donations:receipt_list", kwargs={"org_slug": organization.slug})
    return url + (f"?{query.urlencode()}" if query else "")


class ReceiptAnnualView(WorkspaceMixin, View):
    permission_required = "donations.export_receipts"

    def post(self, request, *args, **kwargs):
        form = ReceiptExportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a year between 2000 and 2100."))
            return redirect(_list_url(self.organization))
        year = form.cleaned_data["year"]
        try:
            created = receipts_annual(organization=self.organization, year=year, actor=request.user)
        except ReceiptError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(count)s annual summaries issued for %(year)s.")
                % {"count": len(created), "year": year},
            )
        return redirect(_list_url(self.organization))


class ReceiptCancelView(WorkspaceMixin, TemplateView):
    template_name = "donations/receipts/cancel.html"
    permission_required = "donations.cancel_receipt"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["receipt"] = self.receipt
        context.setdefault("form", ReceiptCancelForm())
        return context

    def get(self, request, *args, receipt_id: int, **kwargs):
        self.receipt = _receipt_or_404(self.organization, receipt_id)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, receipt_id: int, **kwargs):
        self.receipt = _receipt_or_404(self.organization, receipt_id)
        form = ReceiptCancelForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            credit = receipt_cancel(
                receipt=self.receipt, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ReceiptError as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("Receipt %(receipt)s is cancelled by credit note %(credit)s.")
            % {"receipt": self.receipt.reference, "credit": credit.reference},
        )
        return redirect(_list_url(self.organization))


def receipt_public(request, token: str):
    """The donor's download, from the signed link of the receipt email (no login): the token
    names the receipt and its organization."""
    receipt = receipt_from_token(token)
    if receipt is None:
        raise Http404
    return _pdf_response(receipt)
