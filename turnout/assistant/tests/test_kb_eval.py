"""The question sets: at least 90 % top-1 accuracy per language and at least 90 % "I don't
know" on out-of-scope questions, on the repository's set and on the held-out set (the same
check as ``make eval-assistant``)."""

import pytest

from turnout.assistant.eval import GOAL, LANGUAGES, SETS, load_questions, run_evaluation
from turnout.assistant.models import REQUIRED_SLUGS, SHIPPED_COUNTRIES
from turnout.assistant.services.knowledge import knowledge_base_install
from turnout.assistant.shipped import shipped_entries


@pytest.mark.parametrize("set_name", list(SETS))
def test_the_question_set_is_big_enough(set_name):
    questions = load_questions(set_name=set_name)
    for language in LANGUAGES:
        mine = [q for q in questions if q.language == language]
        assert sum(1 for q in mine if q.slug) >= 40
        assert sum(1 for q in mine if q.slug is None) >= 20
        assert {q.country for q in mine} == {"FR", "AT", "DE"}
        assert {q.slug for q in mine if q.slug} <= set(REQUIRED_SLUGS)


def test_the_held_out_set_asks_every_required_slug_three_times_per_language():
    questions = load_questions(set_name="heldout")
    for language in LANGUAGES:
        mine = [q for q in questions if q.language == language]
        for slug in REQUIRED_SLUGS:
            assert sum(1 for q in mine if q.slug == slug) >= 3, (language, slug)
        assert sum(1 for q in mine if q.slug is None) >= 25


def test_no_held_out_question_is_copied_into_the_shipped_entries():
    from turnout.assistant.facts import normalize

    shipped = {
        normalize(text)
        for country in SHIPPED_COUNTRIES
        for entry in shipped_entries(country)
        for text in (entry.question, *entry.variants, *entry.keywords)
    }
    copied = [q.text for q in load_questions(set_name="heldout") if normalize(q.text) in shipped]
    assert copied == []


@pytest.mark.parametrize("set_name", list(SETS))
def test_the_assistant_reaches_the_goal(org_a, set_name):
    for country in SHIPPED_COUNTRIES:
        knowledge_base_install(organization=org_a, country=country)
    result = run_evaluation(organization=org_a, questions=load_questions(set_name=set_name))
    misses = [(q.text, q.slug, got) for q, got, _confidence in result.misses]
    for language in LANGUAGES:
        assert result.accuracy[language] >= GOAL, misses
        assert result.unknown_share[language] >= GOAL, misses
