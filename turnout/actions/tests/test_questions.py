import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from turnout.actions import questions
from turnout.actions.models import Action, Submission
from turnout.actions.tests.factories import ActionFactory
from turnout.core.models import AuditEvent, Job
from turnout.people.models import CustomField, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


AVAILABILITY = {
    "key": "availability",
    "kind": "single",
    "label": {"fr": "Disponibilité", "en": "Availability", "de": "Verfügbarkeit"},
    "required": True,
    "choices": [
        {"key": "weekdays", "label": {"fr": "semaine", "en": "Weekdays"}},
        {"key": "weekends", "label": {"fr": "week-end", "en": "Weekends"}},
    ],
}
SKILLS = {
    "key": "skills",
    "kind": "multiple",
    "label": {"fr": "Compétences", "en": "Skills"},
    "choices": [
        {"key": "design", "label": {"fr": "graphisme", "en": "Design"}},
        {"key": "phone", "label": {"fr": "téléphone", "en": "Phone calls"}},
        {"key": "drive", "label": {"fr": "conduite", "en": "Driving"}},
    ],
}
HOURS = {"key": "hours", "kind": "number", "label": {"en": "Hours a week"}}
SINCE = {"key": "since", "kind": "date", "label": {"en": "Available from"}}
HOST = {"key": "host", "kind": "yes_no", "label": {"en": "Can you host a meeting?"}}


def volunteer_form(org, **kwargs):
    return ActionFactory(
        organization=org,
        kind=Action.Kind.FORM,
        questions=[AVAILABILITY, SKILLS, HOURS, SINCE, HOST],
        **kwargs,
    )


def page(action, name="action", lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"actions_public:{name}", kwargs={"slug": action.slug, **kwargs})


def edit_url(org, action):
    return reverse("actions:edit", kwargs={"org_slug": org.slug, "action_id": action.pk})


def questions_url(org, action):
    return reverse("actions:questions", kwargs={"org_slug": org.slug, "action_id": action.pk})


def signature(**overrides):
    data = {"given_name": "Anne", "family_name": "Le Goff", "email": "anne@example.org"}
    data.update(overrides)
    return data


# --- Pure helpers -----------------------------------------------------------------------------


def test_answers_are_stored_as_json_and_read_back_in_each_language():
    assert questions.answer_value(HOST, "yes") is True
    assert questions.answer_value(HOST, "no") is False
    assert questions.answer_value(HOURS, "4.0") == 4
    assert questions.answer_value(HOURS, "2.5") == 2.5
    assert questions.answer_value(SKILLS, []) is None
    assert questions.answer_text(SKILLS, ["design", "drive"], "fr") == "graphisme, conduite"
    assert questions.answer_text(SKILLS, ["design"], "de") == "graphisme"  # first language
    assert questions.answer_text(AVAILABILITY, "gone", "en") == "gone"  # an unknown choice


def test_editing_choices_keeps_keys_by_text_and_keeps_removed_ones():
    rows = [
        {"fr": "week-end", "en": "Weekends (Sat, Sun)"},  # English edited, French unchanged
        {"fr": "soir", "en": "Evenings"},  # new
    ]
    merged = questions.merge_choices(AVAILABILITY["choices"], rows)
    assert [c["key"] for c in merged] == ["weekends", "soir", "weekdays"]
    assert merged[0]["label"]["en"] == "Weekends (Sat, Sun)"
    assert merged[2]["removed"] is True
    assert questions.answer_text({**AVAILABILITY, "choices": merged}, "weekdays", "en") == (
        "Weekdays"
    )


# --- Public form ------------------------------------------------------------------------------


def test_public_form_asks_the_questions_in_the_visitors_language(client, org_a):
    action = volunteer_form(org_a)
    french = client.get(page(action, lang="fr")).content.decode()
    assert "Disponibilité" in french and "week-end" in french
    english = client.get(page(action)).content.decode()
    assert "Availability" in english and "Weekends" in english and "Phone calls" in english
    assert english.index('name="email"') < english.index('name="q_availability"')
    embed = client.get(page(action, "embed", lang="de")).content.decode()
    assert "Verfügbarkeit" in embed


def test_bad_answers_get_an_error_each_and_nothing_typed_is_lost(client, org_a):
    action = volunteer_form(org_a)
    response = client.post(
        page(action),
        signature(q_skills=["design", "hacking"], q_hours="many", q_since="yesterday"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"q_availability", "q_skills", "q_hours", "q_since"}
    body = response.content.decode()
    assert 'value="anne@example.org"' in body and 'value="Le Goff"' in body
    assert 'value="design"' in body and "checked" in body
    assert not Submission.objects.exists()


def test_answers_are_stored_and_a_mapped_answer_lands_on_the_person(client, org_a):
    CustomField.objects.create(
        organization=org_a,
        key="dispo",
        label="Dispo",
        kind="choice",
        choices=["Week-end", "Semaine"],
    )
    CustomField.objects.create(organization=org_a, key="hours", label="Hours", kind="number")
    availability = {
        **AVAILABILITY,
        "custom_field": "dispo",
        "custom_field_kind": "choice",
        "choices": [
            {**AVAILABILITY["choices"][0], "cf_value": "Semaine"},
            {**AVAILABILITY["choices"][1], "cf_value": "Week-end"},
        ],
    }
    hours = {**HOURS, "custom_field": "hours", "custom_field_kind": "number"}
    action = ActionFactory(
        organization=org_a, kind=Action.Kind.FORM, questions=[availability, SKILLS, hours, HOST]
    )
    response = client.post(
        page(action),
        signature(q_availability="weekends", q_skills=["phone", "drive"], q_hours="3", q_host="no"),
    )
    assert response.status_code == 302
    submission = Submission.objects.get(action=action)
    assert submission.answers == {
        "availability": "weekends",
        "skills": ["phone", "drive"],
        "hours": 3,
        "host": False,
    }
    person = Person.objects.get(organization=org_a)
    assert person.custom_fields == {"dispo": "Week-end", "hours": 3}


# --- Workspace editor -------------------------------------------------------------------------


def test_add_edit_reorder_and_remove_questions(client_a, org_a, owner_a):
    CustomField.objects.create(
        organization=org_a, key="dispo", label="Dispo", kind="choice", choices=["Week-end"]
    )
    action = ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    response = client_a.post(
        questions_url(org_a, action),
        {
            "op": "add",
            "q-new-kind": "short_text",
            "q-new-label_fr": "Votre quartier",
            "q-new-label_en": "Your neighbourhood",
            "q-new-required": "on",
        },
    )
    assert response.status_code == 302
    response = client_a.post(
        questions_url(org_a, action),
        {
            "op": "add",
            "q-new-kind": "single",
            "q-new-label_en": "Availability",
            "q-new-choices_fr": "semaine\nweek-end",
            "q-new-choices_en": "Weekdays\nWeekends",
            "q-new-custom_field": "dispo",
        },
    )
    assert response.status_code == 400  # "semaine" is not a choice of the CRM field
    assert "not choices of the field Dispo" in response.content.decode()
    assert 'value="Availability"' in response.content.decode()  # what was typed stays
    client_a.post(
        questions_url(org_a, action),
        {
            "op": "add",
            "q-new-kind": "single",
            "q-new-label_en": "Availability",
            "q-new-choices_fr": "week-end\nsoir",
            "q-new-choices_en": "Weekends\nEvenings",
        },
    )
    action.refresh_from_db()
    assert [q["key"] for q in action.questions] == ["votre-quartier", "availability"]
    assert action.questions[0]["required"] is True
    assert [c["key"] for c in action.questions[1]["choices"]] == ["week-end", "soir"]

    client_a.post(questions_url(org_a, action), {"op": "up", "key": "availability"})
    action.refresh_from_db()
    assert [q["key"] for q in action.questions] == ["availability", "votre-quartier"]

    client_a.post(
        questions_url(org_a, action),
        {
            "op": "save",
            "key": "availability",
            "q-availability-kind": "number",  # ignored: the kind of a question stays
            "q-availability-label_en": "When?",
            "q-availability-choices_fr": "week-end",
            "q-availability-choices_en": "Weekends",
        },
    )
    assert client_a.get(edit_url(org_a, action)).status_code == 200
    response = client_a.post(
        questions_url(org_a, action),
        {
            "op": "save",
            "key": "availability",
            "q-availability-label_en": "When?",
            "q-availability-choices_fr": "week-end\nsoir",
            "q-availability-choices_en": "Weekends\nEvenings",
            "q-availability-custom_field": "dispo",
        },
    )
    assert response.status_code == 400  # "soir" is not a choice of the field
    client_a.post(
        questions_url(org_a, action),
        {
            "op": "save",
            "key": "availability",
            "q-availability-label_en": "When?",
            "q-availability-choices_fr": "week-end\nsoir",
            "q-availability-choices_en": "Weekends\nEvenings",
        },
    )
    action.refresh_from_db()
    question = action.questions[0]
    assert question["kind"] == "single" and question["label"] == {"en": "When?"}

    client_a.post(questions_url(org_a, action), {"op": "remove", "key": "votre-quartier"})
    action.refresh_from_db()
    assert [q["key"] for q in action.questions] == ["availability"]  # nobody answered: gone
    assert AuditEvent.objects.filter(organization=org_a, action="action.question_add").count() == 2


def test_lines_must_match_across_languages(client_a, org_a):
    action = ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    response = client_a.post(
        questions_url(org_a, action),
        {
            "op": "add",
            "q-new-kind": "multiple",
            "q-new-label_en": "Skills",
            "q-new-choices_fr": "graphisme\ntéléphone",
            "q-new-choices_en": "Design\nPhone\nDriving",
        },
    )
    assert response.status_code == 400
    assert "same choices, in the same order" in response.content.decode()
    action.refresh_from_db()
    assert action.questions == []


def test_a_removed_question_keeps_its_answers_readable(
    client_a, org_a, org_b, owner_a, django_capture_on_commit_callbacks
):
    action = volunteer_form(org_a)
    client_a.logout()
    client_a.post(
        page(action),
        signature(q_availability="weekdays", q_skills=["design"], q_hours="2", q_host="yes"),
    )
    client_a.force_login(owner_a)
    response = client_a.post(questions_url(org_a, action), {"op": "remove", "key": "skills"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert [q["key"] for q in questions.active(action.questions)] == [
        "availability",
        "hours",
        "since",
        "host",
    ]
    assert "q_skills" not in client_a.get(page(action)).content.decode()
    detail = reverse("actions:detail", kwargs={"org_slug": org_a.slug, "action_id": action.pk})
    body = client_a.get(detail).content.decode()
    assert "Skills" in body and "Design" in body and "Weekdays" in body

    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            reverse("actions:export", kwargs={"org_slug": org_a.slug, "action_id": action.pk})
        )
    job = Job.objects.get(organization=org_a, kind="actions_submissions_export")
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    rows = list(csv.DictReader(io.StringIO(job.result_file.read().decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["Availability"] == "Weekdays" and rows[0]["Skills (removed)"] == "Design"
    assert rows[0]["Can you host a meeting?"] == "Yes" and rows[0]["email"] == "anne@example.org"

    client_a.post(questions_url(org_a, action), {"op": "restore", "key": "skills"})
    assert "q_skills" in client_a.get(page(action)).content.decode()


def test_answers_that_fill_a_sensitive_field_are_for_admins_only(client, client_a, org_a):
    from turnout.organizations.choices import Role
    from turnout.organizations.tests.factories import MembershipFactory

    CustomField.objects.create(
        organization=org_a, key="vote", label="Vote", kind="text", sensitive=True
    )
    vote = {
        "key": "vote",
        "kind": "short_text",
        "label": {"en": "Who did you vote for?"},
        "custom_field": "vote",
        "custom_field_kind": "text",
        "sensitive": True,
    }
    action = ActionFactory(organization=org_a, kind=Action.Kind.FORM, questions=[vote, HOURS])
    client.post(page(action), signature(q_vote="The Greens", q_hours="2"))
    assert Person.objects.get(organization=org_a).custom_fields == {"vote": "The Greens"}
    detail = reverse("actions:detail", kwargs={"org_slug": org_a.slug, "action_id": action.pk})
    assert "The Greens" in client_a.get(detail).content.decode()
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    body = client.get(detail).content.decode()
    assert "The Greens" not in body and "Hours a week" in body
    # Nor can an organizer map a question to it.
    form = client.get(edit_url(org_a, action)).context["new_question_form"]
    assert "vote" not in dict(form.fields["custom_field"].choices)
