"""Demo data of the quests area: quest progress for the past campaign (most organizations did
tiers 1-2, fewer the higher tiers, evidence reviewed) and for the live one (evidence waiting
in the review queue, one sent back with a note, varied progress).

The live campaign's automatic quests are then recomputed from what the wall seeder made
(posts, clicks, pledges) by a second seeder that runs after it."""

from __future__ import annotations

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.db.models import Sum
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.core.models import AuditEvent

from ..models import Campaign, Participation, Quest, QuestProgress
from ..services.quests import VISUAL_DOWNLOADED_ACTION

PAST = "europe-i-vote-2024"
LIVE = "presidentielle-je-vote-2027"
# Share of organizations that completed each default quest on the past campaign.
PAST_SHARES = {
    "personalize": 0.9,
    "publish": 0.75,
    "mobilize": 0.35,
    "internal": 0.25,
    "event": 0.1,
}
LIVE_SHARES = {"personalize": 0.6, "internal": 0.15}
REPORTS = [
    "Session d'information pour nos 40 salariés sur l'inscription et les procurations.",
    "Info session for our members: how to register, how to vote by proxy. 25 people came.",
    "Interne Infoveranstaltung: Briefwahl und Wahllokale erklärt, 60 Teilnehmende.",
]


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), "#1d4ed8")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 260, 600, 380), fill="#f59e0b")
    draw.ellipse((260, 80, 380, 200), fill="#ffffff")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _downloads(campaign: Campaign, participations, when) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organization_id=p.organization_id,
            action=VISUAL_DOWNLOADED_ACTION,
            target_type="campaigns.campaign",
            target_id=str(campaign.pk),
            target_repr=str(campaign)[:200],
            data={"demo": True},
            created_at=when(p),
        )
        for p in participations
    )


def _points(campaign: Campaign) -> None:
    totals = dict(
        QuestProgress.objects.filter(
            participation__campaign=campaign, status=QuestProgress.Status.DONE
        )
        .values_list("participation_id")
        .annotate(n=Sum("quest__points"))
    )
    rows = list(Participation.objects.filter(campaign=campaign))
    for row in rows:
        row.points = totals.get(row.pk, 0) if row.status == Participation.Status.APPROVED else 0
    Participation.objects.bulk_update(rows, ["points"], batch_size=500)


def _seed_past(campaign: Campaign, rng: random.Random) -> None:
    quests = {q.key: q for q in campaign.quests.all()}
    participations = list(Participation.objects.visible().filter(campaign=campaign))
    rows, downloaded = [], []
    for p in participations:
        start = p.approved_at or p.charter_signed_at
        for tier_rank, (key, share) in enumerate(PAST_SHARES.items()):
            quest = quests.get(key)
            if quest is None or rng.random() > share:
                continue
            when = start + datetime.timedelta(days=1 + tier_rank * 4 + rng.random() * 6)
            when = min(when, datetime.datetime(2024, 6, 9, 18, tzinfo=datetime.UTC))
            row = QuestProgress(
                participation=p,
                quest=quest,
                status=QuestProgress.Status.DONE,
                value=quest.threshold,
                completed_at=when,
            )
            if quest.verification == Quest.Verification.EVIDENCE:
                row.evidence_text = rng.choice(REPORTS)
                row.submitted_at = when - datetime.timedelta(hours=20)
                row.review_note = "Merci !" if rng.random() < 0.3 else ""
            if key == "personalize":
                downloaded.append((p, when))
            rows.append(row)
    QuestProgress.objects.bulk_create(rows, batch_size=500)
    by_pk = dict((p.pk, when) for p, when in downloaded)
    _downloads(campaign, [p for p, _when in downloaded], lambda p: by_pk[p.pk])
    _points(campaign)


def _seed_live(campaign: Campaign, rng: random.Random) -> None:
    quests = {q.key: q for q in campaign.quests.all()}
    participations = list(
        Participation.objects.visible().filter(campaign=campaign).order_by("charter_signed_at")
    )
    now = timezone.now()
    rows, downloaded = [], []
    for index, p in enumerate(participations):
        if rng.random() < LIVE_SHARES["personalize"] and "personalize" in quests:
            downloaded.append(p)
        if "internal" in quests and rng.random() < LIVE_SHARES["internal"]:
            rows.append(
                QuestProgress(
                    participation=p,
                    quest=quests["internal"],
                    status=QuestProgress.Status.DONE,
                    value=1,
                    evidence_text=rng.choice(REPORTS),
                    completed_at=now - datetime.timedelta(days=rng.randint(2, 20)),
                    submitted_at=now - datetime.timedelta(days=21),
                )
            )
        elif index % 9 == 4 and "internal" in quests:  # waiting for review
            rows.append(
                QuestProgress(
                    participation=p,
                    quest=quests["internal"],
                    status=QuestProgress.Status.SUBMITTED,
                    evidence_text=rng.choice(REPORTS),
                    submitted_at=now - datetime.timedelta(hours=index),
                )
            )
        if index in (3, 11) and "event" in quests:
            row = QuestProgress(
                participation=p,
                quest=quests["event"],
                status=QuestProgress.Status.SUBMITTED,
                evidence_text="Stand devant la mairie, samedi matin.",
                submitted_at=now - datetime.timedelta(hours=5 + index),
            )
            row.evidence_file.save(f"demo-{p.pk}-event.jpg", ContentFile(_photo()), save=False)
            rows.append(row)
        elif index == 7 and "event" in quests:
            rows.append(
                QuestProgress(
                    participation=p,
                    quest=quests["event"],
                    status=QuestProgress.Status.REJECTED,
                    evidence_url="https://example.org/photo-floue",
                    evidence_text="Notre stand.",
                    review_note="La photo ne montre pas l'événement : envoyez une photo du stand.",
                    submitted_at=now - datetime.timedelta(days=3),
                )
            )
    QuestProgress.objects.bulk_create(rows)
    _downloads(campaign, downloaded, lambda p: now - datetime.timedelta(days=rng.randint(1, 30)))
    _points(campaign)


@demo_seeder(110)
def seed_quests(stdout=None) -> None:
    past = Campaign.objects.filter(slug=PAST).first()
    live = Campaign.objects.filter(slug=LIVE).first()
    if past is None or QuestProgress.objects.filter(participation__campaign=past).exists():
        return
    rng = random.Random(110)
    _seed_past(past, rng)
    if live is not None:
        _seed_live(live, rng)
    if stdout is not None:
        stdout.write("  quests: progress on the past and live campaigns, evidence to review\n")


@demo_seeder(125)
def seed_quests_automatic(stdout=None) -> None:
    """After the wall's posts, clicks and pledges: the live campaign's automatic quests."""
    from ..services.quests import campaign_quests_refresh

    live = Campaign.objects.filter(slug=LIVE).first()
    if live is not None:
        campaign_quests_refresh(campaign=live)
