import pytest

from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.training.models import Module

from .factories import LessonFactory, ModuleFactory, QuizQuestionFactory


@pytest.fixture
def yanis(org_a):
    return MembershipFactory(
        organization=org_a,
        role=Role.VOLUNTEER,
        user__email="yanis@example.org",
        user__full_name="Yanis Benali",
    ).user


@pytest.fixture
def organizer_a(org_a):
    return MembershipFactory(organization=org_a, role=Role.ORGANIZER).user


@pytest.fixture
def canvassing(db):
    """The shipped "Canvassing basics" (loaded by the data migration)."""
    return Module.objects.shipped().get(slug="canvassing-basics")


@pytest.fixture
def own_module(org_a):
    """A published module of organization A: two lessons, two questions (one with two right
    answers)."""
    module = ModuleFactory(organization=org_a, title={"en": "Phone banking"}, skill="other")
    LessonFactory(module=module, position=1, title={"en": "Hello"})
    LessonFactory(module=module, position=2, title={"en": "Goodbye"})
    QuizQuestionFactory(module=module, position=1)
    QuizQuestionFactory(
        module=module,
        position=2,
        text={"en": "What do you record?"},
        choices=[
            {"key": "a", "text": {"en": "The outcome"}},
            {"key": "b", "text": {"en": "Their party"}},
            {"key": "c", "text": {"en": "Their email, with consent"}},
        ],
        correct=["a", "c"],
    )
    return module
