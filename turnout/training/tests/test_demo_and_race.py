"""The demo seeder of training, and two passes of the same quiz at once."""

import pytest

from turnout.core.tests.concurrency import run_together
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.people.models import Activity
from turnout.people.tests.factories import EmailAddressFactory
from turnout.training import services
from turnout.training.demo import seed_training
from turnout.training.models import Capability, Enrollment, Module, RoleRequirement

from .helpers import right_answers


@pytest.mark.django_db
def test_the_demo_requires_its_copy_of_canvassing_basics_and_is_idempotent():
    org = OrganizationFactory(slug="voix-citoyennes")
    MembershipFactory(organization=org, role=Role.OWNER)
    emails = {
        "yanis.benali@voix-citoyennes.fr": Role.VOLUNTEER,
        "ines.garnier@voix-citoyennes.fr": Role.ORGANIZER,
        "hugo.perrin@pixel-voix.fr": Role.ORGANIZER,
        "thomas.legall@voix-citoyennes.fr": Role.ADMIN,
    }
    users = {
        email: MembershipFactory(organization=org, role=role, user__email=email).user
        for email, role in emails.items()
    }
    seed_training()
    seed_training()
    copy = Module.objects.get(organization=org)
    assert copy.copied_from.slug == "canvassing-basics" and copy.status == "published"
    assert (
        copy.lessons.count()
        == Module.objects.shipped().get(slug="canvassing-basics").lessons.count() + 1
    )
    assert RoleRequirement.objects.get(organization=org).module == copy
    passed = set(
        Enrollment.objects.filter(passed_at__isnull=False).values_list("user__email", flat=True)
    )
    assert passed == {"yanis.benali@voix-citoyennes.fr", "ines.garnier@voix-citoyennes.fr"}
    hugo = Enrollment.objects.get(user=users["hugo.perrin@pixel-voix.fr"])
    assert hugo.passed_at is None and hugo.lessons_done
    assert not Enrollment.objects.filter(user=users["thomas.legall@voix-citoyennes.fr"]).exists()
    yanis = users["yanis.benali@voix-citoyennes.fr"]
    assert services.capability_check(yanis, org, Capability.CANVASSING_TURF) is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_passing_attempts_at_once_count_both_and_pass_once(org_a, yanis):
    from turnout.training.shipped import shipped_sync

    shipped_sync()
    module = Module.objects.shipped().get(slug="texting-basics")
    EmailAddressFactory(person__organization=org_a, address=yanis.email)
    answers = right_answers(module)
    results = run_together(
        4,
        lambda i: services.quiz_submit(
            module=module, organization=org_a, user=yanis, answers=answers
        ),
    )
    assert sorted(r.first_pass for r in results) == [False, False, False, True]
    enrollment = Enrollment.objects.get(user=yanis)
    assert enrollment.attempts == 4 and enrollment.quiz_attempts.count() == 4
    assert Activity.objects.filter(kind="training.passed").count() == 1
