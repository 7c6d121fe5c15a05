"""Reads of donor analytics: every figure is computed by the database (sums, counts, the
median by ORDER BY ... OFFSET), scoped to the organization and one currency.

What counts (docs/decisions/0063-donor-analytics-figures.md):
- a **gift** is a donation paid in the period (``paid_at``) whose status is paid, refunded or
  disputed and of which something is left after refunds; its value is what is left (amount
  minus refunded). A gift refunded in full is not a gift; a partly refunded one counts for
  the rest;
- **monthly** gifts are the payments of a subscription, the others are **one-off**;
- a **monthly gift** (subscription) is active from ``started_at`` until it is cancelled
  (``cancelled_at``); a failed payment does not end it. **MRR** at an instant is the sum of
  the monthly amounts of the gifts active then;
- the **source** of a gift is its source code, else its ``utm_source`` (lower case), else
  "direct".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Prefetch,
    Q,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from turnout.people.models import Activity, EmailAddress, Person

from .models import Donation, FundraisingPage, ProviderEvent, Receipt, Subscription

Status = Donation.Status
PAID = (Status.SUCCEEDED, Status.REFUNDED, Status.DISPUTED)
NET = F("amount_cents") - F("refunded_cents")
# Gift sizes of the histogram, in cents: [low, high) and the label's euros.
SIZES = [
    (None, 1500, "< 15"),
    (1500, 3500, "15–34"),
    (3500, 5000, "35–49"),
    (5000, 10000, "50–99"),
    (10000, 25000, "100–249"),
    (25000, None, "250+"),
]
MRR_MONTHS = 12
COHORT_MONTHS = 24
COHORT_AFTER = (1, 3, 6, 12)
DEFAULT_CURRENCY = "EUR"


# --- Periods and months ---------------------------------------------------------------------


def month_start(day: datetime.date, shift: int = 0) -> datetime.date:
    """The first day of the month of ``day``, moved by ``shift`` months."""
    index = day.year * 12 + day.month - 1 + shift
    return datetime.date(index // 12, index % 12 + 1, 1)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """First days of every month from the month of ``first`` to the month of ``last``."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = month_start(month, 1)
    return months


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` (both included), i.e. instants [start, end)."""

    first: datetime.date
    last: datetime.date
    kind: str = "custom"

    @property
    def start(self) -> datetime.datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> datetime.datetime:
        return local_midnight(self.last + datetime.timedelta(days=1))

    @property
    def months(self) -> list[datetime.date]:
        return months_between(self.first, self.last)


def period_for(kind: str, *, first=None, last=None, today=None) -> Period:
    """``year``: this calendar year up to today; ``12m``: the last twelve months (this one
    included, from its first day); ``custom``: the days given."""
    today = today or timezone.localdate()
    if kind == "12m":
        return Period(month_start(today, -(MRR_MONTHS - 1)), today, "12m")
    if kind == "custom" and first and last:
        return Period(first, last, "custom")
    return Period(datetime.date(today.year, 1, 1), today, "year")


# --- Gifts ----------------------------------------------------------------------------------


def currencies_in_use(*, organization) -> list[str]:
    """The currencies of the organization's paid donations and monthly gifts, EUR first."""
    donations = (
        Donation.objects.for_organization(organization)
        .filter(status__in=PAID)
        .values_list("currency", flat=True)
        .order_by()
    )
    subscriptions = (
        Subscription.objects.for_organization(organization)
        .values_list("currency", flat=True)
        .order_by()
    )
    found = set(donations.union(subscriptions))
    return sorted(found | {DEFAULT_CURRENCY}, key=lambda c: (c != DEFAULT_CURRENCY, c))


def paid_in(*, organization, currency: str, period: Period):
    """Donations paid in the period (refunded in full included: they carry the refunds)."""
    return Donation.objects.for_organization(organization).filter(
        currency=currency, status__in=PAID, paid_at__gte=period.start, paid_at__lt=period.end
    )


def gifts_in(*, organization, currency: str, period: Period):
    """The gifts of the period: paid, something left after refunds; ``net`` annotated."""
    return (
        paid_in(organization=organization, currency=currency, period=period)
        .filter(amount_cents__gt=F("refunded_cents"))
        .annotate(net=NET)
    )


def _size_filter(low, high) -> Q:
    condition = Q()
    if low is not None:
        condition &= Q(net__gte=low)
    if high is not None:
        condition &= Q(net__lt=high)
    return condition


def gift_summary(*, organization, currency: str, period: Period) -> dict:
    """Totals of the period in one query: ``raised`` (net of refunds), ``gross``,
    ``refunded``, ``gifts``, ``donors``, ``monthly_gifts`` and ``sizes`` (gift counts per
    size bucket)."""
    has_net = Q(amount_cents__gt=F("refunded_cents"))
    figures = (
        paid_in(organization=organization, currency=currency, period=period)
        .annotate(net=NET)
        .aggregate(
            raised=Sum("net", default=0),
            gross=Sum("amount_cents", default=0),
            refunded=Sum("refunded_cents", default=0),
            gifts=Count("id", filter=has_net),
            donors=Count("person", filter=has_net, distinct=True),
            monthly_gifts=Count("id", filter=has_net & Q(subscription__isnull=False)),
            **{
                f"size{i}": Count("id", filter=has_net & _size_filter(low, high))
                for i, (low, high, _label) in enumerate(SIZES)
            },
        )
    )
    figures["sizes"] = [figures.pop(f"size{i}") for i in range(len(SIZES))]
    return figures


def gift_median(*, organization, currency: str, period: Period, count: int) -> float | None:
    """The median gift in cents (the mean of the two middle ones for an even count; None
    without gifts): the database sorts and returns only the one or two middle values."""
    if count <= 0:
        return None
    middle = list(
        gifts_in(organization=organization, currency=currency, period=period)
        .order_by("net")
        .values_list("net", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    return sum(middle) / len(middle) if middle else None


def month_index(field: str, months: list[datetime.date]) -> Case:
    """Which of ``months`` (first days, in order) the instant in ``field`` falls in, in the
    site's time zone: -1 before the first, the index of the month, the last index after it,
    None for no instant. Plain comparisons with the months' local midnights: the same SQL on
    PostgreSQL and SQLite, and no function called per row."""
    whens = [When(**{f"{field}__isnull": True}, then=Value(None))]
    whens += [
        When(**{f"{field}__lt": local_midnight(month)}, then=Value(index - 1))
        for index, month in enumerate(months)
    ]
    return Case(*whens, default=Value(len(months) - 1), output_field=IntegerField())


def gifts_by_month(*, organization, currency: str, period: Period) -> list[dict]:
    """Per month of the period (empty months included): one-off and monthly gifts, count and
    amount."""
    months = period.months
    rows = (
        gifts_in(organization=organization, currency=currency, period=period)
        .annotate(month=month_index("paid_at", months))
        .values("month")
        .annotate(
            one_off=Sum("net", filter=Q(subscription__isnull=True), default=0),
            one_off_n=Count("id", filter=Q(subscription__isnull=True)),
            monthly=Sum("net", filter=Q(subscription__isnull=False), default=0),
            monthly_n=Count("id", filter=Q(subscription__isnull=False)),
        )
        .order_by()
    )
    found = {row.pop("month"): row for row in rows}
    empty = {"one_off": 0, "one_off_n": 0, "monthly": 0, "monthly_n": 0}
    return [{**empty, **found.get(index, {}), "month": month} for index, month in enumerate(months)]


SOURCE = Lower(
    Case(
        When(~Q(source_code=""), then=F("source_code")),
        When(~Q(utm_source=""), then=F("utm_source")),
        default=Value(""),
    )
)


def _grouped(queryset, key: str) -> list[dict]:
    return list(
        queryset.values(key)
        .annotate(total=Sum("net", default=0), gifts=Count("id"))
        .order_by("-total", key)
    )


def gifts_by_source(*, organization, currency: str, period: Period) -> list[dict]:
    """``source`` ("" for direct), ``total``, ``gifts``; largest total first."""
    gifts = gifts_in(organization=organization, currency=currency, period=period)
    return _grouped(gifts.annotate(source=SOURCE), "source")


def gifts_by_page(*, organization, currency: str, period: Period) -> list[dict]:
    """``page`` (the FundraisingPage, None for gifts without one), ``total``, ``gifts``."""
    gifts = gifts_in(organization=organization, currency=currency, period=period)
    rows = _grouped(gifts, "page_id")
    pages = FundraisingPage.objects.for_organization(organization).in_bulk(
        [row["page_id"] for row in rows if row["page_id"]]
    )
    for row in rows:
        row["page"] = pages.get(row.pop("page_id"))
    return rows


# --- Monthly gifts: MRR, churn, cohorts -----------------------------------------------------
# One grouped query: the organization's monthly gifts counted (and their monthly amounts
# summed) by the month they started and the month they ended, on a grid of the last 24 months
# (index -1: before it). Every figure below is a sum over these few groups, exactly what
# conditions on the instants would give, since every boundary is a month's first instant (or
# now, for this month: a gift that ended this month ended before now).

ENDED = Case(
    When(status=Subscription.Status.CANCELLED, then=Coalesce("cancelled_at", "updated_at")),
    default=Value(None),
    output_field=DateTimeField(),
)


@dataclass(frozen=True)
class _Group:
    started: int  # grid index of the month it started (-1: before the grid)
    ended: int | None  # grid index of the month it ended, None: still going
    count: int
    amount: int

    def alive_at(self, index: int) -> bool:
        """Active at the first instant of grid month ``index``."""
        return self.started < index and (self.ended is None or self.ended >= index)


def _grid(now) -> list[datetime.date]:
    today = timezone.localdate(now)
    return [month_start(today, -shift) for shift in range(COHORT_MONTHS - 1, -1, -1)]


def subscription_groups(*, organization, currency: str, now=None) -> list[_Group]:
    """The grouped monthly gifts that ``monthly_figures`` and ``cohorts`` read (one query;
    give its result to both)."""
    grid = _grid(now or timezone.now())
    rows = (
        Subscription.objects.for_organization(organization)
        .filter(currency=currency, started_at__isnull=False)
        .annotate(ended=ENDED)
        .annotate(s=month_index("started_at", grid), e=month_index("ended", grid))
        .values("s", "e")
        .annotate(n=Count("id"), amount=Sum("amount_cents", default=0))
        .order_by()
    )
    return [_Group(row["s"], row["e"], row["n"], row["amount"]) for row in rows]


@dataclass
class MonthlyFigures:
    months: list[dict] = field(default_factory=list)  # month, mrr, start, end, new, lost, churn
    active: int = 0
    mrr: int = 0


def monthly_figures(*, organization, currency: str, now=None, groups=None) -> MonthlyFigures:
    """MRR at the end of each of the last twelve months (now for this month), and per month
    the monthly gifts active at its start and at its end, started and cancelled in it, and
    the churn rate (cancelled in the month / active at its start, None when none was)."""
    now = now or timezone.now()
    grid = _grid(now)
    if groups is None:
        groups = subscription_groups(organization=organization, currency=currency, now=now)

    def total(condition, attr="count"):
        return sum(getattr(g, attr) for g in groups if condition(g))

    rows = []
    for index in range(len(grid) - MRR_MONTHS, len(grid)):
        start = total(lambda g, i=index: g.alive_at(i))
        lost = total(lambda g, i=index: g.ended == i)
        rows.append(
            {
                "month": grid[index],
                "mrr": total(lambda g, i=index: g.alive_at(i + 1), "amount"),
                "start": start,
                "end": total(lambda g, i=index: g.alive_at(i + 1)),
                "new": total(lambda g, i=index: g.started == i),
                "lost": lost,
                "churn": round(lost * 100 / start, 1) if start else None,
            }
        )
    return MonthlyFigures(months=rows, active=rows[-1]["end"], mrr=rows[-1]["mrr"])


def cohorts(*, organization, currency: str, now=None, groups=None) -> list[dict]:
    """Monthly gifts by the month they started (the last 24 months, from the first month
    with one): how many, and the share still active at the end of the 1st, 3rd, 6th and
    12th month after it (None while that month is not over)."""
    now = now or timezone.now()
    grid = _grid(now)
    if groups is None:
        groups = subscription_groups(organization=organization, currency=currency, now=now)
    rows = []
    for index, month in enumerate(grid):
        members = [g for g in groups if g.started == index]
        size = sum(g.count for g in members)
        if not rows and not size:
            continue  # the months before the first monthly gift
        cells = []
        for after in COHORT_AFTER:
            boundary = index + after + 1  # the first month after the one looked at
            kept = (
                sum(g.count for g in members if g.alive_at(boundary))
                if boundary < len(grid)
                else None
            )
            percent = round(kept * 100 / size, 1) if kept is not None and size else None
            cells.append({"after": after, "kept": kept, "percent": percent})
        rows.append({"month": month, "size": size, "cells": cells})
    return rows


# --- The donations list and one donation's page ---------------------------------------------

DAY = Coalesce("paid_at", "created_at")


def donation_list(
    *,
    organization,
    status: str = "",
    page: FundraisingPage | None = None,
    provider: str = "",
    method: str = "",
    kind: str = "",
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    query: str = "",
):
    """Every donation of the organization (online and entered by hand), newest first by the
    day it was paid (or started, when not paid), filtered, ``day`` annotated. Sorted on the
    donations' own table: take a page of ids from it, then ``donations_shown`` for them."""
    donations = Donation.objects.for_organization(organization).annotate(day=DAY)
    if status:
        donations = donations.filter(status=status)
    if page is not None:
        donations = donations.filter(page=page)
    if provider:
        donations = donations.filter(provider=provider)
    if method:
        donations = donations.filter(method=method)
    if kind == "monthly":
        donations = donations.filter(subscription__isnull=False)
    elif kind == "one_off":
        donations = donations.filter(subscription__isnull=True)
    if first:
        donations = donations.filter(day__gte=local_midnight(first))
    if last:
        donations = donations.filter(day__lt=local_midnight(last + datetime.timedelta(days=1)))
    words = (query or "").split()[:4]
    if words:
        donors = Person.objects.for_organization(organization)
        for word in words:  # each word in the name or an email address
            emails = EmailAddress.objects.filter(
                organization=organization, address__icontains=word
            ).values("person_id")
            donors = donors.filter(
                Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(pk__in=emails)
            )
        donations = donations.filter(person_id__in=donors.values("pk"))
    return donations.order_by(F("day").desc(), "-id")


def donations_shown(*, organization, ids: list[int]) -> list[Donation]:
    """These donations of the organization, in this order, with their donor (email addresses
    primary first), page and monthly gift."""
    found = (
        Donation.objects.for_organization(organization)
        .filter(pk__in=ids)
        .annotate(day=DAY)
        .select_related("person", "page", "subscription")
        .prefetch_related(
            Prefetch("person__emails", queryset=EmailAddress.objects.order_by("-primary", "id"))
        )
        .in_bulk()
    )
    return [found[pk] for pk in ids if pk in found]


def donation_get(*, organization, donation_id: int) -> Donation:
    """The organization's donation (404 for an id of another organization)."""
    return get_object_or_404(
        Donation.objects.for_organization(organization).select_related(
            "person", "page", "subscription", "recorded_by"
        ),
        pk=donation_id,
    )


def donation_events(*, donation: Donation) -> list[ProviderEvent]:
    """The provider events about this donation: those recorded with it, or naming it (our id
    in the test provider's event ids or in the metadata the provider echoes) or its payment
    reference (events that arrived before the donation was known)."""
    references = (
        Q(donation_id=donation.pk)
        | Q(event_id__startswith=f"test:{donation.pk}:")
        | Q(text__contains=f'"donation_id": "{donation.pk}"')
    )
    if donation.provider_id:
        references |= Q(event_id__startswith=f"{donation.provider_id}:") | Q(
            text__contains=f'"{donation.provider_id}"'
        )
    return list(
        ProviderEvent.objects.filter(
            organization_id=donation.organization_id,
            provider=donation.provider,
            received_at__gte=donation.created_at - datetime.timedelta(hours=1),
        )
        .annotate(text=Cast("payload", TextField()))
        .filter(references)
        .defer("payload")
        .order_by("received_at", "id")
    )


def donation_activities(*, donation: Donation) -> list[Activity]:
    """The lines this donation wrote on the donor's timeline (gave, refunded, disputed)."""
    return list(
        Activity.objects.filter(
            person_id=donation.person_id,
            source_type=ContentType.objects.get_for_model(Donation),
            source_id=str(donation.pk),
        ).order_by("occurred_at", "id")
    )


def donation_receipts(*, donation: Donation) -> list[Receipt]:
    return list(
        Receipt.objects.filter(organization_id=donation.organization_id, donation=donation)
        .select_related("cancels", "cancelled_by")
        .order_by("issued_at", "id")
    )
