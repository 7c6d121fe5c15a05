"""How to make, in another organization, each object that a training URL names."""

from .factories import LessonFactory, ModuleFactory, QuizQuestionFactory, RoleRequirementFactory

OBJECT_KWARGS = {
    "module_id": lambda org: ModuleFactory(organization=org).pk,
    "lesson_id": lambda org: LessonFactory(module__organization=org).pk,
    "question_id": lambda org: QuizQuestionFactory(module__organization=org).pk,
    "requirement_id": lambda org: RoleRequirementFactory(module__organization=org).pk,
}

EXEMPT: dict[str, str] = {}
