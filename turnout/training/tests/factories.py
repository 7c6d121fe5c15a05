import factory
from django.utils import timezone

from turnout.organizations.tests.factories import OrganizationFactory, UserFactory
from turnout.training.models import (
    Capability,
    Enrollment,
    Lesson,
    Module,
    QuizAttempt,
    QuizQuestion,
    RoleRequirement,
)


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"module-{n}")
    title = factory.Sequence(lambda n: {"en": f"Module {n}", "fr": f"Module {n}"})
    summary = factory.LazyFunction(lambda: {"en": "What volunteers learn."})
    status = Module.Status.PUBLISHED
    skill = "canvassing"
    pass_mark = 80
    points = 10


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: {"en": f"Lesson {n}"})
    body = factory.LazyFunction(lambda: {"en": "Go in pairs.\n\n- Be kind\n- Be brief"})


class QuizQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizQuestion

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.LazyFunction(lambda: {"en": "Who do you canvass with?"})
    choices = factory.LazyFunction(
        lambda: [
            {"key": "a", "text": {"en": "Alone"}},
            {"key": "b", "text": {"en": "In pairs"}},
        ]
    )
    correct = factory.LazyFunction(lambda: ["b"])
    explanation = factory.LazyFunction(lambda: {"en": "Always in pairs."})


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    module = factory.SubFactory(ModuleFactory)
    organization = factory.SelfAttribute("module.organization")
    user = factory.SubFactory(UserFactory)
    started_at = factory.LazyFunction(timezone.now)


class QuizAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizAttempt

    enrollment = factory.SubFactory(EnrollmentFactory)
    organization = factory.SelfAttribute("enrollment.organization")
    score = 50
    passed = False
    at = factory.LazyFunction(timezone.now)


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement
        django_get_or_create = ("organization", "capability")

    module = factory.SubFactory(ModuleFactory)
    organization = factory.SelfAttribute("module.organization")
    capability = Capability.CANVASSING_TURF
