"""Merging two records: everything moves to the survivor, nothing is lost."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from turnout.core.models import AuditEvent, Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import (
    AccessLog,
    Activity,
    Consent,
    ContactStatus,
    DuplicateCandidate,
    EmailAddress,
    ImportChange,
    ListMembership,
    Person,
    PersonMerge,
    PhoneNumber,
    PostalAddress,
    Tagging,
)
from turnout.people.rights import merge as merge_module
from turnout.people.rights.merge import MergeError, person_merge, register_merge_hook

from .factories import (
    AccessLogFactory,
    ActivityFactory,
    ConsentFactory,
    CustomFieldFactory,
    EmailAddressFactory,
    PeopleImportFactory,
    PeopleListFactory,
    PersonFactory,
    PersonMergeFactory,
    PhoneNumberFactory,
    PostalAddressFactory,
    TagFactory,
)
from .isolation_rights import make_candidate

pytestmark = pytest.mark.django_db

TABLES = {
    "person": Person,
    "email": EmailAddress,
    "phone": PhoneNumber,
    "address": PostalAddress,
    "activity": Activity,
    "consent": Consent,
    "tagging": Tagging,
    "list": ListMembership,
    "access": AccessLog,
    "merge": PersonMerge,
    "import_change": ImportChange,
}


def counts():
    return {name: model.objects.count() for name, model in TABLES.items()}


def seeded_pair(org):
    """Two records of the same woman, each with a bit of everything, overlapping a bit."""
    now = timezone.now()
    survivor = PersonFactory(
        organization=org,
        given_name="Anne",
        family_name="Le Goff",
        employer="",
        support_level=4,
        notes="Met at the market.",
        custom_fields={"shirt": "M", "district": "Nord"},
        identifiers=["nb:1"],
        created_at=now - timedelta(days=400),
    )
    other = PersonFactory(
        organization=org,
        given_name="Anne-Marie",
        family_name="Le Goff",
        employer="Hôpital de Brest",
        birthdate=date(1980, 5, 1),
        support_level=2,
        notes="Volunteer for phone banks.",
        custom_fields={"shirt": "L", "car": "yes"},
        identifiers=["an:7"],
        do_not_contact=True,
        last_activity_at=now - timedelta(days=1),
        created_at=now - timedelta(days=10),
    )
    EmailAddressFactory(person=survivor, address="anne@example.org", primary=True)
    EmailAddressFactory(person=other, address="annemarie@example.org", primary=True)
    EmailAddressFactory(person=other, address="amlg@example.org", primary=False)
    PhoneNumberFactory(person=survivor, number="+33612345678", status="subscribed")
    PhoneNumberFactory(
        person=other, number="+33612345678", status="unsubscribed", sms_capable=False
    )
    PhoneNumberFactory(person=other, number="+33298000000", primary=False, number_type="landline")
    PostalAddressFactory(person=survivor, address_lines="12 rue de Siam", postal_code="29200")
    PostalAddressFactory(
        person=other,
        address_lines="12, Rue de Siam ",
        postal_code="29200",
        polling_station="29019_0004",
    )
    PostalAddressFactory(person=other, address_lines="3 quai Kléber", postal_code="29200")
    ActivityFactory.create_batch(2, person=survivor)
    ActivityFactory.create_batch(3, person=other, kind="signature")
    ConsentFactory(person=survivor, status="granted", current=True, notice_text="Oui (S)")
    ConsentFactory(
        person=other, status="withdrawn", current=True, notice_text="Non (O)", source="import"
    )
    ConsentFactory(person=other, channel="sms", status="granted", current=True)
    shared, mine, theirs = TagFactory.create_batch(3, organization=org)
    Tagging.objects.create(person=survivor, tag=shared)
    Tagging.objects.create(person=survivor, tag=mine)
    Tagging.objects.create(person=other, tag=shared)
    Tagging.objects.create(person=other, tag=theirs)
    list_a, list_b = PeopleListFactory.create_batch(2, organization=org)
    ListMembership.objects.create(people_list=list_a, person=survivor)
    ListMembership.objects.create(people_list=list_a, person=other)
    ListMembership.objects.create(people_list=list_b, person=other)
    AccessLogFactory(organization=org, person=other)
    PersonMergeFactory(organization=org, survivor=other)  # other was itself a survivor before
    imported = PeopleImportFactory(organization=org)
    ImportChange.objects.create(
        people_import=imported, person=other, created=False, before={"employer": "Mairie"}
    )
    return survivor, other, imported


def test_merge_moves_everything_and_loses_nothing(org_a, owner_a):
    survivor, other, imported = seeded_pair(org_a)
    CustomFieldFactory(organization=org_a, key="shirt")
    other_uuid = other.uuid
    AuditEvent.objects.create(
        organization=org_a, action="test.other", target_type="people.person", target_id=other.pk
    )
    Job.objects.create(
        organization=org_a, kind="person_dsar_export", title="x", params={"person": other.pk}
    )
    before = counts()
    merge = person_merge(
        survivor=survivor,
        other=other,
        choices={"given_name": "other", "support_level": "survivor", "cf:shirt": "other"},
        actor=owner_a,
    )
    after = counts()
    assert after == {
        **before,
        "person": before["person"] - 1,
        "phone": before["phone"] - 1,  # the same number once
        "address": before["address"] - 1,  # the same address once
        "tagging": before["tagging"] - 1,  # the shared tag once
        "list": before["list"] - 1,  # the shared list once
        "activity": before["activity"] + 1,  # "person.merged"
        "merge": before["merge"] + 1,
    }
    assert not Person.objects.filter(uuid=other_uuid).exists()
    survivor.refresh_from_db()
    # Fields: chosen, filled in when empty, put together.
    assert survivor.given_name == "Anne-Marie"
    assert survivor.support_level == 4
    assert survivor.employer == "Hôpital de Brest"
    assert survivor.birthdate == date(1980, 5, 1)
    assert survivor.notes == "Met at the market.\n\nVolunteer for phone banks."
    assert survivor.custom_fields == {"shirt": "L", "district": "Nord", "car": "yes"}
    assert survivor.identifiers == ["nb:1", "an:7"]
    assert survivor.do_not_contact is True  # the safer of the two
    assert survivor.created_at < timezone.now() - timedelta(days=399)
    # Contact points: all there, one primary each, the shared phone keeps the opt-out.
    assert sorted(survivor.emails.values_list("address", flat=True)) == [
        "amlg@example.org",
        "anne@example.org",
        "annemarie@example.org",
    ]
    for related in (survivor.emails, survivor.phones, survivor.addresses):
        assert related.filter(primary=True).count() == 1
    assert survivor.emails.get(primary=True).address == "anne@example.org"
    shared_phone = survivor.phones.get(number="+33612345678")
    assert shared_phone.status == ContactStatus.UNSUBSCRIBED
    assert survivor.phones.count() == 2
    siam = survivor.addresses.get(address_lines="12 rue de Siam")
    assert siam.polling_station == "29019_0004"
    assert survivor.addresses.count() == 2
    # Consents: both histories, the most recent row of each (channel, purpose) is current.
    email_rows = Consent.objects.filter(person=survivor, channel="email").order_by(
        "created_at", "id"
    )
    assert [(c.notice_text, c.current) for c in email_rows] == [
        ("Oui (S)", False),
        ("Non (O)", True),
    ]
    assert Consent.objects.get(person=survivor, channel="sms").current is True
    # Timeline, tags, lists, access log, earlier merges.
    assert Activity.objects.filter(person=survivor, kind="signature").count() == 3
    assert Tagging.objects.filter(person=survivor).count() == 3
    assert ListMembership.objects.filter(person=survivor).count() == 2
    assert AccessLog.objects.filter(person=survivor).count() == 1
    assert PersonMerge.objects.filter(survivor=survivor).count() == 2
    # History: who, what, a snapshot of the merged record.
    assert merge.merged_uuid == other_uuid
    assert merge.merged_by == owner_a
    assert merge.choices == {
        "given_name": "other",
        "support_level": "survivor",
        "cf:shirt": "other",
    }
    snap = merge.merged_snapshot
    assert snap["given_name"] == "Anne-Marie"
    assert snap["birthdate"] == "1980-05-01"
    assert {e["address"] for e in snap["emails"]} == {"annemarie@example.org", "amlg@example.org"}
    assert snap["imports"] == [imported.pk]
    assert snap["import_changes"] == [
        {"import": imported.pk, "created": False, "before": {"employer": "Mairie"}}
    ]
    activity = Activity.objects.get(person=survivor, kind="person.merged")
    assert activity.data == {"merged_uuid": str(other_uuid), "merge_id": merge.pk}
    event = AuditEvent.objects.get(organization=org_a, action="person.merged")
    assert event.data == {"merged_uuid": str(other_uuid), "survivor_uuid": str(survivor.uuid)}
    # The import undo log no longer names the merged record (an undo must not delete the
    # survivor); the import is kept in the snapshot for the access export.
    change = ImportChange.objects.get()
    assert (change.person, change.before) == (None, {})
    # Audit events and access exports about the merged record now name the survivor.
    assert AuditEvent.objects.get(action="test.other").target_id == str(survivor.pk)
    assert Job.objects.get(kind="person_dsar_export").params == {"person": survivor.pk}


def test_support_level_choice_needs_the_right_to_see_it(org_a):
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    survivor = PersonFactory(organization=org_a, support_level=5)
    other = PersonFactory(organization=org_a, support_level=1)
    person_merge(
        survivor=survivor, other=other, choices={"support_level": "other"}, actor=organizer
    )
    survivor.refresh_from_db()
    assert survivor.support_level == 5


def test_merge_refuses_bad_pairs(org_a, org_b):
    a = PersonFactory(organization=org_a)
    b = PersonFactory(organization=org_b)
    erased = PersonFactory(organization=org_a, erased_at=timezone.now())
    with pytest.raises(MergeError):
        person_merge(survivor=a, other=a, choices={}, actor=None)
    with pytest.raises(MergeError):
        person_merge(survivor=a, other=b, choices={}, actor=None)
    with pytest.raises(MergeError):
        person_merge(survivor=a, other=erased, choices={}, actor=None)
    assert Person.objects.count() == 3


def test_merge_hooks_are_called_in_the_transaction(org_a):
    calls = []

    def hook(*, survivor, other, actor):
        calls.append((survivor.pk, other.pk, actor))

    register_merge_hook(hook)
    register_merge_hook(hook)  # twice is once
    try:
        a, b = PersonFactory.create_batch(2, organization=org_a)
        person_merge(survivor=a, other=b, choices={}, actor=None)
        assert calls == [(a.pk, b.pk, None)]
    finally:
        merge_module.MERGE_HOOKS.remove(hook)


def test_a_failing_hook_rolls_everything_back(org_a):
    def hook(*, survivor, other, actor):
        raise RuntimeError("the signatures could not be moved")

    register_merge_hook(hook)
    try:
        survivor, other, _ = seeded_pair(org_a)
        before = counts()
        with pytest.raises(RuntimeError):
            person_merge(survivor=survivor, other=other, choices={}, actor=None)
        assert counts() == before
        assert EmailAddress.objects.filter(person=other).count() == 2
    finally:
        merge_module.MERGE_HOOKS.remove(hook)


def test_rows_without_a_hook_stop_the_merge_instead_of_being_lost(org_a, monkeypatch):
    """A model pointing to Person that no hook moves would lose its rows with the merged
    record (on_delete): the merge refuses and changes nothing."""
    monkeypatch.setattr(
        merge_module,
        "_DROPPED_WITH_OTHER",
        {k for k in merge_module._DROPPED_WITH_OTHER if k[0] is not ImportChange},
    )
    survivor, other, _ = seeded_pair(org_a)
    before = counts()
    with pytest.raises(MergeError, match=r"people\.ImportChange\.person \(1\)"):
        person_merge(survivor=survivor, other=other, choices={}, actor=None)
    assert counts() == before


def test_the_candidate_disappears_with_the_merged_record(org_a):
    candidate = make_candidate(org_a)
    third = PersonFactory(organization=org_a)
    DuplicateCandidate.objects.create(
        organization=org_a,
        person_low=candidate.person_high,
        person_high=third,
        score=50,
    )
    person_merge(survivor=candidate.person_low, other=candidate.person_high, choices={}, actor=None)
    assert not DuplicateCandidate.objects.exists()


# --- Pages ------------------------------------------------------------------------------------


def test_merge_screen_shows_the_differences_and_merges(client_a, org_a, owner_a):
    candidate = make_candidate(org_a)
    low, high = candidate.person_low, candidate.person_high
    Person.objects.filter(pk=low.pk).update(
        given_name="Jean", family_name="Martin", employer="Mairie", support_level=2
    )
    Person.objects.filter(pk=high.pk).update(
        given_name="Jehan", family_name="Martinez", employer="", support_level=5
    )
    CustomFieldFactory(organization=org_a, key="opinion", label="Opinion", sensitive=True)
    Person.objects.filter(pk=low.pk).update(custom_fields={"opinion": "left"})
    Person.objects.filter(pk=high.pk).update(custom_fields={"opinion": "right"})
    EmailAddressFactory(person=high, address="jehan@example.org")
    url = reverse(
        "people:duplicate_merge", kwargs={"org_slug": org_a.slug, "candidate_id": candidate.pk}
    )
    response = client_a.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert {key for _name, key in form.conflicts} >= {
        "given_name",
        "family_name",
        "support_level",
        "cf:opinion",
    }
    assert "employer" not in {key for _name, key in form.conflicts}
    body = response.content.decode()
    assert "Jehan" in body and "jehan@example.org" in body
    assert 'data-confirm="' in body
    assert AccessLog.objects.filter(action="view", person=low).exists()

    response = client_a.post(
        url,
        {
            "survivor": "high",
            "field_given_name": "low",
            "field_family_name": "high",
            "field_support_level": "high",
            "field_cf__opinion": "low",
        },
    )
    assert response.status_code == 302
    assert str(high.uuid) in response["Location"]
    high.refresh_from_db()
    assert (high.given_name, high.employer, high.support_level) == ("Jean", "Mairie", 5)
    assert high.custom_fields == {"opinion": "left"}
    assert not Person.objects.filter(pk=low.pk).exists()
    merge = PersonMerge.objects.get(survivor=high)
    assert merge.choices["given_name"] == "other"
    assert merge.choices["family_name"] == "survivor"
    # The merge history is on the survivor's rights page.
    rights = client_a.get(
        reverse("people:person_rights", kwargs={"org_slug": org_a.slug, "person_uuid": high.uuid})
    )
    assert str(low.uuid) in rights.content.decode()


def test_merging_an_already_merged_pair_is_explained(client_a, org_a):
    candidate = make_candidate(org_a)
    url = reverse(
        "people:duplicate_merge", kwargs={"org_slug": org_a.slug, "candidate_id": candidate.pk}
    )
    person_merge(survivor=candidate.person_low, other=candidate.person_high, choices={}, actor=None)
    assert client_a.post(url, {"survivor": "low"}).status_code == 404


def test_merge_form_for_a_role_without_sensitive_access_hides_opinions(org_a):
    from turnout.people.rights.forms import MergeForm

    a = PersonFactory(organization=org_a, support_level=1, custom_fields={"o": "x"})
    b = PersonFactory(organization=org_a, support_level=5, custom_fields={"o": "y"})
    field = CustomFieldFactory(organization=org_a, key="o", sensitive=True)
    form = MergeForm(low=a, high=b, custom_fields=[field], show_sensitive=False)
    keys = {key for _name, key in form.conflicts}
    assert "support_level" not in keys and "cf:o" not in keys
    assert "1" not in [v for _label, v in form.filled]


# --- Concurrency ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_merges_of_the_same_pair(org_a):
    """Both requests lock the pair; the first merges, the second finds the record gone and
    gets a clear error, with nothing half-done."""
    a, b = PersonFactory.create_batch(2, organization=org_a)
    EmailAddressFactory(person=b, address="b@example.org")
    inside = threading.Event()

    def slow_hook(*, survivor, other, actor):
        inside.set()
        threading.Event().wait(0.5)  # hold the locks while the other merge arrives

    register_merge_hook(slow_hook)
    results = []

    def run(survivor, other, wait):
        translation.activate("en")  # threads do not inherit the test's language
        try:
            if wait:
                inside.wait(5)
            person_merge(
                survivor=Person.objects.get(pk=survivor.pk),
                other=Person.objects.get(pk=other.pk),
                choices={},
                actor=None,
            )
            results.append("merged")
        except MergeError as exc:
            results.append(str(exc))
        except Person.DoesNotExist:
            results.append("gone before start")
        finally:
            connection.close()

    try:
        # The second merge goes the other way round: lock order must still hold.
        threads = [
            threading.Thread(target=run, args=(a, b, False)),
            threading.Thread(target=run, args=(b, a, True)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
    finally:
        merge_module.MERGE_HOOKS.remove(slow_hook)
    assert sorted(results) == [
        "One of these records no longer exists: it was probably merged a moment ago.",
        "merged",
    ]
    assert Person.objects.filter(pk__in=[a.pk, b.pk]).count() == 1
    assert PersonMerge.objects.count() == 1
    assert EmailAddress.objects.get(address="b@example.org").person_id == a.pk
