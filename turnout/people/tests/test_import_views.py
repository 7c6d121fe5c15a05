"""The import pages as a member uses them: upload, columns and preview, job, detail, report,
undo; and who may use them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from turnout.core.models import Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.imports import reader
from turnout.people.models import CustomField, ImportChange, PeopleImport, Person

from .factories import EmailAddressFactory, PeopleImportFactory, PersonFactory
from .test_import_helpers import (
    BASIS,
    create_import,
    csv_bytes,
    english,  # noqa: F401  (autouse fixture)
    run_import,
)

pytestmark = pytest.mark.django_db

ROWS = [
    ["Prénom", "Nom", "Courriel", "Téléphone", "Ville"],
    ["Anne", "Le Goff", "anne@example.org", "06 12 34 56 78", "Brest"],
    ["Bernd", "Huber", "bernd@example", "", "Wien"],
    ["Chloé", "Martin", "chloe@example.org", "", "Lyon"],
]


def url(name, org, **kwargs):
    return reverse(f"people:{name}", kwargs={"org_slug": org.slug, **kwargs})


def post_file(client, org, data: bytes, name="people.csv"):
    return client.post(url("import_new", org), {"file": SimpleUploadedFile(name, data)})


def mapping_post(imp, action="start", **overrides):
    data = {
        "col_0": "given_name",
        "col_1": "family_name",
        "col_2": "email",
        "col_3": "phone",
        "col_4": "locality",
        "tags": "fête 2025, bénévoles",
        "consent_basis": BASIS,
        "on_match": "update",
        action: "1",
    }
    data.update(overrides)
    return data


def test_upload_map_run_detail_report_and_undo(
    client_a, org_a, owner_a, django_capture_on_commit_callbacks
):
    response = client_a.get(url("imports", org_a))
    assert response.status_code == 200 and "No imports yet" in response.content.decode()
    assert client_a.get(url("import_new", org_a)).status_code == 200

    response = post_file(client_a, org_a, csv_bytes(ROWS, delimiter=";", encoding="cp1252"))
    imp = PeopleImport.objects.get(organization=org_a)
    assert response.status_code == 302
    assert response["Location"] == url("import_map", org_a, import_id=imp.pk)
    assert imp.headers == ROWS[0] and imp.status == PeopleImport.Status.DRAFT
    assert not imp.file.name.endswith("people.csv")  # stored under a random name

    page = client_a.get(response["Location"]).content.decode()
    assert '<option value="email" selected>' in page  # suggested from "Courriel"
    assert "+33612345678" in page  # the preview shows normalized values
    assert "“bernd@example” is not a valid email address." in page
    assert "new person" in page and "rejected" in page

    # The preview follows the columns chosen, without starting anything.
    response = client_a.post(
        url("import_map", org_a, import_id=imp.pk),
        mapping_post(imp, action="preview", col_4="ignore", consent_basis=""),
    )
    assert page.count(">Brest<") == 2  # first value of the column, and the preview
    assert response.status_code == 200 and response.content.decode().count(">Brest<") == 1
    assert "This field is required" not in response.content.decode()

    # Starting needs the source and legal basis.
    response = client_a.post(
        url("import_map", org_a, import_id=imp.pk), mapping_post(imp, consent_basis="")
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    imp.refresh_from_db()
    assert imp.status == PeopleImport.Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(url("import_map", org_a, import_id=imp.pk), mapping_post(imp))
    imp.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "core:job", kwargs={"org_slug": org_a.slug, "job_uuid": imp.job.uuid}
    )
    job_page = client_a.get(response["Location"])
    assert job_page.status_code == 200
    assert imp.status == PeopleImport.Status.DONE
    assert (imp.created_count, imp.updated_count, imp.rejected_count) == (2, 0, 1)
    assert imp.consent_basis == BASIS and imp.tag_names == ["fête 2025", "bénévoles"]
    assert sorted(
        Person.objects.get(family_name="Le Goff").tags.values_list("name", flat=True)
    ) == [
        "bénévoles",
        "fête 2025",
    ]

    listing = client_a.get(url("imports", org_a)).content.decode()
    assert "people.csv" in listing and "Imported" in listing
    detail = client_a.get(url("import_detail", org_a, import_id=imp.pk)).content.decode()
    assert "people created" in detail and BASIS[:20] in detail
    assert url("import_rejects", org_a, import_id=imp.pk) in detail
    assert url("import_undo", org_a, import_id=imp.pk) in detail

    report = client_a.get(url("import_rejects", org_a, import_id=imp.pk))
    assert report.status_code == 200
    assert report["Cache-Control"] == "no-store"
    assert "attachment" in report["Content-Disposition"]
    body = b"".join(report.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[1] == (
        "3;rejected;“bernd@example” is not a valid email address.;Bernd;Huber;bernd@example;;Wien"
    )

    confirm = client_a.get(url("import_undo", org_a, import_id=imp.pk)).content.decode()
    assert "will be deleted" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(url("import_undo", org_a, import_id=imp.pk))
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == PeopleImport.Status.UNDONE
    assert imp.job.kind == "people_import_undo" and imp.job.status == Job.Status.SUCCEEDED
    assert not Person.objects.filter(organization=org_a).exists()
    detail = client_a.get(url("import_detail", org_a, import_id=imp.pk)).content.decode()
    assert "was undone" in detail and url("import_undo", org_a, import_id=imp.pk) not in detail


def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_is_created(client_a, org_a):
    response = post_file(client_a, org_a, b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "photo.csv")
    assert response.status_code == 200
    assert "This file is a PNG image, not a spreadsheet." in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client_a, org_a, monkeypatch):
    monkeypatch.setattr(reader, "MAX_UPLOAD_BYTES", 100)
    response = post_file(client_a, org_a, csv_bytes(ROWS * 5))
    assert "an import can take at most 100" in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_the_mapping_is_offered_again_for_the_same_columns(client_a, org_a, owner_a):
    first = create_import(
        org_a,
        owner_a,
        csv_bytes([["Mail", "Nom complet", "Quartier"], ["a@example.org", "Anne", "Recouvrance"]]),
    )
    client_a.post(
        url("import_map", org_a, import_id=first.pk),
        {
            "col_0": "email",
            "col_1": "family_name",
            "col_2": "region",
            "consent_basis": BASIS,
            "on_match": "update",
            "start": "1",
        },
    )
    second = create_import(
        org_a,
        owner_a,
        csv_bytes([["Quartier", "mail", "Nom complet"], ["Siam", "b@example.org", "Bob"]]),
    )
    page = client_a.get(url("import_map", org_a, import_id=second.pk)).content.decode()
    assert "chosen the last time" in page
    assert '<option value="region" selected>' in page
    assert '<option value="family_name" selected>' in page


def test_a_target_chosen_twice_is_an_error(client_a, org_a, owner_a):
    imp = create_import(org_a, owner_a, csv_bytes(ROWS))
    response = client_a.post(
        url("import_map", org_a, import_id=imp.pk), mapping_post(imp, col_4="email")
    )
    assert "choose it for one column only" in response.content.decode()
    imp.refresh_from_db()
    assert imp.status == PeopleImport.Status.DRAFT


def test_organizers_import_but_cannot_write_political_opinions(client, org_a, owner_a):
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    CustomField.objects.create(
        organization=org_a, key="vote", label="Intention de vote", sensitive=True
    )
    client.force_login(organizer)
    imp = create_import(
        org_a,
        organizer,
        csv_bytes([["email", "Soutien", "Intention de vote"], ["a@example.org", "5", "X"]]),
    )
    page = client.get(url("import_map", org_a, import_id=imp.pk)).content.decode()
    assert 'value="support_level"' not in page and 'value="cf:vote"' not in page
    response = client.post(
        url("import_map", org_a, import_id=imp.pk),
        {
            "col_0": "email",
            "col_1": "support_level",
            "col_2": "ignore",
            "consent_basis": BASIS,
            "on_match": "update",
            "start": "1",
        },
    )
    assert response.status_code == 200  # not a valid choice for this role
    imp.refresh_from_db()
    assert imp.status == PeopleImport.Status.DRAFT


def test_volunteers_get_403_everywhere(client, org_a):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    imp = PeopleImportFactory(organization=org_a)
    urls = [url("imports", org_a), url("import_new", org_a)] + [
        url(name, org_a, import_id=imp.pk)
        for name in (
            "import_detail",
            "import_map",
            "import_undo",
            "import_resume",
            "import_rejects",
        )
    ]
    for address in urls:
        assert client.get(address).status_code in (403, 405), address
        assert client.post(address).status_code == 403, address


def test_a_started_import_cannot_be_started_twice(client_a, org_a, owner_a):
    imp = run_import(org_a, owner_a, csv_bytes(ROWS))
    response = client_a.post(url("import_map", org_a, import_id=imp.pk), mapping_post(imp))
    assert response.status_code == 302
    assert response["Location"] == url("import_detail", org_a, import_id=imp.pk)
    assert Job.objects.filter(kind="people_import").count() == 1


def test_import_list_query_budget(client_a, org_a, owner_a, django_assert_max_num_queries):
    for _ in range(5):
        run_import(org_a, owner_a, csv_bytes(ROWS))
    with django_assert_max_num_queries(12):
        response = client_a.get(url("imports", org_a))
    assert response.content.decode().count("people.csv") == 5


def test_detail_of_a_failed_import_offers_resume_and_undo(client_a, org_a, owner_a):
    person = PersonFactory(organization=org_a)
    EmailAddressFactory(person=person, address="anne@example.org")
    imp = run_import(org_a, owner_a, csv_bytes(ROWS))
    assert ImportChange.objects.filter(people_import=imp).exists()
    PeopleImport.objects.filter(pk=imp.pk).update(status=PeopleImport.Status.FAILED)
    page = client_a.get(url("import_detail", org_a, import_id=imp.pk)).content.decode()
    assert "Resume the import" in page and "Undo this import" in page


@pytest.mark.django_db
def test_import_files_are_deleted_a_month_after_the_import(org_a):
    from datetime import timedelta

    from django.utils import timezone

    from turnout.people.imports.jobs import purge_old_import_files
    from turnout.people.models import PeopleImport
    from turnout.people.tests.factories import PeopleImportFactory

    old = PeopleImportFactory(organization=org_a, status=PeopleImport.Status.DONE)
    running = PeopleImportFactory(organization=org_a, status=PeopleImport.Status.RUNNING)
    PeopleImport.objects.filter(pk__in=[old.pk, running.pk]).update(
        updated_at=timezone.now() - timedelta(days=40)
    )
    assert purge_old_import_files() == {"purged": 1}
    old.refresh_from_db()
    running.refresh_from_db()
    assert not old.file and running.file
