"""Real concurrency (PostgreSQL): simultaneous signups of the same email make one person."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from turnout.people.models import Person

from .conftest import ApiClient
from .factories import ApiTokenFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_signups_of_one_email_make_one_person(org_a):
    ApiTokenFactory(organization=org_a, secret="tnt_concurrent_signups")
    barrier = threading.Barrier(6)
    statuses = []

    def signup(n):
        client = ApiClient("tnt_concurrent_signups")
        barrier.wait()
        response = client.post(
            "/api/v1/people/person_signup_helper",
            {
                "person": {
                    "given_name": f"Same{n}",
                    "email_addresses": [{"address": "same@example.org", "status": "subscribed"}],
                },
                "add_tags": ["volunteer"],
            },
        )
        statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=signup, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    person = Person.objects.get(organization=org_a)
    assert person.emails.get().address == "same@example.org"
    assert list(person.tags.values_list("name", flat=True)) == ["volunteer"]
