"""The import job against the database: counts, de-duplication, tags, suppression, undo,
resume after a crash, cancellation, and the bad input of the issue."""

import datetime as dt
import multiprocessing
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from turnout.core.ids import uuid7_time_ms
from turnout.core.jobs import job_cancel, job_requeue_stale, job_run
from turnout.core.models import Job
from turnout.organizations.tests.factories import OrganizationFactory, UserFactory
from turnout.people import services as people_services
from turnout.people.imports import batch, pipeline, services
from turnout.people.models import (
    Activity,
    ContactStatus,
    EmailAddress,
    ImportChange,
    ImportMapping,
    PeopleImport,
    Person,
    PhoneNumber,
    Suppression,
    Tagging,
)

from .factories import (
    CustomFieldFactory,
    EmailAddressFactory,
    PersonFactory,
    PhoneNumberFactory,
    PostalAddressFactory,
    TagFactory,
)
from .test_import_helpers import (
    counts,
    create_import,
    csv_bytes,
    english,  # noqa: F401  (autouse fixture)
    report_rows,
    run_import,
    start_import,
    undo_import,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

HEADER = ["Prénom", "Nom", "E-mail", "Téléphone", "Code postal", "Ville", "Tags"]


def snapshot(org):
    """Everything a person page shows, for every person of the organization."""
    people = []
    for person in Person.objects.for_organization(org).order_by("pk"):
        people.append(
            (
                person.pk,
                person.given_name,
                person.family_name,
                person.birthdate,
                person.language,
                person.support_level,
                person.custom_fields,
                person.last_activity_at,
                sorted(person.emails.values_list("address", "primary", "status")),
                sorted(person.phones.values_list("number", "primary", "status")),
                sorted(person.addresses.values_list("address_lines", "postal_code", "locality")),
                sorted(person.tags.values_list("name", flat=True)),
                person.activities.count(),
            )
        )
    return people


def test_rows_are_counted_and_duplicates_in_the_file_merge(org_a, owner_a):
    rows = [
        HEADER,
        ["Anne", "Le Goff", "anne@example.org", "06 12 34 56 78", "29200", "Brest", ""],
        ["Bernd", "Huber", "bernd@example.org", "", "", "", ""],
        ["", "", "", "", "", "", ""],
        ["ANNE", "", "Anne@Example.org", "", "", "", "bénévole"],  # same email: merges
        ["", "", "", "+33 6 12 34 56 78", "", "Quimper", ""],  # same phone: merges
        ["Chloé", "", "pas-un-email", "", "", "", ""],
    ]
    imp = run_import(org_a, owner_a, csv_bytes(rows, delimiter=";"))
    assert imp.status == PeopleImport.Status.DONE
    assert counts(imp) == {"created": 2, "updated": 2, "rejected": 1, "suppressed": 0}
    assert imp.total_rows == 5 and imp.rows_done == 6  # one blank line
    anne = Person.objects.get(emails__address="anne@example.org")
    assert (anne.given_name, anne.family_name) == ("ANNE", "Le Goff")
    assert list(anne.phones.values_list("number", flat=True)) == ["+33612345678"]
    assert anne.addresses.get().locality == "Quimper"
    assert list(anne.tags.values_list("name", flat=True)) == ["bénévole"]
    assert anne.source_import_id == imp.pk
    assert list(anne.activities.values_list("kind", "summary")) == [("import", "people.csv")]
    assert report_rows(imp) == [
        [
            "7",
            "rejected",
            "“pas-un-email” is not a valid email address.",
            "Chloé",
            "",
            "pas-un-email",
            "",
            "",
            "",
            "",
        ],
    ]


def test_existing_people_match_on_email_then_phone_and_keep_what_the_file_leaves_empty(
    org_a, owner_a
):
    by_email = PersonFactory(organization=org_a, given_name="Anne", family_name="Le Goff")
    EmailAddressFactory(person=by_email, address="anne@example.org")
    PostalAddressFactory(person=by_email, postal_code="29200", locality="Brest")
    by_phone = PersonFactory(organization=org_a, given_name="Bernd", family_name="Huber")
    PhoneNumberFactory(person=by_phone, number="+33612345678")
    rows = [
        ["email", "phone", "first name", "last name", "city"],
        ["ANNE@example.org", "", "", "Le Goff-Morvan", ""],
        ["bernd@example.org", "06 12 34 56 78", "", "", "Paris"],
    ]
    imp = run_import(org_a, owner_a, csv_bytes(rows))
    assert counts(imp) == {"created": 0, "updated": 2, "rejected": 0, "suppressed": 0}
    by_email.refresh_from_db()
    assert (by_email.given_name, by_email.family_name) == ("Anne", "Le Goff-Morvan")
    assert by_email.addresses.get().locality == "Brest"  # empty cell: kept
    by_phone.refresh_from_db()
    assert list(by_phone.emails.values_list("address", "primary")) == [("bernd@example.org", True)]
    assert by_phone.addresses.get().locality == "Paris"
    assert by_phone.activities.filter(kind="import").count() == 1
    assert ImportChange.objects.filter(people_import=imp).count() == 2


def test_fill_only_mode_keeps_existing_values(org_a, owner_a):
    person = PersonFactory(organization=org_a, given_name="Anne", family_name="")
    EmailAddressFactory(person=person, address="anne@example.org")
    rows = [["email", "first name", "last name"], ["anne@example.org", "Annie", "Le Goff"]]
    run_import(org_a, owner_a, csv_bytes(rows), on_match="fill")
    person.refresh_from_db()
    assert (person.given_name, person.family_name) == ("Anne", "Le Goff")


def test_tags_for_every_person_and_from_a_column(org_a, owner_a):
    existing = PersonFactory(organization=org_a)
    EmailAddressFactory(person=existing, address="old@example.org")
    old_tag = TagFactory(organization=org_a, name="fête 2024")
    Tagging.objects.create(person=existing, tag=old_tag)
    rows = [
        ["email", "tags"],
        ["old@example.org", "fête 2024; bénévole"],
        ["new@example.org", "tracteur, bénévole"],
    ]
    imp = run_import(org_a, owner_a, csv_bytes(rows), tags=["fête 2025"])
    assert sorted(existing.tags.values_list("name", flat=True)) == [
        "bénévole",
        "fête 2024",
        "fête 2025",
    ]
    new = Person.objects.get(emails__address="new@example.org")
    assert sorted(new.tags.values_list("name", flat=True)) == ["bénévole", "fête 2025", "tracteur"]
    assert Tagging.objects.filter(source_import=imp).count() == 5  # not the old one
    assert Tagging.objects.get(person=existing, tag=old_tag).source_import is None


def test_custom_fields_support_level_and_dates(org_a, owner_a):
    CustomFieldFactory(organization=org_a, key="member", label="Adhérent", kind="boolean")
    CustomFieldFactory(
        organization=org_a, key="size", label="Taille", kind="choice", choices=["S", "M", "L"]
    )
    rows = [
        ["Courriel", "Adhérent", "Taille", "Soutien", "Date de naissance", "Langue", "Genre"],
        ["a@example.org", "oui", "m", "5", "31.12.1980", "Deutsch", "weiblich"],
        ["b@example.org", "nein", "", "2", "1975-01-15", "fr", "H"],
    ]
    imp = run_import(org_a, owner_a, csv_bytes(rows))
    assert imp.created_count == 2
    a = Person.objects.get(emails__address="a@example.org")
    assert a.custom_fields == {"member": True, "size": "M"}
    assert (a.support_level, a.birthdate, a.language, a.gender) == (
        5,
        dt.date(1980, 12, 31),
        "de",
        "female",
    )
    assert Person.objects.get(emails__address="b@example.org").custom_fields == {"member": False}


def test_the_bad_input_of_the_issue(org_a, owner_a):
    """Latin-1, semicolons, a quoted newline, ragged rows, invalid emails and phones, dates in
    several formats: rows that can be saved are saved, the others are reported with line
    number and reason."""
    text = (
        "Prénom;Nom;Courriel;Téléphone;Adresse;Date de naissance\r\n"
        "Hélène;Lefèvre;helene@example.org;06 12 34 56 78;"
        '"3 rue de l\'Église\r\nBât. B";12/05/1985\r\n'
        "Jürgen;Müller;juergen@example.org;;;1980-01-31\r\n"
        "Zoé;Bréhat;zoe@example;;;\r\n"
        "Loïc;Kerdréan;loic@example.org;12;;\r\n"
        "Maëlle;Le Bihan;;0298000000;;31.12.1990\r\n"
        "Ana;Costa;ana@example.org;06 99 88 77 66;;31/02/1990\r\n"
        "Court;Rangée\r\n"
        "Trop;Long;trop@example.org;;;;en plus;encore\r\n"
        "\r\n"
        "Yann;Morvan;yann@example.org;;;15-08-1970\r\n"
    )
    imp = run_import(org_a, owner_a, text.encode("latin-1"))
    assert imp.encoding == "cp1252" and imp.delimiter == ";"
    assert counts(imp) == {"created": 6, "updated": 0, "rejected": 3, "suppressed": 0}
    assert imp.total_rows == 9 and imp.rows_done == 10
    helene = Person.objects.get(emails__address="helene@example.org")
    assert helene.addresses.get().address_lines == "3 rue de l'Église Bât. B"
    assert helene.birthdate == dt.date(1985, 5, 12)
    assert Person.objects.get(family_name="Müller").birthdate == dt.date(1980, 1, 31)
    assert Person.objects.get(family_name="Morvan").birthdate == dt.date(1970, 8, 15)
    loic = Person.objects.get(family_name="Kerdréan")  # invalid phone, valid email: saved
    assert not loic.phones.exists()
    assert Person.objects.get(family_name="Le Bihan").phones.get().number == "+33298000000"
    assert Person.objects.filter(family_name="Rangée").exists()  # short row: padded
    report = {int(row[0]): row for row in report_rows(imp)}
    assert sorted(report) == [5, 6, 8, 10]
    assert report[5][1:3] == ["rejected", "“zoe@example” is not a valid email address."]
    assert report[6][1] == "saved with a warning" and "phone" in report[6][2]
    assert report[8][1] == "rejected" and "not a real date" in report[8][2]
    assert report[10][1] == "rejected" and "8 values but the header has 6 columns" in report[10][2]
    assert report[10][3:] == ["Trop", "Long", "trop@example.org", "", "", "", "en plus", "encore"]


def test_xlsx_import(org_a, owner_a):
    data = xlsx_bytes(
        [
            ["Vorname", "Nachname", "E-Mail", "Handy", "PLZ", "Geburtsdatum"],
            ["Anna", "Gruber", "anna@example.org", 612345678, 1000, dt.datetime(1990, 3, 1)],
            [None, None, None, None, None, None],
            ["Bernd", "Huber", "bernd@@example.org", None, 29200, "01.02.1980"],
        ]
    )
    imp = run_import(org_a, owner_a, data, name="Mitglieder.xlsx")
    assert imp.file_format == "xlsx"
    assert counts(imp) == {"created": 1, "updated": 0, "rejected": 1, "suppressed": 0}
    anna = Person.objects.get(family_name="Gruber")
    assert anna.birthdate == dt.date(1990, 3, 1)
    assert anna.phones.get().number == "+33612345678"
    assert anna.addresses.get().postal_code == "01000"
    assert [row[0] for row in report_rows(imp)] == ["4"]


def test_erasure_then_reimport_does_not_bring_the_person_back(org_a, owner_a):
    rows = [
        ["email", "phone", "first name", "last name"],
        ["erased@example.org", "06 11 22 33 44", "Erwan", "Effacé"],
        ["kept@example.org", "", "Katell", "Gardée"],
    ]
    data = csv_bytes(rows)
    run_import(org_a, owner_a, data)
    person = Person.objects.get(emails__address="erased@example.org")
    # Erasure: suppression hashes kept, the person anonymized.
    people_services.suppress_person_contacts(
        person=person, reason=Suppression.Reason.ERASURE, source="erasure request"
    )
    person.emails.all().delete()
    person.phones.all().delete()
    Person.objects.filter(pk=person.pk).update(
        given_name="", family_name="", erased_at=dt.datetime.now(dt.UTC)
    )
    suppressions = Suppression.objects.filter(organization=org_a, lifted_at__isnull=True).count()

    again = run_import(org_a, owner_a, data)
    assert counts(again) == {"created": 0, "updated": 1, "rejected": 0, "suppressed": 1}
    assert not EmailAddress.objects.filter(address="erased@example.org").exists()
    assert not PhoneNumber.objects.filter(number="+33611223344").exists()
    assert not Person.objects.filter(family_name="Effacé").exists()
    assert Suppression.objects.filter(organization=org_a, lifted_at__isnull=True).count() == (
        suppressions
    )
    skipped = report_rows(again)
    assert skipped == [
        ["2", "skipped", "This person asked for their data to be erased; not imported."]
    ]  # and none of their data in the report


def test_an_erased_phone_alone_is_enough_to_skip(org_a, owner_a):
    people_services.suppression_add(
        organization=org_a, channel="sms", value="+33611223344", reason="erasure"
    )
    rows = [["email", "phone"], ["new-address@example.org", "06 11 22 33 44"]]
    imp = run_import(org_a, owner_a, csv_bytes(rows))
    assert imp.suppressed_count == 1 and not Person.objects.exists()


def test_an_opt_out_keeps_the_person_but_the_contact_stays_unsubscribed(org_a, owner_a):
    people_services.suppression_add(
        organization=org_a, channel="email", value="out@example.org", reason="opt_out"
    )
    people_services.suppression_add(
        organization=org_a, channel="sms", value="0611223344", reason="opt_out"
    )
    rows = [["email", "phone"], ["out@example.org", "06 11 22 33 44"], ["in@example.org", ""]]
    imp = run_import(org_a, owner_a, csv_bytes(rows))
    assert imp.created_count == 2
    assert EmailAddress.objects.get(address="out@example.org").status == ContactStatus.UNSUBSCRIBED
    assert PhoneNumber.objects.get(number="+33611223344").status == ContactStatus.UNSUBSCRIBED
    assert EmailAddress.objects.get(address="in@example.org").status == ContactStatus.SUBSCRIBED


def test_undo_restores_exactly(org_a, owner_a):
    CustomFieldFactory(organization=org_a, key="size", label="Taille", kind="text")
    anne = PersonFactory(
        organization=org_a, given_name="Anne", family_name="Le Goff", custom_fields={"a": 1}
    )
    EmailAddressFactory(person=anne, address="anne@example.org")
    PostalAddressFactory(person=anne, postal_code="29200", locality="Brest")
    Tagging.objects.create(person=anne, tag=TagFactory(organization=org_a, name="ancienne"))
    bernd = PersonFactory(organization=org_a, given_name="Bernd", family_name="Huber")
    PhoneNumberFactory(person=bernd, number="+33612345678")
    untouched = PersonFactory(organization=org_a, given_name="Ciarán")
    before = snapshot(org_a)
    rows = [
        ["email", "phone", "first name", "last name", "postcode", "city", "taille", "tags"],
        ["anne@example.org", "07 00 00 00 01", "Annie", "", "29000", "Quimper", "M", "x"],
        ["bernd@example.org", "06 12 34 56 78", "", "Hubert", "1010", "Wien", "", ""],
        ["new@example.org", "", "Nouveau", "", "", "", "L", "y"],
        ["anne@example.org", "", "", "Le Goff-Morvan", "", "", "S", ""],  # again, same file
    ]
    imp = run_import(org_a, owner_a, csv_bytes(rows), tags=["import"])
    assert counts(imp) == {"created": 1, "updated": 3, "rejected": 0, "suppressed": 0}
    assert snapshot(org_a) != before
    imp = undo_import(imp, owner_a)
    assert imp.status == PeopleImport.Status.UNDONE and imp.undone_at
    assert snapshot(org_a) == before
    assert not ImportChange.objects.filter(people_import=imp).exists()
    assert Person.objects.filter(pk=untouched.pk).exists()


def test_undo_keeps_what_someone_changed_since(org_a, owner_a):
    anne = PersonFactory(organization=org_a, given_name="Anne", family_name="Le Goff")
    EmailAddressFactory(person=anne, address="anne@example.org")
    rows = [["email", "first name", "last name"], ["anne@example.org", "Annie", "Morvan"]]
    imp = run_import(org_a, owner_a, csv_bytes(rows))
    people_services.person_update(person=anne, actor=owner_a, fields={"family_name": "Kervella"})
    undo_import(imp, owner_a)
    anne.refresh_from_db()
    assert (anne.given_name, anne.family_name) == ("Anne", "Kervella")


def test_imported_people_get_time_ordered_identifiers_after_the_people_before(org_a, owner_a):
    earlier = PersonFactory(organization=org_a)
    time.sleep(0.002)  # the next millisecond
    rows = [
        HEADER,
        ["Anne", "Le Goff", "anne@example.org", "", "", "", ""],  # alone: the fast path
        ["Bernd", "Huber", "bernd@example.org", "", "", "", ""],
        ["", "Huber", "bernd@example.org", "", "", "", "x"],  # Bernd twice: the general path
    ]
    imp = run_import(org_a, owner_a, csv_bytes(rows, delimiter=";"))
    imported = list(Person.objects.filter(source_import=imp).values_list("uuid", flat=True))
    assert len(imported) == 2
    for value in [earlier.uuid, *imported]:
        assert value.version == 7  # decision 0107
    assert min(imported) > earlier.uuid
    assert uuid7_time_ms(imported[0]) == uuid7_time_ms(imported[1])  # one batch


def many_rows(n, start=0):
    rows = [["email", "first name", "phone"]]
    for i in range(start, start + n):
        rows.append([f"p{i}@example.org", f"P{i}", ""])
        if i % 4 == 0:
            rows.append(["broken", "", ""])
    return rows


class WorkerDied(BaseException):
    """Stands for a worker process killed mid-import (not an error the job sees)."""


def test_a_worker_that_dies_resumes_after_the_last_committed_batch(
    org_a, owner_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 5)
    real_commit = pipeline._commit_batch
    calls = []

    def dying_commit(batcher, records, start, *more):
        calls.append(start)
        if len(calls) == 3:
            raise WorkerDied
        return real_commit(batcher, records, start, *more)

    monkeypatch.setattr(pipeline, "_commit_batch", dying_commit)
    imp = create_import(org_a, owner_a, csv_bytes(many_rows(20)))
    job = start_import(imp, owner_a)
    with pytest.raises(WorkerDied):
        job_run(job_id=job.pk)
    imp.refresh_from_db()
    assert imp.status == PeopleImport.Status.RUNNING and imp.rows_done == 10
    assert Person.objects.count() == 8  # two batches of 5 records, 2 of them broken

    Job.objects.filter(pk=job.pk).update(heartbeat_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert job_requeue_stale(stale_after_seconds=60) == 1
    job.refresh_from_db()
    imp.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2
    assert calls[3] == 10  # resumed at the first record not committed
    assert counts(imp) == {"created": 20, "updated": 0, "rejected": 5, "suppressed": 0}
    assert Person.objects.count() == 20
    assert EmailAddress.objects.count() == 20
    assert Activity.objects.filter(kind="import").count() == 20
    assert len(report_rows(imp)) == 5  # each rejected row reported once


@pytest.mark.parametrize("reading", ["thread", "process"])
def test_cancelling_undoes_the_committed_batches(org_a, owner_a, monkeypatch, reading):
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 4)
    monkeypatch.setattr(pipeline, "SQLITE_BATCH_SIZE", 4)
    # The batches read in a forked process (decision 0105) for the second run, on Linux.
    monkeypatch.setattr(pipeline, "PROCESS_MIN_ROWS", 0 if reading == "process" else 10**9)
    existing = PersonFactory(organization=org_a, given_name="Anne")
    EmailAddressFactory(person=existing, address="p1@example.org")
    before = snapshot(org_a)
    real_commit = pipeline._commit_batch
    calls = []

    def cancelling_commit(batcher, records, start, *more):
        outcome = real_commit(batcher, records, start, *more)
        calls.append(start)
        if len(calls) == 2:
            job_cancel(job=Job.objects.get(pk=batcher.imp.job_id))
        return outcome

    monkeypatch.setattr(pipeline, "_commit_batch", cancelling_commit)
    imp = create_import(org_a, owner_a, csv_bytes(many_rows(20)))
    job = start_import(imp, owner_a, tags=["t"])
    assert job_run(job_id=job.pk) == "cancelled"
    imp.refresh_from_db()
    job.refresh_from_db()
    assert len(calls) == 2  # stopped between batches
    assert job.status == Job.Status.CANCELLED
    assert imp.status == PeopleImport.Status.UNDONE
    assert snapshot(org_a) == before
    assert not Tagging.objects.filter(source_import=imp).exists()
    assert not multiprocessing.active_children()  # the reading process is gone


def test_a_failed_import_can_be_resumed(org_a, owner_a, monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 5)
    real_commit = pipeline._commit_batch
    state = {"fail": True, "calls": 0}

    def flaky_commit(batcher, records, start, *more):
        state["calls"] += 1
        if state["fail"] and state["calls"] == 2:
            raise RuntimeError("database went away")
        return real_commit(batcher, records, start, *more)

    monkeypatch.setattr(pipeline, "_commit_batch", flaky_commit)
    imp = create_import(org_a, owner_a, csv_bytes(many_rows(8)))
    job = start_import(imp, owner_a)
    with pytest.raises(RuntimeError):
        job_run(job_id=job.pk)
    imp.refresh_from_db()
    assert imp.status == PeopleImport.Status.FAILED and imp.rows_done == 5
    state["fail"] = False
    job_run(job_id=services.import_resume(people_import=imp, user=owner_a).pk)
    imp.refresh_from_db()
    assert imp.status == PeopleImport.Status.DONE
    assert counts(imp) == {"created": 8, "updated": 0, "rejected": 2, "suppressed": 0}
    assert Person.objects.count() == 8


def test_a_unique_email_conflict_retries_the_batch_row_by_row(org_a, owner_a, monkeypatch):
    real_write = pipeline.ImportBatcher._write
    state = {"raised": False}

    def conflicting_write(self, rows, out, lookups):
        if len(rows) > 1 and not state["raised"]:
            state["raised"] = True
            real_write(self, rows, out, lookups)
            raise IntegrityError("duplicate key value violates unique constraint")
        return real_write(self, rows, out, lookups)

    monkeypatch.setattr(pipeline.ImportBatcher, "_write", conflicting_write)
    imp = run_import(org_a, owner_a, csv_bytes(many_rows(6)))
    assert state["raised"]
    assert counts(imp) == {"created": 6, "updated": 0, "rejected": 2, "suppressed": 0}
    assert Person.objects.count() == 6 and EmailAddress.objects.count() == 6
    assert [row[0] for row in report_rows(imp)] == ["3", "8"]  # each once, in file order


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_signup_with_the_same_email_is_merged(org_a, owner_a, monkeypatch):
    """A signup form commits the same email between the batch's look-up and its insert: the
    insert fails on the unique constraint, and the batch is taken again row by row."""
    from turnout.people.imports import writer

    real_insert = writer.BulkTable.insert
    state = {"signups": 0}

    def signup_meanwhile(self, rows):
        if self.table == EmailAddress._meta.db_table and not state["signups"]:
            state["signups"] += 1

            def signup():
                try:
                    people_services.person_upsert(
                        organization=org_a,
                        data=people_services.PersonData(email="p3@example.org", given_name="Web"),
                        source="petition",
                    )
                finally:
                    connection.close()

            thread = threading.Thread(target=signup)
            thread.start()
            thread.join()
        return real_insert(self, rows)

    monkeypatch.setattr(writer.BulkTable, "insert", signup_meanwhile)
    real_one = pipeline._commit_one
    one_by_one = []
    monkeypatch.setattr(
        pipeline, "_commit_one", lambda b, r: one_by_one.append(r.line) or real_one(b, r)
    )
    imp = run_import(org_a, owner_a, csv_bytes(many_rows(6)))
    # The batch's six readable rows, one by one (the two it rejected on reading stay so).
    assert state["signups"] == 1 and one_by_one == [2, 4, 5, 6, 7, 9]
    assert counts(imp) == {"created": 5, "updated": 1, "rejected": 2, "suppressed": 0}
    web = Person.objects.get(emails__address="p3@example.org")
    assert web.given_name == "P3" and web.source_import_id is None  # the signup's person
    assert Person.objects.count() == 6


def test_the_mapping_is_remembered(org_a, owner_a):
    imp = create_import(org_a, owner_a, csv_bytes([["Mail", "Prénom"], ["a@example.org", "A"]]))
    start_import(imp, owner_a, columns=["email", "family_name"])
    stored = ImportMapping.objects.get(organization=org_a)
    assert stored.mapping == {"pairs": [["mail", "email"], ["prenom", "family_name"]]}


# --- Property: every row of any generated table is accounted for ---------------------------

CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "Anne",
            "Le Goff",
            "06 12 34 56 78",
            "+4915112345678",
            "12",
            "a@example.org",
            "b@example.org",
            "not-an-email",
            "12/05/1985",
            "31/02/1985",
            "oui",
            "3",
            "9",
            "Brest",
        ]
    ),
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=8),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=12),
    st.sampled_from([",", ";"]),
)
def test_every_row_of_any_table_is_accounted_for(db, rows, delimiter):
    org = OrganizationFactory()
    user = UserFactory()
    header = ["Prénom", "Nom", "Courriel", "Téléphone", "Date de naissance", "Soutien"]
    data = csv_bytes([header, *rows], delimiter=delimiter)
    imp = run_import(org, user, data)
    assert imp.status == PeopleImport.Status.DONE
    non_blank = sum(1 for row in rows if any(c.strip() for c in row))
    assert imp.created_count + imp.updated_count + imp.rejected_count == non_blank
    assert imp.total_rows == non_blank
    saved = Person.objects.for_organization(org).count()
    assert saved == imp.created_count


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.text(max_size=60))
def test_the_batch_hasher_gives_the_suppression_list_fingerprints(org_id, value):
    from turnout.people.normalize import contact_hash

    hasher = batch.ContactHasher(org_id)
    assert hasher("email", value) == contact_hash(org_id, "email", value)
    assert hasher("phone", value) == contact_hash(org_id, "sms", value)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.sampled_from(["\\N"])
        ),
        min_size=1,
        max_size=8,
    )
)
def test_copy_lines_escape_what_postgresql_would_misread(values):
    from turnout.people.imports.writer import copy_line, copy_text

    assert copy_line(tuple(values)) == "\t".join(copy_text(v) for v in values)


def test_backslashes_and_tabs_in_values_are_stored_as_they_are(org_a, owner_a):
    rows = [["email", "first name", "last name"], ["a@example.org", "An\\ne", "O\\Brien\\N"]]
    run_import(org_a, owner_a, csv_bytes(rows))
    person = Person.objects.get()
    assert (person.given_name, person.family_name) == ("An\\ne", "O\\Brien\\N")


@pytest.mark.parametrize("key", ["short", "k" * 64, "a key longer than the hash's block " * 3])
def test_the_batch_hasher_pads_or_hashes_the_key_as_hmac_does(key):
    from django.test import override_settings

    from turnout.people.normalize import contact_hash

    with override_settings(TURNOUT_HASH_KEY=key):
        hasher = batch.ContactHasher(7)
        assert hasher("email", "marie@example.org") == contact_hash(7, "email", "marie@example.org")


def test_the_timeline_counters_match_the_timeline_after_an_import(org_a, owner_a):
    """Segments read the counters ("imported at least twice", "imported since ..."): new
    people get theirs with the fast insert, people already in the base have theirs added to."""
    from django.db.models import Count, Max

    from turnout.people.models import ActivityCount

    known = PersonFactory(organization=org_a)
    EmailAddressFactory(person=known, address="known@example.org")
    rows = [
        HEADER,
        ["Anne", "Le Goff", "anne@example.org", "", "", "", ""],
        ["Bernd", "Huber", "bernd@example.org", "", "", "", ""],
        ["Bernd", "Huber", "BERND@example.org", "", "", "", "bénévole"],  # the same person
        ["", "", "known@example.org", "06 12 34 56 78", "", "", ""],
    ]
    run_import(org_a, owner_a, csv_bytes(rows, delimiter=";"))
    # The second import finds everyone in the base; Anne gets a phone number (a change, so a
    # line on her timeline), the others are unchanged (no line).
    rows[1][3] = "06 98 76 54 32"
    run_import(org_a, owner_a, csv_bytes(rows, delimiter=";"))
    timeline = {
        (row["person_id"], row["kind"]): (row["n"], row["last"])
        for row in Activity.objects.filter(organization=org_a)
        .values("person_id", "kind")
        .annotate(n=Count("id"), last=Max("occurred_at"))
    }
    counters = {
        (c.person_id, c.kind): (c.count, c.last_at)
        for c in ActivityCount.objects.filter(organization=org_a)
    }
    assert counters == timeline
    anne = Person.objects.get(emails__address="anne@example.org")
    assert counters[(anne.pk, "import")][0] == 2
    assert counters[(known.pk, "import")][0] == 1
    bernd = Person.objects.get(emails__address="bernd@example.org")
    assert counters[(bernd.pk, "import")][0] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's")
def test_the_import_refreshes_the_planner_figures_while_the_tables_are_small_only():
    """Each ANALYZE samples 30,000 rows of five tables: worth it while the import makes the
    tables many times larger, then left to autovacuum (decision 0104)."""
    from turnout.people.imports.writer import Statistics

    statistics = Statistics()
    ran_at = []
    for batch_number in range(1, 101):  # 100 batches of 10,000 new people
        if statistics.after_batch(10_000):
            ran_at.append(batch_number * 10_000)
    assert ran_at == [10_000, 20_000, 40_000, 80_000, 160_000]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans are PostgreSQL's")
def test_the_batch_look_ups_probe_the_indexes_however_large_the_base(org_a):
    """A batch looks up 10,000 emails and phone numbers. The planner scanned the whole email,
    phone and person tables for that once they were large (the time of each batch then grew
    with the base); the look-ups are index probes (decision 0105)."""
    from django.test.utils import CaptureQueriesContext

    from turnout.people.imports.pipeline import relax_durability
    from turnout.people.imports.writer import emails_owned, phones_owned

    with connection.cursor() as cursor:  # 30,000 people with an email and a phone number
        cursor.execute(
            "INSERT INTO people_person (uuid, organization_id, given_name, family_name,"
            " additional_name, gender, language, employer, notes, do_not_contact,"
            " custom_fields, origin_system, identifiers, created_at, updated_at)"
            " SELECT gen_random_uuid(), %s, 'P', 'Q', '', '', '', '', '', false, '{}', '',"
            " '[]', now(), now() FROM generate_series(1, 30000)",
            [org_a.pk],
        )
        for table, columns, value in (
            ("people_emailaddress", "address", "'p' || p.id || '@example.org'"),
            (
                "people_phonenumber",
                "number, number_type, sms_capable",
                "'+3361' || p.id, 'mobile', 't'",
            ),
        ):
            cursor.execute(
                f'INSERT INTO {table} (organization_id, person_id, {columns}, "primary",'  # noqa: S608
                f" status, created_at, updated_at) SELECT p.organization_id, p.id, {value},"
                " true, 'subscribed', now(), now() FROM people_person p"
            )
        cursor.execute("ANALYZE people_person, people_emailaddress, people_phonenumber")
        first = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    emails = {f"p{first + i}@example.org" for i in range(0, 30000, 30)}
    emails |= {f"new{i}@example.org" for i in range(9000)}
    numbers = {f"+3361{first + i}" for i in range(0, 30000, 30)}
    numbers |= {f"+3362{i}" for i in range(9000)}
    with transaction.atomic():
        relax_durability()  # the settings of a batch's transaction
        with CaptureQueriesContext(connection) as queries:
            assert len(emails_owned(org_a.pk, emails)) == 1000
            assert len(phones_owned(org_a.pk, numbers)) == 1000
        with connection.cursor() as cursor:
            for query in queries.captured_queries:
                cursor.execute("EXPLAIN " + query["sql"])
                plan = "\n".join(line for (line,) in cursor.fetchall())
                assert "Seq Scan" not in plan, plan
                assert "Index" in plan, plan
