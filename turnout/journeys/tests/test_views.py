"""The journey pages as an organizer uses them: build a flow, run it, read the logs, do the
follow-up tasks."""

import re

import pytest
from django.urls import reverse

from turnout.journeys.models import Enrollment, FollowUpTask, Journey, Step
from turnout.journeys.runner import journeys_run
from turnout.journeys.services import journey_enroll, journey_pause
from turnout.journeys.tests.factories import FollowUpTaskFactory, JourneyFactory
from turnout.journeys.tests.helpers import EMAIL, make_journey, reachable_person
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.tests.factories import PersonFactory, TagFactory

pytestmark = pytest.mark.django_db
Kind = Step.Kind


def url(name, org, **kwargs):
    return reverse(f"journeys:{name}", kwargs={"org_slug": org.slug, **kwargs})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.OWNER, True), (Role.ADMIN, True), (Role.ORGANIZER, True), (Role.VOLUNTEER, False)],
)
def test_policy_matrix(org_a, role, allowed):
    user = MembershipFactory(organization=org_a, role=role).user
    for permission in ("view_journeys", "change_journeys", "view_tasks"):
        assert user.has_perm(f"journeys.{permission}", org_a) is allowed


def test_a_volunteer_cannot_open_journeys(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user)
    assert client.get(url("list", org_a)).status_code == 403


def test_the_menu_links_to_journeys(client_a, org_a):
    response = client_a.get(reverse("organizations:dashboard", kwargs={"org_slug": org_a.slug}))
    assert url("list", org_a) in response.content.decode()


def test_the_list_shows_our_journeys_with_counts(
    client_a, org_a, org_b, django_assert_max_num_queries
):
    journey = make_journey(org_a, [(Kind.EXIT, {})], name="Welcome new signers")
    for _ in range(3):
        journey_enroll(journey=journey, person=PersonFactory(organization=org_a))
    JourneyFactory(organization=org_b, name="Not ours")
    with django_assert_max_num_queries(12):
        response = client_a.get(url("list", org_a))
    page = text(response)
    assert "Welcome new signers" in page
    assert "When someone takes any action" in page
    assert "Not ours" not in page
    assert re.search(r'<td class="num">3</td>', page)


def test_creating_a_journey_then_building_its_flow(client_a, org_a):
    tag = TagFactory(organization=org_a, name="signer")
    response = client_a.post(
        url("create", org_a),
        {"name": "Welcome", "trigger_kind": "tag", "tag": str(tag.pk), "time": "09:00"},
    )
    journey = Journey.objects.get(organization=org_a)
    assert response.status_code == 302
    assert journey.status == "draft"
    assert journey.trigger_config == {"tag": tag.pk}

    # A tag trigger without its tag is refused with a message.
    response = client_a.post(url("create", org_a), {"name": "Broken", "trigger_kind": "tag"})
    assert "Choose the tag that starts the journey." in text(response)

    # The kind picker, then the form of the kind.
    assert "Kind of step" in text(client_a.get(url("step_new", org_a, journey_id=journey.pk)))
    response = client_a.post(
        url("step_new", org_a, journey_id=journey.pk),
        {
            "kind": "send_email",
            "after": "",
            "arm": "next",
            "subject_en": "Thank you",
            "body_en": "Hello {first_name|}!",
            "purpose": "campaigns",
        },
    )
    assert response.status_code == 302
    email = journey.steps.get()
    client_a.post(
        url("step_new", org_a, journey_id=journey.pk),
        {
            "kind": "wait",
            "after": email.key,
            "arm": "next",
            "mode": "for",
            "days": "2",
            "hours": "0",
        },
    )
    wait = journey.steps.get(kind="wait")
    client_a.post(
        url("step_new", org_a, journey_id=journey.pk),
        {
            "kind": "branch",
            "after": wait.key,
            "arm": "next",
            "condition": "activity",
            "activity_kind": "donation.made",
            "since_entry": "on",
        },
    )
    branch = journey.steps.get(kind="branch")
    client_a.post(
        url("step_new", org_a, journey_id=journey.pk),
        {"kind": "tag_add", "after": branch.key, "arm": "alt", "new_tag": "to-ask"},
    )

    page = text(client_a.get(url("detail", org_a, journey_id=journey.pk)))
    assert "Send the email “Thank you” (purpose: Campaign news and calls to action)" in page
    assert "Wait 2 days" in page
    assert "If the person did “Donated” since entering the journey" in page
    assert "Then" in page and "Otherwise" in page
    assert "Add the tag “to-ask”" in page
    assert page.index("Wait 2 days") < page.index("If the person did") < page.index("to-ask")

    # A text error names the variable.
    response = client_a.post(
        url("step_edit", org_a, journey_id=journey.pk, step_id=email.pk),
        {"subject_en": "Hi", "body_en": "Hello {frist_name}", "purpose": "campaigns"},
    )
    assert "Unknown variable {frist_name}" in text(response)

    response = client_a.post(url("activate", org_a, journey_id=journey.pk))
    journey.refresh_from_db()
    assert journey.status == "active"


def test_a_running_journey_takes_text_edits_but_not_structural_ones(client_a, org_a):
    journey = make_journey(org_a, [(Kind.SEND_EMAIL, EMAIL), (Kind.EXIT, {})])
    email = journey.steps.get(kind="send_email")

    client_a.post(
        url("step_edit", org_a, journey_id=journey.pk, step_id=email.pk),
        {"subject_en": "Thanks a lot", "body_en": "Hello!", "purpose": "fundraising"},
    )
    email.refresh_from_db()
    assert email.config["content"]["en"]["subject"] == "Thanks a lot"
    assert email.config["purpose"] == "campaigns"  # not a text: unchanged while running

    response = client_a.post(
        url("step_new", org_a, journey_id=journey.pk),
        {
            "kind": "wait",
            "after": email.key,
            "arm": "next",
            "mode": "for",
            "days": "1",
            "hours": "0",
        },
    )
    assert "Pause the journey to add, remove or rewire steps" in text(response)
    response = client_a.post(
        url("step_remove", org_a, journey_id=journey.pk, step_id=email.pk), follow=True
    )
    assert "Pause the journey" in text(response)
    assert journey.steps.filter(removed_at__isnull=True).count() == 2

    client_a.post(url("pause", org_a, journey_id=journey.pk))
    client_a.post(url("step_remove", org_a, journey_id=journey.pk, step_id=email.pk))
    journey.refresh_from_db()
    assert journey.status == "paused"
    assert journey.steps.get(key=journey.entry_key).kind == "exit"
    client_a.post(url("resume", org_a, journey_id=journey.pk))
    journey.refresh_from_db()
    assert journey.status == "active"


def test_removing_a_step_moves_the_people_waiting_there(org_a, owner_a):
    from turnout.journeys.services import step_remove

    journey = make_journey(
        org_a,
        [(Kind.WAIT, {"mode": "for", "days": 1, "hours": 0}), (Kind.SEND_EMAIL, EMAIL)],
    )
    person = reachable_person(org_a)
    enrollment = journey_enroll(journey=journey, person=person)
    journeys_run()
    journey_pause(journey=journey, actor=owner_a)
    step_remove(step=journey.steps.get(kind="wait"), actor=owner_a)
    enrollment.refresh_from_db()
    assert enrollment.step.kind == "send_email"


def test_the_people_section_and_a_persons_log(client_a, org_a, django_assert_max_num_queries):
    tag = TagFactory(organization=org_a, name="welcomed")
    journey = make_journey(
        org_a,
        [
            (Kind.SEND_EMAIL, EMAIL),
            (Kind.TAG_ADD, {"tag": tag.pk}),
            (Kind.WAIT, {"mode": "for", "days": 3, "hours": 0}),
        ],
    )
    person = reachable_person(org_a, given_name="Ada", family_name="Lovelace")
    enrollment = journey_enroll(journey=journey, person=person)
    unreachable = PersonFactory(organization=org_a, given_name="Bob", family_name="Nomail")
    journey_enroll(journey=journey, person=unreachable)
    journeys_run()

    with django_assert_max_num_queries(40):
        page = text(client_a.get(url("detail", org_a, journey_id=journey.pk)))
    assert "Ada Lovelace" in page and "Bob Nomail" in page
    assert "2 people here now" in page  # both on the wait
    assert "1 skipped" in page

    page = text(
        client_a.get(url("enrollment", org_a, journey_id=journey.pk, enrollment_id=enrollment.pk))
    )
    assert "Message queued for sending." in page
    assert "Tag added." in page
    assert "Waiting until" in page

    client_a.post(url("enrollment_exit", org_a, journey_id=journey.pk, enrollment_id=enrollment.pk))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.EXITED
    only_exited = text(client_a.get(url("detail", org_a, journey_id=journey.pk) + "?status=exited"))
    assert "Ada Lovelace" in only_exited and "Bob Nomail" not in only_exited


def test_the_person_page_shows_journeys_and_open_tasks(client_a, org_a, owner_a):
    journey = make_journey(
        org_a,
        [
            (
                Kind.TASK,
                {
                    "title": "Call to thank",
                    "due_days": 1,
                    "assignee": "member",
                    "member": owner_a.pk,
                },
            )
        ],
        name="Welcome new signers",
    )
    person = PersonFactory(organization=org_a)
    journey_enroll(journey=journey, person=person)
    journeys_run()
    page = text(
        client_a.get(
            reverse("people:detail", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid})
        )
    )
    assert "Welcome new signers" in page
    assert "Call to thank" in page
    assert "Task created." in page


def test_tasks_mine_all_and_done(client_a, org_a, owner_a):
    colleague = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    mine = FollowUpTaskFactory(organization=org_a, assignee=owner_a, title="Call Ada")
    FollowUpTaskFactory(organization=org_a, assignee=colleague, title="Call Bob")

    page = text(client_a.get(url("tasks", org_a)))
    assert "Call Ada" in page and "Call Bob" not in page
    assert "Call Bob" in text(client_a.get(url("tasks", org_a) + "?show=all"))

    response = client_a.post(
        url("task_done", org_a, task_id=mine.pk), {"next": "https://evil.example/"}
    )
    assert response["Location"] == url("tasks", org_a)
    mine.refresh_from_db()
    assert mine.done_at is not None and mine.done_by == owner_a
    assert "Task done: “Call Ada”." in text(client_a.get(url("tasks", org_a)))
    assert "Call Ada" not in text(client_a.get(url("tasks", org_a)))
    assert "Call Ada" in text(client_a.get(url("tasks", org_a) + "?show=done"))


def test_a_task_of_another_organization_is_not_found(client_a, org_a, org_b):
    theirs = FollowUpTaskFactory(organization=org_b)
    assert client_a.post(url("task_done", org_a, task_id=theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None
    assert not FollowUpTask.objects.filter(organization=org_a).exists()


def test_the_settings_form_shows_the_journey_and_keeps_a_running_trigger(client_a, org_a):
    tag = TagFactory(organization=org_a, name="volunteer")
    journey = make_journey(
        org_a,
        [(Kind.EXIT, {})],
        name="Volunteers",
        trigger_kind="tag",
        trigger_config={"tag": tag.pk},
    )
    page = text(client_a.get(url("edit", org_a, journey_id=journey.pk)))
    assert 'value="Volunteers"' in page
    assert "pause it to change what starts it" in page
    other = TagFactory(organization=org_a, name="other")
    client_a.post(
        url("edit", org_a, journey_id=journey.pk),
        {"name": "Volunteers (new)", "trigger_kind": "tag", "tag": str(other.pk)},
    )
    journey.refresh_from_db()
    assert journey.name == "Volunteers (new)"
    assert journey.trigger_config == {"tag": tag.pk}  # unchanged while it runs
