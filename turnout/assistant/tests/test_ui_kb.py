"""The knowledge-base pages: the filtered list, the editor (placeholders, https source, bad
input kept), "Verified today", archive with undo, the three languages side by side."""

# ruff: noqa: F811  (pytest fixtures imported from ui_helpers)

from datetime import timedelta

import pytest
from django.utils import timezone

from turnout.assistant.models import Entry
from turnout.core.models import AuditEvent

from .ui_helpers import SOURCE, days_ago, entry, organizer_a, organizer_client, url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
IN_TWO_DAYS = (timezone.localdate() + timedelta(days=2)).isoformat()


def form_data(**overrides):
    data = {
        "country": "FR",
        "language": "en",
        "election": "",
        "slug": "proxy-vote",
        "question": "How do I vote by proxy?",
        "variants": "can someone vote for me\n\nvote for my mum  \ncan someone vote for me",
        "keywords": "proxy, procuration,  Vollmacht",
        "answer": "Ask at a police station. Deadline: {registration_deadline}.",
        "source_url": SOURCE,
        "source_name": "Service-Public.fr",
        "valid_from": "",
        "valid_until": "",
        "last_verified": timezone.localdate().isoformat(),
        "owner": "",
        "status": "published",
    }
    data.update(overrides)
    return data


class TestEditor:
    def test_a_new_entry_is_saved_with_its_variants_and_keywords(
        self, organizer_client, org_a, organizer_a
    ):
        response = organizer_client.post(
            url("entry_new", org_a), form_data(owner=str(organizer_a.pk))
        )
        saved = Entry.objects.get(organization=org_a)
        assert response.status_code == 302
        assert response.url == url("entry_edit", org_a, kb_entry_id=saved.pk)
        assert saved.variants == ["can someone vote for me", "vote for my mum"]
        assert saved.keywords == ["proxy", "procuration", "Vollmacht"]
        assert saved.owner == organizer_a
        assert AuditEvent.objects.filter(
            organization=org_a, action="assistant.entry_created"
        ).exists()

    def test_the_allowed_placeholders_are_listed(self, organizer_client, org_a):
        page = organizer_client.get(url("entry_new", org_a)).content.decode()
        for name in ("{registration_deadline}", "{election_date}", "{days_left}"):
            assert name in page

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("answer", "Vote on {electoin_date}.", "stray brace: {electoin_date}"),
            ("answer", "Vote on {election_date.", "Unknown placeholder or stray brace: {"),
            ("source_url", "http://www.service-public.fr/", "must be an https:// address"),
            ("valid_until", "2020-01-01", "must not be before"),
            ("last_verified", IN_TWO_DAYS, "cannot be in the future"),
            ("slug", "proxy vote!", "Enter a valid"),
        ],
    )  # fmt: skip
    def test_bad_input_is_refused_next_to_the_field_and_nothing_is_lost(
        self, organizer_client, org_a, field, value, message
    ):
        data = form_data(**{field: value})
        if field == "valid_until":
            data["valid_from"] = "2021-01-01"
        if field == "source_url":
            message = "https://"
        response = organizer_client.post(url("entry_new", org_a), data)
        page = response.content.decode()
        assert response.status_code == 400
        assert message in page
        assert "can someone vote for me" in page and "Vollmacht" in page  # typed text kept
        assert not Entry.objects.filter(organization=org_a).exists()

    def test_a_second_entry_with_the_same_slug_is_refused_on_the_slug(
        self, organizer_client, org_a
    ):
        entry(org_a)
        response = organizer_client.post(url("entry_new", org_a), form_data())
        assert response.status_code == 400
        assert "already an entry with this stable name" in response.content.decode()
        assert Entry.objects.filter(organization=org_a).count() == 1

    def test_an_election_of_another_country_is_refused(self, organizer_client, org_a):
        from .factories import ElectionFactory

        german = ElectionFactory(organization=org_a, country="DE")
        response = organizer_client.post(
            url("entry_new", org_a), form_data(election=str(german.pk))
        )
        assert response.status_code == 400
        assert "another country" in response.content.decode()

    def test_save_as_verified_today_sets_the_date(self, organizer_client, org_a):
        old = entry(org_a, last_verified=days_ago(200))
        data = form_data(last_verified=days_ago(200).isoformat(), verified_today="1")
        organizer_client.post(url("entry_edit", org_a, kb_entry_id=old.pk), data)
        old.refresh_from_db()
        assert old.last_verified == timezone.localdate()

    def test_the_verified_today_button(self, organizer_client, org_a):
        old = entry(org_a, last_verified=days_ago(200))
        organizer_client.post(url("entry_action", org_a, kb_entry_id=old.pk), {"action": "verify"})
        old.refresh_from_db()
        assert old.last_verified == timezone.localdate()
        assert AuditEvent.objects.filter(action="assistant.entry_verified").count() == 1

    def test_archive_then_undo_brings_back_the_status(self, organizer_client, org_a):
        draft = entry(org_a, status=Entry.Status.DRAFT)
        action = url("entry_action", org_a, kb_entry_id=draft.pk)
        page = organizer_client.post(action, {"action": "archive"}, follow=True)
        draft.refresh_from_db()
        assert draft.status == Entry.Status.ARCHIVED
        assert "Undo: restore the entry" in page.content.decode()
        organizer_client.post(action, {"action": "restore"})
        draft.refresh_from_db()
        assert draft.status == Entry.Status.DRAFT

    def test_the_three_languages_side_by_side_with_a_link_to_write_the_missing_one(
        self, organizer_client, org_a
    ):
        english = entry(org_a)
        entry(org_a, language="fr", question="Comment voter par procuration ?")
        page = organizer_client.get(url("entry_edit", org_a, kb_entry_id=english.pk))
        body = page.content.decode()
        assert "Comment voter par procuration ?" in body
        assert "Missing in this language." in body
        assert "slug=proxy-vote&amp;country=FR&amp;language=de" in body
        prefilled = organizer_client.get(
            url("entry_new", org_a) + "?slug=proxy-vote&country=FR&language=de"
        ).content.decode()
        assert 'value="proxy-vote"' in prefilled
        assert '<option value="de" selected>' in prefilled


class TestList:
    def test_filters_and_flags(self, organizer_client, org_a):
        entry(org_a, slug="proxy-vote", question="Proxy question")
        entry(org_a, slug="postal-vote", question="Postal question", last_verified=days_ago(91))
        entry(
            org_a,
            slug="results",
            question="Results question",
            valid_from=days_ago(30),
            valid_until=days_ago(1),
        )
        entry(org_a, slug="who-can-vote", question="Wer darf wählen?", language="de")
        entry(org_a, slug="accessibility", question="Archived one", status="archived")
        page = organizer_client.get(url("entries", org_a)).content.decode()
        assert "Proxy question" in page and "Archived one" not in page
        assert "Not verified recently" in page and "Validity ended" in page
        stale = organizer_client.get(url("entries", org_a) + "?staleness=stale").content.decode()
        assert "Postal question" in stale and "Proxy question" not in stale
        german = organizer_client.get(url("entries", org_a) + "?language=de").content.decode()
        assert "Wer darf wählen?" in german and "Proxy question" not in german
        found = organizer_client.get(url("entries", org_a) + "?q=postal").content.decode()
        assert "Postal question" in found and "Proxy question" not in found
        archived = organizer_client.get(url("entries", org_a) + "?status=archived")
        assert "Archived one" in archived.content.decode()

    def test_the_list_has_a_query_budget(
        self, organizer_client, org_a, organizer_a, django_assert_max_num_queries
    ):
        for n in range(30):
            entry(org_a, slug=f"slug-{n}", owner=organizer_a)
        with django_assert_max_num_queries(14):
            response = organizer_client.get(url("entries", org_a))
        assert response.status_code == 200
