import threading

import pytest
from django.db import connection

from turnout.people import services
from turnout.people.models import (
    Activity,
    Consent,
    ContactStatus,
    EmailAddress,
    Person,
    Suppression,
)
from turnout.people.normalize import InvalidContact
from turnout.people.services import ConsentInput, PersonData, PersonRefused

pytestmark = pytest.mark.django_db

EMAIL_CONSENT = ConsentInput(
    channel="email",
    purpose="campaigns",
    status="granted",
    notice_text="Je souhaite recevoir les actualités de la campagne.",
)


def upsert(org, **kwargs):
    consents = kwargs.pop("consents", ())
    return services.person_upsert(
        organization=org, data=PersonData(**kwargs), source="test", consents=consents
    )


def test_match_on_email_then_phone(org_a):
    first, created = upsert(
        org_a, given_name="Anne", email="Anne@Example.org", phone="06 12 34 56 78"
    )
    assert created
    same, created = upsert(org_a, family_name="Le Goff", email="anne@example.org")
    assert (same.pk, created) == (first.pk, False)
    by_phone, created = upsert(org_a, given_name="Anne", phone="+33612345678")
    assert (by_phone.pk, created) == (first.pk, False)
    person = Person.objects.get(pk=first.pk)
    assert (person.given_name, person.family_name) == ("Anne", "Le Goff")
    assert list(person.phones.values_list("number", "number_type")) == [("+33612345678", "mobile")]
    kinds = list(Activity.objects.filter(person=person).values_list("kind", flat=True))
    assert sorted(kinds) == ["person.created", "person.updated"]  # nothing new the 3rd time


def test_tenants_do_not_share_people(org_a, org_b):
    a, _ = upsert(org_a, email="shared@example.org")
    b, created = upsert(org_b, email="shared@example.org")
    assert created and a.pk != b.pk


def test_invalid_contact_points_are_explained(org_a):
    with pytest.raises(InvalidContact):
        upsert(org_a, email="not-an-email")
    with pytest.raises(PersonRefused):
        upsert(org_a)


def test_consent_log_keeps_history_and_one_current_row(org_a):
    person, _ = upsert(org_a, email="c@example.org", consents=[EMAIL_CONSENT])
    services.consent_record(
        person=person,
        source="staff",
        consent=ConsentInput(channel="email", purpose="campaigns", status="withdrawn"),
    )
    rows = Consent.objects.filter(person=person).order_by("created_at", "id")
    assert [(r.status, r.current) for r in rows] == [("granted", False), ("withdrawn", True)]
    assert rows[0].notice_text == EMAIL_CONSENT.notice_text
    assert rows[0].ip_address is None


def test_an_opt_out_survives_and_blocks_new_consent(org_a):
    services.suppression_add(
        organization=org_a,
        channel="email",
        value="Out@Example.org",
        reason=Suppression.Reason.OPT_OUT,
    )
    person, _ = upsert(org_a, email="out@example.org", consents=[EMAIL_CONSENT])
    assert EmailAddress.objects.get(person=person).status == ContactStatus.UNSUBSCRIBED
    assert not Consent.objects.filter(person=person, status="granted").exists()
    # The list stores no clear-text address.
    stored = Suppression.objects.get(organization=org_a)
    assert "out@example.org" not in (stored.value_hash + stored.hint)
    assert stored.hint == "o***@e***.org"


def test_an_erased_contact_is_not_recreated(org_a):
    services.suppression_add(
        organization=org_a, channel="sms", value="0612345678", reason=Suppression.Reason.ERASURE
    )
    with pytest.raises(PersonRefused, match="erased"):
        upsert(org_a, given_name="Back", phone="+33 6 12 34 56 78")
    person, created = services.person_upsert(
        organization=org_a,
        data=PersonData(phone="0612345678"),
        source="form",
        respect_erasure=False,
    )
    assert created
    assert person.phones.get().status == ContactStatus.UNSUBSCRIBED


def test_lifting_an_opt_out_needs_a_reason(org_a, owner_a):
    suppression = services.suppression_add(
        organization=org_a, channel="email", value="x@example.org", reason="opt_out"
    )
    with pytest.raises(ValueError, match="Say why"):
        services.suppression_lift(suppression=suppression, actor=owner_a, reason=" ")
    services.suppression_lift(
        suppression=suppression, actor=owner_a, reason="Written request of 3 March"
    )
    assert (
        services.suppression_active(organization=org_a, channel="email", value="x@example.org")
        is None
    )
    erasure = services.suppression_add(
        organization=org_a, channel="email", value="y@example.org", reason="erasure"
    )
    with pytest.raises(ValueError, match="cannot be undone"):
        services.suppression_lift(suppression=erasure, actor=owner_a, reason="asked")


def test_tags_are_added_once_and_logged(org_a):
    person, _ = upsert(org_a, email="t@example.org")
    services.tags_add(person=person, names=["bénévole", "Brest"])
    services.tags_add(person=person, names=["bénévole"])
    assert sorted(person.tags.values_list("name", flat=True)) == ["Brest", "bénévole"]
    assert Activity.objects.filter(person=person, kind="tag.added").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_upserts_of_the_same_email_make_one_person(org_a):
    barrier = threading.Barrier(8)
    errors = []

    def worker():
        try:
            barrier.wait()
            upsert(org_a, given_name="Same", email="race@example.org")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Person.objects.filter(organization=org_a).count() == 1


def test_an_erasure_upgrades_an_earlier_opt_out_of_the_same_contact(org_a):
    services.suppression_add(
        organization=org_a,
        channel="email",
        value="old@example.org",
        reason=Suppression.Reason.OPT_OUT,
    )
    services.suppression_add(
        organization=org_a,
        channel="email",
        value="old@example.org",
        reason=Suppression.Reason.ERASURE,
    )
    hit = services.suppression_active(organization=org_a, channel="email", value="old@example.org")
    assert hit.reason == Suppression.Reason.ERASURE
    with pytest.raises(PersonRefused):
        upsert(org_a, email="old@example.org")
    # An opt-out never weakens an erasure.
    services.suppression_add(
        organization=org_a,
        channel="email",
        value="old@example.org",
        reason=Suppression.Reason.OPT_OUT,
    )
    assert Suppression.objects.get(organization=org_a).reason == Suppression.Reason.ERASURE


def test_an_opt_out_marks_existing_contact_points_and_lifting_restores_them(org_a, owner_a):
    person, _ = upsert(org_a, email="later@example.org", phone="0612345678")
    suppression = services.suppression_add(
        organization=org_a, channel="email", value="LATER@example.org", reason="opt_out"
    )
    services.suppression_add(
        organization=org_a, channel="sms", value="+33612345678", reason="opt_out"
    )
    assert person.emails.get().status == ContactStatus.UNSUBSCRIBED
    assert person.phones.get().status == ContactStatus.UNSUBSCRIBED
    services.suppression_lift(suppression=suppression, actor=owner_a, reason="Asked again")
    assert person.emails.get().status == ContactStatus.SUBSCRIBED
    assert person.phones.get().status == ContactStatus.UNSUBSCRIBED  # still opted out of SMS
