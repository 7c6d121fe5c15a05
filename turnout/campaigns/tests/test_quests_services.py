"""Quests: automatic verification of each rule, points, self-declared, evidence and review."""

import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from turnout.actions.tests.factories import SubmissionFactory
from turnout.campaigns.exceptions import CampaignError
from turnout.campaigns.models import Participation, Quest, QuestProgress
from turnout.campaigns.reach import measured_add
from turnout.campaigns.services import quests as services
from turnout.campaigns.tests.factories import (
    CampaignFactory,
    ContributionFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def quest(campaign, key) -> Quest:
    return campaign.quests.get(key=key)


def progress(participation, key) -> QuestProgress | None:
    return QuestProgress.objects.filter(participation=participation, quest__key=key).first()


def png_upload(name="photo.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#1d4ed8").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def participation():
    return ParticipationFactory()


def test_post_published_counts_visible_posts_with_a_link(participation):
    post = ContributionFactory(participation=participation)
    points = services.quest_progress_refresh(participation=participation)
    row = progress(participation, "publish")
    assert (row.status, row.value) == (QuestProgress.Status.DONE, 1)
    assert row.completed_at is not None
    assert points == 20
    participation.refresh_from_db()
    assert participation.points == 20

    # Hidden by the initiator: the quest is in progress again and its points are gone.
    post.hidden_at = timezone.now()
    post.save()
    assert services.quest_progress_refresh(participation=participation) == 0
    row.refresh_from_db()
    assert (row.status, row.value, row.completed_at) == (QuestProgress.Status.STARTED, 0, None)


def test_refresh_is_idempotent_and_keeps_first_completion_time(participation, clock):
    ContributionFactory(participation=participation)
    services.quest_progress_refresh(participation=participation)
    first = progress(participation, "publish").completed_at
    clock.move_to("2026-11-25 10:00+01:00")
    services.quest_progress_refresh(participation=participation)
    services.quest_progress_refresh(participation=participation)
    assert QuestProgress.objects.filter(participation=participation).count() == 1
    assert progress(participation, "publish").completed_at == first
    participation.refresh_from_db()
    assert participation.points == 20


def test_link_clicks_sum_the_measured_days(participation):
    campaign = participation.campaign
    clicks = services.quest_create(
        campaign=campaign,
        actor=None,
        values={
            "title": {"en": "100 clicks"},
            "tier": 2,
            "points": 30,
            "verification": "automatic",
            "rule": "link_clicks",
            "threshold": 100,
        },
    )
    measured_add(campaign_id=campaign.pk, participation_id=participation.pk, clicks=60)
    services.quest_progress_refresh(participation=participation, rules=["link_clicks"])
    row = QuestProgress.objects.get(participation=participation, quest=clicks)
    assert (row.value, row.status) == (60, QuestProgress.Status.STARTED)
    measured_add(campaign_id=campaign.pk, participation_id=participation.pk, clicks=40)
    assert services.quest_progress_refresh(participation=participation) == 30
    row.refresh_from_db()
    assert (row.value, row.status) == (100, QuestProgress.Status.DONE)


def test_pledges_count_confirmed_pledges_referred_by_the_organization(participation):
    campaign = participation.campaign
    mobilize = quest(campaign, "mobilize")
    mobilize.threshold = 2
    mobilize.save()
    for status in ("confirmed", "confirmed", "pending"):
        SubmissionFactory(
            action=campaign.pledge_action,
            status=status,
            referring_organization=participation.organization,
        )
    SubmissionFactory(action=campaign.pledge_action)  # not referred by anyone
    assert services.quest_progress_refresh(participation=participation) == 50
    assert progress(participation, "mobilize").value == 2


def test_visual_downloaded_is_recorded_by_the_download(participation):
    template = SimpleNamespace(pk=7)  # the record only keeps the template id
    services.visual_download_record(
        participation=participation, actor=None, template=template, fmt_key="square"
    )
    row = progress(participation, "personalize")
    assert row.status == QuestProgress.Status.DONE
    participation.refresh_from_db()
    assert participation.points == 10
    # Recomputing from the database finds the download again.
    services.quest_progress_refresh(participation=participation)
    assert progress(participation, "personalize").status == QuestProgress.Status.DONE


def test_not_approved_participations_earn_nothing():
    suspended = ParticipationFactory(status=Participation.Status.SUSPENDED)
    ContributionFactory(participation=suspended)
    assert services.quest_progress_refresh(participation=suspended) == 0
    assert not QuestProgress.objects.filter(participation=suspended).exists()
    self_quest = services.quest_create(
        campaign=suspended.campaign,
        actor=None,
        values={"title": {"en": "Talk"}, "verification": "self", "points": 5},
    )
    with pytest.raises(CampaignError):
        services.quest_self_declare(participation=suspended, quest=self_quest, actor=None)


def test_self_declared_quest_and_undo(participation):
    talk = services.quest_create(
        campaign=participation.campaign,
        actor=None,
        values={"title": {"en": "Talk about it"}, "verification": "self", "points": 15},
    )
    services.quest_self_declare(participation=participation, quest=talk, actor=None)
    participation.refresh_from_db()
    assert participation.points == 15
    services.quest_self_declare(participation=participation, quest=talk, actor=None)  # twice
    participation.refresh_from_db()
    assert participation.points == 15
    services.quest_self_undo(participation=participation, quest=talk, actor=None)
    participation.refresh_from_db()
    assert participation.points == 0
    row = QuestProgress.objects.get(participation=participation, quest=talk)
    assert row.status == QuestProgress.Status.STARTED and row.completed_at is None


def test_self_declare_refuses_an_evidence_quest(participation):
    with pytest.raises(CampaignError):
        services.quest_self_declare(
            participation=participation, quest=quest(participation.campaign, "internal"), actor=None
        )


def test_report_evidence_submit_reject_resubmit_approve(participation):
    internal = quest(participation.campaign, "internal")  # evidence: report, 40 points
    with pytest.raises(ValidationError) as error:
        services.quest_evidence_submit(participation=participation, quest=internal, actor=None)
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.quest_evidence_submit(
            participation=participation, quest=internal, actor=None, text="x" * 4001
        )
    row = services.quest_evidence_submit(
        participation=participation, quest=internal, actor=None, text="Session for 40 people"
    )
    assert row.status == QuestProgress.Status.SUBMITTED
    with pytest.raises(ValidationError):  # rejecting needs a note
        services.quest_evidence_review(progress=row, actor=None, approve=False)
    row = services.quest_evidence_review(
        progress=row, actor=None, approve=False, note="Please say when it took place."
    )
    assert row.status == QuestProgress.Status.REJECTED
    participation.refresh_from_db()
    assert participation.points == 0
    row = services.quest_evidence_submit(
        participation=participation, quest=internal, actor=None, text="On 12 November, 40 people"
    )
    assert (row.status, row.review_note) == (QuestProgress.Status.SUBMITTED, "")
    row = services.quest_evidence_review(progress=row, actor=None, approve=True)
    assert row.status == QuestProgress.Status.DONE
    participation.refresh_from_db()
    assert participation.points == 40
    with pytest.raises(CampaignError):
        services.quest_evidence_review(progress=row, actor=None, approve=True)


def test_link_evidence_must_be_a_url(participation):
    post = services.quest_create(
        campaign=participation.campaign,
        actor=None,
        values={"title": {"en": "Post"}, "verification": "evidence", "evidence": "link"},
    )
    with pytest.raises(ValidationError) as error:
        services.quest_evidence_submit(
            participation=participation, quest=post, actor=None, url="my linkedin post"
        )
    assert "url" in error.value.message_dict


def test_photo_evidence_is_reencoded_and_bad_files_refused(participation, settings):
    event = quest(participation.campaign, "event")  # evidence: photo
    with pytest.raises(ValidationError) as error:
        services.quest_evidence_submit(
            participation=participation,
            quest=event,
            actor=None,
            photo=SimpleUploadedFile("photo.png", b"not an image at all", "image/png"),
        )
    assert "not an image" in " ".join(error.value.message_dict["photo"])
    settings.TURNOUT_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.quest_evidence_submit(
            participation=participation, quest=event, actor=None, photo=png_upload()
        )
    assert "limit" in " ".join(error.value.message_dict["photo"])
    assert not QuestProgress.objects.filter(participation=participation, quest=event).exists()
    del settings.TURNOUT_EVIDENCE_MAX_BYTES
    row = services.quest_evidence_submit(
        participation=participation, quest=event, actor=None, photo=png_upload()
    )
    with row.evidence_file.open("rb") as handle:
        assert Image.open(handle).format == "JPEG"


def test_editor_create_validates_and_delete_removes_points(participation):
    with pytest.raises(ValidationError) as error:
        services.quest_create(
            campaign=participation.campaign,
            actor=None,
            values={"title": {}, "verification": "automatic", "rule": "event_held", "threshold": 1},
        )
    assert {"title_fr", "rule"} <= set(error.value.message_dict)
    ContributionFactory(participation=participation)
    services.quest_progress_refresh(participation=participation)
    publish = quest(participation.campaign, "publish")
    assert services.quest_completions(quest=publish) == 1
    assert services.quest_delete(quest=publish, actor=None) == 1
    participation.refresh_from_db()
    assert participation.points == 0


def test_editing_points_updates_stored_points(participation):
    ContributionFactory(participation=participation)
    services.quest_progress_refresh(participation=participation)
    publish = quest(participation.campaign, "publish")
    services.quest_update(
        quest=publish,
        actor=None,
        values={
            "title": publish.title,
            "description": publish.description,
            "tier": 1,
            "points": 35,
            "badge": "megaphone",
            "verification": "automatic",
            "rule": "post_published",
            "threshold": 1,
        },
    )
    participation.refresh_from_db()
    assert participation.points == 35


def test_quest_of_another_campaign_is_refused(participation):
    other = CampaignFactory()
    with pytest.raises(CampaignError):
        services.quest_evidence_submit(
            participation=participation, quest=quest(other, "internal"), actor=None, text="hello"
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_store_one_row_and_right_points():
    from turnout.core.tests.concurrency import run_together

    participation = ParticipationFactory()
    ContributionFactory(participation=participation)
    run_together(4, lambda i: services.quest_progress_refresh(participation=participation))
    assert QuestProgress.objects.filter(participation=participation).count() == 1
    participation.refresh_from_db()
    assert participation.points == 20
