import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turnout.core.models import AuditEvent
from turnout.donations import (
    hooks_receipts,  # noqa: F401  (the paid hook, as ready() does)
    receipts_pdf,
)
from turnout.donations._labels_receipts import LABELS
from turnout.donations.models import Donation, ProfileKind, Receipt, ReceiptCounter
from turnout.donations.services.lifecycle import donation_paid
from turnout.donations.services.receipts import (
    ReceiptError,
    receipt_cancel,
    receipt_donation_refunded,
    receipt_from_token,
    receipt_issue,
    receipt_link_token,
    receipt_number_next,
    receipts_annual,
)
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory, PostalAddressFactory

from .factories import DonationFactory, LegalProfileFactory, SubscriptionFactory

pytestmark = [pytest.mark.django_db]


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def donor(org_a):
    person = PersonFactory(organization=org_a, given_name="Élise", family_name="Lœwy")
    EmailAddressFactory(person=person, address="elise@example.org")
    PostalAddressFactory(person=person)
    return person


def test_numbers_follow_each_other_per_organization_and_year(org_a, org_b):
    assert [receipt_number_next(organization=org_a, year=2026) for _ in range(3)] == [1, 2, 3]
    assert receipt_number_next(organization=org_a, year=2025) == 1
    assert receipt_number_next(organization=org_b, year=2026) == 1


def test_a_rolled_back_number_is_given_again(org_a):
    receipt_number_next(organization=org_a, year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert receipt_number_next(organization=org_a, year=2026) == 2
        raise RuntimeError("issue failed")
    assert receipt_number_next(organization=org_a, year=2026) == 2
    assert ReceiptCounter.objects.get(organization=org_a, year=2026).last_number == 2


def test_association_receipt_states_the_tax_reduction(
    org_a, donor, django_capture_on_commit_callbacks
):
    LegalProfileFactory(
        organization=org_a,
        kind=ProfileKind.FR_ASSOCIATION,
        legal_name="Voix Citoyennes",
        legal_address="3 place de la Liberté\n29200 Brest",
        registration="W291000000",
    )
    donation = DonationFactory(organization=org_a, person=donor, amount_cents=10000)
    with django_capture_on_commit_callbacks(execute=True):
        receipt = receipt_issue(donation=donation)
    assert receipt.kind == Receipt.Kind.TAX
    assert receipt.reference == "2026-000001"
    assert receipt.amount_cents == 10000
    assert receipt.data["tax_reduction_percent"] == 66
    assert receipt.data["tax_reduction_cents"] == 6600
    assert any("66 %" in s and "66.00\u00a0€" in s for s in receipts_pdf.statements(receipt))
    with receipt.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # Emailed once, with the PDF and a signed link to it.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["elise@example.org"]
    assert "2026-000001" in message.subject
    with translation.override("fr"):  # the donor's language
        assert message.attachments[0][0] == _("receipt-%(reference)s.pdf") % {
            "reference": "2026-000001"
        }
    assert message.attachments[0][1].startswith(b"%PDF-")
    assert "/fr/receipt/" in message.body
    receipt.refresh_from_db()
    assert receipt.emailed_at is not None


def test_issuing_again_returns_the_same_receipt(org_a, donor):
    donation = DonationFactory(organization=org_a, person=donor)
    first = receipt_issue(donation=donation)
    assert receipt_issue(donation=donation) == first
    assert Receipt.objects.count() == 1
    assert ReceiptCounter.objects.get(organization=org_a).last_number == 1


def test_party_receipt_carries_what_the_cnccfp_asks(org_a, donor):
    LegalProfileFactory(
        organization=org_a, kind=ProfileKind.FR_PARTY, treasurer="Association de financement AFVC"
    )
    donation = DonationFactory(
        organization=org_a,
        person=donor,
        amount_cents=15000,
        method=Donation.Method.CHEQUE,
        paid_at=aware(2026, 3, 2, 12),
        tax_address={"lines": "1 quai Kléber", "postal_code": "67000", "locality": "Strasbourg"},
    )
    receipt = receipt_issue(donation=donation)
    assert receipt.kind == Receipt.Kind.PARTY
    lines = dict(receipts_pdf.receipt_lines(receipt))
    assert lines["Receipt number"] == "2026-000001"
    assert lines["Donor"] == "Élise Lœwy"
    assert lines["Donor's address"] == "1 quai Kléber\n67000 Strasbourg"
    assert lines["Amount"] == "150.00\u00a0€"
    assert lines["Date of the donation"] == "March 2, 2026"
    assert lines["Payment method"] == "Cheque"
    assert lines["Treasurer or financing association"] == "Association de financement AFVC"


def test_other_profiles_get_a_plain_receipt_numbered_in_the_year_paid(org_b):
    donation = DonationFactory(organization=org_b, paid_at=aware(2025, 12, 31, 23, 30))
    receipt = receipt_issue(donation=donation)
    assert (receipt.kind, receipt.year, receipt.number) == (Receipt.Kind.PLAIN, 2025, 1)


def test_unpaid_and_monthly_payments_get_no_receipt_of_their_own(org_a):
    pending = DonationFactory(organization=org_a, status=Donation.Status.PENDING, paid_at=None)
    monthly = DonationFactory(
        organization=org_a, subscription=SubscriptionFactory(organization=org_a)
    )
    assert receipt_issue(donation=pending) is None
    assert receipt_issue(donation=monthly) is None
    assert not Receipt.objects.exists()


def test_paying_a_donation_issues_its_receipt(org_a, donor, django_capture_on_commit_callbacks):
    donation = DonationFactory(
        organization=org_a, person=donor, status=Donation.Status.PENDING, paid_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert donation_paid(donation=donation, provider_id="pay_1")
    assert Receipt.objects.get(donation=donation).reference == "2026-000001"
    with django_capture_on_commit_callbacks(execute=True):
        assert not donation_paid(donation=donation)
    assert Receipt.objects.count() == 1
    assert len(mail.outbox) == 1


def test_no_email_without_an_address(org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = receipt_issue(donation=DonationFactory(organization=org_a))
    assert mail.outbox == []
    receipt.refresh_from_db()
    assert receipt.emailed_at is None


def test_email_speaks_the_donor_language(org_a, django_capture_on_commit_callbacks):
    person = PersonFactory(organization=org_a, language="fr")
    EmailAddressFactory(person=person)
    with django_capture_on_commit_callbacks(execute=True):
        receipt_issue(donation=DonationFactory(organization=org_a, person=person))
    message = mail.outbox[0]
    assert "/fr/receipt/" in message.body
    assert message.attachments[0][1].startswith(b"%PDF-")


def test_cancel_issues_a_numbered_credit_note_and_keeps_the_receipt(
    org_a, owner_a, donor, django_capture_on_commit_callbacks
):
    receipt = receipt_issue(donation=DonationFactory(organization=org_a, person=donor))
    with django_capture_on_commit_callbacks(execute=True):
        credit = receipt_cancel(receipt=receipt, actor=owner_a, reason="Wrong donor")
    assert credit.kind == Receipt.Kind.CREDIT_NOTE
    assert credit.reference == "2026-000002"
    assert credit.cancels == receipt
    assert credit.amount_cents == -receipt.amount_cents
    assert Receipt.objects.filter(pk=receipt.pk).exists()
    assert "2026-000001" in receipts_pdf.statements(credit)[0]
    # Twice: the same credit note; a credit note itself cannot be cancelled.
    assert receipt_cancel(receipt=receipt, actor=owner_a, reason="again") == credit
    with pytest.raises(ReceiptError):
        receipt_cancel(receipt=credit, actor=owner_a, reason="no")
    event = AuditEvent.objects.get(action="donations.receipt_cancelled")
    assert event.data == {"credit_note": "2026-000002", "reason": "Wrong donor"}
    with translation.override("fr"):  # the donor's language
        assert str(Receipt.Kind.CREDIT_NOTE.label) in mail.outbox[-1].subject


def test_refund_cancels_the_receipt(org_a, donor):
    donation = DonationFactory(organization=org_a, person=donor)
    receipt = receipt_issue(donation=donation)
    Donation.objects.filter(pk=donation.pk).update(
        status=Donation.Status.REFUNDED, refunded_cents=donation.amount_cents
    )
    credit = receipt_donation_refunded(donation=donation)
    assert credit.cancels == receipt
    assert receipt_donation_refunded(donation=donation) is None  # nothing live left
    assert Receipt.objects.filter(kind=Receipt.Kind.CREDIT_NOTE).count() == 1


def test_annual_summary_per_monthly_donor_once(org_a, owner_a, donor):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_ASSOCIATION)
    subscription = SubscriptionFactory(organization=org_a, person=donor, amount_cents=1000)
    for month in (1, 2, 3):
        DonationFactory(
            organization=org_a,
            person=donor,
            subscription=subscription,
            amount_cents=1000,
            paid_at=aware(2025, month, 5, 12),
        )
    DonationFactory(  # refunded in part: counts net
        organization=org_a,
        person=donor,
        subscription=subscription,
        amount_cents=1000,
        refunded_cents=400,
        paid_at=aware(2025, 4, 5, 12),
    )
    DonationFactory(  # another year
        organization=org_a, person=donor, subscription=subscription, paid_at=aware(2026, 1, 5)
    )
    DonationFactory(organization=org_a, person=donor, paid_at=aware(2025, 6, 1))  # one-off
    other = SubscriptionFactory(organization=org_a)
    DonationFactory(
        organization=org_a, person=other.person, subscription=other, paid_at=aware(2025, 2, 1)
    )
    created = receipts_annual(organization=org_a, year=2025, actor=owner_a)
    assert len(created) == 2
    summary = Receipt.objects.get(person=donor, kind=Receipt.Kind.ANNUAL)
    assert (summary.year, summary.amount_cents) == (2025, 3600)
    assert len(summary.data["payments"]) == 4
    assert summary.data["tax_reduction_cents"] == 2376
    assert receipts_annual(organization=org_a, year=2025, actor=owner_a) == []
    assert Receipt.objects.filter(kind=Receipt.Kind.ANNUAL).count() == 2
    assert AuditEvent.objects.filter(action="donations.receipts_annual_issued").count() == 1


def test_annual_summary_waits_for_the_year_to_end(org_a):
    with pytest.raises(ReceiptError, match="once the year is over"):
        receipts_annual(organization=org_a, year=2026)


def test_signed_link_finds_only_its_receipt(org_a):
    receipt = receipt_issue(donation=DonationFactory(organization=org_a))
    token = receipt_link_token(receipt)
    assert receipt_from_token(token) == receipt
    assert receipt_from_token(token[:-2] + "xx") is None
    assert receipt_from_token("garbage") is None


def test_every_audit_code_has_a_label():
    assert set(LABELS) == {
        "donations.receipt_cancelled",
        "donations.receipt_credited",
        "donations.receipts_annual_issued",
        "donations.receipts_exported",
    }
