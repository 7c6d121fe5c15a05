"""Workspace pages of donor analytics (organizers) and of the accounting export (admins).

The figures come from ``selectors_analytics`` (computed by the database); this module turns
them into what the page shows: amounts as people read them and the geometry of the charts
(inline SVG drawn by the templates, numbers in, coordinates out)."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from turnout.core.charts import columns, heat_level, stacked_columns, svg_number
from turnout.core.money import money_text
from turnout.organizations.mixins import WorkspaceMixin

from . import policies_analytics  # noqa: F401  (registers the permissions)
from . import selectors_analytics as figures
from .exports import donations_export_start
from .forms_analytics import AnalyticsForm, ExportForm, PeriodForm

WIDTH, HEIGHT, TOP, BOTTOM, SIDE = 640, 200, 16, 24, 24
MAX_LABELS = 12


def _average(total: int, count: int) -> int | None:
    """total / count in whole cents, halves rounded up (None without gifts)."""
    return (2 * total + count) // (2 * count) if count else None


def _money(cents, currency: str) -> str:
    return money_text(cents, currency) if cents is not None else "—"


def _ticks(labels: list) -> list[dict]:
    """Labels under the columns, at most MAX_LABELS of them (every n-th)."""
    slot = (WIDTH - 2 * SIDE) / max(len(labels), 1)
    step = -(-len(labels) // MAX_LABELS) if labels else 1
    return [
        {"x": svg_number(SIDE + i * slot + slot / 2), "label": labels[i]}
        for i in range(0, len(labels), step)
    ]


def _box() -> dict:
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": str(HEIGHT - BOTTOM),
        "label_y": str(HEIGHT - 7),
    }


def months_chart(rows: list[dict], currency: str) -> dict:
    """Gifts per month: one-off (bottom) and monthly (top) amounts stacked."""
    bars = stacked_columns(
        [[r["one_off"] for r in rows], [r["monthly"] for r in rows]],
        width=WIDTH, height=HEIGHT, top=TOP, bottom=BOTTOM, side=SIDE, gap=4,
    )  # fmt: skip
    for bar, row in zip(bars, rows, strict=True):
        bar["month"] = row["month"]
        row["one_off_text"] = money_text(row["one_off"], currency)
        row["monthly_text"] = money_text(row["monthly"], currency)
        row["total_text"] = money_text(row["one_off"] + row["monthly"], currency)
        row["gifts"] = row["one_off_n"] + row["monthly_n"]
        bar["row"] = row
    peak = max((bar["total"] for bar in bars), default=0)
    return {
        **_box(),
        "bars": bars,
        "rows": rows,
        "ticks": _ticks([row["month"] for row in rows]),
        "peak": money_text(peak, currency) if peak else "",
    }


def sizes_chart(counts: list[int]) -> dict:
    bars = columns(counts, width=WIDTH, height=HEIGHT, top=TOP, bottom=BOTTOM, side=SIDE, gap=16)
    total = sum(counts)
    for bar, (_low, _high, label) in zip(bars, figures.SIZES, strict=True):
        bar["label"] = label
        bar["percent"] = round(bar["n"] * 100 / total, 1) if total else 0
    return {**_box(), "bars": bars, "ticks": _ticks([label for _l, _h, label in figures.SIZES])}


def mrr_chart(rows: list[dict], currency: str) -> dict:
    bars = columns(
        [row["mrr"] for row in rows],
        width=WIDTH, height=HEIGHT, top=TOP, bottom=BOTTOM, side=SIDE, gap=6,
    )  # fmt: skip
    for bar, row in zip(bars, rows, strict=True):
        row["mrr_text"] = money_text(row["mrr"], currency)
        bar["row"] = row
    return {**_box(), "bars": bars, "ticks": _ticks([row["month"] for row in rows])}


def share_rows(rows: list[dict], label, currency: str) -> dict:
    """Rows of a "by source" or "by page" table: total, gifts, average, share of the
    period's total and a bar as long as the total relative to the largest one."""
    grand = sum(row["total"] for row in rows)
    peak = max((row["total"] for row in rows), default=0)
    out = [
        {
            "label": label(row),
            "total": money_text(row["total"], currency),
            "gifts": row["gifts"],
            "average": _money(_average(row["total"], row["gifts"]), currency),
            "share": round(row["total"] * 100 / grand, 1) if grand else 0,
            "bar": svg_number(row["total"] * 100 / peak) if peak else "0",
        }
        for row in rows
    ]
    gifts = sum(row["gifts"] for row in rows)
    return {
        "rows": out,
        "total": money_text(grand, currency),
        "gifts": gifts,
        "average": _money(_average(grand, gifts), currency),
    }


def _source_label(row) -> str:
    return row["source"] or _("direct")


def _page_label(row) -> str:
    return str(row["page"]) if row["page"] else _("No page (entered by hand)")


def analytics_report(*, organization, currency: str, period: figures.Period, now=None) -> dict:
    """Everything the analytics page shows for one currency and period."""
    scope = {"organization": organization, "currency": currency, "period": period}
    summary = figures.gift_summary(**scope)
    gifts = summary["gifts"]
    median = figures.gift_median(**scope, count=gifts)
    now = now or timezone.now()
    monthly_scope = {"organization": organization, "currency": currency, "now": now}
    groups = figures.subscription_groups(**monthly_scope)
    monthly = figures.monthly_figures(**monthly_scope, groups=groups)
    cohort_rows = figures.cohorts(**monthly_scope, groups=groups)
    for row in cohort_rows:
        for cell in row["cells"]:
            cell["level"] = heat_level(cell["percent"])
    return {
        "gifts": gifts,
        "donors": summary["donors"],
        "monthly_gifts": summary["monthly_gifts"],
        "one_off_gifts": gifts - summary["monthly_gifts"],
        "raised": money_text(summary["raised"], currency),
        "gross": money_text(summary["gross"], currency),
        "refunded": money_text(summary["refunded"], currency) if summary["refunded"] else "",
        "average": _money(_average(summary["raised"], gifts), currency),
        "median": _money(int(median + 0.5) if median is not None else None, currency),
        "months": months_chart(figures.gifts_by_month(**scope), currency),
        "sizes": sizes_chart(summary["sizes"]),
        "mrr": money_text(monthly.mrr, currency),
        "active_monthly": monthly.active,
        "mrr_chart": mrr_chart(monthly.months, currency),
        "churn_rows": monthly.months,
        "has_monthly": any(row["end"] or row["lost"] for row in monthly.months)
        or bool(cohort_rows),
        "cohorts": cohort_rows,
        "cohort_after": figures.COHORT_AFTER,
        "sources": share_rows(figures.gifts_by_source(**scope), _source_label, currency),
        "pages": share_rows(figures.gifts_by_page(**scope), _page_label, currency),
    }


class AnalyticsView(WorkspaceMixin, TemplateView):
    template_name = "donations/analytics/dashboard.html"
    permission_required = "donations.view_analytics"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        currencies = figures.currencies_in_use(organization=self.organization)
        form = AnalyticsForm(self.request.GET or None, currencies=currencies)
        period, currency = form.chosen_period(), form.chosen_currency()
        context.update(
            form=form,
            period=period,
            currency=currency,
            other_currencies=[c for c in currencies if c != currency],
            report=analytics_report(
                organization=self.organization, currency=currency, period=period
            ),
            can_export=self.can("donations.export_donations"),
            export_query=f"period=custom&first={period.first}&last={period.last}",
        )
        return context


class ExportView(WorkspaceMixin, TemplateView):
    template_name = "donations/analytics/export.html"
    permission_required = "donations.export_donations"

    def get(self, request, *args, **kwargs):
        """The form, prefilled with the period of the analytics page it was opened from."""
        asked = PeriodForm(request.GET)
        period = asked.chosen_period()
        initial = {"period": "year", "file_format": "csv"}
        if asked.is_valid() and asked.cleaned_data.get("period"):
            initial.update(period="custom", first=period.first, last=period.last)
        form = ExportForm(initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = ExportForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        job = donations_export_start(
            organization=self.organization,
            actor=request.user,
            period=form.chosen_period(),
            fmt=form.cleaned_data["file_format"],
        )
        return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)
