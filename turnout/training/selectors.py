"""Reads of training. Every id from a request is resolved within the organization: shipped
modules and the organization's own, never another organization's."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from turnout.organizations.models import Membership

from .models import Capability, Enrollment, Lesson, Module, QuizQuestion, RoleRequirement

REASONS = {
    Capability.CANVASSING_TURF: lambda: _("needed to canvass"),
    Capability.TEXTING: lambda: _("needed to text"),
}


def module_get(*, organization, module_id: int, own: bool = False) -> Module:
    modules = Module.objects.for_organization(organization)
    if own:
        modules = modules.filter(organization=organization)
    module = modules.filter(pk=module_id).first()
    if module is None:
        raise Http404
    return module


def lesson_get(*, module: Module, lesson_id: int) -> Lesson:
    lesson = Lesson.objects.filter(module=module, pk=lesson_id).select_related("module").first()
    if lesson is None:
        raise Http404
    return lesson


def question_get(*, module: Module, question_id: int) -> QuizQuestion:
    question = QuizQuestion.objects.filter(module=module, pk=question_id).first()
    if question is None:
        raise Http404
    return question


def requirement_get(*, organization, requirement_id: int) -> RoleRequirement:
    requirement = RoleRequirement.objects.filter(
        organization=organization, pk=requirement_id
    ).first()
    if requirement is None:
        raise Http404
    return requirement


def modules_for_organizers(*, organization) -> dict:
    """The organization's own modules and the shipped ones, with their lesson and question
    counts and how many members passed each."""
    counted = (
        Module.objects.for_organization(organization)
        .annotate(lesson_count=Count("lessons", distinct=True))
        .annotate(question_count=Count("questions", distinct=True))
        .select_related("copied_from")
        .order_by("slug")
    )
    passed = dict(
        Enrollment.objects.for_organization(organization)
        .filter(passed_at__isnull=False)
        .values_list("module_id")
        .annotate(n=Count("id"))
    )
    own, shipped = [], []
    for module in counted:
        module.passed_count = passed.get(module.pk, 0)
        (shipped if module.is_shipped else own).append(module)
    return {"own": own, "shipped": shipped}


def modules_for_volunteers(*, organization):
    """The published modules a volunteer sees: the organization's own, and the shipped ones
    it has no published copy of (a copy stands in for its original)."""
    modules = list(
        Module.objects.for_organization(organization)
        .published()
        .annotate(lesson_count=Count("lessons"))
        .order_by("slug")
    )
    replaced = {m.copied_from_id for m in modules if not m.is_shipped and m.copied_from_id}
    return [m for m in modules if not (m.is_shipped and m.pk in replaced)]


def requirements_for(*, organization) -> list[RoleRequirement]:
    return list(
        RoleRequirement.objects.for_organization(organization)
        .select_related("module")
        .order_by("capability")
    )


def required_reasons(module: Module, requirements: list[RoleRequirement]) -> list[str]:
    return [
        str(REASONS[r.capability]())
        for r in requirements
        if r.module_id == module.pk or (r.skill and r.skill == module.skill)
    ]


@dataclass
class TrainingRow:
    module: Module
    enrollment: Enrollment | None
    reasons: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.enrollment is None or (
            self.enrollment.started_at is None and not self.enrollment.attempts
        ):
            return "not_started"
        return "passed" if self.enrollment.passed else "in_progress"

    @property
    def lessons_read(self) -> int:
        return len(self.enrollment.lessons_done) if self.enrollment else 0

    @property
    def percent(self) -> int:
        total = getattr(self.module, "lesson_count", 0) or 1
        return min(100, self.lessons_read * 100 // total)


def my_trainings(*, organization, user) -> list[TrainingRow]:
    """The volunteer's quests: required ones first, then those under way, then the rest;
    passed ones last within each group."""
    requirements = requirements_for(organization=organization)
    enrollments = {
        e.module_id: e for e in Enrollment.objects.for_organization(organization).filter(user=user)
    }
    rows = [
        TrainingRow(m, enrollments.get(m.pk), required_reasons(m, requirements))
        for m in modules_for_volunteers(organization=organization)
    ]
    order = {"in_progress": 0, "not_started": 1, "passed": 2}
    rows.sort(key=lambda r: (r.status == "passed", not r.reasons, order[r.status]))
    return rows


def enrollment_of(*, organization, user, module: Module) -> Enrollment | None:
    return Enrollment.objects.filter(organization=organization, user=user, module=module).first()


@dataclass
class ProgressTable:
    modules: list[Module]
    rows: list[tuple[Membership, list[TrainingRow]]]


def progress_table(*, organization) -> ProgressTable:
    """Members × published modules: not started, in progress or passed (date and score)."""
    modules = modules_for_volunteers(organization=organization)
    members = list(
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__training_enrollments",
                queryset=Enrollment.objects.for_organization(organization),
                to_attr="enrollments_here",
            )
        )
        .order_by("user__full_name", "user__email")
    )
    rows = []
    for membership in members:
        mine = {e.module_id: e for e in membership.user.enrollments_here}
        rows.append((membership, [TrainingRow(m, mine.get(m.pk)) for m in modules]))
    return ProgressTable(modules, rows)
