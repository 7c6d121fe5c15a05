"""Quest pages as people use them: board, evidence, review, editor, visual; other tenants 404."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from turnout.campaigns.models import QuestProgress
from turnout.campaigns.services import quests as services
from turnout.campaigns.tests.factories import CampaignFactory, ParticipationFactory
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def url(name, participation_or_campaign, org, **kwargs):
    campaign = getattr(participation_or_campaign, "campaign", participation_or_campaign)
    return reverse(
        f"campaigns:{name}", kwargs={"org_slug": org.slug, "campaign_slug": campaign.slug, **kwargs}
    )


@pytest.fixture
def campaign(org_a):
    return CampaignFactory(organization=org_a)


@pytest.fixture
def participation(campaign, org_b):
    return ParticipationFactory(campaign=campaign, organization=org_b)


@pytest.fixture
def client_b(client, owner_b):
    client.force_login(owner_b)
    return client


def test_board_shows_quests_progress_and_points(client_b, participation, org_b):
    response = client_b.get(url("quest_board", participation, org_b))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Personalize and download the visual" in html
    assert "Organize a public event" in html
    assert "0/5" in html  # quests done


def test_self_declared_mark_and_undo_through_the_board(client_b, participation, org_b):
    talk = services.quest_create(
        campaign=participation.campaign,
        actor=None,
        values={
            "title": {"en": "Talk about it", "fr": "En parler"},
            "verification": "self",
            "points": 15,
        },
    )
    done_url = url("quest_self", participation, org_b, quest_id=talk.pk)
    response = client_b.post(done_url, follow=True)
    assert "Undo: not done yet" in response.content.decode()
    participation.refresh_from_db()
    assert participation.points == 15
    client_b.post(done_url, {"undo": "1"})
    participation.refresh_from_db()
    assert participation.points == 0


def test_bad_photo_is_refused_and_the_report_text_is_kept(client_b, participation, org_b):
    event = participation.campaign.quests.get(key="event")
    response = client_b.post(
        url("quest_evidence", participation, org_b, quest_id=event.pk),
        {
            "text": "Stand at the market, 200 people",
            "photo": SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", "image/jpeg"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "not an image we can read" in html
    assert "Stand at the market, 200 people" in html
    assert not QuestProgress.objects.filter(quest=event).exists()


def test_huge_photo_is_refused(client_b, participation, org_b, settings):
    settings.TURNOUT_EVIDENCE_MAX_BYTES = 1000
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 80).convert("RGB").save(buffer, "PNG")
    event = participation.campaign.quests.get(key="event")
    response = client_b.post(
        url("quest_evidence", participation, org_b, quest_id=event.pk),
        {"text": "Our stand", "photo": SimpleUploadedFile("p.png", buffer.getvalue())},
    )
    assert response.status_code == 400
    assert "the limit is" in response.content.decode()
    assert "Our stand" in response.content.decode()


def test_evidence_review_round_trip(client, owner_a, owner_b, participation, org_a, org_b):
    event = participation.campaign.quests.get(key="event")
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "#0f766e").save(buffer, "PNG")
    client.force_login(owner_b)
    response = client.post(
        url("quest_evidence", participation, org_b, quest_id=event.pk),
        {"text": "Our stand", "photo": SimpleUploadedFile("p.png", buffer.getvalue())},
    )
    assert response.status_code == 302
    row = QuestProgress.objects.get(quest=event)
    assert row.status == QuestProgress.Status.SUBMITTED

    client.force_login(owner_a)
    queue = client.get(url("quest_reviews", participation, org_a))
    assert "Our stand" in queue.content.decode()
    photo = client.get(url("quest_evidence_photo", participation, org_a, progress_id=row.pk))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    response = client.post(
        url("quest_reviews", participation, org_a),
        {"progress": row.pk, "decision": "reject", "note": ""},
    )
    assert response.status_code == 400
    assert "Tell the organization why" in response.content.decode()
    client.post(
        url("quest_reviews", participation, org_a),
        {"progress": row.pk, "decision": "reject", "note": "The photo is blurry."},
    )

    client.force_login(owner_b)
    board = client.get(url("quest_board", participation, org_b)).content.decode()
    assert "The photo is blurry." in board
    assert "Send again" in board


def test_other_tenants_get_404(client, participation, org_a, org_b, campaign):
    stranger = OrganizationFactory(slug="stranger")
    user = MembershipFactory(organization=stranger, role=Role.OWNER).user
    client.force_login(user)
    for name in ("quest_board", "quest_editor", "quest_reviews", "quest_visual"):
        assert client.get(url(name, campaign, stranger)).status_code == 404
    # A participant cannot reach the initiator's pages, nor another campaign's quest ids.
    owner_b = MembershipFactory(organization=org_b, role=Role.OWNER).user
    client.force_login(owner_b)
    assert client.get(url("quest_editor", campaign, org_b)).status_code == 404
    assert client.get(url("quest_reviews", campaign, org_b)).status_code == 404
    other_quest = CampaignFactory().quests.first()
    response = client.post(url("quest_self", campaign, org_b, quest_id=other_quest.pk))
    assert response.status_code == 404
    # Another participation's evidence photo.
    other = ParticipationFactory(campaign=campaign)
    row = QuestProgress.objects.create(participation=other, quest=campaign.quests.get(key="event"))
    response = client.get(url("quest_evidence_photo", campaign, org_b, progress_id=row.pk))
    assert response.status_code == 404


def test_editor_add_keeps_input_on_error_and_delete_asks_confirmation(
    client_a, participation, org_a
):
    editor = url("quest_editor", participation, org_a)
    response = client_a.post(
        editor,
        {
            "title_en": "Hold a debate",
            "tier": 3,
            "points": 30,
            "badge": "trophy",
            "verification": "automatic",
            "rule": "",
            "threshold": 1,
        },
    )
    assert response.status_code == 400
    assert "Hold a debate" in response.content.decode()
    response = client_a.post(
        editor,
        {
            "title_en": "Hold a debate",
            "tier": 3,
            "points": 30,
            "badge": "trophy",
            "verification": "self",
        },
    )
    assert response.status_code == 302
    assert participation.campaign.quests.filter(title__en="Hold a debate").exists()

    services.quest_self_declare(
        participation=participation,
        quest=participation.campaign.quests.get(title__en="Hold a debate"),
        actor=None,
    )
    debate = participation.campaign.quests.get(title__en="Hold a debate")
    page = client_a.get(url("quest_delete", participation, org_a, quest_id=debate.pk))
    assert "1 organization completed this quest" in page.content.decode()
    client_a.post(url("quest_delete", participation, org_a, quest_id=debate.pk))  # no confirm
    assert participation.campaign.quests.filter(pk=debate.pk).exists()
    client_a.post(url("quest_delete", participation, org_a, quest_id=debate.pk), {"confirm": "yes"})
    assert not participation.campaign.quests.filter(pk=debate.pk).exists()
    participation.refresh_from_db()
    assert participation.points == 0


def test_visual_download_completes_the_quest_and_qr_uses_tracked_link(
    client_b, participation, org_a, org_b
):
    from turnout.campaigns.services.visual import campaign_brand, tracked_link
    from turnout.visuals.services import template_install_defaults

    template = template_install_defaults(organization=org_a)[0]
    participation.campaign.templates.add(template)
    assert campaign_brand(participation).link == tracked_link(participation)
    assert participation.link_code in tracked_link(participation)
    page = client_b.get(url("quest_visual", participation, org_b))
    assert page.status_code == 200
    response = client_b.get(
        url(
            "quest_visual_download",
            participation,
            org_b,
            template_id=template.pk,
            format_key="square",
        )
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    participation.refresh_from_db()
    assert participation.points == 10
    row = QuestProgress.objects.get(participation=participation, quest__key="personalize")
    assert row.status == QuestProgress.Status.DONE
    # A template that is not the campaign's: not found.
    other = template_install_defaults(organization=org_b)[0]
    response = client_b.get(
        url(
            "quest_visual_download", participation, org_b, template_id=other.pk, format_key="square"
        )
    )
    assert response.status_code == 404


def test_batch_render_of_approved_organizations_with_a_kit(client_a, participation, org_a):
    from turnout.campaigns.services.visual import campaign_render
    from turnout.core.jobs import job_run
    from turnout.core.models import Job
    from turnout.visuals.formats import FORMATS
    from turnout.visuals.models import BrandKit, Render
    from turnout.visuals.services import template_install_defaults

    template = template_install_defaults(organization=org_a)[0]
    participation.campaign.templates.add(template)
    editor = url("quest_editor", participation, org_a)
    batch = url("quest_batch", participation, org_a)
    response = client_a.post(batch, {"template": template.pk}, follow=True)
    assert "No approved organization has saved its brand kit yet" in response.content.decode()
    BrandKit.objects.create(organization=participation.organization)
    suspended = ParticipationFactory(campaign=participation.campaign, status="suspended")
    BrandKit.objects.create(organization=suspended.organization)
    response = client_a.post(batch, {"template": template.pk})
    job = Job.objects.get(kind="campaigns_visuals_batch")
    assert response.status_code == 302 and str(job.uuid) in response["Location"]
    # Run it on one format and language: each approved organization's file is the one its
    # download makes (tracked-link QR code, partner logos), so a download finds it cached.
    Job.objects.filter(pk=job.pk).update(params={**job.params, "formats": ["square"],
                                                 "languages": ["fr"]})  # fmt: skip
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["organizations"] == 1 and job.result["rendered"] == 1
    render = campaign_render(participation=participation, template=template, language="fr",
                             fmt=FORMATS["square"])  # fmt: skip
    assert getattr(render, "was_cached", False)
    assert not Render.objects.filter(organization=suspended.organization).exists()
    assert client_a.post(batch, {"template": 999999}).status_code == 404
    assert client_a.get(editor).status_code == 200
