"""Quests: the initiator's editor, the participants' progress (automatic, evidence,
self-declared), the review of evidence, and points.

Points of a participation are the sum of the points of its done quests, stored on
``Participation.points`` by ``participation_points_update`` in the same transaction as every
change of progress. Only approved participations earn: the others keep 0 points and cannot
submit anything.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from turnout.actions.models import LANGUAGES
from turnout.core.audit import audit_record
from turnout.core.models import AuditEvent
from turnout.core.uploads import open_raster_image

from .. import reach
from ..exceptions import CampaignError
from ..models import Contribution, MeasuredDay, Participation, Quest, QuestProgress
from ..quests_badges import BADGES

EVIDENCE_MAX_BYTES = 8 * 1024 * 1024
EVIDENCE_MAX_PIXELS = 40_000_000
EVIDENCE_MAX_SIDE = 2400  # re-encoded photos are scaled down to this many pixels at most
REPORT_MAX = 4000
# Rules offered in the editor; "event_held" waits for the events module.
OFFERED_RULES = [
    Quest.Rule.VISUAL_DOWNLOADED,
    Quest.Rule.POST_PUBLISHED,
    Quest.Rule.LINK_CLICKS,
    Quest.Rule.PLEDGES,
]
VISUAL_DOWNLOADED_ACTION = "quest.visual_downloaded"


# --- The editor -----------------------------------------------------------------------------


def _quest_check(values: dict) -> dict:
    errors: dict[str, list] = {}
    title = {c: str(values.get("title", {}).get(c) or "").strip() for c in LANGUAGES}
    title = {c: v for c, v in title.items() if v}
    if not title:
        errors["title_fr"] = [_("Give the quest a title in at least one language.")]
    description = {c: str(values.get("description", {}).get(c) or "").strip() for c in LANGUAGES}
    cleaned = {
        "title": title,
        "description": {c: v for c, v in description.items() if v},
        "tier": values.get("tier") or 1,
        "points": values.get("points") or 0,
        "badge": values.get("badge") if values.get("badge") in BADGES else "star",
        "verification": values.get("verification") or Quest.Verification.SELF,
        "rule": "",
        "threshold": 1,
        "evidence": "",
    }
    if not 1 <= int(cleaned["tier"]) <= 5:
        errors["tier"] = [_("The tier goes from 1 to 5.")]
    if cleaned["verification"] == Quest.Verification.AUTOMATIC:
        rule = values.get("rule") or ""
        if rule not in OFFERED_RULES:
            errors["rule"] = [_("Choose what the platform watches for an automatic quest.")]
        threshold = values.get("threshold") or 0
        if int(threshold) < 1:
            errors["threshold"] = [_("The target must be at least 1.")]
        cleaned["rule"], cleaned["threshold"] = rule, threshold
    elif cleaned["verification"] == Quest.Verification.EVIDENCE:
        evidence = values.get("evidence") or ""
        if evidence not in Quest.Evidence.values:
            errors["evidence"] = [_("Choose the evidence organizations must send.")]
        cleaned["evidence"] = evidence
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def quest_create(*, campaign, actor, values: dict) -> Quest:
    cleaned = _quest_check(values)
    last = campaign.quests.filter(tier=cleaned["tier"]).order_by("-position").first()
    key = f"q-{get_random_string(8).lower()}"
    quest = Quest.objects.create(
        campaign=campaign, key=key, position=(last.position + 1) if last else 0, **cleaned
    )
    audit_record(
        organization=campaign.organization, actor=actor, action="quest.create", target=quest
    )
    _refresh_all_later(campaign.pk)
    return quest


@transaction.atomic
def quest_update(*, quest: Quest, actor, values: dict) -> Quest:
    cleaned = _quest_check(values)
    for field, value in cleaned.items():
        setattr(quest, field, value)
    quest.save()
    audit_record(
        organization=quest.campaign.organization, actor=actor, action="quest.update", target=quest
    )
    # Points or rules may have changed: the stored points of every participation follow.
    participation_ids = list(quest.progress.values_list("participation_id", flat=True))
    for participation in Participation.objects.filter(pk__in=participation_ids):
        participation_points_update(participation=participation)
    _refresh_all_later(quest.campaign_id)
    return quest


def quest_completions(*, quest: Quest) -> int:
    return quest.progress.filter(status=QuestProgress.Status.DONE).count()


@transaction.atomic
def quest_delete(*, quest: Quest, actor) -> int:
    """Delete a quest and its progress; the organizations that completed it lose its points.
    Returns how many completions were lost."""
    lost = quest_completions(quest=quest)
    participation_ids = list(quest.progress.values_list("participation_id", flat=True))
    campaign = quest.campaign
    audit_record(
        organization=campaign.organization,
        actor=actor,
        action="quest.delete",
        target=quest,
        data={"completions": lost},
    )
    quest.delete()
    for participation in Participation.objects.filter(pk__in=participation_ids):
        participation_points_update(participation=participation)
    return lost


def _refresh_all_later(campaign_id: int) -> None:
    from turnout.core.tasks import enqueue_on_commit

    from ..tasks_quests import quests_refresh_campaign

    enqueue_on_commit(quests_refresh_campaign, campaign_id)


# --- Points -----------------------------------------------------------------------------------


def participation_points_update(*, participation: Participation) -> int:
    """Store the sum of the points of the done quests (0 when not approved)."""
    points = 0
    if participation.status == Participation.Status.APPROVED:
        points = (
            QuestProgress.objects.filter(
                participation=participation, status=QuestProgress.Status.DONE
            ).aggregate(n=Sum("quest__points"))["n"]
            or 0
        )
    Participation.objects.filter(pk=participation.pk).update(points=points)
    participation.points = points
    return points


# --- Automatic verification -------------------------------------------------------------------


def _rule_values(participation: Participation, rules: set[str]) -> dict[str, int]:
    values: dict[str, int] = {}
    campaign = participation.campaign
    if Quest.Rule.VISUAL_DOWNLOADED in rules:
        values[Quest.Rule.VISUAL_DOWNLOADED] = AuditEvent.objects.filter(
            organization_id=participation.organization_id,
            action=VISUAL_DOWNLOADED_ACTION,
            target_type="campaigns.campaign",
            target_id=str(campaign.pk),
        ).count()
    if Quest.Rule.POST_PUBLISHED in rules:
        values[Quest.Rule.POST_PUBLISHED] = (
            Contribution.objects.filter(
                participation=participation,
                kind=Contribution.Kind.POST,
                hidden_at__isnull=True,
            )
            .exclude(url="")
            .count()
        )
    if Quest.Rule.LINK_CLICKS in rules:
        values[Quest.Rule.LINK_CLICKS] = (
            MeasuredDay.objects.filter(participation=participation).aggregate(n=Sum("clicks"))["n"]
            or 0
        )
    if Quest.Rule.PLEDGES in rules:
        values[Quest.Rule.PLEDGES] = reach.pledges_by_organization(campaign).get(
            participation.organization_id, 0
        )
    return values


@transaction.atomic
def quest_progress_refresh(
    *, participation: Participation, rules: Iterable[str] | None = None
) -> int:
    """Recompute the value and status of the participation's automatic quests (all of them, or
    those watching ``rules``) from the database, then its points. Idempotent; returns the
    points. A quest whose value reaches its target is done (``completed_at`` kept from the
    first time); one whose value falls back below it (a post hidden) is in progress again."""
    participation = (
        Participation.objects.select_for_update()
        .select_related("campaign")
        .get(pk=participation.pk)
    )
    if participation.status != Participation.Status.APPROVED:
        return participation_points_update(participation=participation)
    quests = participation.campaign.quests.filter(verification=Quest.Verification.AUTOMATIC)
    if rules is not None:
        quests = quests.filter(rule__in=list(rules))
    quests = list(quests)
    if not quests:
        return participation_points_update(participation=participation)
    values = _rule_values(participation, {q.rule for q in quests})
    existing = {
        p.quest_id: p
        for p in QuestProgress.objects.filter(participation=participation, quest__in=quests)
    }
    now = timezone.now()
    for quest in quests:
        value = values.get(quest.rule, 0)
        reached = value >= quest.threshold
        status = QuestProgress.Status.DONE if reached else QuestProgress.Status.STARTED
        progress = existing.get(quest.pk)
        if progress is None:
            if not value:
                continue  # nothing to show yet: the board shows 0 without a row
            QuestProgress.objects.create(
                participation=participation,
                quest=quest,
                value=value,
                status=status,
                completed_at=now if reached else None,
            )
            continue
        completed_at = (progress.completed_at or now) if reached else None
        if (progress.value, progress.status, progress.completed_at) != (
            value,
            status,
            completed_at,
        ):
            progress.value, progress.status, progress.completed_at = value, status, completed_at
            progress.save(update_fields=["value", "status", "completed_at", "updated_at"])
    return participation_points_update(participation=participation)


def campaign_quests_refresh(*, campaign, rules: Iterable[str] | None = None) -> int:
    """Refresh every approved participation of the campaign (periodic job, editor changes)."""
    count = 0
    for participation in Participation.objects.visible().filter(campaign=campaign):
        quest_progress_refresh(participation=participation, rules=rules)
        count += 1
    return count


@transaction.atomic
def visual_download_record(*, participation: Participation, actor, template, fmt_key: str):
    """The participant downloaded a render of one of the campaign's templates: kept in its
    audit log, and the "visual downloaded" quests are refreshed."""
    audit_record(
        organization=participation.organization,
        actor=actor,
        action=VISUAL_DOWNLOADED_ACTION,
        target=participation.campaign,
        data={"template": template.pk, "format": fmt_key},
    )
    return quest_progress_refresh(participation=participation, rules=[Quest.Rule.VISUAL_DOWNLOADED])


# --- Self-declared and evidence quests --------------------------------------------------------


def _check_can_act(participation: Participation, quest: Quest, verification: str) -> None:
    if participation.status != Participation.Status.APPROVED:
        raise CampaignError(
            _("Your organization's participation is not approved: quests earn nothing yet.")
        )
    if quest.campaign_id != participation.campaign_id or quest.verification != verification:
        raise CampaignError(_("This quest cannot be completed this way."))


def _progress_locked(participation, quest) -> QuestProgress:
    progress, _created = QuestProgress.objects.get_or_create(
        participation=participation, quest=quest
    )
    return QuestProgress.objects.select_for_update().get(pk=progress.pk)


@transaction.atomic
def quest_self_declare(*, participation: Participation, quest: Quest, actor) -> QuestProgress:
    _check_can_act(participation, quest, Quest.Verification.SELF)
    progress = _progress_locked(participation, quest)
    if progress.status != QuestProgress.Status.DONE:
        progress.status, progress.value = QuestProgress.Status.DONE, 1
        progress.completed_at = timezone.now()
        progress.submitted_by, progress.submitted_at = actor, progress.completed_at
        progress.save()
        audit_record(
            organization=participation.organization,
            actor=actor,
            action="quest.self_declared",
            target=quest,
        )
    participation_points_update(participation=participation)
    return progress


@transaction.atomic
def quest_self_undo(*, participation: Participation, quest: Quest, actor) -> QuestProgress:
    _check_can_act(participation, quest, Quest.Verification.SELF)
    progress = _progress_locked(participation, quest)
    if progress.status == QuestProgress.Status.DONE:
        progress.status, progress.value, progress.completed_at = (
            QuestProgress.Status.STARTED,
            0,
            None,
        )
        progress.save()
        audit_record(
            organization=participation.organization,
            actor=actor,
            action="quest.self_undone",
            target=quest,
        )
    participation_points_update(participation=participation)
    return progress


def evidence_photo_check(upload) -> bytes:
    """An uploaded photo, checked by content (not name), size and pixels, re-encoded as JPEG
    (metadata dropped). Raises ValidationError with a clear message."""
    image = open_raster_image(
        upload,
        max_bytes=getattr(settings, "TURNOUT_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES),
        max_pixels=EVIDENCE_MAX_PIXELS,
    )
    image = image.convert("RGB")
    image.thumbnail((EVIDENCE_MAX_SIDE, EVIDENCE_MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


@transaction.atomic
def quest_evidence_submit(
    *,
    participation: Participation,
    quest: Quest,
    actor,
    url: str = "",
    photo=None,
    text: str = "",
) -> QuestProgress:
    """Send evidence for review (again, after a rejection). Raises ValidationError(dict) on
    bad input; nothing is stored then."""
    _check_can_act(participation, quest, Quest.Verification.EVIDENCE)
    url, text = (url or "").strip(), (text or "").strip()
    content = None
    if quest.evidence == Quest.Evidence.LINK:
        if not url.startswith(("https://", "http://")):
            raise ValidationError({"url": _("Paste the full address of the post (https://…).")})
    elif quest.evidence == Quest.Evidence.PHOTO:
        if photo is None:
            raise ValidationError({"photo": _("Choose a photo to send.")})
        try:
            content = evidence_photo_check(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
    elif quest.evidence == Quest.Evidence.REPORT and not text:
        raise ValidationError({"text": _("Tell us in a few lines what you did.")})
    if len(text) > REPORT_MAX:
        raise ValidationError(
            {
                "text": _("The report is %(n)s characters long; the limit is %(limit)s.")
                % {"n": len(text), "limit": REPORT_MAX}
            }
        )
    progress = _progress_locked(participation, quest)
    if progress.status == QuestProgress.Status.DONE:
        raise CampaignError(_("This quest is already done."))
    old_file = progress.evidence_file.name if progress.evidence_file else ""
    progress.evidence_url, progress.evidence_text = url, text
    if content is not None:
        name = f"{participation.pk}-{quest.pk}-{get_random_string(10).lower()}.jpg"
        progress.evidence_file.save(name, ContentFile(content), save=False)
        if old_file:
            storage = progress.evidence_file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    progress.status = QuestProgress.Status.SUBMITTED
    progress.submitted_by, progress.submitted_at = actor, timezone.now()
    progress.reviewed_by, progress.review_note = None, ""
    progress.save()
    audit_record(
        organization=participation.organization,
        actor=actor,
        action="quest.evidence_submitted",
        target=quest,
    )
    return progress


@transaction.atomic
def quest_evidence_review(
    *, progress: QuestProgress, actor, approve: bool, note: str = ""
) -> QuestProgress:
    """Approve (the quest is done, points follow) or reject with a note the organization
    reads before sending again."""
    progress = (
        QuestProgress.objects.select_for_update()
        .select_related("quest__campaign__organization", "participation")
        .get(pk=progress.pk)
    )
    if progress.status != QuestProgress.Status.SUBMITTED:
        raise CampaignError(_("This evidence was already reviewed."))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Tell the organization why, so it can send again.")})
    progress.status = QuestProgress.Status.DONE if approve else QuestProgress.Status.REJECTED
    progress.completed_at = timezone.now() if approve else None
    progress.value = 1 if approve else 0
    progress.reviewed_by, progress.review_note = actor, note
    progress.save()
    participation_points_update(participation=progress.participation)
    audit_record(
        organization=progress.quest.campaign.organization,
        actor=actor,
        action="quest.evidence_approved" if approve else "quest.evidence_rejected",
        target=progress.quest,
        data={"participation": progress.participation_id},
    )
    return progress
