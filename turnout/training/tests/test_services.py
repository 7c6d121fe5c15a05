"""Shipped modules, copying and editing, reading, quiz scoring, the pass on the timeline."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.models import Activity
from turnout.people.tests.factories import EmailAddressFactory
from turnout.training import services
from turnout.training.models import Enrollment, Lesson, Module, QuizAttempt, QuizQuestion
from turnout.training.shipped import shipped_sync

from .helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db
LANGS = ("fr", "en", "de")


# --- Shipped modules ---------------------------------------------------------------------------


def test_three_modules_are_shipped_in_french_english_and_german():
    modules = {m.slug: m for m in Module.objects.shipped()}
    assert set(modules) == {"canvassing-basics", "texting-basics", "data-protection-basics"}
    assert {m.skill for m in modules.values()} == {"canvassing", "texting", "data_protection"}
    for module in modules.values():
        assert module.status == Module.Status.PUBLISHED
        assert all(module.title.get(lang) and module.summary.get(lang) for lang in LANGS)
        lessons = list(module.lessons.all())
        questions = list(module.questions.all())
        assert 3 <= len(lessons) <= 5 and 4 <= len(questions) <= 6, module.slug
        for lesson in lessons:
            assert all(lesson.title.get(lang) and lesson.body.get(lang) for lang in LANGS)
        for q in questions:
            keys = [c["key"] for c in q.choices]
            assert all(q.text.get(lang) and q.explanation.get(lang) for lang in LANGS)
            assert all(c["text"].get(lang) for c in q.choices for lang in LANGS)
            assert q.correct and set(q.correct) <= set(keys)


def test_shipped_modules_load_once_and_keep_their_ids():
    before = list(Lesson.objects.filter(module__organization=None).values_list("pk", flat=True))
    assert shipped_sync() == 0
    assert shipped_sync() == 0
    after = list(Lesson.objects.filter(module__organization=None).values_list("pk", flat=True))
    assert sorted(before) == sorted(after)
    assert Module.objects.shipped().count() == 3


# --- Copying and editing -----------------------------------------------------------------------


def test_a_copy_belongs_to_the_organization_and_leaves_the_original_alone(
    canvassing, org_a, owner_a
):
    copy = services.module_copy(module=canvassing, organization=org_a, actor=owner_a)
    assert copy.organization == org_a and copy.status == Module.Status.DRAFT
    assert copy.copied_from == canvassing and copy.slug == "canvassing-basics"
    assert copy.lessons.count() == canvassing.lessons.count()
    assert copy.questions.count() == canvassing.questions.count()
    services.module_update(
        module=copy, organization=org_a, actor=owner_a, title={"en": "Our canvassing"}
    )
    lesson = copy.lessons.first()
    services.lesson_save(
        module=copy,
        organization=org_a,
        actor=owner_a,
        lesson=lesson,
        data=services.LessonData(title={"en": "Changed"}, body={"en": "New text"}),
    )
    canvassing.refresh_from_db()
    assert canvassing.title["en"] == "Canvassing basics"
    assert canvassing.lessons.first().title["en"] != "Changed"
    # A second copy gets its own address.
    again = services.module_copy(module=canvassing, organization=org_a, actor=owner_a)
    assert again.slug == "canvassing-basics-2"


def test_shipped_modules_and_other_organizations_modules_are_read_only(canvassing, org_a, owner_a):
    with pytest.raises(services.TrainingRefused, match="copy the module"):
        services.module_update(
            module=canvassing, organization=org_a, actor=owner_a, title={"en": "x"}
        )
    foreign = Module.objects.create(organization=OrganizationFactory(), slug="x", title={"en": "X"})
    with pytest.raises(services.TrainingRefused):
        services.module_copy(module=foreign, organization=org_a, actor=owner_a)


def test_publishing_needs_a_lesson_and_a_question(org_a, owner_a):
    module = services.module_create(organization=org_a, actor=owner_a, title={"fr": "Tractage"})
    with pytest.raises(services.TrainingRefused, match="lesson"):
        services.module_publish(module=module, organization=org_a, actor=owner_a)
    services.lesson_save(
        module=module,
        organization=org_a,
        actor=owner_a,
        data=services.LessonData(title={"fr": "1"}),
    )
    with pytest.raises(services.TrainingRefused, match="question"):
        services.module_publish(module=module, organization=org_a, actor=owner_a)
    services.question_save(
        module=module,
        organization=org_a,
        actor=owner_a,
        data=services.QuestionData(
            text={"fr": "?"},
            choices=[{"key": "a", "text": {"fr": "Oui"}}, {"key": "b", "text": {"fr": "Non"}}],
            correct=["a"],
        ),
    )
    services.module_publish(module=module, organization=org_a, actor=owner_a)
    assert Module.objects.get(pk=module.pk).status == Module.Status.PUBLISHED


def test_a_question_needs_two_answers_and_a_right_one(own_module, org_a, owner_a):
    one = services.QuestionData(
        text={"en": "?"}, choices=[{"key": "a", "text": {"en": "A"}}], correct=["a"]
    )
    with pytest.raises(services.TrainingRefused, match="two answers"):
        services.question_save(module=own_module, organization=org_a, actor=owner_a, data=one)
    none_right = services.QuestionData(
        text={"en": "?"},
        choices=[
            {"key": "a", "text": {"en": "A"}},
            {"key": "b", "text": {"en": ""}},
            {"key": "c", "text": {"en": "C"}},
        ],
        correct=["b"],  # b is empty, so dropped
    )
    with pytest.raises(services.TrainingRefused, match="right answer"):
        services.question_save(
            module=own_module, organization=org_a, actor=owner_a, data=none_right
        )


def test_reordering_and_deleting_lessons(own_module, org_a, owner_a):
    _first, second = own_module.lessons.order_by("position")
    services.lesson_move(lesson=second, organization=org_a, actor=owner_a, direction=-1)
    assert [lesson.title["en"] for lesson in own_module.lessons.order_by("position")] == [
        "Goodbye",
        "Hello",
    ]
    services.lesson_delete(lesson=second, organization=org_a, actor=owner_a)
    remaining = own_module.lessons.get()
    assert remaining.position == 1
    with pytest.raises(services.TrainingRefused, match="at least one lesson"):
        services.lesson_delete(lesson=remaining, organization=org_a, actor=owner_a)


def test_lesson_media_are_checked(own_module, org_a, owner_a):
    lesson = own_module.lessons.first()
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(services.TrainingRefused, match="not an image") as exc:
        services.lesson_save(
            module=own_module,
            organization=org_a,
            actor=owner_a,
            lesson=lesson,
            data=services.LessonData(title={"en": "Hello"}, image=fake),
        )
    assert exc.value.field_name == "image"
    with pytest.raises(services.TrainingRefused, match="YouTube"):
        services.video_url_check("http://example.org/video.mp4")
    assert services.video_url_check("https://youtu.be/abc") == "https://youtu.be/abc"
    assert (
        services.video_url_check("https://tube.example.fr/w/9xQ") == "https://tube.example.fr/w/9xQ"
    )


# --- Reading and the quiz ----------------------------------------------------------------------


def test_reading_lessons_starts_the_module_and_counts_each_lesson_once(own_module, org_a, yanis):
    lesson = own_module.lessons.first()
    services.lesson_mark_done(lesson=lesson, organization=org_a, user=yanis)
    enrollment = services.lesson_mark_done(lesson=lesson, organization=org_a, user=yanis)
    assert enrollment.started_at is not None and enrollment.lessons_done == [lesson.pk]
    assert enrollment.passed_at is None


def test_quiz_scoring_needs_every_right_answer_and_rounds_down(own_module):
    single, multiple = own_module.questions.order_by("position")
    score, rows = services.quiz_score([single, multiple], {single.pk: ["b"], multiple.pk: ["a"]})
    assert score == 50 and [r.right for r in rows] == [True, False]
    assert (
        services.quiz_score([single, multiple], {single.pk: ["b"], multiple.pk: ["c", "a"]})[0]
        == 100
    )
    # Ticking everything is not right either.
    assert services.quiz_score([multiple], {multiple.pk: ["a", "b", "c"]})[0] == 0
    three = [single, multiple, QuizQuestion(pk=999, correct=["a"], choices=[])]
    assert services.quiz_score(three, {single.pk: ["b"], multiple.pk: ["a", "c"]})[0] == 66


def test_fail_then_pass_keeps_attempts_best_score_and_first_pass_date(own_module, org_a, yanis):
    failed = services.quiz_submit(
        module=own_module, organization=org_a, user=yanis, answers=wrong_answers(own_module)
    )
    assert (failed.score, failed.passed) == (0, False)
    passed = services.quiz_submit(
        module=own_module, organization=org_a, user=yanis, answers=right_answers(own_module)
    )
    assert passed.passed and passed.first_pass
    first_date = Enrollment.objects.get().passed_at
    again = services.quiz_submit(
        module=own_module, organization=org_a, user=yanis, answers=wrong_answers(own_module)
    )
    assert not again.first_pass
    enrollment = Enrollment.objects.get()
    assert (enrollment.attempts, enrollment.best_score) == (3, 100)
    assert enrollment.passed_at == first_date
    assert [a.score for a in QuizAttempt.objects.order_by("at", "id")] == [0, 100, 0]


def test_passing_goes_on_the_timeline_of_the_person_with_the_same_email(own_module, org_a, yanis):
    email = EmailAddressFactory(person__organization=org_a, address="yanis@example.org")
    for _attempt in range(2):
        services.quiz_submit(
            module=own_module, organization=org_a, user=yanis, answers=right_answers(own_module)
        )
    activity = Activity.objects.get(person=email.person)
    assert activity.kind == "training.passed" and activity.summary == "Phone banking"


def test_no_timeline_line_without_a_person(own_module, org_a, yanis):
    services.quiz_submit(
        module=own_module, organization=org_a, user=yanis, answers=right_answers(own_module)
    )
    assert not Activity.objects.exists()


def test_drafts_cannot_be_taken(own_module, org_a, yanis):
    Module.objects.filter(pk=own_module.pk).update(status=Module.Status.DRAFT)
    own_module.refresh_from_db()
    with pytest.raises(ValueError):
        services.quiz_submit(module=own_module, organization=org_a, user=yanis, answers={})
