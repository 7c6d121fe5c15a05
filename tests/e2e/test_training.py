"""Volunteer training in a real browser, on a phone: a volunteer reads a lesson, fails the
quiz, reads the explanations, passes it on the second try, and can then be given a turf the
organization reserves to volunteers who passed "Canvassing basics"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from turnout.canvassing.models import Turf
from turnout.canvassing.services.turfs import TurfRefused, turf_assign
from turnout.canvassing.services.turfs_cut import turfs_cut
from turnout.canvassing.tests.test_turfs_services import effort_over, street
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.training.models import Enrollment, Module
from turnout.training.services import requirement_set
from turnout.training.shipped import shipped_sync

from .conftest import PHONE
from .test_browser import label, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_a_volunteer_on_a_phone_passes_canvassing_basics_then_gets_a_turf(
    new_page, site, screenshots_dir
):
    shipped_sync()  # transactional tests empty the tables the data migration filled
    org = OrganizationFactory(name="Voix Citoyennes", slug="voix-citoyennes", country="FR")
    owner = MembershipFactory(organization=org, role=Role.OWNER).user
    yanis = MembershipFactory(
        organization=org,
        role=Role.VOLUNTEER,
        user__email="yanis@example.org",
        user__full_name="Yanis Benali",
    ).user
    module = Module.objects.shipped().get(slug="canvassing-basics")
    requirement_set(organization=org, actor=owner, capability="canvassing_turf", module=module)
    street(org, 40)
    effort = effort_over(org, owner, doors=20)
    turfs_cut(effort=effort, doors_per_turf=20, actor=owner)
    turf = Turf.objects.filter(effort=effort).order_by("number").first()
    with pytest.raises(TurfRefused, match="has not passed"):
        turf_assign(turf=turf, user=yanis, actor=owner)

    page = new_page(PHONE)
    page.goto(f"{site}/fr/accounts/login/")
    page.get_by_label(label(t("Email"))).fill(yanis.email)
    page.get_by_label(label(t("Password"))).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(rf"/fr/o/{org.slug}/$"))

    page.goto(f"{site}/fr/o/{org.slug}/training/")
    card = page.locator(f"#module-{module.pk}")
    expect(card).to_contain_text(t("Required: %(reason)s") % {"reason": t("needed to canvass")})
    page.screenshot(path=screenshots_dir / "training-my-trainings-phone.png", full_page=True)
    card.get_by_role("link", name=module.title["fr"]).click()
    page.get_by_role("link", name=t("Start")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(module.lessons.first().title["fr"])
    expect(page.locator("progress")).to_be_visible()
    page.screenshot(path=screenshots_dir / "training-lesson-phone.png", full_page=True)
    page.get_by_role("button", name=re.compile(t("Next"))).click()
    assert len(Enrollment.objects.get(user=yanis).lessons_done) == 1

    # The quiz: all first answers (wrong for most), then the right ones.
    page.goto(f"{site}/fr/o/{org.slug}/training/m/{module.pk}/quiz/")
    questions = list(module.questions.order_by("position"))
    for question in questions:
        first = question.choices[0]["text"]["fr"]
        page.get_by_role("group", name=re.compile(re.escape(question.text["fr"]))).get_by_label(
            first, exact=True
        ).check()
    page.get_by_role("button", name=t("Send my answers")).click()
    expect(page.get_by_role("alert").first).to_contain_text("%")
    assert Enrollment.objects.get(user=yanis).passed_at is None
    page.screenshot(path=screenshots_dir / "training-quiz-failed-phone.png", full_page=True)
    page.get_by_role("link", name=t("Retake the quiz")).click()
    for question in questions:
        group = page.get_by_role("group", name=re.compile(re.escape(question.text["fr"])))
        for choice in question.choices:
            if choice["key"] in question.correct:
                group.get_by_label(choice["text"]["fr"], exact=True).check()
    page.get_by_role("button", name=t("Send my answers")).click()
    expect(page.get_by_role("status").first).to_contain_text("100")
    page.screenshot(path=screenshots_dir / "training-quiz-passed-phone.png", full_page=True)
    assert Enrollment.objects.get(user=yanis).passed_at is not None

    turf_assign(turf=turf, user=yanis, actor=owner)
    assert Turf.objects.get(pk=turf.pk).assigned_to == yanis
