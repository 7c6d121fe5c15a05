import threading
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from turnout.actions import services
from turnout.actions.exceptions import SubmissionRefused
from turnout.actions.models import Action, SponsorOptIn, Submission
from turnout.actions.tests.factories import ActionFactory, ActionSponsorFactory
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.models import Activity, Consent, ContactStatus, Person
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonData, suppression_add

pytestmark = pytest.mark.django_db


def sign(action, consent=True, sponsors=(), attribution=None, **person):
    person.setdefault("given_name", "Anne")
    return services.submission_record(
        action=action,
        data=PersonData(**person),
        consent_given=consent,
        sponsor_ids=set(sponsors),
        attribution=attribution or {},
        ip_address="127.0.0.1",
    )


def counted(action):
    action.refresh_from_db()
    confirmed = Submission.objects.filter(action=action, status="confirmed").count()
    assert action.signature_count == confirmed
    return action.signature_count


def test_a_signature_creates_the_person_with_the_consent_text_shown(org_a):
    action = ActionFactory(organization=org_a)
    submission, created = sign(action, email="Anne@Example.org", language="fr")
    assert created and submission.status == Submission.Status.CONFIRMED
    person = Person.objects.get(organization=org_a)
    assert submission.person == person and submission.organization == org_a
    consent = Consent.objects.get(person=person, current=True)
    assert consent.status == Consent.Status.GRANTED
    assert consent.notice_text == "J'accepte de recevoir des nouvelles de la campagne."
    assert consent.source == "form" and consent.source_ref == f"action:{action.slug}"
    assert consent.ip_address == "127.0.0.1"
    assert Activity.objects.filter(person=person, kind="petition_signed").count() == 1
    assert counted(action) == 1


def test_no_consent_box_no_consent_but_the_signature_counts(org_a):
    action = ActionFactory(organization=org_a, kind=Action.Kind.PLEDGE)
    submission, _ = sign(action, consent=False, email="b@example.org")
    assert not Consent.objects.filter(person=submission.person).exists()
    assert Activity.objects.filter(person=submission.person, kind="pledge_taken").exists()
    assert counted(action) == 1


def test_matching_on_email_then_phone_and_a_resubmission_updates(org_a):
    action = ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    first, created = sign(action, email="c@example.org", phone="0612345678")
    assert created
    again, created = services.submission_record(
        action=action,
        data=PersonData(given_name="Claire", phone="+33 6 12 34 56 78"),
        consent_given=False,
        sponsor_ids=set(),
        attribution={"utm_source": "newsletter", "source_code": "NL1"},
        answers={"why": "climate"},
    )
    assert not created and again.pk == first.pk
    again.refresh_from_db()
    assert again.answers == {"why": "climate"}
    assert again.utm_source == "newsletter" and again.source_code == "NL1"
    assert again.consent_given  # a later unticked box is no withdrawal
    assert Person.objects.filter(organization=org_a).count() == 1
    assert Submission.objects.count() == 1
    assert Activity.objects.filter(kind="form_submitted").count() == 1
    assert counted(action) == 1


def test_first_attribution_is_kept(org_a):
    action = ActionFactory(organization=org_a)
    referrer = sign(action, email="ref@example.org")[0].person
    sub, _ = sign(
        action,
        email="d@example.org",
        attribution={"utm_campaign": "spring", "referrer": str(referrer.uuid)},
    )
    sign(action, email="d@example.org", attribution={"utm_campaign": "autumn"})
    sub.refresh_from_db()
    assert sub.utm_campaign == "spring" and sub.referrer == referrer


def test_referrers_and_referring_organizations_are_scoped(org_a, org_b):
    action = ActionFactory(organization=org_a)
    stranger = Person.objects.create(organization=org_b, given_name="X")
    sponsor = ActionSponsorFactory(action=action, organization=org_b)
    sub, _ = sign(
        action,
        email="e@example.org",
        attribution={
            "referrer": str(stranger.uuid),
            "referring_organization": org_b.slug,
        },
    )
    assert sub.referrer is None
    assert sub.referring_organization == sponsor.organization
    other = OrganizationFactory()
    sub2, _ = sign(action, email="f@example.org", attribution={"referring_organization": other})
    assert sub2.referring_organization is None
    sub3, _ = sign(action, email="g@example.org", attribution={"referrer": "not-a-uuid"})
    assert sub3.referrer is None


def test_closed_and_draft_actions_refuse(org_a):
    for status in (Action.Status.DRAFT, Action.Status.CLOSED):
        action = ActionFactory(organization=org_a, status=status)
        with pytest.raises(SubmissionRefused):
            sign(action, email="h@example.org")
    assert not Submission.objects.exists()


def test_unusable_contact_is_refused_by_the_crm(org_a):
    action = ActionFactory(organization=org_a)
    with pytest.raises(InvalidContact):
        sign(action, email="not an email")
    assert counted(action) == 0


def test_double_opt_in_counts_at_confirmation_once(org_a):
    action = ActionFactory(organization=org_a, double_opt_in=True)
    submission, created = sign(action, email="i@example.org")
    assert created and submission.status == Submission.Status.PENDING
    assert counted(action) == 0
    consent = Consent.objects.get(person=submission.person, current=True)
    assert consent.status == Consent.Status.PENDING
    # Resubmitting before confirming neither counts nor makes a second row.
    sign(action, email="i@example.org")
    assert counted(action) == 0
    token = services.submission_confirm_token(submission)
    confirmed, flipped = services.submission_confirm(token=token)
    assert flipped and confirmed.status == Submission.Status.CONFIRMED
    assert confirmed.confirmed_at is not None
    assert counted(action) == 1
    consent = Consent.objects.get(person=submission.person, current=True)
    assert consent.status == Consent.Status.GRANTED
    assert consent.notice_text == action.consent_text["en"]  # the language shown
    _again, flipped = services.submission_confirm(token=token)
    assert not flipped and counted(action) == 1
    sign(action, email="i@example.org")
    assert counted(action) == 1
    assert Activity.objects.filter(person=submission.person, kind="petition_signed").count() == 1


def test_double_opt_in_needs_an_email(org_a):
    action = ActionFactory(organization=org_a, double_opt_in=True)
    with pytest.raises(SubmissionRefused):
        sign(action, phone="0612345678")


def test_bad_and_expired_tokens_are_refused(org_a):
    action = ActionFactory(organization=org_a, double_opt_in=True)
    submission, _ = sign(action, email="j@example.org")
    with pytest.raises(SubmissionRefused):
        services.submission_confirm(token="nonsense")
    forged = signing.dumps({"s": submission.pk, "a": action.pk}, salt="another-purpose")
    with pytest.raises(SubmissionRefused):
        services.submission_confirm(token=forged)
    token = services.submission_confirm_token(submission)
    later = timezone.now() + timedelta(days=8)
    with freeze_time(later), pytest.raises(SubmissionRefused):
        services.submission_confirm(token=token)
    assert counted(action) == 0


def test_co_sponsor_gets_the_person_only_when_ticked(org_a, org_b):
    action = ActionFactory(organization=org_a)
    sponsor = ActionSponsorFactory(
        action=action, organization=org_b, opt_in_label={"fr": "Oui, Demokratie Jetzt aussi."}
    )
    unticked, _ = sign(action, email="k@example.org")
    assert not Person.objects.filter(organization=org_b).exists()
    assert SponsorOptIn.objects.get(submission=unticked).granted is False

    ticked, _ = sign(action, email="l@example.org", sponsors={sponsor.pk})
    theirs = Person.objects.get(organization=org_b)
    assert theirs.emails.get().address == "l@example.org"
    consent = Consent.objects.get(person=theirs, current=True)
    assert consent.organization == org_b and consent.status == Consent.Status.GRANTED
    assert consent.notice_text == "Oui, Demokratie Jetzt aussi."
    assert SponsorOptIn.objects.get(submission=ticked).person == theirs
    # Ticking later delivers then, once.
    sign(action, email="k@example.org", sponsors={sponsor.pk})
    sign(action, email="k@example.org", sponsors={sponsor.pk})
    assert Person.objects.filter(organization=org_b).count() == 2
    # An id that is not a sponsor of this action is ignored.
    other = ActionSponsorFactory()
    sign(action, email="m@example.org", sponsors={other.pk, "x"})
    assert Person.objects.filter(organization=other.organization).count() == 0
    assert counted(action) == 3


def test_co_sponsor_gets_the_person_at_confirmation(org_a, org_b):
    action = ActionFactory(organization=org_a, double_opt_in=True)
    sponsor = ActionSponsorFactory(action=action, organization=org_b)
    submission, _ = sign(action, email="n@example.org", sponsors={sponsor.pk})
    assert not Person.objects.filter(organization=org_b).exists()
    services.submission_confirm(token=services.submission_confirm_token(submission))
    assert Person.objects.filter(organization=org_b).count() == 1


def test_opted_out_person_signs_but_is_not_opted_back_in(org_a):
    action = ActionFactory(organization=org_a)
    suppression_add(organization=org_a, channel="email", value="o@example.org", reason="opt_out")
    submission, _ = sign(action, email="o@example.org")
    assert submission.status == Submission.Status.CONFIRMED
    assert submission.person.emails.get().status == ContactStatus.UNSUBSCRIBED
    assert not Consent.objects.filter(person=submission.person, status="granted").exists()
    assert counted(action) == 1


def test_erased_person_who_comes_back_is_taken_back_unsubscribed(org_a):
    action = ActionFactory(organization=org_a)
    suppression_add(organization=org_a, channel="email", value="p@example.org", reason="erasure")
    submission, created = sign(action, email="p@example.org")
    assert created
    assert submission.person.emails.get().status == ContactStatus.UNSUBSCRIBED
    assert not Consent.objects.filter(person=submission.person, status="granted").exists()
    assert counted(action) == 1


def test_erasure_keeps_the_count_and_drops_the_answers(org_a, owner_a):
    from turnout.people.rights.services import person_erase

    action = ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    submission, _ = services.submission_record(
        action=action,
        data=PersonData(email="q@example.org"),
        consent_given=True,
        sponsor_ids=set(),
        attribution={},
        answers={"note": "private"},
    )
    person_erase(person=submission.person, actor=owner_a, reason="asked")
    submission.refresh_from_db()
    assert submission.answers == {}
    assert counted(action) == 1


def test_merge_keeps_one_submission_per_action_and_the_counter(org_a, owner_a):
    from turnout.people.rights.merge import person_merge

    action = ActionFactory(organization=org_a)
    only_theirs = ActionFactory(organization=org_a)
    a, _ = sign(action, email="r1@example.org")
    b, _ = sign(action, email="r2@example.org")
    sign(only_theirs, email="r2@example.org")
    assert counted(action) == 2
    person_merge(survivor=a.person, other=b.person, choices={}, actor=owner_a)
    assert Submission.objects.filter(action=action).count() == 1
    assert counted(action) == 1
    assert Submission.objects.get(action=only_theirs).person == a.person
    assert counted(only_theirs) == 1


def test_action_lifecycle(org_a, owner_a):
    action = services.action_create(
        organization=org_a,
        actor=owner_a,
        slug="climat",
        title={"fr": " Pour le climat ", "en": ""},
        consent_text={"fr": "D'accord"},
    )
    assert action.status == Action.Status.DRAFT
    assert action.title == {"fr": "Pour le climat"}
    assert action.sponsors.get().is_owner
    services.action_publish(action=action, actor=owner_a)
    assert action.status == Action.Status.PUBLISHED and action.published_at
    assert services.action_update(action=action, actor=owner_a, fields={"goal": 1000}) == ["goal"]
    services.action_close(action=action, actor=owner_a)
    assert action.status == Action.Status.CLOSED
    empty = services.action_create(organization=org_a, actor=owner_a, slug="vide")
    with pytest.raises(SubmissionRefused):
        services.action_publish(action=empty, actor=owner_a)


def test_recount_repairs_from_the_rows(org_a):
    action = ActionFactory(organization=org_a)
    sign(action, email="s@example.org")
    Action.objects.filter(pk=action.pk).update(signature_count=40)
    assert services.action_recount(action=action) == 1
    assert counted(action) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submitters_make_one_signature_each_and_an_exact_counter():
    organization = OrganizationFactory(country="FR")
    action = ActionFactory(organization=organization)
    sponsor = ActionSponsorFactory(action=action)
    threads_count = 50
    barrier = threading.Barrier(threads_count)
    errors = []
    # 30 distinct people; 20 threads resubmit an email that another thread also sends.
    emails = [f"signer{i % 30}@example.org" for i in range(threads_count)]

    def worker(index):
        try:
            barrier.wait()
            services.submission_record(
                action=action,
                data=PersonData(given_name=f"Signer {index}", email=emails[index]),
                consent_given=index % 2 == 0,
                sponsor_ids={sponsor.pk} if index % 3 == 0 else set(),
                attribution={"utm_source": f"t{index}"},
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Person.objects.filter(organization=organization).count() == 30
    assert Submission.objects.filter(action=action).count() == 30
    people = Submission.objects.filter(action=action).values_list("person", flat=True)
    assert len(set(people)) == 30
    action.refresh_from_db()
    confirmed = Submission.objects.filter(action=action, status="confirmed").count()
    assert action.signature_count == confirmed == 30
    assert Activity.objects.filter(kind="petition_signed", organization=organization).count() == 30
    delivered = SponsorOptIn.objects.filter(granted=True, person__isnull=False).count()
    assert Person.objects.filter(organization=sponsor.organization).count() == delivered


def test_double_opt_in_never_downgrades_a_consent_already_given(org_a):
    plain = ActionFactory(organization=org_a)
    doi = ActionFactory(organization=org_a, double_opt_in=True)
    submission, _ = sign(plain, email="u@example.org")
    assert Consent.objects.get(person=submission.person, current=True).status == "granted"
    pending, _ = sign(doi, email="u@example.org")
    assert Consent.objects.get(person=submission.person, current=True).status == "granted"
    services.submission_confirm(token=services.submission_confirm_token(pending))
    sign(doi, email="u@example.org")  # resubmitting a confirmed one changes no consent
    assert Consent.objects.get(person=submission.person, current=True).status == "granted"
    assert counted(doi) == 1
