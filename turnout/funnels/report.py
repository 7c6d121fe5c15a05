# ruff: noqa: S608  (SQL built from table names, column aliases and placeholders only)
"""The funnel report, computed in the database with a few aggregate queries.

Definitions (also shown on the page):

- ``at_i``: when a person first reached rung *i* (from ``RungReached``; null if never).
- *Reached* (for a period): the people whose ``at_i`` falls in the period. People may reach a
  rung without the ones below it (a leader who never gave), so a bar can be wider than the
  one before it.
- *Conversion* to rung *i*: of the people whose ``at_(i-1)`` falls in the period, the share
  who reached rung *i* then or later (``at_i >= at_(i-1)``, by now). Someone who gave before
  signing did not convert from signer to donor.
- *Median time to convert*: over those people, the median of ``at_i - at_(i-1)``: computed by
  ``PERCENTILE_CONT`` on PostgreSQL, by ordering and taking the middle row(s) on SQLite.
- *Acquisition* (cohorts): the person's first action submission (its action, referring
  organization or source); people who never submitted an action are grouped by the system
  they came from (``Person.origin_system``).

Every figure is a ``SUM``/``PERCENTILE`` over one ``GROUP BY person`` of the reached rows: no
per-person work in Python, whatever the size of the base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from turnout.actions.models import Action, Submission
from turnout.organizations.models import Organization
from turnout.people.models import Person

from . import charts
from .models import PersonRung, Rung, RungReached

PERIODS = {
    "30": gettext_lazy("Last 30 days"),
    "90": gettext_lazy("Last 90 days"),
    "365": gettext_lazy("Last 12 months"),
    "all": gettext_lazy("All time"),
}
DEFAULT_PERIOD = "all"
DIMENSIONS = {
    "action": gettext_lazy("First action"),
    "referrer": gettext_lazy("Referring organization"),
    "source": gettext_lazy("Source (utm_source)"),
}
DEFAULT_DIMENSION = "action"
DIMENSION_COLUMNS = {
    "action": "action_id",
    "referrer": "referring_organization_id",
    "source": "utm_source",
}
COHORT_LIMIT = 12


def period_since(period: str, now: datetime | None = None) -> datetime | None:
    if period not in PERIODS or period == "all":
        return None
    return (now or timezone.now()) - timedelta(days=int(period))


def human_duration(seconds: float | None) -> str:
    """A median duration as people say it: "3 days", "5 hours", "2 weeks"."""
    if seconds is None:
        return "—"
    seconds = max(seconds, 0)
    minutes, hours, days = seconds / 60, seconds / 3600, seconds / 86400
    if seconds < 60:
        return _("less than a minute")
    if hours < 1:
        n = round(minutes)
        return ngettext("%(n)s minute", "%(n)s minutes", n) % {"n": n}
    if hours < 48:
        n = round(hours)
        return ngettext("%(n)s hour", "%(n)s hours", n) % {"n": n}
    if days < 14:
        n = round(days)
        return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
    if days < 90:
        n = round(days / 7)
        return ngettext("%(n)s week", "%(n)s weeks", n) % {"n": n}
    n = round(days / 30)
    return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- SQL -----------------------------------------------------------------------------------


class Sql:
    """Text and parameters built together, in order."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list = []

    def add(self, text: str, *params) -> Sql:
        self.parts.append(text)
        self.params.extend(params)
        return self

    def extend(self, other: Sql) -> Sql:
        self.parts.extend(other.parts)
        self.params.extend(other.params)
        return self

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _q(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _per_person(rungs: list[Rung], organization_id: int) -> Sql:
    """One row per person who reached any rung: ``at0, at1, ...`` (see the module)."""
    sql = Sql().add("SELECT rr.person_id AS person_id")
    for index, rung in enumerate(rungs):
        sql.add(f", MIN(CASE WHEN rr.rung_id = %s THEN rr.reached_at END) AS at{index}", rung.pk)
    # The rung ids are the organization's (read through for_organization): no join needed.
    sql.add(
        f"FROM {_q(RungReached)} rr WHERE rr.organization_id = %s GROUP BY rr.person_id",
        organization_id,
    )
    return sql


def _in_period(column: str, since: datetime | None) -> tuple[str, list]:
    if since is None:
        return f"{column} IS NOT NULL", []
    return f"{column} >= %s", [connection.ops.adapt_datetimefield_value(since)]


def _after(index: int) -> str:
    """Reached rung ``index`` when already on the one below (or at the same moment)."""
    return f"at{index} >= at{index - 1}"


def _median(index: int, prev: str, params: list) -> Sql:
    """The median time from rung ``index - 1`` to ``index``, in seconds, as one more column:
    PERCENTILE_CONT on PostgreSQL; on SQLite, the middle row (or the mean of the two middle
    rows) of the ordered durations, numbered by window functions over the per-person rows
    (``pp``, a CTE computed once)."""
    if connection.vendor == "postgresql":
        return Sql().add(
            ", PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "
            f"(at{index} - at{index - 1}))) FILTER (WHERE {prev} AND {_after(index)})",
            *params,
        )
    durations = (
        f"SELECT (julianday(at{index}) - julianday(at{index - 1})) * 86400.0 AS d "
        f"FROM pp WHERE {prev} AND {_after(index)}"
    )
    return Sql().add(
        ", (SELECT AVG(d) FROM (SELECT d, ROW_NUMBER() OVER (ORDER BY d) AS rn, "
        f"COUNT(*) OVER () AS n FROM ({durations}) durations) ordered "
        "WHERE rn IN ((n + 1) / 2, (n + 2) / 2))",
        *params,
    )


def _counting(rungs: list[Rung], since: datetime | None, *, medians: bool) -> Sql:
    """The aggregate columns over ``pp``: reached_i and (from the second rung) conv_i and,
    with ``medians``, med_i."""
    sql = Sql()
    for index in range(len(rungs)):
        cond, params = _in_period(f"at{index}", since)
        sql.add(
            f"{', ' if index else ''}SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS reached{index}",
            *params,
        )
        if not index:
            continue
        prev, params = _in_period(f"at{index - 1}", since)
        sql.add(f", SUM(CASE WHEN {prev} AND {_after(index)} THEN 1 ELSE 0 END)", *params)
        if medians:
            sql.extend(_median(index, prev, params))
    return sql


def _fetch(sql: Sql) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.text, sql.params)
        return cursor.fetchall()


# --- The funnel ------------------------------------------------------------------------------


@dataclass
class Step:
    rung: Rung
    name: str
    reached: int = 0  # reached this rung in the period
    base: int = 0  # reached the previous rung in the period
    converted: int = 0  # ... and this one then or later
    median_seconds: float | None = None
    current: int = 0  # standing on this rung now

    @property
    def conversion(self) -> float | None:
        return percent(self.converted, self.base)

    @property
    def median_text(self) -> str:
        return human_duration(self.median_seconds)


def funnel(*, organization, period: str = DEFAULT_PERIOD, now: datetime | None = None) -> dict:
    rungs = list(Rung.objects.for_organization(organization).order_by("position", "id"))
    since = period_since(period, now)
    steps = [Step(rung=rung, name=rung.name_text()) for rung in rungs]
    if rungs:
        sql = Sql().add("WITH pp AS (").extend(_per_person(rungs, organization.pk)).add(")")
        sql.add("SELECT").extend(_counting(rungs, since, medians=True)).add("FROM pp")
        row = list(_fetch(sql)[0])
        steps[0].reached = int(row.pop(0) or 0)
        for index in range(1, len(rungs)):
            step = steps[index]
            step.reached, step.converted = int(row.pop(0) or 0), int(row.pop(0) or 0)
            # The base of a conversion: the previous rung reached in the period.
            step.base = steps[index - 1].reached
            median = row.pop(0)
            step.median_seconds = None if median is None else float(median)
        counts = dict(
            PersonRung.objects.for_organization(organization)
            .order_by()
            .values("rung_id")
            .annotate(n=Count("*"))
            .values_list("rung_id", "n")
        )
        for step in steps:
            step.current = counts.get(step.rung.pk, 0)
    return {
        "steps": steps,
        "since": since,
        # Anyone who reached any rung in the period (the bottom one may be empty).
        "total": max((s.reached for s in steps), default=0),
        "chart": charts.funnel(
            [(s.name, s.reached, s.conversion if i else None) for i, s in enumerate(steps)]
        ),
    }


# --- Cohorts by acquisition ------------------------------------------------------------------


@dataclass
class Cohort:
    key: tuple
    label: str
    reached: list[int] = field(default_factory=list)
    converted: list[int] = field(default_factory=list)  # converted[i]: into rung i (i >= 1)

    @property
    def people(self) -> int:
        return self.reached[0] if self.reached else 0

    def conversion(self, index: int) -> float | None:
        return percent(self.converted[index], self.reached[index - 1])

    def add(self, other: Cohort) -> None:
        self.reached = [a + b for a, b in zip(self.reached, other.reached, strict=True)]
        self.converted = [a + b for a, b in zip(self.converted, other.converted, strict=True)]


def _first_submissions(organization_id: int) -> Sql:
    return Sql().add(
        "SELECT person_id, action_id, referring_organization_id, utm_source FROM ("
        "SELECT s.person_id, s.action_id, s.referring_organization_id, s.utm_source, "
        "ROW_NUMBER() OVER (PARTITION BY s.person_id ORDER BY s.created_at, s.id) AS n "
        f"FROM {_q(Submission)} s WHERE s.organization_id = %s) ranked WHERE n = 1",
        organization_id,
    )


def _labels(organization, dimension: str, keys: list[tuple]) -> dict[tuple, str]:
    ids = [value for has_sub, value, _origin in keys if has_sub and value not in (None, "")]
    names: dict = {}
    if dimension == "action" and ids:
        names = {
            a.pk: _("%(kind)s: %(title)s")
            % {"kind": a.get_kind_display(), "title": a.title_text() or a.slug}
            for a in Action.objects.for_organization(organization).filter(pk__in=ids)
        }
    elif dimension == "referrer" and ids:
        names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    labels = {}
    for key in keys:
        has_sub, value, origin = key
        if not has_sub:
            labels[key] = (
                _("No action, came from %(origin)s") % {"origin": origin}
                if origin
                else _("No action, origin unknown")
            )
        elif dimension == "source":
            labels[key] = value or _("No source given")
        elif dimension == "referrer":
            labels[key] = names.get(value) or _("Direct (no referring organization)")
        else:
            labels[key] = names.get(value) or _("Deleted action")
    return labels


def cohorts(
    *,
    organization,
    period: str = DEFAULT_PERIOD,
    dimension: str = DEFAULT_DIMENSION,
    limit: int = COHORT_LIMIT,
    now: datetime | None = None,
) -> dict:
    """Conversion between rungs for each acquisition cohort (largest first; beyond ``limit``
    the smaller ones are added up as "other cohorts")."""
    rungs = list(Rung.objects.for_organization(organization).order_by("position", "id"))
    dimension = dimension if dimension in DIMENSIONS else DEFAULT_DIMENSION
    if not rungs:
        return {"cohorts": [], "rungs": [], "transitions": [], "dimension": dimension}
    since = period_since(period, now)
    column = DIMENSION_COLUMNS[dimension]
    sql = Sql().add(
        "SELECT CASE WHEN fs.person_id IS NULL THEN 0 ELSE 1 END, "
        f"fs.{column}, CASE WHEN fs.person_id IS NULL THEN p.origin_system ELSE '' END, "
    )
    sql.extend(_counting(rungs, since, medians=False))
    sql.add("FROM (").extend(_per_person(rungs, organization.pk)).add(") pp")
    sql.add(f"JOIN {_q(Person)} p ON p.id = pp.person_id LEFT JOIN (")
    sql.extend(_first_submissions(organization.pk)).add(") fs ON fs.person_id = pp.person_id")
    sql.add("GROUP BY 1, 2, 3")
    found = []
    for row in _fetch(sql):
        key, numbers = (row[0], row[1], row[2] or ""), [int(n or 0) for n in row[3:]]
        cohort = Cohort(key=key, label="", reached=[numbers[0]], converted=[0])
        for index in range(1, len(rungs)):
            reached, converted = numbers[2 * index - 1], numbers[2 * index]
            cohort.reached.append(reached)
            cohort.converted.append(converted)
        if cohort.people or any(cohort.reached):
            found.append(cohort)
    found.sort(key=lambda c: (-c.people, -sum(c.reached), str(c.key)))
    labels = _labels(organization, dimension, [c.key for c in found])
    for cohort in found:
        cohort.label = labels[cohort.key]
    shown, rest = found[:limit], found[limit:]
    if rest:
        other = Cohort(
            key=("other",),
            label=ngettext("%(n)s other cohort", "%(n)s other cohorts", len(rest))
            % {"n": len(rest)},
            reached=[0] * len(rungs),
            converted=[0] * len(rungs),
        )
        for cohort in rest:
            other.add(cohort)
        shown.append(other)
    names = [rung.name_text() for rung in rungs]
    transitions = [(i, names[i - 1], names[i]) for i in range(1, len(rungs))]
    rows = []
    for cohort in shown:
        rows.append(
            {
                "cohort": cohort,
                "conversions": [
                    {
                        "index": i,
                        "before": before,
                        "after": after,
                        "base": cohort.reached[i - 1],
                        "converted": cohort.converted[i],
                        "percent": cohort.conversion(i),
                    }
                    for i, before, after in transitions
                ],
                "chart": charts.cohort_columns(cohort.reached),
            }
        )
    return {
        "cohorts": rows,
        "rungs": names,
        "transitions": transitions,
        "dimension": dimension,
        "since": since,
    }
