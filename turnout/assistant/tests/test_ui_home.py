"""The home: elections ahead, the coverage grid of the required slugs, stale entries, the
last 7 days of questions as a chart, the channels."""

# ruff: noqa: F811  (pytest fixtures imported from ui_helpers)

from datetime import timedelta

import pytest
from django.utils import timezone

from turnout.assistant import selectors
from turnout.assistant.models import REQUIRED_SLUGS, Channel

from .ui_helpers import days_ago, entry, organizer_a, organizer_client, url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_the_coverage_grid_tells_each_state(org_a):
    entry(org_a, slug="proxy-vote")
    entry(org_a, slug="postal-vote", last_verified=days_ago(120))
    entry(org_a, slug="results", valid_from=days_ago(10), valid_until=days_ago(1))
    entry(org_a, slug="id-documents", status="draft")
    entry(org_a, slug="accessibility", status="archived")
    grid = selectors.coverage_grid(organization=org_a)
    row = next(r for r in grid if (r.country, r.language) == ("FR", "en"))
    states = dict(row.cells)
    assert states["proxy-vote"] == "present"
    assert states["postal-vote"] == "stale"
    assert states["results"] == "expired"
    assert states["id-documents"] == "draft"
    assert states["accessibility"] == "missing"
    assert row.counts["missing"] == len(REQUIRED_SLUGS) - 4
    french = next(r for r in grid if (r.country, r.language) == ("FR", "fr"))
    assert french.counts["missing"] == len(REQUIRED_SLUGS)


def test_an_election_entry_counts_for_its_slug(org_a):
    from .factories import ElectionFactory

    election = ElectionFactory(organization=org_a, country="FR")
    entry(org_a, slug="election-dates", election=election)
    row = next(r for r in selectors.coverage_grid(organization=org_a) if r.language == "en")
    assert dict(row.cells)["election-dates"] == "present"


def test_the_stale_period_is_a_setting(org_a, settings):
    entry(org_a, slug="postal-vote", last_verified=days_ago(40))
    assert selectors.stale_entry_count(organization=org_a) == 0
    settings.TURNOUT_ASSISTANT_STALE_DAYS = 30
    assert selectors.stale_entry_count(organization=org_a) == 1


def test_last_week_counts_answered_and_unknown_per_day(org_a):
    from .factories import ConversationFactory, TurnFactory

    conversation = ConversationFactory(organization=org_a)
    now = timezone.now()
    for outcome, when in [
        ("answered", now),
        ("fact", now),
        ("unknown", now),
        ("opt_in", now),
        ("answered", now - timedelta(days=2)),
        ("answered", now - timedelta(days=9)),
    ]:
        TurnFactory(organization=org_a, conversation=conversation, outcome=outcome, created_at=when)
    days = selectors.questions_by_day(organization=org_a)
    assert len(days) == 7
    assert (days[-1]["answered"], days[-1]["unknown"]) == (2, 1)
    assert days[-3]["answered"] == 1
    assert sum(d["answered"] for d in days) == 3


def test_the_home_page(organizer_client, org_a, django_assert_max_num_queries):
    from .factories import ChannelAccountFactory, ElectionFactory

    ElectionFactory(
        organization=org_a,
        country="FR",
        name={"en": "Presidential election (demo)"},
        date=timezone.localdate() + timedelta(days=40),
    )
    ChannelAccountFactory(
        organization=org_a, channel=Channel.WHATSAPP, display_name="Ouest-Info", partner="Ouest"
    )
    entry(org_a, slug="postal-vote", last_verified=days_ago(120))
    with django_assert_max_num_queries(16):
        response = organizer_client.get(url("home", org_a))
    page = response.content.decode()
    assert "Presidential election (demo)" in page
    assert "Ouest-Info" in page and "WhatsApp" in page
    assert "<svg" in page and "Questions per day" in page
    assert 'title="postal-vote: Not verified recently"' in page
    assert "entries to verify again" in page


@pytest.mark.parametrize("language", ["fr", "de"])
def test_every_page_renders_in_french_and_german(organizer_client, org_a, language):
    from django.utils import translation

    from .factories import (
        ChannelAccountFactory,
        ConversationFactory,
        ElectionFactory,
        InboxQuestionFactory,
        TurnFactory,
    )

    election = ElectionFactory(organization=org_a)
    proxy = entry(org_a)
    conversation = ConversationFactory(organization=org_a)
    TurnFactory(organization=org_a, conversation=conversation, entry=proxy)
    question = InboxQuestionFactory(organization=org_a, conversation=conversation)
    ChannelAccountFactory(organization=org_a, channel=Channel.WEB)
    with translation.override(language):
        pages = [
            url("home", org_a),
            url("entries", org_a),
            url("entry_new", org_a),
            url("entry_edit", org_a, kb_entry_id=proxy.pk),
            url("install", org_a),
            url("console", org_a) + "?question=procuration&language=fr&country=FR",
            url("inbox", org_a),
            url("inbox_question", org_a, inbox_question_id=question.pk),
            url("inbox_entry", org_a, inbox_question_id=question.pk),
            url("elections", org_a),
            url("election_edit", org_a, election_id=election.pk),
            url("conversations", org_a),
            url("conversation", org_a, assistant_conversation_id=conversation.pk),
            url("channels", org_a),
        ]
    for page in pages:
        assert page.startswith(f"/{language}/")
        response = organizer_client.get(page)
        assert response.status_code == 200, page
        assert f'lang="{language}"' in response.content.decode()
