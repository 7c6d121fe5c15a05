"""The accounting export: a background job making a CSV or XLSX of the period's paid
donations, formulas neutralised, logged as an export of personal data; admins only."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from turnout.core.models import AuditEvent, Job
from turnout.donations.exports import COLUMNS
from turnout.donations.models import Donation
from turnout.donations.services.receipts import receipt_issue
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import AccessLog
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory

from .analytics_helpers import at
from .factories import DonationFactory, FundraisingPageFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def export_url(org):
    return reverse("donations:export", kwargs={"org_slug": org.slug})


@pytest.fixture
def donations(org_a, org_b):
    tricky = PersonFactory(organization=org_a, given_name="=HYPERLINK(1)", family_name="Durand")
    EmailAddressFactory(person=tricky, organization=org_a, address="durand@example.org")
    page = FundraisingPageFactory(organization=org_a, title={"en": "+Spring appeal"})
    first = DonationFactory(organization=org_a, person=tricky, amount_cents=3500, page=page,
                            provider_id="pi_1", paid_at=at(2026, 2, 10))  # fmt: skip
    refunded = DonationFactory(organization=org_a, amount_cents=5000, refunded_cents=2000,
                               provider_id="-pi_2", paid_at=at(2026, 1, 5))  # fmt: skip
    monthly = DonationFactory(organization=org_a, amount_cents=1000, paid_at=at(2026, 3, 1),
                              subscription=SubscriptionFactory(organization=org_a))  # fmt: skip
    DonationFactory(organization=org_a, status=Donation.Status.FAILED, paid_at=None)
    DonationFactory(organization=org_a, amount_cents=999, paid_at=at(2025, 12, 31))
    DonationFactory(organization=org_b, amount_cents=4242, paid_at=at(2026, 2, 1))
    receipt = receipt_issue(donation=first)
    return {"first": first, "refunded": refunded, "monthly": monthly, "receipt": receipt}


def run_export(client, org, django_capture_on_commit_callbacks, fmt="csv", **period):
    data = {"period": "custom", "first": "2026-01-01", "last": "2026-12-31", **period}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(export_url(org), {**data, "file_format": fmt})
    job = Job.objects.get(organization=org, kind="donations_export")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/jobs/{job.uuid}/")
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    return job, job.result_file.read()


def test_csv_of_the_period_in_the_order_paid(
    client_a, org_a, owner_a, donations, django_capture_on_commit_callbacks
):
    job, content = run_export(client_a, org_a, django_capture_on_commit_callbacks)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    refunded, first, monthly = rows[1:]
    assert len(rows) == 4  # not the failed one, not last year's, not B's
    assert refunded[:9] == [
        "2026-01-05", f"DON-{donations['refunded'].pk:06d}", refunded[2], "",
        "50.00", "20.00", "30.00", "EUR", "card",
    ]  # fmt: skip
    assert refunded[10] == "'-pi_2"  # a reference starting with "-" is not a formula
    assert first[2] == "'=HYPERLINK(1) Durand" and first[3] == "durand@example.org"
    assert first[11] == "'+Spring appeal" and first[12] == "no"
    assert first[13] == donations["receipt"].reference and first[14] == "succeeded"
    assert monthly[12] == "yes"
    assert (job.done, job.total, job.result["rows"]) == (3, 3, 3)
    log = AccessLog.objects.get(organization=org_a, action="export")
    assert log.record_count == 3 and log.user == owner_a
    assert "2026-01-01..2026-12-31" in log.description
    event = AuditEvent.objects.get(organization=org_a, action="donations.exported")
    assert event.data == {"rows": 3, "format": "csv", "first": "2026-01-01", "last": "2026-12-31"}


def test_xlsx_has_numbers_dates_and_no_formulas(
    client_a, org_a, donations, django_capture_on_commit_callbacks
):
    _job, content = run_export(client_a, org_a, django_capture_on_commit_callbacks, fmt="xlsx")
    rows = [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS and len(rows) == 4
    refunded, first = rows[1], rows[2]
    assert refunded[0] == datetime.datetime(2026, 1, 5)
    assert [Decimal(str(v)) for v in refunded[4:7]] == [Decimal(50), Decimal(20), Decimal(30)]
    assert first[2] == "'=HYPERLINK(1) Durand"


def test_a_shorter_period(client_a, org_a, donations, django_capture_on_commit_callbacks):
    _job, content = run_export(
        client_a, org_a, django_capture_on_commit_callbacks, first="2026-02-01", last="2026-02-28"
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == [f"DON-{donations['first'].pk:06d}"]


def test_the_form_is_prefilled_from_the_analytics_page(client_a, org_a):
    page = client_a.get(export_url(org_a), {"period": "12m"}).text
    assert 'value="2025-12-01"' in page and 'value="2026-11-24"' in page
    assert '<option value="custom" selected>' in page


def test_a_wrong_period_is_explained_and_kept(client_a, org_a):
    response = client_a.post(
        export_url(org_a),
        {"period": "custom", "first": "2026-05-01", "last": "2026-04-01", "file_format": "csv"},
    )
    assert response.status_code == 400
    assert "The start date must be on or before the end date." in response.text
    assert 'value="2026-05-01"' in response.text
    assert not Job.objects.filter(organization=org_a).exists()


def test_organizers_cannot_export(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.ORGANIZER).user)
    assert client.get(export_url(org_a)).status_code == 403
    assert client.post(export_url(org_a), {"file_format": "csv"}).status_code == 403
