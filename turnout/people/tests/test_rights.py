"""Data-subject rights: access export, erasure (and re-import), objection, pages."""

import io
import json
import os
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.urls import reverse

from turnout.core.models import AuditEvent, Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people import selectors as people_selectors
from turnout.people import services
from turnout.people.models import (
    AccessLog,
    Activity,
    Consent,
    DuplicateCandidate,
    EmailAddress,
    ImportChange,
    ListMembership,
    Person,
    PersonMerge,
    PhoneNumber,
    PostalAddress,
    Suppression,
    Tagging,
)
from turnout.people.rights.merge import person_merge
from turnout.people.rights.services import person_erase, person_object
from turnout.people.services import ConsentInput, PersonData, PersonRefused

from .factories import CustomFieldFactory, PeopleImportFactory, PeopleListFactory, PersonFactory
from .isolation_rights import make_candidate

pytestmark = pytest.mark.django_db

EMAIL = "zebulon.canary@example.org"
PHONE = "+33611223344"
CANARIES = {
    "given": "Zébulon",
    "family": "Canaryfamily",
    "middle": "Canarymiddle",
    "employer": "Canary Employer SA",
    "notes": "Canary notes: met at the picnic",
    "custom": "Canary custom value",
    "identifier": "nb:canary-42",
    "email": EMAIL,
    "phone": PHONE,
    "street": "7 rue Canary",
    "town": "Canaryville",
    "polling": "CANPS-01",
    "tag": "canary-tag",
    "list": "Canary list",
    "notice": "Canary notice: I agree to receive news",
    "source_ref": "canary-form-7",
    "summary": "Canary activity summary",
    "data": "canary-activity-data",
    "import_name": "canary-import.csv",
    "basis": "Canary basis: petition of May",
    "before": "Canary old employer",
    "merged": "Canarymerged",
    "merged_email": "canary.merged@example.org",
    "merged_before": "Canary employer before the import",
}


def seed_everything(org, actor=None):
    """One person with a canary value in every table the CRM holds about people."""
    CustomFieldFactory(organization=org, key="canary", label="Canary field")
    imported = PeopleImportFactory(
        organization=org, original_name=CANARIES["import_name"], consent_basis=CANARIES["basis"]
    )
    person, _ = services.person_upsert(
        organization=org,
        source="test",
        data=PersonData(
            given_name=CANARIES["given"],
            family_name=CANARIES["family"],
            additional_name=CANARIES["middle"],
            email=EMAIL,
            phone=PHONE,
            employer=CANARIES["employer"],
            birthdate=date(1970, 1, 2),
            address={
                "address_lines": CANARIES["street"],
                "locality": CANARIES["town"],
                "postal_code": "29200",
                "polling_station": CANARIES["polling"],
            },
            custom_fields={"canary": CANARIES["custom"]},
            identifiers=[CANARIES["identifier"]],
        ),
        consents=[
            ConsentInput(
                channel="email",
                purpose="newsletter",
                status="granted",
                notice_text=CANARIES["notice"],
                source_ref=CANARIES["source_ref"],
            )
        ],
        tags=[CANARIES["tag"]],
        ip_address="192.0.2.77",
    )
    services.person_update(
        person=person, actor=actor, fields={"notes": CANARIES["notes"], "support_level": 5}
    )
    Person.objects.filter(pk=person.pk).update(source_import=imported)
    ImportChange.objects.create(
        people_import=imported, person=person, before={"employer": CANARIES["before"]}
    )
    people_list = PeopleListFactory(organization=org, name=CANARIES["list"])
    ListMembership.objects.create(people_list=people_list, person=person)
    services.activity_record(
        person=person,
        kind="note",
        summary=CANARIES["summary"],
        data={"text": CANARIES["data"]},
        sensitive=True,
    )
    merged, _ = services.person_upsert(
        organization=org,
        source="test",
        data=PersonData(family_name=CANARIES["merged"], email=CANARIES["merged_email"]),
    )
    ImportChange.objects.create(
        people_import=imported, person=merged, before={"employer": CANARIES["merged_before"]}
    )
    person_merge(survivor=person, other=merged, choices={}, actor=actor)
    person.refresh_from_db()
    return person


def dump_all_tables() -> str:
    """Every row of every table, as text: what a grep of a database dump would see."""
    chunks = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        chunks.append(serializers.serialize("json", model._base_manager.all()))
    return "\n".join(chunks)


def zip_texts(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


# --- Access and portability -------------------------------------------------------------------


def test_access_export_contains_every_canary(
    client_a, org_a, owner_a, django_capture_on_commit_callbacks
):
    person = seed_everything(org_a, owner_a)
    services.suppression_add(
        organization=org_a, channel="sms", value=PHONE, reason="opt_out", source="STOP"
    )
    url = reverse("people:person_dsar", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid})
    assert client_a.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(url)
    job = Job.objects.get(kind="person_dsar_export")
    assert response.status_code == 302 and str(job.uuid) in response["Location"]
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert str(person.uuid) not in job.title and CANARIES["family"] not in job.title

    download = client_a.get(
        reverse("core:job_download", kwargs={"org_slug": org_a.slug, "job_uuid": job.uuid})
    )
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store"
    files = zip_texts(b"".join(download.streaming_content))
    expected = {
        "README.txt",
        "person.json",
        "person.csv",
        "custom_fields.csv",
        "email_addresses.csv",
        "phone_numbers.csv",
        "postal_addresses.csv",
        "tags.csv",
        "lists.csv",
        "consents.csv",
        "activities.csv",
        "imports.csv",
        "merges.csv",
        "suppressions.csv",
    }
    assert set(files) == expected
    document = json.loads(files["person.json"])
    as_json = json.dumps(document, ensure_ascii=False)
    csvs = "\n".join(text for name, text in files.items() if name.endswith(".csv"))
    for name, canary in CANARIES.items():
        assert canary in as_json, f"{name} missing from person.json"
        assert canary in csvs, f"{name} missing from the CSV files"
    assert document["person"][0]["support_level"] == 5
    assert document["person"][0]["custom:canary"] == CANARIES["custom"]
    assert document["custom_fields"] == [
        {"key": "canary", "label": "Canary field", "value": CANARIES["custom"]}
    ]
    consent = document["consents"][0]
    assert consent["text_shown"] == CANARIES["notice"]
    assert consent["source"] == "test"
    assert consent["ip_address"] == "192.0.2.77"
    assert {s["reason"] for s in document["suppressions"]} == {"opt_out"}
    assert document["imports"][0]["legal_basis_and_source"] == CANARIES["basis"]
    assert "source_reference" in files["consents.csv"].splitlines()[0]
    log = AccessLog.objects.get(action=AccessLog.Action.DSAR)
    assert (log.user, log.person) == (owner_a, person)
    assert AuditEvent.objects.filter(action="person.dsar_exported").exists()


def test_only_the_requester_or_an_admin_downloads_the_export(
    client, org_a, owner_a, django_capture_on_commit_callbacks
):
    from turnout.people.rights.services import dsar_export_start

    person = PersonFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        job = dsar_export_start(person=person, actor=owner_a)
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    url = reverse("core:job_download", kwargs={"org_slug": org_a.slug, "job_uuid": job.uuid})
    assert client.get(url).status_code == 404


# --- Erasure ----------------------------------------------------------------------------------


def test_erasure_anonymizes_and_keeps_only_what_it_says(
    org_a, owner_a, django_capture_on_commit_callbacks
):
    person = seed_everything(org_a, owner_a)
    # An earlier opt-out on the email: the erasure must still win for re-imports.
    services.suppression_add(
        organization=org_a, channel="email", value=EMAIL, reason="opt_out", source="link"
    )
    candidate = make_candidate(org_a)
    DuplicateCandidate.objects.filter(pk=candidate.pk).update(person_low=person)
    dsar = Job.objects.create(
        organization=org_a, kind="person_dsar_export", title="x", params={"person": person.pk}
    )
    dsar.result_file.save("dsar.zip", ContentFile(b"PK canary"), save=True)
    file_path = dsar.result_file.path
    activities = Activity.objects.filter(person=person).count()
    consents = Consent.objects.filter(person=person).count()

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor=owner_a, reason="request")

    person.refresh_from_db()
    assert person.erased_at is not None and person.do_not_contact
    assert str(person) == "Erased person"
    for name in (
        "given_name",
        "family_name",
        "additional_name",
        "employer",
        "notes",
        "gender",
        "language",
    ):
        assert getattr(person, name) == "", name
    assert (person.birthdate, person.support_level, person.custom_fields, person.identifiers) == (
        None,
        None,
        {},
        [],
    )
    for model in (EmailAddress, PhoneNumber, PostalAddress, Tagging, ListMembership):
        assert not model.objects.filter(person=person).exists(), model
    # Kept for counts and as evidence, without their text.
    assert Activity.objects.filter(person=person).count() == activities
    assert not Activity.objects.filter(person=person).exclude(summary="", data={}).exists()
    kept = Consent.objects.filter(person=person)
    assert kept.count() == consents
    assert not kept.exclude(notice_text="", source_ref="", ip_address=None).exists()
    assert set(kept.values_list("channel", "status")) >= {("email", "granted")}
    # The suppression hashes: every channel, reason erasure, masked hints.
    active = Suppression.objects.filter(organization=org_a, lifted_at__isnull=True)
    assert set(active.values_list("channel", "reason")) == {
        ("email", "erasure"),
        ("sms", "erasure"),
        ("phone", "erasure"),
        ("whatsapp", "erasure"),
    }
    # (the second email came with the merged duplicate)
    assert {s.hint for s in active} == {"z***@e***.org", "c***@e***.org", "+336******44"}
    assert not DuplicateCandidate.objects.filter(pk=candidate.pk).exists()
    assert not dsar.__class__.objects.get(pk=dsar.pk).result_file
    assert not os.path.exists(file_path)
    log = AccessLog.objects.get(action=AccessLog.Action.ERASE)
    assert (log.user, log.person, log.description) == (owner_a, person, "reason: request")
    event = AuditEvent.objects.get(action="person.erased")
    assert event.data == {"reason": "request", "suppressions": 5}
    assert event.target_repr == "Erased person"
    # Gone from lists, search and the person page.
    assert person not in people_selectors.people_search(organization=org_a)
    assert not people_selectors.people_search(organization=org_a, query="Canaryfamily").exists()
    # Erasing twice is harmless.
    person_erase(person=person, actor=owner_a, reason="request")
    assert AccessLog.objects.filter(action=AccessLog.Action.ERASE).count() == 1


def test_erasure_then_reimport_brings_nothing_back(
    org_a, owner_a, django_capture_on_commit_callbacks
):
    """The issue's "Must show": the same contacts imported again after an erasure are refused,
    the suppression stays, and no clear-text contact of the erased person is anywhere."""
    person = seed_everything(org_a, owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor=owner_a, reason="request")
    suppressions = set(
        Suppression.objects.filter(organization=org_a).values_list(
            "channel", "value_hash", "reason", "lifted_at"
        )
    )

    rows = [
        PersonData(given_name=CANARIES["given"], family_name=CANARIES["family"], email=EMAIL),
        PersonData(given_name="Z", email=EMAIL.upper(), phone="06 11 22 33 44"),
        PersonData(family_name=CANARIES["family"], phone=PHONE),
        PersonData(email=f"<{EMAIL}>"),
    ]
    for row in rows:
        with pytest.raises(PersonRefused):
            services.person_upsert(
                organization=org_a,
                data=row,
                source="import",
                consents=[ConsentInput(channel="email", purpose="campaigns", status="granted")],
                tags=["re-imported"],
            )

    assert (
        set(
            Suppression.objects.filter(organization=org_a).values_list(
                "channel", "value_hash", "reason", "lifted_at"
            )
        )
        == suppressions
    )
    assert not EmailAddress.objects.filter(address__iexact=EMAIL).exists()
    assert not PhoneNumber.objects.filter(number=PHONE).exists()
    dump = dump_all_tables()
    # Tags, lists and imports are the organization's, not the person's: their names stay.
    for name in set(CANARIES) - {"tag", "list", "import_name", "basis"}:
        assert CANARIES[name] not in dump, f"{name} is still in the database"
    # Another organization is not affected by this organization's erasure.
    from turnout.organizations.tests.factories import OrganizationFactory

    other_org = OrganizationFactory()
    _, created = services.person_upsert(
        organization=other_org, data=PersonData(email=EMAIL), source="form"
    )
    assert created


def test_erasure_upgrades_every_suppression_of_the_contact_point(org_a):
    """An opt-out on SMS recorded before the erasure must not hide the erasure."""
    person, _ = services.person_upsert(
        organization=org_a, data=PersonData(phone=PHONE), source="test"
    )
    services.suppression_add(organization=org_a, channel="sms", value=PHONE, reason="opt_out")
    person_erase(person=person, actor=None, reason="request")
    with pytest.raises(PersonRefused):
        services.person_upsert(organization=org_a, data=PersonData(phone=PHONE), source="import")


# --- Objection --------------------------------------------------------------------------------


def test_objection_stops_contact_and_withdraws_consent(org_a, owner_a):
    person, _ = services.person_upsert(
        organization=org_a,
        source="test",
        data=PersonData(given_name="Olga", email="olga@example.org", phone=PHONE),
        consents=[
            ConsentInput(channel="email", purpose="campaigns", status="granted"),
            ConsentInput(channel="sms", purpose="events", status="granted"),
        ],
    )
    result = person_object(person=person, actor=owner_a)
    assert result == {"suppressions": 4, "consents_withdrawn": 2}
    person.refresh_from_db()
    assert person.do_not_contact and person.erased_at is None
    assert set(Suppression.objects.filter(organization=org_a).values_list("channel", "reason")) == {
        ("email", "objection"),
        ("sms", "objection"),
        ("phone", "objection"),
        ("whatsapp", "objection"),
    }
    current = Consent.objects.filter(person=person, current=True)
    assert set(current.values_list("channel", "status", "source")) == {
        ("email", "withdrawn", "staff"),
        ("sms", "withdrawn", "staff"),
    }
    assert Consent.objects.filter(person=person, status="granted", current=False).count() == 2
    assert Activity.objects.filter(person=person, kind="person.objected").exists()
    # A form that grants consent again does not override the objection...
    services.person_upsert(
        organization=org_a,
        source="form",
        data=PersonData(email="olga@example.org"),
        consents=[ConsentInput(channel="email", purpose="campaigns", status="granted")],
    )
    assert Consent.objects.get(person=person, channel="email", current=True).status == "withdrawn"
    # ...until an admin lifts the suppressions, with a reason.
    for suppression in Suppression.objects.filter(organization=org_a):
        services.suppression_lift(
            suppression=suppression, actor=owner_a, reason="Asked in writing on 3 March"
        )
    assert (
        services.suppression_active(organization=org_a, channel="email", value="olga@example.org")
        is None
    )


# --- Pages and permissions --------------------------------------------------------------------


def rights_urls(org, person):
    kwargs = {"org_slug": org.slug, "person_uuid": person.uuid}
    return {
        name: reverse(f"people:{name}", kwargs=kwargs)
        for name in ("person_rights", "person_dsar", "person_erase", "person_object")
    } | {
        name: reverse(f"people:{name}", kwargs={"org_slug": org.slug})
        for name in ("retention", "processing_register", "access_log", "duplicates")
    }


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.VOLUNTEER])
def test_rights_pages_are_for_admins(client, org_a, role):
    member = MembershipFactory(organization=org_a, role=role).user
    client.force_login(member)
    person = PersonFactory(organization=org_a)
    for name, url in rights_urls(org_a, person).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"confirm": "on", "reason": "request"}).status_code == 403, name
    person.refresh_from_db()
    assert person.erased_at is None and not person.do_not_contact
    assert not Job.objects.exists()


def test_an_admin_reaches_every_rights_page(client, org_a):
    admin = MembershipFactory(organization=org_a, role=Role.ADMIN).user
    client.force_login(admin)
    person = PersonFactory(organization=org_a)
    for name, url in rights_urls(org_a, person).items():
        if name != "person_dsar":
            assert client.get(url).status_code == 200, name


def test_rights_page(client_a, org_a, owner_a):
    person = seed_everything(org_a, owner_a)
    url = rights_urls(org_a, person)["person_rights"]
    response = client_a.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("person_dsar", "person_erase", "person_object"):
        assert rights_urls(org_a, person)[name] in body
    assert reverse("people:edit", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid}) in (
        body
    )
    assert response.context["summary"]["emails"] == 2
    assert str(PersonMerge.objects.get().merged_uuid) in body
    assert AccessLog.objects.filter(person=person, action="view").exists()


def test_erase_page_explains_then_erases(client_a, org_a, owner_a):
    person = PersonFactory(organization=org_a, family_name="Erasable")
    url = rights_urls(org_a, person)["person_erase"]
    page = client_a.get(url)
    body = page.content.decode()
    assert "suppression list" in body and "cannot be undone" in body
    assert 'data-confirm="' in body
    # Without ticking the confirmation, nothing happens.
    assert client_a.post(url, {"reason": "request"}).status_code == 200
    assert Person.objects.get(pk=person.pk).erased_at is None
    response = client_a.post(url, {"reason": "request", "confirm": "on"})
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).erased_at is not None
    detail = reverse("people:detail", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid})
    assert client_a.get(detail).status_code == 404
    assert client_a.get(url).status_code == 404
    listing = client_a.get(reverse("people:list", kwargs={"org_slug": org_a.slug}))
    assert "Erasable" not in listing.content.decode()


def test_retention_is_not_a_ground_offered_by_hand(client_a, org_a):
    person = PersonFactory(organization=org_a)
    url = rights_urls(org_a, person)["person_erase"]
    response = client_a.post(url, {"reason": "retention", "confirm": "on"})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors


def test_object_page(client_a, org_a):
    person, _ = services.person_upsert(
        organization=org_a, data=PersonData(email="obj@example.org"), source="test"
    )
    url = rights_urls(org_a, person)["person_object"]
    assert client_a.get(url).status_code == 200
    response = client_a.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).do_not_contact


def test_access_log_page_filters(client_a, org_a, owner_a):
    other_user = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    person = PersonFactory(organization=org_a, family_name="Logged")
    services.access_log_record(organization=org_a, user=owner_a, action="view", person=person)
    services.access_log_record(organization=org_a, user=other_user, action="export", record_count=9)
    url = reverse("people:access_log", kwargs={"org_slug": org_a.slug})
    assert len(client_a.get(url).context["page"].object_list) == 2
    page = client_a.get(url, {"user": other_user.pk}).context["page"]
    assert [log.action for log in page.object_list] == ["export"]
    page = client_a.get(url, {"action": "view"}).context["page"]
    assert [log.person for log in page.object_list] == [person]
    assert "Logged" in client_a.get(url).content.decode()


def test_register_of_processing(client_a, org_a, owner_a):
    seed_everything(org_a, owner_a)
    field = CustomFieldFactory(organization=org_a, key="vote", label="Voting intention")
    field.sensitive = True
    field.save()
    PersonFactory(organization=org_a, custom_fields={"vote": "yes"}, support_level=3)
    response = client_a.get(reverse("people:processing_register", kwargs={"org_slug": org_a.slug}))
    assert response.status_code == 200
    register = response.context["register"]
    assert register["categories"]["people"] == 2
    assert register["special"]["support_level"] == 2
    assert register["special"]["sensitive_fields"] == [{"field": field, "people": 1}]
    assert register["special"]["sensitive_activities"] >= 1
    assert register["recipients"]["email"] == "django.core.mail.backends.locmem.EmailBackend"
    body = response.content.decode()
    assert org_a.name in body and "Voting intention" in body and str(owner_a) in body
    assert "Newsletter" in body  # the platform's purposes


def test_other_organizations_people_are_not_found(client_a, org_a, org_b):
    person = PersonFactory(organization=org_b)
    for name, url in rights_urls(org_a, person).items():
        if "person" in name:
            assert client_a.get(url).status_code in (404, 405), name
            response = client_a.post(url, {"confirm": "on", "reason": "request"})
            assert response.status_code in (404, 405), name
    person.refresh_from_db()
    assert person.erased_at is None and not person.do_not_contact
