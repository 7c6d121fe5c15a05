"""How many SQL statements a signature costs: pinned, so that a change to the write path that
adds round trips shows here (the intake benchmark explains why they matter)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from turnout.actions import services
from turnout.actions.selectors import action_public_get
from turnout.actions.tests.factories import ActionFactory
from turnout.people.models import Activity, Consent
from turnout.people.services import PersonData, timeline

pytestmark = pytest.mark.django_db

# Counted inside the test's transaction: submission_record's own transaction is a savepoint
# here (two statements), where in production it is BEGIN ... COMMIT (not counted).
NEW_SIGNATURE = 15
SIGNING_AGAIN = 8
QUEUED_POST = 3


def sign(action, **person):
    data = {"given_name": "Anne", "family_name": "Le Goff", "email": "anne@example.org"}
    data.update(person)
    return services.submission_record(
        action=action,
        data=PersonData(**data),
        consent_given=True,
        sponsor_ids=set(),
        attribution={},
        ip_address="127.0.0.1",
        language="fr",
    )


@pytest.fixture(autouse=True)
def _no_hooks(monkeypatch):
    """The statements of the signature itself: other apps' activity hooks (ladder, journeys)
    cost what they cost, and read through caches of their own."""
    monkeypatch.setattr(timeline, "ACTIVITY_HOOKS", [])


@pytest.fixture
def action(org_a):
    created = ActionFactory(organization=org_a)
    sign(action_public_get(slug=created.slug), email="first@example.org")  # warm caches
    return action_public_get(slug=created.slug)


def test_a_new_signature_and_signing_again_stay_within_their_statements(action):
    with CaptureQueriesContext(connection) as new:
        submission, created = sign(action, address={"postal_code": "29000"})
    assert created
    assert len(new) <= NEW_SIGNATURE, "\n".join(q["sql"][:120] for q in new.captured_queries)
    person = submission.person
    timeline = Activity.objects.filter(person=person).count()
    consents = Consent.objects.filter(person=person).count()

    with CaptureQueriesContext(connection) as again:
        _submission, created = sign(action, address={"postal_code": "29000"})
    assert not created
    assert len(again) <= SIGNING_AGAIN, "\n".join(q["sql"][:120] for q in again.captured_queries)
    # The same person, the same text, the same address: nothing new on their record.
    assert Activity.objects.filter(person=person).count() == timeline
    assert Consent.objects.filter(person=person).count() == consents


def test_signing_again_from_a_new_address_says_so_once(action):
    submission, _created = sign(action, address={"postal_code": "29000"})
    sign(action, address={"postal_code": "35000"})
    updated = Activity.objects.filter(person=submission.person, kind="person.updated")
    assert list(updated.values_list("summary", flat=True)) == ["address"]
    assert submission.person.addresses.get().postal_code == "35000"


def test_the_sign_page_writes_one_row(client, action, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "jobs", "messages"],
        }
    }
    cache.clear()
    url = reverse("actions_public:action", kwargs={"slug": action.slug})
    data = {"given_name": "Bob", "email": "bob@example.org", "consent": "on"}
    with CaptureQueriesContext(connection) as post:
        response = client.post(url, data)
    assert response.status_code == 302
    assert len(post) <= QUEUED_POST, "\n".join(q["sql"][:120] for q in post.captured_queries)
    assert [q["sql"].split()[0] for q in post.captured_queries].count("INSERT") == 1
