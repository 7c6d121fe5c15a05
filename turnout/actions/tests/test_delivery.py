import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from turnout.actions import pdf, services
from turnout.actions.deliveries import delivery_prepare
from turnout.actions.exceptions import SubmissionRefused
from turnout.actions.models import Action, Delivery, Submission
from turnout.actions.tests.factories import ActionFactory
from turnout.actions.tests.pdftext import pdf_text
from turnout.core.models import AuditEvent
from turnout.people.models import Person
from turnout.people.services import PersonData

pytestmark = pytest.mark.django_db

SHOW = "Show my name to the targets of this petition"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def sign(action, email, given, family="", named=False, postal_code="", confirm=True):
    submission, _ = services.submission_record(
        action=action,
        data=PersonData(
            given_name=given,
            family_name=family,
            email=email,
            address={"postal_code": postal_code, "locality": "Quimper"} if postal_code else {},
        ),
        consent_given=True,
        sponsor_ids=set(),
        attribution={},
        show_name_text=SHOW if named else "",
    )
    return submission


def url(name, org, action, **kwargs):
    return reverse(
        f"actions:{name}", kwargs={"org_slug": org.slug, "action_id": action.pk, **kwargs}
    )


def test_the_public_petition_asks_whether_to_show_the_name(client, org_a):
    petition = ActionFactory(organization=org_a)
    form = ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    body = client.get(reverse("actions_public:action", kwargs={"slug": petition.slug}))
    assert SHOW in body.content.decode() and 'name="show_name" checked' not in body.content.decode()
    assert (
        'name="show_name"'
        not in client.get(
            reverse("actions_public:action", kwargs={"slug": form.slug})
        ).content.decode()
    )
    data = {"given_name": "Anne", "email": "anne@example.org", "show_name": "on"}
    client.post(reverse("actions_public:action", kwargs={"slug": petition.slug}), data)
    client.post(
        reverse("actions_public:action", kwargs={"slug": petition.slug}),
        {"given_name": "Bob", "email": "bob@example.org"},
    )
    anne = Submission.objects.get(person__given_name="Anne")
    bob = Submission.objects.get(person__given_name="Bob")
    assert anne.show_name and anne.show_name_text == SHOW
    assert not bob.show_name and bob.show_name_text == ""
    # The last answer decides: signing again without the box takes the name back.
    client.post(
        reverse("actions_public:action", kwargs={"slug": petition.slug}),
        {"given_name": "Anne", "email": "anne@example.org"},
    )
    anne.refresh_from_db()
    assert not anne.show_name


def test_a_delivery_names_only_those_who_agreed(
    client_a, org_a, owner_a, django_capture_on_commit_callbacks
):
    action = ActionFactory(
        organization=org_a,
        title={"en": "For a citizens' assembly", "fr": "Pour une assemblée citoyenne"},
        description={"en": "We ask the Parliament.\n\nNow."},
        targets="European Parliament",
    )
    sign(action, "l@example.org", "Łukasz", "Żółć", named=True, postal_code="29000")
    sign(action, "o@example.org", "Øystein", "Dvořák", named=True)
    sign(action, "i@example.org", "Иван", "Петров", named=True)
    sign(action, "e@example.org", "Eléonore", "Secret")  # did not tick the box
    sign(action, "h@example.org", "Hidden", "Signer")
    Action.objects.filter(pk=action.pk).update(double_opt_in=True)
    action.refresh_from_db()  # the service uses the action as given
    sign(action, "p@example.org", "Pending", "Named", named=True)  # not confirmed: not counted
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(url("deliver", org_a, action))
    delivery = Delivery.objects.get(action=action)
    assert response["Location"].endswith(f"/jobs/{delivery.job.uuid}/")
    delivery.job.refresh_from_db()
    assert delivery.job.status == "succeeded", delivery.job.error
    delivery.refresh_from_db()
    assert (delivery.confirmed_total, delivery.named_count, delivery.unnamed_count) == (5, 3, 2)
    assert delivery.created_by == owner_a and delivery.counted_at

    content = delivery.csv_file.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["name", "postal_code", "locality", "signed_on"]
    assert [r[0] for r in rows[1:]] == ["Łukasz Żółć", "Øystein Dvořák", "Иван Петров"]
    assert rows[1][1:3] == ["29000", "Quimper"]

    data = delivery.pdf_file.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "For a citizens' assembly" in text and "To: European Parliament" in text
    assert "5 signatures" in text and "Page 2 of 2" in text
    assert "and 2 other signers who asked not to be named" in text
    assert "Łukasz" in text and "Øystein" in text and "29000 Quimper" in text
    for never in ("Secret", "Eléonore", "Hidden", "Pending"):
        assert never not in text and never not in content

    page = client_a.get(url("detail", org_a, action)).content.decode()
    pdf_link = url("delivery_pdf", org_a, action, delivery_id=delivery.pk)
    assert pdf_link in page
    response = client_a.get(pdf_link)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    csv_response = client_a.get(url("delivery_csv", org_a, action, delivery_id=delivery.pk))
    assert b"".join(csv_response.streaming_content).decode("utf-8-sig") == content
    assert AuditEvent.objects.filter(action="action.delivery_downloaded").count() == 2


def test_letters_without_a_glyph_fall_back_without_breaking(settings):
    settings.TURNOUT_PDF_FALLBACK_FONTS = ()
    pdf.fonts.cache_clear()
    try:
        assert pdf.markup("Dvořák & Żółć") == "Dvorák &amp; Zółć"
        assert pdf.markup("Иван") == "????"
        data = pdf.delivery_pdf(
            title="Test",
            text="",
            targets="",
            organization="Org",
            total=1,
            counted_on="today",
            rows=[("Иван Dvořák", "", "")],
            unnamed=0,
        )
        assert "???? Dvorák" in pdf_text(data)
    finally:
        pdf.fonts.cache_clear()


def test_only_petitions_and_one_at_a_time(org_a, owner_a):
    form = ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    with pytest.raises(SubmissionRefused):
        delivery_prepare(action=form, actor=owner_a)
    petition = ActionFactory(organization=org_a)
    delivery_prepare(action=petition, actor=owner_a)  # queued (on-commit never runs here)
    with pytest.raises(SubmissionRefused):
        delivery_prepare(action=petition, actor=owner_a)


def test_erasing_a_named_signer_deletes_the_delivery_files(
    org_a, owner_a, django_capture_on_commit_callbacks
):
    from turnout.core.jobs import job_run
    from turnout.people.rights.services import person_erase

    action = ActionFactory(organization=org_a)
    named = sign(action, "n@example.org", "Nadia", named=True)
    delivery = delivery_prepare(action=action, actor=owner_a)
    job_run(job_id=delivery.job_id)
    delivery.refresh_from_db()
    storage, name = delivery.pdf_file.storage, delivery.pdf_file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=Person.objects.get(pk=named.person_id), actor=owner_a, reason="asked")
    delivery.refresh_from_db()
    assert not delivery.pdf_file and not delivery.csv_file and not storage.exists(name)
    assert delivery.named_count == 1  # the record of what was delivered stays
    named.refresh_from_db()
    assert not named.show_name
