"""Survey scripts: the checks of a script (keys, where answers lead, loops), the readable flow,
the shipped script, and the editor as an organizer uses it."""

import pytest

from turnout.canvassing.services.scripts import (
    END,
    ScriptRefused,
    default_script,
    script_clean,
    script_flow,
)
from turnout.canvassing.tests.factories import EffortFactory
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def q(key, kind="single", next="", choices=(("yes", ""), ("no", "")), sensitive=False):
    return {
        "key": key,
        "kind": kind,
        "text": {"en": f"{key}?"},
        "next": next,
        "sensitive": sensitive,
        "choices": [{"key": c, "text": {"en": c}, "next": n} for c, n in choices],
    }


def refusal(script) -> list[str]:
    with pytest.raises(ScriptRefused) as caught:
        script_clean(script)
    return caught.value.messages


def test_a_branching_script_is_kept_with_its_texts_in_three_languages():
    cleaned = script_clean(
        [q("a", choices=(("yes", "c"), ("no", ""))), q("b"), q("c", kind="text")]
    )
    assert [x["key"] for x in cleaned] == ["a", "b", "c"]
    assert cleaned[0]["text"] == {"fr": "", "en": "a?", "de": ""}
    assert cleaned[0]["choices"][0]["next"] == "c"
    assert cleaned[2]["choices"] == []


def test_duplicate_keys_unknown_next_and_loops_are_refused_with_clear_messages():
    assert refusal([q("a"), q("a")]) == ["Two questions have the key “a”: keys must differ."]
    assert refusal([q("a", next="zz")]) == [
        "Question a leads to “zz”, which is not a question of the script."
    ]
    messages = refusal([q("a", choices=(("yes", "b"), ("no", ""))), q("b", next="a")])
    assert messages == ["These questions lead back to each other in a loop: a → b → a."]
    assert refusal([q("a", next="a")]) == ["Question a leads to itself."]


def test_bad_keys_missing_texts_and_too_few_choices_are_refused():
    bad = q("Will vote", choices=(("yes", ""),))
    bad["text"] = {}
    messages = refusal([bad, q("end")])
    assert any("Question 1: its key “Will vote”" in m for m in messages)
    assert "Question Will vote: write its text in at least one language." in messages
    assert "Question Will vote: give at least two answers to choose from." in messages
    assert any("Question 2: its key “end”" in m for m in messages)


def test_an_answer_without_a_key_gets_one_from_its_text():
    choices = [{"key": "", "text": {"fr": "Pas sûr"}}, {"key": "no", "text": {}}]
    script = script_clean([{**q("a"), "choices": choices}])
    assert [c["key"] for c in script[0]["choices"]] == ["pas_sur", "no"]


def test_the_flow_says_where_each_answer_leads():
    flow = script_flow(
        script_clean([q("a", choices=(("yes", END), ("no", ""))), q("b", kind="text")]), "en"
    )
    yes, no = flow[0]["choices"]
    assert yes["next"]["end"] and yes["branches"]
    assert no["next"]["number"] == 2 and not no["branches"]
    assert flow[1]["next"]["end"]


def test_the_shipped_script_is_valid_names_the_day_and_marks_opinion_as_sensitive():
    import datetime as dt

    script = default_script(election_date=dt.date(2027, 4, 11))
    assert script_clean(script) == script
    assert "11" in script[0]["text"]["fr"] and "2027" in script[0]["text"]["de"]
    assert [x["key"] for x in script if x["sensitive"]] == ["issue"]


# --- The editor ---------------------------------------------------------------------------


def page(org, effort, rest=""):
    return f"/en/o/{org.slug}/canvassing/efforts/{effort.pk}/script/{rest}"


def question_post(**fields):
    data = {"key": "will_vote", "kind": "single", "text_en": "Will you vote?", "next": ""}
    data.update(
        {"choice_0_key": "yes", "choice_0_en": "Yes", "choice_1_key": "no", "choice_1_en": "No"}
    )
    data.update(fields)
    return data


def test_an_organizer_starts_from_the_shipped_script_and_sees_the_flow(client_a, org_a):
    effort = EffortFactory(organization=org_a)
    empty = client_a.get(page(org_a, effort)).content.decode()
    assert "No questions yet" in empty and "Start from this script" in empty
    client_a.post(page(org_a, effort))
    effort.refresh_from_db()
    assert [x["key"] for x in effort.script] == [
        "will_vote",
        "polling_station",
        "reminder",
        "issue",
    ]
    shown = client_a.get(page(org_a, effort)).content.decode()
    assert "Do you know where your polling station is?" in shown and "sensitive" in shown


def test_a_question_is_added_then_renamed_and_the_branches_follow(client_a, org_a):
    effort = EffortFactory(organization=org_a)
    client_a.post(page(org_a, effort, "questions/new/"), question_post())
    client_a.post(
        page(org_a, effort, "questions/new/"),
        question_post(key="reminder", text_en="A reminder?", choice_1_next=""),
    )
    client_a.post(
        page(org_a, effort, "questions/will_vote/"), question_post(choice_1_next="reminder")
    )
    response = client_a.post(
        page(org_a, effort, "questions/reminder/"),
        question_post(key="remind", text_en="A reminder?"),
    )
    assert response.status_code == 302
    effort.refresh_from_db()
    assert effort.script[0]["choices"][1]["next"] == "remind"


def test_a_bad_question_is_refused_and_keeps_what_was_typed(client_a, org_a):
    effort = EffortFactory(organization=org_a)
    client_a.post(page(org_a, effort, "questions/new/"), question_post())
    response = client_a.post(
        page(org_a, effort, "questions/new/"),
        question_post(text_en="Again, will you vote?", choice_1_key="", choice_1_en=""),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Two questions have the key “will_vote”" in body
    assert "give at least two answers" in body
    assert "Again, will you vote?" in body
    effort.refresh_from_db()
    assert len(effort.script) == 1


def test_a_question_others_lead_to_cannot_be_deleted(client_a, org_a):
    effort = EffortFactory(organization=org_a, script=default_script())
    response = client_a.post(page(org_a, effort, "questions/issue/delete/"), follow=True)
    assert "Questions will_vote lead to this one: change where they lead first." in (
        response.content.decode()
    )
    effort.refresh_from_db()
    assert len(effort.script) == 4
    client_a.post(page(org_a, effort, "questions/reminder/move/"), {"direction": "up"})
    effort.refresh_from_db()
    assert [x["key"] for x in effort.script][1:3] == ["reminder", "polling_station"]


def test_volunteers_do_not_edit_scripts(client, org_a):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(page(org_a, EffortFactory(organization=org_a))).status_code == 403
