"""Forms of the donations list, donor analytics and the accounting export. All are read from
the query string or a small POST; a wrong value is reported next to its field and kept."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Donation, FundraisingPage
from .providers import payment_backend_names
from .selectors_analytics import Period, period_for

MAX_PERIOD_DAYS = 366 * 5 + 1

PROVIDER_LABELS = {
    "test": _("Test payments"),
    "offline": _("Entered by hand"),
    "stripe": "Stripe",
    "mollie": "Mollie",
}


def provider_label(name: str) -> str:
    return str(PROVIDER_LABELS.get(name, name))


def provider_names() -> list[str]:
    """The providers a donation may come from: those set up on this site, the usual ones, and
    gifts entered by hand."""
    names = [*payment_backend_names(), *PROVIDER_LABELS]
    return list(dict.fromkeys(names))


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateRangeForm(forms.Form):
    """``first`` and ``last`` days (optional): the first not after the last."""

    first = forms.DateField(label=_("From"), required=False, widget=_date_input())
    last = forms.DateField(label=_("To"), required=False, widget=_date_input())

    def check_range(self, data: dict) -> None:
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            self.add_error("last", _("The start date must be on or before the end date."))


class DonationFilterForm(DateRangeForm):
    field_order = ["q", "status", "page", "provider", "method", "kind", "first", "last"]
    q = forms.CharField(label=_("Donor name or email"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Donation.Status.choices]
    )
    page = forms.ModelChoiceField(
        label=_("Page"),
        queryset=FundraisingPage.objects.none(),
        required=False,
        empty_label=_("Any page"),
    )
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    method = forms.ChoiceField(
        label=_("Method"), required=False, choices=[("", _("Any method")), *Donation.Method.choices]
    )
    kind = forms.ChoiceField(
        label=_("One-off or monthly"),
        required=False,
        choices=[
            ("", _("One-off and monthly")),
            ("one_off", _("One-off")),
            ("monthly", _("Monthly")),
        ],
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = FundraisingPage.objects.for_organization(organization)
        self.fields["provider"].choices = [("", _("Any provider"))] + [
            (name, provider_label(name)) for name in provider_names()
        ]

    def clean(self):
        data = super().clean()
        self.check_range(data)
        return data

    def filters(self) -> dict:
        """The filters that are valid (a wrong one is left out, and shown with its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        keys = ("status", "page", "provider", "method", "kind", "first", "last")
        filters = {key: data[key] for key in keys if data.get(key) and key not in self.errors}
        if "last" in self.errors:  # a reversed range: the start day alone is not what was meant
            filters.pop("first", None)
        filters["query"] = data.get("q", "") if "q" not in self.errors else ""
        return filters


class PeriodForm(DateRangeForm):
    field_order = ["period", "first", "last"]
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("year", _("This year")),
            ("12m", _("Last 12 months")),
            ("custom", _("Dates of my choice")),
        ],
    )

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            for name in ("first", "last"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Give both dates of the period."))
            self.check_range(data)
            first, last = data.get("first"), data.get("last")
            if first and last and (last - first).days >= MAX_PERIOD_DAYS:
                self.add_error("last", _("Choose a period of at most five years."))
        return data

    def chosen_period(self, today: datetime.date | None = None) -> Period:
        """The period asked for, or this year when the form has errors."""
        today = today or timezone.localdate()
        if not self.is_valid():
            return period_for("year", today=today)
        data = self.cleaned_data
        return period_for(
            data.get("period") or "year",
            first=data.get("first"),
            last=data.get("last"),
            today=today,
        )


class AnalyticsForm(PeriodForm):
    currency = forms.ChoiceField(label=_("Currency"), required=False)

    def __init__(self, *args, currencies: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(c, c) for c in currencies]
        self.currencies = currencies

    def chosen_currency(self) -> str:
        if self.is_valid() and self.cleaned_data.get("currency"):
            return self.cleaned_data["currency"]
        return self.currencies[0]


class ExportForm(PeriodForm):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", "CSV"), ("xlsx", _("Excel (XLSX)"))],
        initial="csv",
    )
