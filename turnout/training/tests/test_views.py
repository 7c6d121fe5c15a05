"""The pages: My trainings, the reader, the quiz, the editor, requirements, progress."""

import pytest
from django.urls import reverse

from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.training import services
from turnout.training.models import Capability, Enrollment, Module, RoleRequirement

from .helpers import right_answers

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"training:{name}", kwargs={"org_slug": org.slug, **kwargs})


def quiz_post(module, answers):
    return {f"q{pk}": keys for pk, keys in answers.items()}


def test_my_trainings_puts_required_ones_first_with_the_reason(
    client, canvassing, org_a, owner_a, yanis
):
    services.requirement_set(
        organization=org_a, actor=owner_a, capability=Capability.TEXTING, skill="texting"
    )
    client.force_login(yanis)
    page = client.get(url("home", org_a)).content.decode()
    assert page.index("Texting basics") < page.index("Canvassing basics")
    assert "Required: needed to text" in page
    assert '<span class="stat-value">0</span>' in page and "points out of 50" in page


def test_a_volunteer_reads_fails_and_passes(client, own_module, org_a, yanis):
    client.force_login(yanis)
    first, second = own_module.lessons.order_by("position")
    page = client.get(url("lesson", org_a, module_id=own_module.pk, lesson_id=first.pk))
    assert "Lesson 1 of 2" in page.content.decode()
    assert "<li>Be kind</li>" in page.content.decode()
    nxt = client.post(url("lesson", org_a, module_id=own_module.pk, lesson_id=first.pk))
    assert nxt.url == url("lesson", org_a, module_id=own_module.pk, lesson_id=second.pk)
    last = client.post(url("lesson", org_a, module_id=own_module.pk, lesson_id=second.pk))
    assert last.url == url("quiz", org_a, module_id=own_module.pk)
    single, multiple = own_module.questions.order_by("position")
    wrong = client.post(
        url("quiz", org_a, module_id=own_module.pk),
        {f"q{single.pk}": "b", f"q{multiple.pk}": ["a"]},
    )
    body = wrong.content.decode()
    assert "Not yet: 50% right, 80% needed." in body and "Retake the quiz" in body
    assert "Always in pairs." in body  # the explanation
    right = client.post(
        url("quiz", org_a, module_id=own_module.pk),
        {f"q{single.pk}": "b", f"q{multiple.pk}": ["a", "c"]},
    )
    assert "Passed: 100% right." in right.content.decode()
    enrollment = Enrollment.objects.get(user=yanis)
    assert enrollment.passed and enrollment.attempts == 2 and len(enrollment.lessons_done) == 2
    home = client.get(url("home", org_a)).content.decode()
    assert '<span class="stat-value">10</span>' in home and "points out of 60" in home
    assert "Passed on" in home


def test_an_unanswered_question_keeps_the_other_answers(client, own_module, org_a, yanis):
    client.force_login(yanis)
    _single, multiple = own_module.questions.order_by("position")
    response = client.post(
        url("quiz", org_a, module_id=own_module.pk), {f"q{multiple.pk}": ["a", "c"]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Answer this question." in body
    assert body.count("checked") == 2
    assert not Enrollment.objects.exists()


def test_volunteers_do_not_see_drafts_nor_the_organizer_pages(client, own_module, org_a, yanis):
    Module.objects.filter(pk=own_module.pk).update(status=Module.Status.DRAFT)
    client.force_login(yanis)
    assert client.get(url("module", org_a, module_id=own_module.pk)).status_code == 404
    for name in ("modules", "requirements", "progress", "progress_csv"):
        assert client.get(url(name, org_a)).status_code == 403


def test_an_organizer_previews_a_draft_without_recording(client, own_module, org_a, organizer_a):
    Module.objects.filter(pk=own_module.pk).update(status=Module.Status.DRAFT)
    client.force_login(organizer_a)
    page = client.get(url("module", org_a, module_id=own_module.pk)).content.decode()
    assert "Preview of a draft" in page
    answers = quiz_post(own_module, right_answers(own_module))
    assert (
        "Passed"
        in client.post(url("quiz", org_a, module_id=own_module.pk), answers).content.decode()
    )
    assert not Enrollment.objects.exists()


def test_an_organizer_copies_edits_and_publishes(client, canvassing, org_a, organizer_a):
    client.force_login(organizer_a)
    listing = client.get(url("modules", org_a)).content.decode()
    assert "Canvassing basics" in listing and "Copy to edit" in listing
    response = client.post(url("module_copy", org_a, module_id=canvassing.pk))
    copy = Module.objects.get(organization=org_a)
    assert response.url == url("module_edit", org_a, module_id=copy.pk)
    editor = client.get(response.url).content.decode()
    assert "Safety and pairs" in editor and "Draft" in editor
    # A lesson with a bad video link: refused, nothing typed is lost.
    bad = client.post(
        url("lesson_new", org_a, module_id=copy.pk),
        {
            "title_en": "Our rules",
            "body_en": "Meet at 5 pm.",
            "video_url": "https://example.org/v.mp4",
        },
    )
    assert bad.status_code == 400
    assert "YouTube, Vimeo or PeerTube" in bad.content.decode()
    assert "Meet at 5 pm." in bad.content.decode()
    client.post(
        url("lesson_new", org_a, module_id=copy.pk),
        {"title_en": "Our rules", "body_en": "Meet at 5 pm.", "video_url": "https://vimeo.com/1"},
    )
    assert copy.lessons.order_by("-position").first().title == {"en": "Our rules"}
    client.post(
        url("question_new", org_a, module_id=copy.pk),
        {
            "text_en": "When do we meet?",
            "choice_a_en": "5 pm",
            "choice_b_en": "Midnight",
            "correct": ["a"],
        },
    )
    assert copy.questions.order_by("-position").first().correct == ["a"]
    client.post(url("module_publish", org_a, module_id=copy.pk), {"publish": "1"})
    copy.refresh_from_db()
    assert copy.status == Module.Status.PUBLISHED
    # Published, the copy stands in for the original in the volunteers' list.
    home = client.get(url("home", org_a)).content.decode()
    assert home.count("Canvassing basics") == 1


def test_editing_a_shipped_module_is_not_found(client, canvassing, org_a, organizer_a):
    client.force_login(organizer_a)
    assert client.get(url("module_edit", org_a, module_id=canvassing.pk)).status_code == 404


def test_requirements_page(client, canvassing, org_a, organizer_a):
    client.force_login(organizer_a)
    response = client.post(
        url("requirements", org_a),
        {"capability": "canvassing_turf", "target": f"module:{canvassing.pk}"},
    )
    assert response.status_code == 302
    requirement = RoleRequirement.objects.get(organization=org_a)
    assert requirement.module == canvassing
    page = client.get(url("requirements", org_a)).content.decode()
    assert "Get a canvassing turf" in page
    client.post(url("requirement_delete", org_a, requirement_id=requirement.pk))
    assert not RoleRequirement.objects.exists()


def test_progress_table_and_csv(
    client, own_module, org_a, organizer_a, yanis, django_assert_max_num_queries
):
    services.quiz_submit(
        module=own_module, organization=org_a, user=yanis, answers=right_answers(own_module)
    )
    for _n in range(5):
        MembershipFactory(organization=org_a, role=Role.VOLUNTEER)
    client.force_login(organizer_a)
    client.get(url("progress", org_a))
    with django_assert_max_num_queries(12):
        page = client.get(url("progress", org_a)).content.decode()
    assert "Yanis Benali" in page and "100%" in page and "Not started" in page
    csv = client.get(url("progress_csv", org_a))
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    yanis_line = next(line for line in lines if "yanis@example.org" in line)
    assert "Passed" in yanis_line and ",100" in yanis_line
    assert AuditEvent.objects.filter(action="training.progress_exported").exists()
