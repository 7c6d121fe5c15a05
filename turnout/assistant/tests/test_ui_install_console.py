"""Installing the shipped knowledge base from the workspace (what was added, updated, kept)
and the test console (answer, entry, confidence, runner-ups; nothing recorded)."""

# ruff: noqa: F811  (pytest fixtures imported from ui_helpers)

import pytest

from turnout.assistant.models import REQUIRED_SLUGS, Entry, Turn

from .ui_helpers import entry, organizer_a, organizer_client, url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_install_reports_added_then_kept_and_up_to_date(organizer_client, org_a):
    response = organizer_client.post(url("install", org_a), {"country": "FR", "languages": ["en"]})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{len(REQUIRED_SLUGS)} entries added" in page
    assert Entry.objects.filter(organization=org_a, country="FR", language="en").count() == len(
        REQUIRED_SLUGS
    )
    edited = Entry.objects.get(organization=org_a, language="en", slug="proxy-vote")
    edited.answer += " Our volunteers can help."
    edited.save()
    again = organizer_client.post(
        url("install", org_a), {"country": "FR", "languages": ["en"]}
    ).content.decode()
    assert "1 entry kept as you edited it" in again and "FR/en/proxy-vote" in again
    assert f"{len(REQUIRED_SLUGS) - 1} entries already up to date" in again
    edited.refresh_from_db()
    assert edited.answer.endswith("Our volunteers can help.")


def test_install_needs_a_language(organizer_client, org_a):
    response = organizer_client.post(url("install", org_a), {"country": "FR"})
    assert response.status_code == 400
    assert "Choose at least one language." in response.content.decode()
    assert not Entry.objects.filter(organization=org_a).exists()


def test_every_placeholder_of_the_shipped_answers_and_of_the_facts_is_allowed():
    from turnout.assistant.facts import PLACEHOLDER
    from turnout.assistant.services.entries import PLACEHOLDERS
    from turnout.assistant.shipped import shipped_entries

    used = set()
    for country in ("FR", "AT", "DE"):
        for shipped in shipped_entries(country, ["fr", "en", "de"]):
            used.update(PLACEHOLDER.findall(shipped.answer))
    assert used and used <= set(PLACEHOLDERS)


def test_the_console_shows_the_answer_its_entry_and_the_runner_ups(organizer_client, org_a):
    entry(
        org_a,
        slug="proxy-vote",
        question="How do I vote by proxy?",
        variants=["Can someone vote for me?"],
        keywords=["proxy"],
    )
    entry(
        org_a,
        slug="postal-vote",
        question="Can I vote by post?",
        variants=["postal vote"],
        keywords=["post", "mail"],
        answer="There is no postal voting in France: give a proxy instead.",
    )
    query = "?question=can+someone+vote+for+me+by+proxy&language=en&country=FR&election="
    page = organizer_client.get(url("console", org_a) + query).content.decode()
    assert "Give a proxy to another voter at a police station." in page
    assert ">proxy-vote</a>" in page
    assert "Next best entries" in page and ">postal-vote</a>" in page
    assert not Turn.objects.exists()


def test_the_console_shows_a_refused_question(organizer_client, org_a):
    query = "?question=" + "x" * 600 + "&language=en&country=FR"
    page = organizer_client.get(url("console", org_a) + query).content.decode()
    assert 'role="alert"' in page
