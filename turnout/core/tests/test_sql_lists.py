from django.db import connection
from django.test.utils import CaptureQueriesContext

from turnout.people.models import EmailAddress, Person
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory


def test_ids_in_finds_the_rows_of_those_ids_by_key_and_by_foreign_key(org_a):
    people = [PersonFactory(organization=org_a) for _ in range(3)]
    emails = [EmailAddressFactory(person=p) for p in people]
    wanted = {people[0].pk, people[2].pk, 10**12}
    with CaptureQueriesContext(connection) as queries:
        found = set(Person.objects.filter(pk__ids_in=wanted).values_list("pk", flat=True))
        by_person = set(
            EmailAddress.objects.filter(person_id__ids_in=wanted).values_list("pk", flat=True)
        )
    assert found == {people[0].pk, people[2].pk}
    assert by_person == {emails[0].pk, emails[2].pk}
    assert not Person.objects.filter(pk__ids_in=set()).exists()
    if connection.vendor == "postgresql":  # one parameter, whatever the number of ids
        assert all("= ANY(string_to_array(" in q["sql"] for q in queries.captured_queries)
