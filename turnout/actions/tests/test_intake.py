"""The intake queue: the sign page writes one row and thanks the person; the fold records the
rows in the CRM, in id order, once each; what the CRM refuses waits for the organizers."""

import re
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from turnout.actions import intake as intake_module
from turnout.actions import services, tasks
from turnout.actions.intake import intake_fold
from turnout.actions.models import Action, Submission, SubmissionIntake
from turnout.actions.referral import intake_referral_code, referral_code
from turnout.actions.tests.factories import ActionFactory, ActionSponsorFactory
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.models import Activity, Consent, Person
from turnout.people.rights.services import person_erase
from turnout.people.services import PersonData

pytestmark = pytest.mark.django_db

QUEUED = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "jobs", "messages"],
    }
}


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    cache.clear()
    monkeypatch.setattr(intake_module, "_next_wake", 0.0)  # no wake of another test
    yield
    cache.clear()


@pytest.fixture
def queued(settings):
    """Tasks go to a queue that no worker reads: the fold runs when the test says so."""
    settings.TASKS = QUEUED
    from django_tasks import default_task_backend

    return default_task_backend


def page(action, name="action", **kwargs):
    return reverse(f"actions_public:{name}", kwargs={"slug": action.slug, **kwargs})


def signature(**overrides):
    data = {
        "given_name": "Anne",
        "family_name": "Le Goff",
        "email": "anne@example.org",
        "consent": "on",
    }
    data.update(overrides)
    return data


def counted(action):
    action.refresh_from_db()
    assert (
        action.signature_count
        == Submission.objects.filter(action=action, status=Submission.Status.CONFIRMED).count()
    )
    return action.signature_count


def test_the_form_thanks_at_once_and_the_fold_records_what_was_shown(client, org_a, queued):
    action = ActionFactory(organization=org_a, goal=10)
    response = client.post(page(action), signature(source="TOOT", utm_source="mastodon"))
    assert response.status_code == 302
    assert response["Location"].startswith(page(action, "thanks") + "?code=i")
    row = SubmissionIntake.objects.get()
    assert parse_qs(urlsplit(response["Location"]).query)["code"] == [intake_referral_code(row.pk)]
    assert row.outcome == SubmissionIntake.Outcome.WAITING and row.processed_at is None
    assert not Person.objects.exists() and counted(action) == 0  # the CRM has nothing yet
    # The organizers change the consent text a moment later: the person saw the old one.
    shown = action.consent_text["en"]
    Action.objects.filter(pk=action.pk).update(consent_text={"en": "Another text."})

    stats = intake_fold()

    assert (stats.rows, stats.recorded) == (1, 1)
    submission = Submission.objects.get(action=action)
    assert submission.source_code == "TOOT" and submission.utm_source == "mastodon"
    assert submission.language == "en" and submission.status == Submission.Status.CONFIRMED
    consent = Consent.objects.get(person=submission.person, current=True)
    assert consent.notice_text == shown and consent.ip_address == "127.0.0.1"
    assert counted(action) == 1
    row.refresh_from_db()
    assert row.outcome == SubmissionIntake.Outcome.RECORDED and row.submission == submission
    assert row.payload == {} and row.contact_key == ""  # what was typed now lives in the CRM
    assert intake_fold().rows == 0  # processed once


def test_bad_input_is_refused_in_the_request_and_nothing_is_queued(client, org_a, queued):
    action = ActionFactory(organization=org_a)
    response = client.post(page(action), signature(phone="not a phone"))
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    response = client.post(page(action), signature(email=""))
    assert response.status_code == 400
    assert not SubmissionIntake.objects.exists()


def test_a_resubmission_in_the_same_batch_is_one_signature_counted_once(client, org_a, queued):
    action = ActionFactory(organization=org_a, kind=Action.Kind.PETITION)
    client.post(page(action), signature())
    client.post(page(action), signature(given_name="Annie", postal_code="29000"))
    client.post(page(action), signature(email="bob@example.org", given_name="Bob"))
    stats = intake_fold()
    assert (stats.rows, stats.recorded, stats.updated) == (3, 2, 1)
    assert Submission.objects.filter(action=action).count() == 2
    anne = Person.objects.get(emails__address="anne@example.org")
    assert anne.given_name == "Annie" and anne.addresses.get().postal_code == "29000"
    assert Activity.objects.filter(person=anne, kind="petition_signed").count() == 1
    assert counted(action) == 2


def test_a_share_code_given_before_the_signer_was_recorded_still_refers(client, org_a, queued):
    action = ActionFactory(organization=org_a)
    response = client.post(page(action), signature())
    code = parse_qs(urlsplit(response["Location"]).query)["code"][0]
    # The thank-you page shares links with that code, before the CRM has Anne.
    body = client.get(response["Location"]).content.decode()
    assert f"ref={code}" in body or f"ref%3D{code}" in body
    client.post(page(action), signature(email="bob@example.org", given_name="Bob", ref=code))
    intake_fold()  # both in one batch, Anne's row first
    bob = Submission.objects.get(person__emails__address="bob@example.org")
    assert bob.referrer == Person.objects.get(emails__address="anne@example.org")
    # A code of a row folded in an earlier batch works as well.
    client.post(page(action), signature(email="carl@example.org", ref=code))
    intake_fold()
    carl = Submission.objects.get(person__emails__address="carl@example.org")
    assert carl.referrer == bob.referrer


def test_co_sponsor_boxes_keep_the_text_shown(client, org_a, org_b, queued):
    action = ActionFactory(organization=org_a)
    sponsor = ActionSponsorFactory(action=action, organization=org_b, opt_in_label={})
    body = client.get(page(action)).content.decode()
    shown = f"I also want news from {org_b.name}."
    assert shown in body
    client.post(page(action), signature(**{f"sponsor_{sponsor.pk}": "on"}))
    intake_fold()
    theirs = Person.objects.get(organization=org_b)
    assert Consent.objects.get(person=theirs, current=True).notice_text == shown


def test_double_opt_in_the_email_goes_once_the_row_is_folded(
    client, org_a, queued, django_capture_on_commit_callbacks, settings
):
    action = ActionFactory(organization=org_a, double_opt_in=True)
    response = client.post(page(action), signature())
    assert "pending=1" in response["Location"]
    assert "One more step" in client.get(response["Location"]).content.decode()
    assert mail.outbox == []
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "jobs", "messages"],
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        intake_fold()
    assert Submission.objects.get(action=action).status == Submission.Status.PENDING
    assert len(mail.outbox) == 1 and "/confirm/" in mail.outbox[0].body
    assert counted(action) == 0


def test_a_refused_row_is_shown_to_the_organizers_and_can_be_recorded_again(
    client, client_a, org_a, queued
):
    action = ActionFactory(organization=org_a)
    client.post(page(action), signature(given_name="Nadia", email="nadia@example.org"))
    # The action was closed between the page and the post reaching the database.
    row = SubmissionIntake.objects.get()
    Action.objects.filter(pk=action.pk).update(
        status=Action.Status.CLOSED, closed_at=row.created_at - timedelta(seconds=1)
    )
    assert intake_fold().refused == 1
    assert not Submission.objects.exists()
    detail = reverse("actions:detail", kwargs={"org_slug": org_a.slug, "action_id": action.pk})
    body = client_a.get(detail).content.decode()
    assert "1 submission could not be recorded" in body
    assert "nadia@example.org" in body and "closed before this submission" in body

    Action.objects.filter(pk=action.pk).update(status=Action.Status.PUBLISHED, closed_at=None)
    retry = reverse("actions:intake_retry", kwargs={"org_slug": org_a.slug, "action_id": action.pk})
    response = client_a.post(retry, follow=True)
    assert "1 submission is being recorded again." in response.content.decode()
    intake_fold()
    assert Submission.objects.get().person.given_name == "Nadia"
    assert "could not be recorded" not in client_a.get(detail).content.decode()
    assert counted(action) == 1


def test_a_row_accepted_before_the_action_closed_is_recorded(client, org_a, queued):
    action = ActionFactory(organization=org_a)
    client.post(page(action), signature())
    Action.objects.filter(pk=action.pk).update(
        status=Action.Status.CLOSED, closed_at=timezone.now()
    )
    assert intake_fold().recorded == 1
    assert counted(action) == 1


def test_an_unexpected_error_is_retried_then_kept_and_the_others_go_through(
    client, org_a, queued, monkeypatch
):
    action = ActionFactory(organization=org_a)
    # b is known already (another petition): the fold records b by itself, a and c together.
    services.submission_record(
        action=ActionFactory(organization=org_a),
        data=PersonData(given_name="B", email="b@example.org"),
        consent_given=False,
        sponsor_ids=set(),
        attribution={},
    )
    for name in ("a", "b", "c"):
        client.post(page(action), signature(email=f"{name}@example.org"))
    apply = intake_module.submission_apply

    def flaky(**kwargs):
        if kwargs["data"].email == "b@example.org":
            raise RuntimeError("the disk is full")
        return apply(**kwargs)

    monkeypatch.setattr(intake_module, "submission_apply", flaky)
    stats = intake_fold()
    assert (stats.recorded, stats.failed, stats.retried) == (2, 1, 2)
    failed = SubmissionIntake.objects.get(outcome=SubmissionIntake.Outcome.FAILED)
    assert failed.attempts == 3 and "the disk is full" in failed.error
    assert failed.payload["person"]["email"] == "b@example.org"  # nothing typed is lost
    assert counted(action) == 2


def test_rows_wake_one_fold_per_second_and_the_periodic_task_catches_up(
    client, org_a, queued, django_capture_on_commit_callbacks
):
    action = ActionFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(3):
            client.post(page(action), signature(email=f"w{index}@example.org"))
    assert [r.task.name for r in queued.results] == ["intake_fold_task"]
    assert tasks.intake_safety_net() == {"woken": True}
    assert len(queued.results) == 2
    intake_fold()
    assert tasks.intake_safety_net() == {"woken": False}


def test_an_erasure_also_forgets_what_waits_in_the_queue(client, org_a, owner_a, queued):
    action = ActionFactory(organization=org_a)
    client.post(page(action), signature())
    intake_fold()
    client.post(page(action), signature(given_name="Anne again"))  # not folded yet
    person = Person.objects.get(emails__address="anne@example.org")
    person_erase(person=person, actor=owner_a, reason="asked")
    assert not SubmissionIntake.objects.filter(processed_at__isnull=True).exists()
    assert SubmissionIntake.objects.get().payload == {}  # the recorded one kept nothing


def test_without_a_worker_the_row_is_folded_in_the_request(client, org_a):
    """The test settings run tasks in the calling process (no worker): then the sign page
    records the signature at once, as before the queue."""
    action = ActionFactory(organization=org_a)
    client.post(page(action), signature())
    assert counted(action) == 1
    assert SubmissionIntake.objects.get().outcome == SubmissionIntake.Outcome.RECORDED


def test_the_embed_page_tells_the_widget_its_height(client, org_a, settings):
    settings.SITE_URL = "https://turnout.example"
    action = ActionFactory(organization=org_a)
    body = client.get(page(action, "embed")).content.decode()
    assert re.search(r'<script src="/static/actions/embed.js" defer nonce="[^"]+"', body)
    script = client.get(page(action, "widget")).content.decode()
    # The widget listens to its own frame only, from the form's origin.
    assert 'origin = "https://turnout.example"' in script
    assert "event.source !== frame.contentWindow" in script
    assert "turnout:embed-height" in script


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_folds_at_once_record_every_row_once_and_count_exactly():
    organization = OrganizationFactory(country="FR")
    action = ActionFactory(organization=organization)
    rows = [
        SubmissionIntake(
            organization=organization,
            action=action,
            payload={
                "person": {"given_name": "Signer", "email": f"s{n % 150}@example.org"},
                "consent": True,
                "consent_text": "Oui.",
                "language": "fr",
            },
            contact_key=f"email:s{n % 150}@example.org",
        )
        for n in range(200)
    ]
    SubmissionIntake.objects.bulk_create(rows)
    errors = []

    def fold():
        try:
            intake_fold(batch_size=20)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=fold) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    outcomes = SubmissionIntake.objects.values_list("outcome", flat=True)
    assert sorted(set(outcomes)) == ["recorded", "updated"]
    assert list(outcomes).count("recorded") == 150
    assert Submission.objects.filter(action=action).count() == 150
    assert counted(action) == 150
    assert Activity.objects.filter(kind="petition_signed").count() == 150


SIGNERS = [
    {"given_name": "  Anne ", "family_name": "Le Goff", "email": "Anne@Example.org"},
    {
        "given_name": "Bob",
        "email": "bob@example.org",
        "phone": "06 12 34 56 78",
        "address": {"postal_code": "29000", "locality": "Quimper"},
        "answers": {"dispo": "weekends"},
        "show": True,
        "ref": True,
    },
    {"given_name": "Chloé", "email": "optout@example.org"},  # opted out earlier
    {"given_name": "Dan", "email": "erased@example.org"},  # erased earlier, came back
    {"given_name": "Eve", "email": "eve@example.org", "consent": False, "org": True},
]
QUESTIONS = [
    {
        "key": "dispo",
        "kind": "single",
        "label": {"fr": "Disponible"},
        "choices": [{"key": "weekends", "label": {"fr": "Le week-end"}, "cf_value": "Weekends"}],
        "custom_field": "availability",
        "custom_field_kind": "choice",
    }
]


def _setup(org, *, double_opt_in):
    from turnout.people.services import suppression_add

    action = ActionFactory(organization=org, double_opt_in=double_opt_in, questions=QUESTIONS)
    ActionSponsorFactory(action=action)  # a co-sponsor nobody ticks
    suppression_add(organization=org, channel="email", value="optout@example.org", reason="opt_out")
    suppression_add(organization=org, channel="email", value="erased@example.org", reason="erasure")
    referrer, _created = services.submission_record(
        action=ActionFactory(organization=org),
        data=PersonData(given_name="Ref", email="ref@example.org"),
        consent_given=False,
        sponsor_ids=set(),
        attribution={},
    )
    return action, referrer.person


def _signer_args(action, referrer, signer):
    return {
        "data": PersonData(
            given_name=signer["given_name"],
            family_name=signer.get("family_name", ""),
            email=signer["email"],
            phone=signer.get("phone", ""),
            address=signer.get("address", {}),
            language="fr",
        ),
        "consent_given": signer.get("consent", True),
        "consent_text": action.consent_text["fr"],
        "attribution": {
            "utm_source": "mastodon",
            **({"referrer": referral_code(referrer.pk)} if signer.get("ref") else {}),
            **({"referring_organization": action.organization.slug} if signer.get("org") else {}),
        },
        "ip_address": "192.0.2.7",
        "answers": signer.get("answers", {}),
        "language": "fr",
        "show_name_text": "Show my name" if signer.get("show") else "",
    }


IDS = ("action", "slug", "referring_organization")


def _snapshot(action):
    """What the CRM holds of the action's signers, without ids."""
    org = action.organization
    people = []
    for submission in Submission.objects.filter(action=action).order_by("person__given_name"):
        person = submission.person
        people.append(
            {
                "person": (
                    person.given_name,
                    person.family_name,
                    person.language,
                    person.custom_fields,
                    person.origin_system,
                    person.last_activity_at is not None,
                ),
                "emails": list(person.emails.values_list("address", "primary", "status")),
                "phones": list(
                    person.phones.values_list(
                        "number", "number_type", "sms_capable", "primary", "status"
                    )
                ),
                "addresses": list(person.addresses.values_list("postal_code", "locality")),
                "consents": list(
                    person.consents.values_list(
                        "channel",
                        "purpose",
                        "status",
                        "current",
                        "source",
                        "notice_text",
                        "ip_address",
                    )
                ),
                "submission": (
                    submission.status,
                    submission.confirmed_at is not None,
                    submission.language,
                    submission.answers,
                    submission.consent_given,
                    submission.show_name,
                    submission.show_name_text,
                    submission.utm_source,
                    str(submission.referrer or ""),
                    submission.referring_organization_id == org.pk,
                ),
                "opt_ins": list(submission.opt_ins.values_list("granted", "notice_text")),
                "timeline": [
                    (
                        a.kind,
                        "(title)" if a.summary == action.title_text() else a.summary,
                        {k: v for k, v in a.data.items() if k not in IDS},
                    )
                    for a in person.activities.order_by("id")
                ],
                "counts": sorted(person.activity_counts.values_list("kind", "count")),
            }
        )
    action.refresh_from_db()
    return people, action.signature_count


@pytest.mark.parametrize("double_opt_in", [False, True])
def test_new_signers_folded_together_get_what_one_by_one_gives(
    org_a, queued, monkeypatch, double_opt_in
):
    """The fold records new people in a few statements for all; the records are those of
    ``submission_record``, one by one, for the same signers."""
    one_by_one, referrer_a = _setup(org_a, double_opt_in=double_opt_in)
    together, referrer_b = _setup(OrganizationFactory(country="FR"), double_opt_in=double_opt_in)
    for signer in SIGNERS:
        args = _signer_args(one_by_one, referrer_a, signer)
        services.submission_record(action=one_by_one, sponsor_ids=set(), **args)
        args = _signer_args(together, referrer_b, signer)
        intake_module.submission_intake_create(action=together, **args)

    def no_one_by_one(**kwargs):
        raise AssertionError("recorded one by one")

    monkeypatch.setattr(intake_module, "submission_apply", no_one_by_one)
    assert intake_fold().recorded == len(SIGNERS)
    assert _snapshot(together) == _snapshot(one_by_one)


def test_an_address_taken_while_folding_falls_back_to_one_by_one(
    client, org_a, queued, monkeypatch
):
    action = ActionFactory(organization=org_a)
    client.post(page(action), signature(email="new@example.org", given_name="New"))
    client.post(page(action), signature(email="taken@example.org", given_name="Taken"))
    # Someone enters "taken@" in the CRM after the fold looked: it believes both are new.
    monkeypatch.setattr(intake_module, "contact_points_taken", lambda **kwargs: (set(), set()))
    Person.objects.create(organization=org_a, given_name="Typed").emails.create(
        organization=org_a, address="taken@example.org", primary=True
    )
    stats = intake_fold()
    assert (stats.recorded, stats.refused, stats.failed) == (2, 0, 0)
    assert Person.objects.filter(emails__address="taken@example.org").count() == 1
    assert Submission.objects.get(
        person__emails__address="taken@example.org"
    ).person.given_name == ("Taken")
    assert counted(action) == 2


def test_a_share_code_still_refers_after_its_signer_was_merged(client, org_a, owner_a):
    from turnout.people.rights.merge import person_merge

    action = ActionFactory(organization=org_a)
    client.post(page(action), signature(email="anne@example.org"))
    response = client.post(page(action), signature(email="anne.work@example.org"))
    code = parse_qs(urlsplit(response["Location"]).query)["code"][0]
    anne, work = (
        Person.objects.get(emails__address=a) for a in ("anne@example.org", "anne.work@example.org")
    )
    person_merge(survivor=anne, other=work, choices={}, actor=owner_a)
    client.post(page(action), signature(email="bob@example.org", given_name="Bob", ref=code))
    assert Submission.objects.get(person__emails__address="bob@example.org").referrer == anne


def _fold_with_arrivals(client, action, monkeypatch, arrivals: int):
    """Fold the queue one row per batch while a sign page receives ``arrivals`` more
    signatures (one during each of the first batches); returns the fold's stats and the
    pauses it asked for."""
    pauses, batches = [], []
    fold_batch = intake_module._fold_batch

    def batch_with_an_arrival(size, stats):
        if len(batches) < arrivals:
            client.post(page(action), signature(email=f"during-{len(batches)}@example.org"))
        batches.append(size)
        return fold_batch(size, stats)

    monkeypatch.setattr(intake_module, "_fold_batch", batch_with_an_arrival)
    monkeypatch.setattr(intake_module.time, "sleep", pauses.append)
    return intake_fold(batch_size=1), pauses


@pytest.mark.parametrize("share", [0.25, 1.0])
def test_while_signatures_arrive_the_fold_gives_way_to_the_sign_pages(
    client, org_a, queued, settings, monkeypatch, share
):
    settings.TURNOUT_INTAKE_FOLD_PEAK_SHARE = share
    action = ActionFactory(organization=org_a)
    for n in range(3):
        client.post(page(action), signature(email=f"before-{n}@example.org"))
    stats, pauses = _fold_with_arrivals(client, action, monkeypatch, arrivals=2)
    assert stats.recorded == 5 and counted(action) == 5  # nothing lost while giving way
    if share == 1.0:
        assert pauses == [] and stats.paused == 0
    else:
        # After each batch while arrivals are recent: three times the batch's own time.
        assert len(pauses) == 5 and all(p > 0 for p in pauses)
        assert stats.paused == pytest.approx(sum(pauses))


def test_once_arrivals_stop_the_fold_drains_at_full_speed(
    client, org_a, queued, settings, monkeypatch
):
    settings.TURNOUT_INTAKE_FOLD_PEAK_SHARE = 0.25
    action = ActionFactory(organization=org_a)
    for n in range(4):
        client.post(page(action), signature(email=f"before-{n}@example.org"))
    stats, pauses = _fold_with_arrivals(client, action, monkeypatch, arrivals=0)
    assert stats.recorded == 4 and pauses == [] and stats.paused == 0
    # An arrival longer ago than the pacer's window is not a peak any more.
    pacer = intake_module.FoldPacer(0.25)
    pacer.newest -= 1  # as if a row had arrived since the pacer last looked...
    assert pacer.after_batch(0.01) > 0
    pacer.arrived_at -= intake_module.FoldPacer.WINDOW + 1  # ...but long ago
    assert pacer.after_batch(0.01) == 0
