"""The shipped knowledge bases are complete, and installing them is idempotent."""

import pytest

from turnout.assistant.models import REQUIRED_SLUGS, SHIPPED_COUNTRIES, Entry
from turnout.assistant.services.knowledge import knowledge_base_install
from turnout.assistant.shipped import LANGUAGES, SHIPPED_VERSION, shipped_entries
from turnout.core.models import AuditEvent


@pytest.mark.parametrize("country", SHIPPED_COUNTRIES)
def test_every_country_and_language_has_every_required_slug(country):
    entries = shipped_entries(country)
    for language in LANGUAGES:
        slugs = [e.slug for e in entries if e.language == language]
        assert sorted(slugs) == sorted(REQUIRED_SLUGS), (country, language)
    for entry in entries:
        assert entry.source_url.startswith("https://"), entry
        assert entry.source_name and entry.last_verified
        assert len(entry.variants) >= 4 and entry.keywords, entry
        assert 0 < len(entry.answer) <= 600, (entry.slug, len(entry.answer))
        assert entry.answer.count("[") == entry.answer.count("]")


def test_facts_that_are_not_procedures_say_so():
    by_key = {
        (e.country, e.language, e.slug): e.answer
        for c in SHIPPED_COUNTRIES
        for e in shipped_entries(c)
    }
    assert by_key[("FR", "en", "postal-vote")].startswith("No: France has no postal voting")
    assert "maprocuration.gouv.fr" in by_key[("FR", "en", "postal-vote")]
    assert by_key[("AT", "en", "proxy-vote")].startswith("No: Austria has no proxy voting")
    assert by_key[("DE", "en", "proxy-vote")].startswith("No: Germany has no proxy voting")
    assert "16" in by_key[("AT", "en", "who-can-vote")]
    assert "Wahlkarte" in by_key[("AT", "de", "postal-vote")]
    assert (
        "18" in by_key[("DE", "en", "who-can-vote")]
        and "several states" in by_key[("DE", "en", "who-can-vote")]
    )


def test_install_copies_then_reports_nothing_new(org_a, owner_a):
    first = knowledge_base_install(organization=org_a, country="FR", actor=owner_a)
    assert len(first.created) == len(REQUIRED_SLUGS) * 3
    assert Entry.objects.filter(organization=org_a, country="FR").count() == 48
    entry = Entry.objects.get(organization=org_a, country="FR", language="de", slug="proxy-vote")
    assert entry.shipped_version.startswith(f"{SHIPPED_VERSION}:")
    assert entry.status == Entry.Status.PUBLISHED and entry.election is None
    second = knowledge_base_install(organization=org_a, country="FR", actor=owner_a)
    assert not second.changed and len(second.unchanged) == 48
    assert Entry.objects.filter(organization=org_a).count() == 48
    assert (
        AuditEvent.objects.filter(
            organization=org_a, action="assistant.knowledge_base_install"
        ).count()
        == 1
    )


def test_reinstall_keeps_edits_and_refreshes_untouched_copies(org_a, monkeypatch):
    knowledge_base_install(organization=org_a, country="AT", languages=["de"])
    edited = Entry.objects.get(organization=org_a, country="AT", language="de", slug="proxy-vote")
    edited.answer = "Unsere eigene Antwort."
    edited.save()
    stale = Entry.objects.get(organization=org_a, country="AT", language="de", slug="results")
    # A copy of an older shipped text, untouched since: its fingerprint matches its text.
    from turnout.assistant.services.knowledge import entry_fingerprint

    stale.answer = "Alter Text."
    stale.shipped_version = f"2020.1:{entry_fingerprint(stale)}"
    stale.save()
    Entry.objects.filter(
        organization=org_a, country="AT", language="de", slug="accessibility"
    ).delete()
    report = knowledge_base_install(organization=org_a, country="AT", languages=["de"])
    assert report.kept == ["AT/de/proxy-vote"]
    assert report.updated == ["AT/de/results"]
    assert report.created == ["AT/de/accessibility"]
    edited.refresh_from_db()
    stale.refresh_from_db()
    assert edited.answer == "Unsere eigene Antwort."
    assert stale.answer != "Alter Text." and stale.shipped_version.startswith(SHIPPED_VERSION)


def test_install_touches_only_its_organization_and_languages(org_a, org_b):
    knowledge_base_install(organization=org_a, country="DE", languages=["en"])
    assert Entry.objects.filter(organization=org_b).count() == 0
    assert set(Entry.objects.filter(organization=org_a).values_list("language", flat=True)) == {
        "en"
    }


def test_install_refuses_a_country_without_a_knowledge_base(org_a):
    with pytest.raises(ValueError):
        knowledge_base_install(organization=org_a, country="IT")
