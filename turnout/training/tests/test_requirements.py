"""Required trainings: the check, who is exempt, skills, and the rules of setting them."""

import pytest

from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.training import services
from turnout.training.models import Capability, Module

from .factories import EnrollmentFactory
from .helpers import right_answers

pytestmark = pytest.mark.django_db
TURF = Capability.CANVASSING_TURF


def test_nothing_is_required_until_the_organization_says_so(org_a, yanis):
    assert services.capability_check(yanis, org_a, TURF) is None


def test_a_volunteer_needs_the_module_then_passes_it(canvassing, org_a, owner_a, yanis):
    services.requirement_set(organization=org_a, actor=owner_a, capability=TURF, module=canvassing)
    assert services.capability_check(yanis, org_a, TURF) == canvassing
    assert services.capability_refusal(user=yanis, organization=org_a, capability=TURF) == (
        "Yanis Benali has not passed Canvassing basics yet."
    )
    services.quiz_submit(
        module=canvassing, organization=org_a, user=yanis, answers=right_answers(canvassing)
    )
    assert services.capability_check(yanis, org_a, TURF) is None
    # Texting asks nothing of them.
    assert services.capability_check(yanis, org_a, Capability.TEXTING) is None


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.ADMIN, Role.OWNER])
def test_organizers_admins_and_owners_are_exempt(canvassing, org_a, owner_a, role):
    services.requirement_set(organization=org_a, actor=owner_a, capability=TURF, module=canvassing)
    member = MembershipFactory(organization=org_a, role=role).user
    assert services.capability_check(member, org_a, TURF) is None


def test_a_pass_in_another_organization_does_not_count(canvassing, org_a, org_b, owner_a, yanis):
    MembershipFactory(organization=org_b, user=yanis)
    EnrollmentFactory(
        organization=org_b, module=canvassing, user=yanis, passed_at="2026-01-05T10:00Z"
    )
    services.requirement_set(organization=org_a, actor=owner_a, capability=TURF, module=canvassing)
    assert services.capability_check(yanis, org_a, TURF) == canvassing


def test_a_skill_is_met_by_the_organizations_copy(canvassing, org_a, owner_a, yanis):
    copy = services.module_copy(module=canvassing, organization=org_a, actor=owner_a)
    services.module_publish(module=copy, organization=org_a, actor=owner_a)
    services.requirement_set(organization=org_a, actor=owner_a, capability=TURF, skill="canvassing")
    assert services.capability_check(yanis, org_a, TURF) == copy  # its own version first
    services.quiz_submit(module=copy, organization=org_a, user=yanis, answers=right_answers(copy))
    assert services.capability_check(yanis, org_a, TURF) is None


def test_setting_a_requirement_again_replaces_it(canvassing, own_module, org_a, owner_a):
    services.requirement_set(organization=org_a, actor=owner_a, capability=TURF, module=canvassing)
    services.requirement_set(organization=org_a, actor=owner_a, capability=TURF, module=own_module)
    assert org_a.pk and list(
        Module.objects.filter(requirements__organization=org_a).values_list("pk", flat=True)
    ) == [own_module.pk]


def test_only_published_visible_modules_can_be_required(own_module, org_a, org_b, owner_a, owner_b):
    with pytest.raises(services.TrainingRefused):
        services.requirement_set(
            organization=org_b, actor=owner_b, capability=TURF, module=own_module
        )
    Module.objects.filter(pk=own_module.pk).update(status=Module.Status.DRAFT)
    own_module.refresh_from_db()
    with pytest.raises(services.TrainingRefused, match="published"):
        services.requirement_set(
            organization=org_a, actor=owner_a, capability=TURF, module=own_module
        )
    with pytest.raises(services.TrainingRefused, match="No published module"):
        services.requirement_set(organization=org_a, actor=owner_a, capability=TURF, skill="other")


def test_a_required_module_cannot_go_back_to_draft(own_module, org_a, owner_a):
    services.requirement_set(organization=org_a, actor=owner_a, capability=TURF, module=own_module)
    with pytest.raises(services.TrainingRefused, match="required"):
        services.module_publish(module=own_module, organization=org_a, actor=owner_a, publish=False)
