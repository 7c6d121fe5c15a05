import csv
import io

import pytest
from django.urls import reverse

from turnout.core.models import AuditEvent
from turnout.donations.models import Receipt
from turnout.donations.services.receipts import receipt_issue, receipt_link_token
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import AccessLog
from turnout.people.tests.factories import PersonFactory, PostalAddressFactory

from .factories import DonationFactory

pytestmark = [pytest.mark.django_db]


def url(name, org, **kwargs):
    return reverse(f"donations:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def receipt(org_a):
    person = PersonFactory(organization=org_a, given_name="=HYPERLINK(1)", family_name="Durand")
    PostalAddressFactory(person=person, address_lines="+33 rue\nbis", locality="@Brest")
    return receipt_issue(donation=DonationFactory(organization=org_a, person=person))


def member(client, org, role):
    client.force_login(MembershipFactory(organization=org, role=role).user)
    return client


def test_list_filters_by_year_and_kind(client_a, org_a, receipt):
    other = receipt_issue(
        donation=DonationFactory(organization=org_a, paid_at=receipt.issued_at.replace(year=2025))
    )
    page = client_a.get(url("receipt_list", org_a), {"year": 2026})
    assert page.status_code == 200
    assert "2026-000001" in page.text and other.reference not in page.text
    page = client_a.get(url("receipt_list", org_a), {"kind": "credit"})
    assert "2026-000001" not in page.text


def test_bad_filter_is_shown_and_kept(client_a, org_a, receipt):
    page = client_a.get(url("receipt_list", org_a), {"year": "20x6"})
    assert page.status_code == 200
    assert 'value="20x6"' in page.text
    assert "Enter a whole number." in page.text


def test_volunteers_cannot_see_receipts(client, org_a, receipt):
    member(client, org_a, Role.VOLUNTEER)
    assert client.get(url("receipt_list", org_a)).status_code == 403
    pdf = url("receipt_download", org_a, receipt_id=receipt.pk)
    assert client.get(pdf).status_code == 403


def test_organizer_downloads_the_pdf_as_attachment(client, org_a, receipt):
    member(client, org_a, Role.ORGANIZER)
    response = client.get(url("receipt_download", org_a, receipt_id=receipt.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AccessLog.objects.filter(person=receipt.person, action="view").exists()


def test_other_tenants_receipt_is_a_404(client, org_b, owner_b, receipt):
    client.force_login(owner_b)
    assert client.get(url("receipt_download", org_b, receipt_id=receipt.pk)).status_code == 404
    cancel = url("receipt_cancel", org_b, receipt_id=receipt.pk)
    assert client.post(cancel, {"reason": "x"}).status_code == 404


def test_export_csv_has_the_filing_columns_and_no_formulas(client_a, org_a, owner_a, receipt):
    response = client_a.get(url("receipt_export", org_a), {"year": 2026})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="receipts-voix-citoyennes-2026.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:13] == [
        "number", "kind", "issued_on", "donation_date", "family_name", "given_name",
        "address", "postal_code", "locality", "country", "amount", "currency", "method",
    ]  # fmt: skip
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["number"] == "2026-000001"
    assert row["given_name"] == "'=HYPERLINK(1)"
    assert row["address"] == "'+33 rue bis"
    assert row["locality"] == "'@Brest"
    assert row["amount"] == "35.00"
    assert row["method"] == "card"
    assert AuditEvent.objects.filter(action="donations.receipts_exported").exists()
    assert AccessLog.objects.filter(action="export", record_count=1).exists()


def test_export_without_a_year_explains(client_a, org_a):
    response = client_a.get(url("receipt_export", org_a), {"year": "last"}, follow=True)
    assert "Choose a year between 2000 and 2100 to export." in response.text


def test_admin_cancels_a_receipt_with_a_reason(client_a, org_a, receipt):
    cancel = url("receipt_cancel", org_a, receipt_id=receipt.pk)
    page = client_a.post(cancel, {"reason": ""})
    assert page.status_code == 200 and "This field is required." in page.text
    response = client_a.post(cancel, {"reason": "Wrong amount"}, follow=True)
    assert "is cancelled by credit note 2026-000002" in response.text
    assert Receipt.objects.get(cancels=receipt).kind == Receipt.Kind.CREDIT_NOTE


def test_organizer_may_not_cancel(client, org_a, receipt):
    member(client, org_a, Role.ORGANIZER)
    cancel = url("receipt_cancel", org_a, receipt_id=receipt.pk)
    assert client.post(cancel, {"reason": "x"}).status_code == 403


def test_annual_summaries_button_says_when_the_year_is_not_over(client_a, org_a):
    response = client_a.post(url("receipt_annual", org_a), {"year": 2026}, follow=True)
    assert "once the year is over" in response.text


def test_donor_downloads_through_the_signed_link_without_login(client, org_a, org_b, receipt):
    token = receipt_link_token(receipt)
    response = client.get(reverse("donation_receipts:download", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="receipt-2026-000001.pdf"'
    forged = reverse("donation_receipts:download", kwargs={"token": token + "x"})
    assert client.get(forged).status_code == 404


def test_list_query_budget(client_a, org_a, receipt, django_assert_max_num_queries):
    for _ in range(5):
        receipt_issue(donation=DonationFactory(organization=org_a))
    with django_assert_max_num_queries(12):
        client_a.get(url("receipt_list", org_a))
