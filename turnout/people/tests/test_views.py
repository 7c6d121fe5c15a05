import csv
import io

import pytest
from openpyxl import load_workbook

from turnout.core.models import Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people import services
from turnout.people.models import AccessLog, Activity, Consent, CustomField, Person, Suppression
from turnout.people.services import PersonData

from .factories import CustomFieldFactory, PersonFactory

pytestmark = pytest.mark.django_db


def add(org, **kwargs):
    return services.person_upsert(organization=org, data=PersonData(**kwargs), source="test")[0]


def url(org, suffix=""):
    return f"/en/o/{org.slug}/people/{suffix}"


def test_list_searches_names_emails_and_tags(client_a, org_a, org_b):
    anne = add(org_a, given_name="Anne", family_name="Kerbrat", email="anne@example.org")
    add(org_a, given_name="Bruno", family_name="Le Roux", email="bruno@example.org")
    add(org_b, given_name="Anne", family_name="OtherTenant")
    services.tags_add(person=anne, names=["volunteer"])
    body = client_a.get(url(org_a), {"q": "kerbr"}).content.decode()
    assert "Anne Kerbrat" in body and "Bruno" not in body and "OtherTenant" not in body
    tag = anne.tags.get()
    body = client_a.get(url(org_a), {"tag": tag.pk}).content.decode()
    assert "Anne Kerbrat" in body and "Bruno" not in body


def test_list_page_queries_stay_flat(client_a, org_a, django_assert_max_num_queries):
    for i in range(30):
        add(
            org_a,
            given_name=f"P{i}",
            email=f"p{i}@example.org",
            phone=f"06123456{i:02d}",
            address={"locality": "Brest"},
        )
    with django_assert_max_num_queries(14):
        client_a.get(url(org_a))


def test_adding_a_person_who_exists_updates_the_record(client_a, org_a):
    add(org_a, given_name="Anne", email="anne@example.org")
    response = client_a.post(
        url(org_a, "new/"),
        {"given_name": "Anne", "family_name": "Kerbrat", "email": "ANNE@example.org"},
        follow=True,
    )
    assert "was already in your base" in response.content.decode()
    assert Person.objects.get(organization=org_a).family_name == "Kerbrat"


def test_person_form_explains_bad_input(client_a, org_a):
    response = client_a.post(url(org_a, "new/"), {"email": "anne@", "phone": "12"})
    body = response.content.decode()
    assert "is not a valid email address" in body
    assert "is not a phone number" in body or "is not a valid phone number" in body
    response = client_a.post(url(org_a, "new/"), {})
    assert "Give at least a name, an email or a phone number." in response.content.decode()
    assert not Person.objects.filter(organization=org_a).exists()


def test_edit_changes_contact_points_and_custom_fields(client_a, org_a):
    CustomFieldFactory(
        organization=org_a, key="tshirt", label="T-shirt", kind="choice", choices=["S", "M", "L"]
    )
    person = add(org_a, given_name="Anne", email="anne@example.org")
    add(org_a, given_name="Other", email="taken@example.org")
    edit = url(org_a, f"{person.uuid}/edit/")
    data = {
        "given_name": "Anne",
        "family_name": "Kerbrat",
        "email": "new@example.org",
        "phone": "0612345678",
        "postal_code": "29200",
        "locality": "Brest",
        "cf_tshirt": "M",
    }
    assert client_a.post(edit, data).status_code == 302
    person.refresh_from_db()
    assert person.emails.get(primary=True).address == "new@example.org"
    assert person.phones.get().number == "+33612345678"
    assert person.custom_fields == {"tshirt": "M"}
    assert person.addresses.get().locality == "Brest"
    response = client_a.post(edit, {**data, "email": "taken@example.org"})
    assert "Another person already has this email address" in response.content.decode()


def test_detail_shows_timeline_and_logs_the_view(client_a, org_a, owner_a):
    person = add(org_a, given_name="Anne", email="anne@example.org")
    client_a.post(url(org_a, f"{person.uuid}/notes/"), {"text": "Met at the market"})
    client_a.post(url(org_a, f"{person.uuid}/tags/"), {"name": "market"})
    client_a.post(
        url(org_a, f"{person.uuid}/consents/"),
        {
            "channel": "sms",
            "purpose": "campaigns",
            "status": "granted",
            "evidence": "Said yes on the phone, 3 March",
        },
    )
    body = client_a.get(url(org_a, f"{person.uuid}/")).content.decode()
    assert "Met at the market" in body and "market" in body
    assert "Said yes on the phone, 3 March" in body
    assert AccessLog.objects.filter(user=owner_a, person=person, action="view").exists()
    consent = Consent.objects.get(person=person, channel="sms")
    assert consent.source == "staff" and consent.recorded_by == owner_a


def test_political_opinions_are_hidden_from_organizers(client, org_a):
    CustomFieldFactory(organization=org_a, key="vote_2024", label="Vote 2024", sensitive=True)
    person = add(org_a, given_name="Anne", custom_fields={"vote_2024": "SECRET-OPINION"})
    services.person_update(person=person, actor=None, fields={"support_level": 5})
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    body = client.get(url(org_a, f"{person.uuid}/")).content.decode()
    assert "SECRET-OPINION" not in body and "Support level" not in body
    form = client.get(url(org_a, f"{person.uuid}/edit/")).content.decode()
    assert "support_level" not in form and "vote_2024" not in form
    admin = MembershipFactory(organization=org_a, role=Role.ADMIN).user
    client.force_login(admin)
    body = client.get(url(org_a, f"{person.uuid}/")).content.decode()
    assert "SECRET-OPINION" in body and "5/5" in body


def test_volunteers_do_not_browse_the_base(client, org_a):
    person = PersonFactory(organization=org_a)
    client.force_login(MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user)
    assert client.get(url(org_a)).status_code == 403
    assert client.get(url(org_a, f"{person.uuid}/")).status_code == 403


def test_custom_fields_are_managed_by_admins(client_a, org_a):
    response = client_a.post(
        url(org_a, "fields/"),
        {"label": "Size", "key": "size", "kind": "choice", "choices_text": "S"},
    )
    assert "Give at least two choices." in response.content.decode()
    client_a.post(
        url(org_a, "fields/"),
        {"label": "Size", "key": "size", "kind": "choice", "choices_text": "S\nM\nL"},
    )
    field = CustomField.objects.get(organization=org_a)
    assert field.choices == ["S", "M", "L"]
    response = client_a.post(
        url(org_a, "fields/"), {"label": "Size", "key": "size", "kind": "text"}
    )
    assert "already exists" in response.content.decode()
    client_a.post(url(org_a, f"fields/{field.pk}/delete/"))
    assert not CustomField.objects.filter(organization=org_a).exists()


def test_suppression_list_add_and_lift_with_reason(client_a, org_a):
    response = client_a.post(url(org_a, "suppressions/"), {"channel": "sms", "value": "12"})
    assert response.status_code == 200 and "phone number" in response.content.decode()
    client_a.post(url(org_a, "suppressions/"), {"channel": "sms", "value": "06 12 34 56 78"})
    suppression = Suppression.objects.get(organization=org_a)
    assert suppression.hint.startswith("+336") and "12345678" not in suppression.hint
    client_a.post(url(org_a, f"suppressions/{suppression.pk}/lift/"), {"reason": ""})
    assert Suppression.objects.get(pk=suppression.pk).lifted_at is None
    client_a.post(
        url(org_a, f"suppressions/{suppression.pk}/lift/"), {"reason": "Asked by letter on 4 May"}
    )
    assert Suppression.objects.get(pk=suppression.pk).lift_reason == "Asked by letter on 4 May"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_a_file_and_logs_it(
    client_a, org_a, org_b, owner_a, fmt, django_capture_on_commit_callbacks
):
    for i in range(5):
        add(org_a, given_name=f"Élodie{i}", email=f"e{i}@example.org")
    add(org_b, given_name="OtherTenant")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            url(org_a, "export/"), {"file_format": fmt, "segment": "", "purpose": "Mailing of June"}
        )
    job = Job.objects.get(organization=org_a, kind="people_export")
    assert response["Location"].endswith(f"/jobs/{job.uuid}/")
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    content = job.result_file.read()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        rows = [
            list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
        ]
    assert len(rows) == 6 and rows[0][:3] == ["uuid", "given_name", "family_name"]
    assert "Élodie0" in {r[1] for r in rows}
    assert "OtherTenant" not in str(rows)
    log = AccessLog.objects.get(organization=org_a, action="export")
    assert log.record_count == 5 and "Mailing of June" in log.description


def test_export_is_for_admins_only(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.ORGANIZER).user)
    assert client.get(url(org_a, "export/")).status_code == 403


def test_timeline_of_an_import_kind_is_readable(client_a, org_a):
    person = add(org_a, given_name="Anne")
    Activity.objects.create(
        organization=org_a,
        person=person,
        kind="import",
        occurred_at=person.created_at,
        summary="adherents-2024.csv",
    )
    body = client_a.get(url(org_a, f"{person.uuid}/")).content.decode()
    assert "Imported" in body and "adherents-2024.csv" in body


def test_custom_field_changes_are_in_the_audit_log(client_a, org_a):
    client_a.post(url(org_a, "fields/"), {"label": "Quartier", "key": "quartier", "kind": "text"})
    field = CustomField.objects.get(organization=org_a)
    client_a.post(url(org_a, f"fields/{field.pk}/delete/"))
    body = client_a.get(f"/en/o/{org_a.slug}/audit/").content.decode()
    assert "added the custom field Quartier" in body
    assert "deleted the custom field Quartier" in body


def test_an_erasure_deletes_the_export_files_made_before_it(
    client_a, org_a, owner_a, django_capture_on_commit_callbacks
):
    from turnout.people.rights.services import person_erase

    person = add(org_a, given_name="Effacée", email="effacee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(url(org_a, "export/"), {"file_format": "csv", "segment": "", "purpose": "x"})
    job = Job.objects.get(organization=org_a, kind="people_export")
    name = job.result_file.name
    storage = job.result_file.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor=owner_a, reason="asked by letter")
    job.refresh_from_db()
    assert not job.result_file and not storage.exists(name)
