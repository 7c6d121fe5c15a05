"""A volunteer's progress: lessons read, quiz attempts and their score, the pass (once, on the
person's timeline), and the check other apps make before giving work to a member."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.organizations.models import ORGANIZER_ROLES, Membership
from turnout.people import activity_kinds

from ..models import Enrollment, Lesson, Module, QuizAttempt, QuizQuestion, RoleRequirement


@dataclass
class QuestionResult:
    question: QuizQuestion
    chosen: list[str]
    right: bool


@dataclass
class QuizResult:
    score: int
    passed: bool
    first_pass: bool
    rows: list[QuestionResult] = field(default_factory=list)
    enrollment: Enrollment | None = None


def enrollment_for(*, organization, user, module: Module, lock: bool = False) -> Enrollment:
    """The volunteer's progress row on the module in this organization (created if needed)."""
    enrollment, _created = Enrollment.objects.get_or_create(
        organization=organization, user=user, module=module
    )
    if lock:
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    return enrollment


def _check_open(module: Module, organization) -> None:
    if module.organization_id not in (None, organization.pk):
        raise ValueError("module of another organization")
    if module.status != Module.Status.PUBLISHED:
        raise ValueError("module not published")


@transaction.atomic
def lesson_mark_done(*, lesson: Lesson, organization, user) -> Enrollment:
    """Note that the volunteer read the lesson (the first read starts the module)."""
    _check_open(lesson.module, organization)
    enrollment = enrollment_for(
        organization=organization, user=user, module=lesson.module, lock=True
    )
    changed = []
    if enrollment.started_at is None:
        enrollment.started_at = timezone.now()
        changed.append("started_at")
    if lesson.pk not in enrollment.lessons_done:
        enrollment.lessons_done = [*enrollment.lessons_done, lesson.pk]
        changed.append("lessons_done")
    if changed:
        enrollment.save(update_fields=[*changed, "updated_at"])
    return enrollment


def quiz_score(questions: list[QuizQuestion], answers: dict) -> tuple[int, list[QuestionResult]]:
    """A question is right when the chosen keys are exactly its right keys. The score is the
    share of right questions, in whole percent rounded down (4 of 6 is 66, not 67)."""
    rows = []
    for question in questions:
        chosen = sorted(set(answers.get(question.pk) or answers.get(str(question.pk)) or []))
        rows.append(QuestionResult(question, chosen, chosen == sorted(set(question.correct))))
    if not rows:
        return 0, rows
    return sum(row.right for row in rows) * 100 // len(rows), rows


@transaction.atomic
def quiz_submit(*, module: Module, organization, user, answers: dict) -> QuizResult:
    """Score an attempt, keep it, and on the first pass date the pass and write
    ``training.passed`` on the timeline of the volunteer's person record (same email)."""
    _check_open(module, organization)
    enrollment = enrollment_for(organization=organization, user=user, module=module, lock=True)
    score, rows = quiz_score(list(module.questions.order_by("position", "id")), answers)
    passed = score >= module.pass_mark
    now = timezone.now()
    first_pass = passed and enrollment.passed_at is None
    enrollment.attempts += 1
    enrollment.best_score = max(enrollment.best_score or 0, score)
    enrollment.started_at = enrollment.started_at or now
    if first_pass:
        enrollment.passed_at = now
    enrollment.save()
    QuizAttempt.objects.create(
        organization=organization,
        enrollment=enrollment,
        answers={str(row.question.pk): row.chosen for row in rows},
        score=score,
        passed=passed,
        at=now,
    )
    if first_pass:
        _timeline(organization=organization, user=user, module=module, score=score)
    return QuizResult(score, passed, first_pass, rows, enrollment)


def _timeline(*, organization, user, module: Module, score: int) -> None:
    from turnout.people.models import EmailAddress
    from turnout.people.services.timeline import activity_record

    email = (
        EmailAddress.objects.filter(organization=organization, address__iexact=user.email)
        .select_related("person")
        .first()
    )
    if email is None:
        return
    activity_record(
        person=email.person,
        kind=activity_kinds.TRAINING_PASSED,
        summary=module.title_text(),
        actor=user,
        source=module,
        data={"module": module.slug, "skill": module.skill, "score": score},
    )


# --- Required trainings ----------------------------------------------------------------------


def _modules_teaching(organization, skill: str):
    return (
        Module.objects.for_organization(organization)
        .published()
        .filter(skill=skill)
        .order_by(F("organization_id").asc(nulls_last=True), "pk")  # own first, then shipped
    )


def capability_check(user, organization, capability: str) -> Module | None:
    """None if the member may do ``capability`` (no requirement, passed it, or an organizer,
    admin or owner: they are exempt); else the module they still have to pass."""
    requirement = (
        RoleRequirement.objects.filter(organization=organization, capability=capability)
        .select_related("module")
        .first()
    )
    if requirement is None:
        return None
    role = (
        Membership.objects.filter(organization=organization, user=user)
        .values_list("role", flat=True)
        .first()
    )
    if role in ORGANIZER_ROLES:
        return None
    passed = Enrollment.objects.filter(
        organization=organization, user=user, passed_at__isnull=False
    )
    if requirement.module is not None:
        if passed.filter(module=requirement.module).exists():
            return None
        return requirement.module
    teaching = _modules_teaching(organization, requirement.skill)
    if passed.filter(module__in=teaching).exists():
        return None
    return teaching.first()


def capability_refusal(*, user, organization, capability: str, actor=None) -> str | None:
    """The message that says why the member may not do it yet, or None."""
    missing = capability_check(user, organization, capability)
    if missing is None:
        return None
    if actor is not None and getattr(actor, "pk", None) == user.pk:
        return _("First pass the training “%(module)s”: it is required for this.") % {
            "module": missing.title_text()
        }
    return _("%(name)s has not passed %(module)s yet.") % {
        "name": user.get_full_name(),
        "module": missing.title_text(),
    }
