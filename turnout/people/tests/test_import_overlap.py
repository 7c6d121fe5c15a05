"""writer.overlapped_copies (decision 0108): a COPY returns before the server has inserted its
rows; the connection's next statement waits for it and raises its error."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from turnout.people.imports import writer
from turnout.people.models import EmailAddress, Tag

from .factories import PersonFactory

pytestmark = pytest.mark.postgres


def busy() -> bool:
    from psycopg import pq

    return connection.connection.pgconn.transaction_status == pq.TransactionStatus.ACTIVE


TAG_COLUMNS = ["organization_id", "name", "created_at", "updated_at"]


def tag_rows(org, names):
    now = writer.db_datetime(timezone.now())
    return [(org.pk, name, now, now) for name in names]


def test_a_copy_returns_before_its_result_and_the_next_query_sees_its_rows(org_a):
    table = writer.BulkTable(Tag, TAG_COLUMNS)
    with transaction.atomic(), writer.overlapped_copies():
        table.insert(tag_rows(org_a, [f"t{i}" for i in range(2000)]))
        assert busy()  # sent; the server is still at it
        assert Tag.objects.filter(organization=org_a).count() == 2000  # waited for it first
        assert not busy()
        table.insert(tag_rows(org_a, ["last"]))
    assert not busy()  # the block's end waited for the last one
    assert Tag.objects.filter(organization=org_a, name="last").exists()


def test_the_error_of_a_copy_is_raised_by_the_next_statement_as_an_integrity_error(org_a):
    person = PersonFactory(organization=org_a)
    EmailAddress.objects.create(organization=org_a, person=person, address="a@example.org")
    emails = writer.BulkTable(
        EmailAddress, ["organization_id", "person_id", "address", *TAG_COLUMNS[2:]]
    )
    now = writer.db_datetime(timezone.now())
    with (
        pytest.raises(IntegrityError, match="one_person_per_email"),
        transaction.atomic(),
        writer.overlapped_copies(),
    ):
        emails.insert([(org_a.pk, person.pk, "a@example.org", now, now)])  # taken: fails later
        Tag.objects.count()
    # Rolled back, the connection free again.
    assert EmailAddress.objects.filter(address="a@example.org").count() == 1


def test_leaving_the_block_on_an_exception_frees_the_connection_for_the_rollback(org_a):
    table = writer.BulkTable(Tag, TAG_COLUMNS)
    with pytest.raises(ZeroDivisionError), transaction.atomic(), writer.overlapped_copies():
        table.insert(tag_rows(org_a, ["kept?"]))
        1 / 0  # noqa: B018
    assert not Tag.objects.filter(name="kept?").exists()
    table.insert(tag_rows(org_a, ["after"]))  # outside the block: waited for at once
    assert not busy() and Tag.objects.filter(name="after").exists()
