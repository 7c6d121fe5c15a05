"""What the organizers' workspace tests share: URLs, an organizer, a few entries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

SOURCE = "https://www.service-public.fr/particuliers/vosdroits/F1604"


def url(name: str, org, **kwargs) -> str:
    return reverse(f"assistant:{name}", kwargs={"org_slug": org.slug, **kwargs})


def entry(org, **fields):
    from turnout.assistant.tests.factories import EntryFactory

    defaults = {
        "organization": org,
        "country": "FR",
        "language": "en",
        "slug": "proxy-vote",
        "question": "How do I vote by proxy?",
        "answer": "Give a proxy to another voter at a police station.",
        "source_url": SOURCE,
        "last_verified": timezone.localdate(),
        "election": None,
        "valid_from": None,
        "valid_until": None,
    }
    defaults.update(fields)
    return EntryFactory(**defaults)


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def organizer_a(org_a):
    return MembershipFactory(
        organization=org_a,
        role=Role.ORGANIZER,
        user__email="nadia@example.org",
        user__full_name="Nadia Organizer",
    ).user


@pytest.fixture
def organizer_client(client, organizer_a):
    client.force_login(organizer_a)
    return client
