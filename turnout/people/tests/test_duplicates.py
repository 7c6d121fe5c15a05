"""The duplicate scan: its keys, each rule, exclusions, rescans, the job and the pages."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from turnout.core import periodic
from turnout.core.models import Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import AccessLog, DuplicateCandidate, DuplicateDismissal, Person
from turnout.people.rights import services as rights_services
from turnout.people.rights.duplicates import (
    canonical_email,
    duplicates_scan,
    normalize_name,
    reason_text,
)

from .factories import EmailAddressFactory, PersonFactory, PhoneNumberFactory, PostalAddressFactory
from .isolation_rights import make_candidate

pytestmark = pytest.mark.django_db


def person(org, given="", family="", email=None, phone=None, postcode=None, **kwargs):
    p = PersonFactory(organization=org, given_name=given, family_name=family, **kwargs)
    if email:
        EmailAddressFactory(person=p, address=email)
    if phone:
        PhoneNumberFactory(person=p, number=phone)
    if postcode:
        PostalAddressFactory(person=p, postal_code=postcode)
    return p


def pairs(org):
    return {
        (c.person_low_id, c.person_high_id): c
        for c in DuplicateCandidate.objects.for_organization(org)
    }


def pair(a, b):
    return (min(a.pk, b.pk), max(a.pk, b.pk))


# --- Keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("Jean.Dupont@Gmail.com", "jeandupont@gmail.com"),
        ("jean.dupont+petition@googlemail.com", "jeandupont@gmail.com"),
        ("j.e.a.n.dupont@gmail.com", "jeandupont@gmail.com"),
        ("jean.dupont+news@orange.fr", "jean.dupont@orange.fr"),
        ("jean.dupont@orange.fr", "jean.dupont@orange.fr"),
        ("+only@example.org", "+only@example.org"),
        ("not-an-email", "not-an-email"),
    ],
)
def test_canonical_email(address, key):
    assert canonical_email(address) == key


@given(
    local=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20),
    dots=st.lists(st.integers(min_value=0, max_value=20), max_size=4),
    suffix=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", max_size=10),
    domain=st.sampled_from(["gmail.com", "googlemail.com", "GMail.com"]),
)
def test_gmail_dots_and_suffixes_never_change_the_key(local, dots, suffix, domain):
    dotted = local
    for position in sorted(set(dots), reverse=True):
        if 0 < position < len(dotted):
            dotted = dotted[:position] + "." + dotted[position:]
    variant = f"{dotted}+{suffix}@{domain}" if suffix else f"{dotted}@{domain}"
    assert canonical_email(variant) == canonical_email(f"{local}@gmail.com")
    assert canonical_email(canonical_email(variant)) == canonical_email(variant)


def test_names_ignore_accents_case_and_punctuation():
    assert normalize_name("Héloïse", "LE-GOFF") == "heloise le goff"
    assert normalize_name("  Jürgen ", "Groß") == "jurgen gross"


# --- Rules ------------------------------------------------------------------------------------


def test_same_gmail_mailbox_written_two_ways(org_a):
    a = person(org_a, "Jean", "Dupont", email="jean.dupont@gmail.com")
    b = person(org_a, "J.", "Dupont", email="jeandupont+petition@googlemail.com")
    c = person(org_a, "Jean", "Dupond", email="jean.dupont@orange.fr")
    duplicates_scan(organization=org_a)
    found = pairs(org_a)
    assert set(found) == {pair(a, b)}
    assert [r["code"] for r in found[pair(a, b)].reasons] == ["email"]
    assert c.pk not in {i for p in found for i in p}


def test_plus_suffix_is_ignored_for_every_provider(org_a):
    a = person(org_a, "Anne", "Martin", email="anne.martin@orange.fr")
    b = person(org_a, "Anne", "Martin", email="anne.martin+dons@orange.fr")
    duplicates_scan(organization=org_a)
    reasons = pairs(org_a)[pair(a, b)].reasons
    # Same mailbox, and the names are alike too.
    assert [r["code"] for r in reasons] == ["email", "similar_name"]
    assert pairs(org_a)[pair(a, b)].score == 80


def test_same_phone_number(org_a):
    a = person(org_a, "Paul", "Durand", phone="+33612345678")
    b = person(org_a, "Marie", "Durand", phone="+33612345678")
    person(org_a, "Luc", "Durand", phone="+33612345679")
    duplicates_scan(organization=org_a)
    found = pairs(org_a)
    assert set(found) == {pair(a, b)}
    assert found[pair(a, b)].reasons == [{"code": "phone", "points": 50}]
    assert found[pair(a, b)].score == 50


def test_similar_names_in_the_same_postcode_with_accents(org_a):
    a = person(org_a, "Héloïse", "Le Goff", postcode="29200")
    b = person(org_a, "heloise", "LE GOFF", postcode="29 200")
    c = person(org_a, "Héloise", "Le Gof", postcode="29200")  # a typo: still alike
    person(org_a, "Héloïse", "Le Goff", postcode="75011")  # same name, elsewhere
    person(org_a, "Yann", "Le Goff", postcode="29200")  # same family, another person
    duplicates_scan(organization=org_a)
    found = pairs(org_a)
    assert set(found) == {pair(a, b), pair(a, c), pair(b, c)}
    exact = found[pair(a, b)]
    assert exact.reasons == [{"code": "name_postcode", "ratio": 100, "points": 50}]
    assert exact.score == 50
    assert 30 <= found[pair(a, c)].score < 50


def test_reasons_add_up_and_are_explained(org_a):
    a = person(org_a, "Jean", "Dupont", email="jean.dupont@gmail.com", phone="+33612345678")
    b = person(
        org_a, "Jean", "Dupont", email="jeandupont@gmail.com", phone="+33612345678", postcode="1"
    )
    PostalAddressFactory(person=a, postal_code="1")
    duplicates_scan(organization=org_a)
    candidate = pairs(org_a)[pair(a, b)]
    assert [r["code"] for r in candidate.reasons] == ["email", "phone", "name_postcode"]
    assert candidate.score == 100
    texts = [reason_text(r) for r in candidate.reasons]
    assert texts[1] == "Same phone number"
    assert "100%" in texts[2]


def test_a_person_without_given_or_family_name_is_not_matched_on_name(org_a):
    person(org_a, "", "Martin", postcode="29200")
    person(org_a, "", "Martin", postcode="29200")
    duplicates_scan(organization=org_a)
    assert pairs(org_a) == {}


def test_erased_people_dismissed_pairs_and_other_tenants_are_left_out(org_a, org_b):
    a = person(org_a, "Jean", "Dupont", phone="+33612345678")
    b = person(org_a, "Jean", "Dupont", phone="+33612345678")
    person(org_a, "Jean", "Dupont", phone="+33612345678", erased_at=timezone.now())
    c = person(org_a, "Anne", "Martin", email="anne@gmail.com")
    d = person(org_a, "Anne", "Martin", email="a.n.n.e@gmail.com")
    DuplicateDismissal.objects.create(organization=org_a, person_low=c, person_high=d)
    person(org_b, "Jean", "Dupont", phone="+33612345678")
    duplicates_scan(organization=org_a)
    assert set(pairs(org_a)) == {pair(a, b)}
    assert pairs(org_b) == {}


def test_a_rescan_replaces_stale_candidates(org_a):
    a = person(org_a, "Jean", "Dupont", phone="+33612345678")
    b = person(org_a, "Jean", "Dupont", phone="+33612345678")
    report = duplicates_scan(organization=org_a)
    assert report["candidates"] == 1 and report["new"] == 1
    first = pairs(org_a)[pair(a, b)]
    # b changes number: the pair is no longer a candidate; a new pair appears.
    b.phones.update(number="+33699999999")
    c = person(org_a, "Other", "Person", phone="+33699999999")
    report = duplicates_scan(organization=org_a)
    assert set(pairs(org_a)) == {pair(b, c)}
    assert report["removed"] == 1
    # Rescanning again changes nothing and keeps the same rows.
    kept = pairs(org_a)[pair(b, c)]
    duplicates_scan(organization=org_a)
    assert pairs(org_a)[pair(b, c)].pk == kept.pk
    assert not DuplicateCandidate.objects.filter(pk=first.pk).exists()


def test_huge_groups_are_skipped(org_a):
    for i in range(30):
        person(org_a, f"Agent{i}", "Standard", phone="+33140000000")
    report = duplicates_scan(organization=org_a)
    assert report == {"candidates": 0, "new": 0, "removed": 0, "skipped_groups": 1}


def test_scan_of_a_large_postcode_block_stays_fast_enough(org_a):
    """Names are compared only within a postcode: 600 people in one block is 180,000
    comparisons, done in C by rapidfuzz; 600 spread over many postcodes is almost nothing."""
    people = [
        Person(organization=org_a, given_name=f"Prénom{i}", family_name=f"Nom{i * 7919}")
        for i in range(600)
    ]
    Person.objects.bulk_create(people)
    from turnout.people.models import PostalAddress

    PostalAddress.objects.bulk_create(
        PostalAddress(organization=org_a, person=p, postal_code="75015", primary=True)
        for p in Person.objects.for_organization(org_a)
    )
    report = duplicates_scan(organization=org_a)
    assert report["skipped_groups"] == 0


# --- Job and schedule -------------------------------------------------------------------------


def test_scan_job_runs_and_reports(org_a, owner_a, django_capture_on_commit_callbacks):
    person(org_a, "Jean", "Dupont", phone="+33612345678")
    person(org_a, "Jean", "Dupont", phone="+33612345678")
    with django_capture_on_commit_callbacks(execute=True):
        job = rights_services.duplicates_scan_start(organization=org_a, actor=owner_a)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["candidates"] == 1
    assert job.done == job.total > 0


def test_a_second_start_returns_the_pending_scan(
    org_a, owner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = rights_services.duplicates_scan_start(organization=org_a, actor=owner_a)
        second = rights_services.duplicates_scan_start(organization=org_a, actor=owner_a)
    assert first.pk == second.pk


def test_weekly_scan_is_registered_and_scans_every_organization(
    org_a, org_b, django_capture_on_commit_callbacks
):
    task = periodic.REGISTRY["people_duplicate_scan"]
    assert task.every.days == 7
    person(org_a, "Jean", "Dupont", phone="+33612345678")
    person(org_a, "Jean", "Dupont", phone="+33612345678")
    person(org_b, "Anna", "Huber", phone="+436641234567")
    with django_capture_on_commit_callbacks(execute=True):
        assert task.func() == {"jobs": 2}
    assert len(pairs(org_a)) == 1
    assert Job.objects.filter(kind="people_duplicate_scan", status="succeeded").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        ran = periodic.periodic_run_due(datetime(2026, 3, 2, tzinfo=UTC))
    assert "people_duplicate_scan" in ran


# --- Pages ------------------------------------------------------------------------------------


def test_duplicates_page_lists_candidates_by_score(client_a, org_a, django_assert_max_num_queries):
    low = make_candidate(org_a, score=40)
    high = make_candidate(org_a, score=90)
    EmailAddressFactory(person=high.person_low, address="visible@example.org")
    url = reverse("people:duplicates", kwargs={"org_slug": org_a.slug})
    with django_assert_max_num_queries(25):
        response = client_a.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(str(high.person_low.family_name)) < body.index(
        str(low.person_low.family_name)
    )
    assert "visible@example.org" in body
    assert AccessLog.objects.filter(organization=org_a, action="view", record_count=4).exists()


def test_duplicates_page_query_count_does_not_grow_with_candidates(
    client_a, org_a, django_assert_max_num_queries
):
    for _ in range(20):
        make_candidate(org_a)
    with django_assert_max_num_queries(25):
        client_a.get(reverse("people:duplicates", kwargs={"org_slug": org_a.slug}))


def test_scan_button_starts_a_job(client_a, org_a):
    response = client_a.post(reverse("people:duplicates", kwargs={"org_slug": org_a.slug}))
    job = Job.objects.get(organization=org_a, kind="people_duplicate_scan")
    assert response.status_code == 302
    assert str(job.uuid) in response["Location"]


def test_not_the_same_person(client_a, org_a, owner_a):
    candidate = make_candidate(org_a)
    url = reverse(
        "people:duplicate_dismiss", kwargs={"org_slug": org_a.slug, "candidate_id": candidate.pk}
    )
    assert client_a.get(url).status_code == 405
    response = client_a.post(url)
    assert response.status_code == 302
    dismissal = DuplicateDismissal.objects.get(organization=org_a)
    assert (dismissal.person_low_id, dismissal.person_high_id, dismissal.dismissed_by) == (
        candidate.person_low_id,
        candidate.person_high_id,
        owner_a,
    )
    assert not DuplicateCandidate.objects.filter(pk=candidate.pk).exists()
    # The next scan does not propose them again, even with the same phone number.
    PhoneNumberFactory(person=candidate.person_low, number="+33611111111")
    PhoneNumberFactory(person=candidate.person_high, number="+33611111111")
    duplicates_scan(organization=org_a)
    assert pairs(org_a) == {}


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.VOLUNTEER])
def test_only_admins_see_duplicates(client, org_a, role):
    member = MembershipFactory(organization=org_a, role=role).user
    client.force_login(member)
    candidate = make_candidate(org_a)
    kwargs = {"org_slug": org_a.slug}
    assert client.get(reverse("people:duplicates", kwargs=kwargs)).status_code == 403
    assert client.post(reverse("people:duplicates", kwargs=kwargs)).status_code == 403
    kwargs["candidate_id"] = candidate.pk
    assert client.get(reverse("people:duplicate_merge", kwargs=kwargs)).status_code == 403
    assert client.post(reverse("people:duplicate_dismiss", kwargs=kwargs)).status_code == 403
    assert DuplicateCandidate.objects.filter(pk=candidate.pk).exists()


def test_another_organizations_candidate_is_not_found(client_a, org_a, org_b):
    candidate = make_candidate(org_b)
    kwargs = {"org_slug": org_a.slug, "candidate_id": candidate.pk}
    assert client_a.get(reverse("people:duplicate_merge", kwargs=kwargs)).status_code == 404
    assert client_a.post(reverse("people:duplicate_merge", kwargs=kwargs)).status_code == 404
    assert client_a.post(reverse("people:duplicate_dismiss", kwargs=kwargs)).status_code == 404
    assert DuplicateCandidate.objects.filter(pk=candidate.pk).exists()
    assert not DuplicateDismissal.objects.exists()
