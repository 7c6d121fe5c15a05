"""The accounting export: every donation paid in a period, one line each, as CSV or XLSX, made
by a background job with a progress bar and logged as an export of personal data (access log
and audit log). Read in batches in the order paid (keyset on paid_at, id), so that memory
stays flat whatever the number of donations.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from decimal import Decimal

from django.core.files import File
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.jobs import job_create, job_handler
from turnout.core.spreadsheet import safe_cell
from turnout.people.models import AccessLog, EmailAddress
from turnout.people.services import access_log_record

from .models import Donation, FundraisingPage, Receipt
from .selectors_analytics import PAID, Period

EXPORT_JOB = "donations_export"
BATCH = 2000
COLUMNS = [
    "paid_on",
    "reference",
    "donor",
    "email",
    "amount",
    "refunded",
    "net",
    "currency",
    "method",
    "provider",
    "provider_reference",
    "page",
    "monthly",
    "receipts",
    "status",
]


def donation_reference(donation_id: int) -> str:
    """The donation's reference, as the list, its page and the export show it."""
    return f"DON-{donation_id:06d}"


def _amount(cents: int, spreadsheet: bool):
    value = Decimal(cents) / 100
    return value if spreadsheet else f"{value:.2f}"


def export_queryset(*, organization, period: Period):
    """Donations paid in the period, any currency (refunded in full included)."""
    return Donation.objects.for_organization(organization).filter(
        status__in=PAID, paid_at__gte=period.start, paid_at__lt=period.end
    )


LINE = (
    "pk",
    "paid_at",
    "person_id",
    "person__given_name",
    "person__family_name",
    "person__erased_at",
    "amount_cents",
    "refunded_cents",
    "currency",
    "method",
    "provider",
    "provider_id",
    "page_id",
    "subscription_id",
    "status",
)


def donor_name(given: str, family: str, erased) -> str:
    """The donor's name as ``Person.__str__`` gives it, from the values of a line."""
    if erased:
        return str(_("Erased person"))
    return f"{given} {family}".strip() or str(_("Unnamed person"))


def _batches(donations, progress):
    """Lines (value tuples) of the donations in the order paid, a batch at a time, with the
    donors' first email addresses and the receipt references of the batch."""
    after = None
    while True:
        batch = donations
        if after is not None:
            paid_at, pk = after
            batch = batch.filter(Q(paid_at__gt=paid_at) | Q(paid_at=paid_at, pk__gt=pk))
        lines = list(batch.order_by("paid_at", "pk").values_list(*LINE)[:BATCH])
        if not lines:
            return
        emails: dict[int, str] = {}
        for person_id, address in (
            EmailAddress.objects.filter(person_id__in={line[2] for line in lines})
            .order_by("person_id", "-primary", "id")
            .values_list("person_id", "address")
        ):
            emails.setdefault(person_id, address)
        receipts: dict[int, list[str]] = {}
        for donation_id, year, number in (
            Receipt.objects.filter(donation_id__in=[line[0] for line in lines])
            .order_by("year", "number")
            .values_list("donation_id", "year", "number")
        ):
            receipts.setdefault(donation_id, []).append(f"{year}-{number:06d}")
        yield lines, emails, receipts
        after = (lines[-1][1], lines[-1][0])
        progress.advance(len(lines))


def export_rows(donations, progress, *, organization, spreadsheet: bool = False):
    """One list of cells per donation (text cells neutralised against formulas)."""
    pages = {
        page.pk: safe_cell(page.title_text())
        for page in FundraisingPage.objects.for_organization(organization)
    }
    for lines, emails, receipts in _batches(donations, progress):
        for line in lines:
            (pk, paid_at, person_id, given, family, erased, amount, refunded, currency, method,
             provider, provider_id, page_id, subscription_id, status) = line  # fmt: skip
            paid_on = timezone.localdate(paid_at)
            yield [
                paid_on if spreadsheet else paid_on.isoformat(),
                donation_reference(pk),
                safe_cell(donor_name(given, family, erased)),
                "" if erased else safe_cell(emails.get(person_id, "")),
                _amount(amount, spreadsheet),
                _amount(refunded, spreadsheet),
                _amount(amount - refunded, spreadsheet),
                currency,
                method,
                provider,
                safe_cell(provider_id),
                pages.get(page_id, ""),
                "yes" if subscription_id else "no",
                " ".join(receipts.get(pk, ())),
                status,
            ]


class _Sheet:
    """Rows written to a temporary file as CSV (UTF-8 with a BOM, for spreadsheets) or as a
    streamed XLSX workbook."""

    def __init__(self, handle, fmt: str):
        self.handle, self.fmt = handle, fmt
        if fmt == "xlsx":
            from openpyxl import Workbook

            self.book = Workbook(write_only=True)
            self.sheet = self.book.create_sheet(_("Donations"))
            self.append = self.sheet.append
        else:
            self.text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            self.append = csv.writer(self.text).writerow

    def close(self) -> None:
        if self.fmt == "xlsx":
            self.book.save(self.handle)
        else:
            self.text.flush()
            self.text.detach()
        self.handle.seek(0)


def _period(job) -> Period:
    return Period(
        datetime.date.fromisoformat(job.params["first"]),
        datetime.date.fromisoformat(job.params["last"]),
    )


@job_handler(EXPORT_JOB)
def donations_export(job, progress):
    organization, creator = job.organization, job.created_by
    period = _period(job)
    fmt = "xlsx" if job.params.get("format") == "xlsx" else "csv"
    donations = export_queryset(organization=organization, period=period)
    progress.set_total(donations.count())
    with tempfile.TemporaryFile(mode="w+b") as handle:
        sheet = _Sheet(handle, fmt)
        sheet.append(COLUMNS)
        rows = export_rows(
            donations, progress, organization=organization, spreadsheet=fmt == "xlsx"
        )
        for row in rows:
            sheet.append(row)
        sheet.close()
        name = f"donations-{organization.slug}-{period.first}-{period.last}.{fmt}"
        job.result_file.save(name, File(handle), save=False)
    count = progress.job.done
    access_log_record(
        organization=organization,
        user=creator,
        action=AccessLog.Action.EXPORT,
        description=f"donations {period.first}..{period.last} {fmt} (accounting)",
        record_count=count,
    )
    audit_record(
        organization=organization,
        actor=creator,
        action="donations.exported",
        target=job,
        data={"rows": count, "format": fmt, "first": str(period.first), "last": str(period.last)},
    )
    url = reverse("donations:analytics", kwargs={"org_slug": organization.slug})
    return {"rows": count, "url": url}


def donations_export_start(*, organization, actor, period: Period, fmt: str):
    """Queue the accounting export of the period; returns the job to follow."""
    return job_create(
        organization=organization,
        kind=EXPORT_JOB,
        title=_("Donations from %(first)s to %(last)s (%(format)s)")
        % {"first": period.first.isoformat(), "last": period.last.isoformat(), "format": fmt},
        params={"first": period.first.isoformat(), "last": period.last.isoformat(), "format": fmt},
        user=actor,
    )
