"""The impact dashboard of a campaign: figures from ``selectors_insights`` and ``reach``, and
the geometry of its charts (inline SVG drawn by the templates, numbers in, coordinates out).

Only approved organizations count (an organization suspended, waiting or rejected counts for
nothing), as on the public page. Pledges over time are all the campaign's confirmed pledges,
from its own page or through an organization's link, like the reach figures.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.charts import breakdown, columns, svg_number

from . import selectors_insights as selectors
from .models import Campaign, DeclaredReach, Participation
from .reach import campaign_reach

WIDTH, HEIGHT, TOP, BOTTOM, SIDE = 640, 180, 16, 22, 24
BAR_ROW, BAR_LABEL, BAR_WIDTH = 26, 190, 560
MAX_WEEKS = 104
TOP_COUNT = 10
TONES = ("brand", "ok", "warn", "muted", "bad")


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weekly(counts: dict[datetime.date, int], start=None, end=None) -> list[tuple]:
    """(Monday, count) for every week from the first to the last (empty weeks included),
    at most MAX_WEEKS weeks (the last ones)."""
    by_week: Counter = Counter()
    for day, n in counts.items():
        by_week[week_start(day)] += n
    if not by_week and not (start and end):
        return []
    first = week_start(start) if start else min(by_week)
    last = week_start(end) if end else max(by_week)
    if by_week:
        first, last = min(first, min(by_week)), max(last, max(by_week))
    weeks = []
    monday = first
    while monday <= last:
        weeks.append(monday)
        monday += datetime.timedelta(days=7)
    weeks = weeks[-MAX_WEEKS:]
    return [(w, by_week.get(w, 0)) for w in weeks]


def week_chart(weeks: list[tuple]) -> dict:
    """Columns per week with the running total as a line over them (on its own scale)."""
    values = [n for _w, n in weeks]
    bars = columns(values, width=WIDTH, height=HEIGHT, top=TOP, bottom=BOTTOM, side=SIDE, gap=3)
    total, points, rows = 0, [], []
    grand = sum(values)
    slot = (WIDTH - 2 * SIDE) / max(len(values), 1)
    plot = HEIGHT - TOP - BOTTOM
    for index, (bar, (week, n)) in enumerate(zip(bars, weeks, strict=True)):
        total += n
        bar["week"] = week
        bar["cumulative"] = total
        rows.append({"week": week, "n": n, "cumulative": total})
        x = SIDE + index * slot + slot / 2
        y = TOP + plot - (plot * total / grand if grand else 0)
        points.append(f"{svg_number(x)},{svg_number(y)}")
    step = max(1, round(len(weeks) / 6)) if weeks else 1
    ticks = [
        {"x": svg_number(SIDE + i * slot + slot / 2), "week": weeks[i][0]}
        for i in range(0, len(weeks), step)
    ]
    return {
        "bars": bars,
        "rows": rows,
        "line": " ".join(points),
        "ticks": ticks,
        "total": grand,
        "max": max(values, default=0),
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": str(HEIGHT - BOTTOM),
        "label_y": str(HEIGHT - 6),
    }


def bar_chart(items: list[tuple[str, int]]) -> dict:
    """Labelled horizontal bars, the largest filling the room."""
    peak = max([n for _label, n in items] or [0])
    room = BAR_WIDTH - BAR_LABEL - 60
    total = sum(n for _label, n in items)
    rows = []
    for index, (label, n) in enumerate(items):
        width = room * n / peak if peak else 0
        if n and width < 1:
            width = 1
        y = index * BAR_ROW
        rows.append(
            {
                "label": label,
                "short": label if len(label) <= 28 else label[:27] + "…",
                "n": n,
                "percent": round(n * 100 / total, 1) if total else 0,
                "y": svg_number(y + 4),
                "text_y": svg_number(y + BAR_ROW / 2 + 4),
                "width": svg_number(width),
                "count_x": svg_number(BAR_LABEL + width + 6),
            }
        )
    return {
        "rows": rows,
        "total": total,
        "width": BAR_WIDTH,
        "height": max(len(items), 1) * BAR_ROW,
        "label_x": BAR_LABEL - 8,
        "bar_x": BAR_LABEL,
        "bar_height": BAR_ROW - 8,
    }


def _counted(rows, attr: str, label_attr: str) -> list[tuple[str, int]]:
    counts: Counter = Counter()
    labels = {}
    for row in rows:
        key = getattr(row, attr) or ""
        counts[key] += 1
        labels[key] = getattr(row, label_attr) or _("Not stated")
    return [(str(labels[key]), n) for key, n in counts.most_common()]


def impact(*, campaign: Campaign) -> dict:
    """Everything the dashboard, the CSV and the PDF show."""
    rows = selectors.organization_rows(campaign=campaign)
    visible = [row for row in rows if row.is_visible]
    joined_days: Counter = Counter(
        timezone.localtime(row.joined).date() for row in visible if row.joined
    )
    today = timezone.localdate()
    start = campaign.opens_on
    end = min(campaign.closes_on or today, today) if campaign.closes_on else None
    joined = week_chart(weekly(dict(joined_days), start, end))
    pledge_weeks = week_chart(weekly(selectors.pledges_by_day(campaign=campaign), start, end))
    tiers = selectors.quests_done_by_tier(campaign=campaign)
    reach = campaign_reach(campaign)
    kinds = dict(DeclaredReach.Kind.choices)
    declared = [
        (str(kinds.get(k, k)), n)
        for k, n in sorted(reach.declared_by_kind.items(), key=lambda item: -item[1])
    ]
    measured = [
        (_("Tracked-link clicks"), reach.clicks),
        (_("Page views"), reach.page_views),
        (_("Confirmed pledges"), reach.pledges),
    ]
    statuses = Counter(row.status for row in rows)
    status_parts = breakdown(
        [
            (str(label), statuses.get(value, 0), tone)
            for (value, label), tone in zip(
                Participation.Status.choices, ("muted", "warn", "ok", "bad", "bad"), strict=True
            )
        ]
    )
    return {
        "rows": rows,
        "visible": visible,
        "organizations": len(visible),
        "statuses": status_parts,
        "joined": joined,
        "by_sector": bar_chart(_counted(visible, "sector", "sector_label")),
        "by_country": bar_chart(_counted(visible, "country", "country_label")),
        "by_size": bar_chart(_counted(visible, "size", "size_label")),
        "tiers": [{"tier": tier, "quests": quests, "done": done} for tier, quests, done in tiers],
        "tiers_chart": bar_chart(
            [(_("Tier %(tier)s") % {"tier": tier}, done) for tier, _q, done in tiers]
        ),
        "quests_done": sum(done for _t, _q, done in tiers),
        "pledges": pledge_weeks,
        "reach": reach,
        "measured_chart": bar_chart(measured),
        "declared": declared,
        "declared_chart": bar_chart(declared),
        "points": sum(row.points for row in visible),
        "top_points": sorted(visible, key=lambda r: (-r.points, r.name))[:TOP_COUNT],
        "top_pledges": [
            r for r in sorted(visible, key=lambda r: (-r.pledges, r.name))[:TOP_COUNT] if r.pledges
        ],
    }


def family_rollup(*, campaign: Campaign) -> dict:
    """Aggregated figures of each campaign of the family and the family total (no names of
    organizations, no personal data): organizations approved, confirmed pledges, reach range."""
    members = selectors.family(campaign)
    ids = [c.pk for c, _depth in members]
    approved = dict(
        Participation.objects.visible()
        .filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    )
    lines, total = [], {"organizations": 0, "pledges": 0, "floor": 0, "ceiling": 0}
    for member, depth in members:
        reach = campaign_reach(member)
        line = {
            "campaign": member,
            "depth": depth,
            "indent": range(depth),
            "is_current": member.pk == campaign.pk,
            "organizations": approved.get(member.pk, 0),
            "pledges": reach.pledges,
            "floor": reach.floor,
            "ceiling": reach.ceiling,
        }
        for key in total:
            total[key] += line[key]
        lines.append(line)
    total["distinct_organizations"] = (
        Participation.objects.visible()
        .filter(campaign_id__in=ids)
        .values("organization_id")
        .distinct()
        .count()
    )
    return {"lines": lines, "total": total, "root": members[0][0] if members else campaign}
