"""Reads of the quests area: quest board, review queue, leaderboard, badge."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import F, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Campaign, Participation, Quest, QuestProgress
from .quests_badges import badge_label, badge_svg

LEADERBOARD_PAGE = 50


@dataclass
class BoardRow:
    quest: Quest
    progress: QuestProgress | None
    value: int = 0

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else QuestProgress.Status.STARTED

    @property
    def status_label(self) -> str:
        if self.progress is None:
            return str(QuestProgress.Status.STARTED.label)
        return self.progress.get_status_display()

    @property
    def done(self) -> bool:
        return self.status == QuestProgress.Status.DONE

    @property
    def target(self) -> int:
        return self.quest.threshold if self.quest.verification == "automatic" else 1

    @property
    def percent(self) -> int:
        if self.done:
            return 100
        return min(100, round(100 * self.value / self.target)) if self.target else 0


@dataclass
class Tier:
    number: int
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.done)

    @property
    def total(self) -> int:
        return len(self.rows)


def quest_board(*, participation: Participation) -> list[Tier]:
    """The campaign's quests by tier, with where the participation stands (2 queries)."""
    progress = {
        p.quest_id: p
        for p in QuestProgress.objects.filter(participation=participation).select_related(
            "reviewed_by"
        )
    }
    tiers: dict[int, Tier] = {}
    for quest in Quest.objects.filter(campaign_id=participation.campaign_id):
        row = progress.get(quest.pk)
        tiers.setdefault(quest.tier, Tier(quest.tier)).rows.append(
            BoardRow(quest, row, row.value if row else 0)
        )
    return [tiers[n] for n in sorted(tiers)]


def quests_by_tier(*, campaign: Campaign) -> list[tuple[int, list[Quest]]]:
    """The editor's list, with the number of completions of each quest."""
    from django.db.models import Count

    quests = Quest.objects.filter(campaign=campaign).annotate(
        completions=Count("progress", filter=Q(progress__status=QuestProgress.Status.DONE))
    )
    tiers: dict[int, list[Quest]] = {}
    for quest in quests:
        tiers.setdefault(quest.tier, []).append(quest)
    return sorted(tiers.items())


def quest_get(*, campaign: Campaign, quest_id: int) -> Quest:
    return get_object_or_404(Quest, campaign=campaign, pk=quest_id)


def review_queue(*, campaign: Campaign):
    """Evidence waiting for review, oldest first."""
    return (
        QuestProgress.objects.filter(
            quest__campaign=campaign, status=QuestProgress.Status.SUBMITTED
        )
        .select_related("quest", "participation__organization", "submitted_by")
        .order_by("submitted_at", "id")
    )


def progress_get(*, campaign: Campaign, progress_id: int) -> QuestProgress:
    return get_object_or_404(
        QuestProgress.objects.select_related("quest", "participation__organization"),
        quest__campaign=campaign,
        pk=progress_id,
    )


# --- Leaderboard --------------------------------------------------------------------------


def leaderboard_queryset(
    *, campaign: Campaign, country: str = "", sector: str = "", size: str = ""
):
    """Approved organizations by points; ties: the one that reached its points first."""
    rows = (
        Participation.objects.visible()
        .filter(campaign=campaign)
        .select_related("organization")
        .annotate(
            last_done=Max(
                "quest_progress__completed_at",
                filter=Q(quest_progress__status=QuestProgress.Status.DONE),
            )
        )
        .order_by("-points", F("last_done").asc(nulls_last=True), "organization__name", "pk")
    )
    if country:
        rows = rows.filter(organization__country=country)
    if sector:
        rows = rows.filter(organization__sector=sector)
    if size:
        rows = rows.filter(organization__size=size)
    return rows


def badges_by_participation(participation_ids) -> dict[int, list[dict]]:
    """The badges each participation earned (its done quests), in one query."""
    result: dict[int, list[dict]] = {pk: [] for pk in participation_ids}
    done = (
        QuestProgress.objects.filter(
            participation_id__in=list(participation_ids), status=QuestProgress.Status.DONE
        )
        .select_related("quest")
        .order_by("quest__tier", "quest__position", "quest_id")
    )
    for progress in done:
        quest = progress.quest
        result[progress.participation_id].append(
            {
                "key": quest.badge,
                "title": quest.title_text(),
                "label": badge_label(quest.badge),
                "html": badge_svg(quest.badge, size=20, title=quest.title_text()),
            }
        )
    return result


def leaderboard_page(
    *, campaign: Campaign, page: int | str = 1, per_page: int = LEADERBOARD_PAGE, **filters
):
    paginator = Paginator(leaderboard_queryset(campaign=campaign, **filters), per_page)
    page_obj = paginator.get_page(page)
    rows = list(page_obj.object_list)
    badges = badges_by_participation([row.pk for row in rows])
    for offset, row in enumerate(rows):
        row.rank = page_obj.start_index() + offset
        row.badges = badges.get(row.pk, [])
    return page_obj, rows


def landing_context(*, campaign, request) -> dict:
    """What the campaign's public landing page shows of this area (template
    campaigns/public/_landing_quests.html): the top 10 organizations (3 queries)."""
    rows = list(leaderboard_queryset(campaign=campaign).filter(points__gt=0)[:10])
    badges = badges_by_participation([row.pk for row in rows])
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
        row.badges = badges.get(row.pk, [])
    return {"quests_top": rows, "quests_campaign": campaign}


def public_campaign(*, slug: str) -> Campaign:
    campaign = Campaign.objects.public().select_related("organization").filter(slug=slug).first()
    if campaign is None:
        raise Http404
    return campaign


def badge_participation(*, campaign: Campaign, link_code: str) -> Participation:
    """An approved participation by its link code (suspended or other: not found)."""
    participation = (
        Participation.objects.visible()
        .select_related("organization")
        .filter(campaign=campaign, link_code=link_code)
        .first()
    )
    if participation is None:
        raise Http404
    participation.badges = badges_by_participation([participation.pk])[participation.pk]
    return participation
