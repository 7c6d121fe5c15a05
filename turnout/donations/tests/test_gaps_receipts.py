"""Known gaps of receipts, closed: a partial refund credits the refunded part only (the donor
keeps a valid receipt for the rest, numbers stay gap-free), and receipts a failure left
missing are issued by a periodic run, once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from turnout.core.models import AuditEvent
from turnout.core.periodic import REGISTRY
from turnout.donations import (
    hooks_receipts,  # noqa: F401  (the hooks, as ready() does)
    receipts_pdf,
)
from turnout.donations.models import Donation, ProfileKind, Receipt
from turnout.donations.services.lifecycle import donation_refunded
from turnout.donations.services.receipts import (
    receipt_cancel,
    receipt_email_send,
    receipt_issue,
    receipts_missing_issue,
)
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory

from .factories import DonationFactory, LegalProfileFactory, SubscriptionFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def receipted(org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_ASSOCIATION)
    person = PersonFactory(organization=org_a, given_name="Élise", language="en")
    EmailAddressFactory(person=person, address="elise@example.org")
    donation = DonationFactory(organization=org_a, person=person, amount_cents=10_000)
    return donation, receipt_issue(donation=donation)


def money(text: str) -> str:
    return text.replace("\u00a0", " ")


# --- (c) Partial refunds --------------------------------------------------------------------


def test_a_partial_refund_credits_the_refunded_part_only(receipted):
    donation, receipt = receipted
    assert donation_refunded(donation=donation, refunded_cents=3000)
    receipt.refresh_from_db()
    (credit,) = Receipt.objects.filter(kind=Receipt.Kind.CREDIT_NOTE)
    assert credit.amount_cents == -3000
    assert credit.cancels is None  # the receipt is not cancelled...
    assert not hasattr(receipt, "cancelled_by")
    assert credit.data["cancels"] == receipt.reference  # ...it is reduced
    assert credit.data["remaining_cents"] == 7000
    assert credit.data["remaining_tax_reduction_cents"] == 4620  # 66 % of what remains
    assert (receipt.reference, credit.reference) == ("2026-000001", "2026-000002")
    statements = [money(s) for s in receipts_pdf.statements(credit)]
    assert any("takes 30.00 € off receipt 2026-000001" in s for s in statements)
    assert any("remains valid for 70.00 €" in s for s in statements)
    lines = dict(receipts_pdf.receipt_lines(credit))
    assert lines["Reduces receipt"] == "2026-000001"
    assert AuditEvent.objects.filter(action="donations.receipt_credited").count() == 1


def test_the_same_refund_reported_again_credits_nothing_more(receipted):
    donation, _receipt = receipted
    donation_refunded(donation=donation, refunded_cents=3000)
    assert not donation_refunded(donation=donation, refunded_cents=3000)
    assert Receipt.objects.filter(kind=Receipt.Kind.CREDIT_NOTE).count() == 1


def test_refunding_the_rest_later_cancels_the_receipt_with_what_it_still_stood_for(receipted):
    donation, receipt = receipted
    donation_refunded(donation=donation, refunded_cents=3000)
    donation_refunded(donation=donation, refunded_cents=4000)  # another 10 €
    donation_refunded(donation=donation, refunded_cents=10_000)  # the rest
    credits = list(Receipt.objects.filter(kind=Receipt.Kind.CREDIT_NOTE).order_by("number"))
    assert [c.amount_cents for c in credits] == [-3000, -1000, -6000]
    assert sum(c.amount_cents for c in credits) == -receipt.amount_cents
    receipt.refresh_from_db()
    assert receipt.cancelled_by == credits[-1]
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]  # no gap
    assert Donation.objects.get(pk=donation.pk).status == Donation.Status.REFUNDED


def test_cancelling_a_partly_credited_receipt_credits_what_remains(receipted, owner_a):
    donation, receipt = receipted
    donation_refunded(donation=donation, refunded_cents=2500)
    credit = receipt_cancel(receipt=receipt, actor=owner_a, reason="Wrong donor")
    assert credit.amount_cents == -7500 and credit.cancels == receipt


def test_the_donor_is_told_the_receipt_stays_valid_for_the_rest(receipted):
    donation, _receipt = receipted
    donation_refunded(donation=donation, refunded_cents=3000)
    credit = Receipt.objects.get(kind=Receipt.Kind.CREDIT_NOTE)
    mail.outbox.clear()
    assert receipt_email_send(receipt_id=credit.pk)
    body = money(mail.outbox[0].body)
    assert "2026-000001" in body and "70.00 €" in body
    assert "do not use that receipt" not in body


# --- (d) Receipts a failure left missing ----------------------------------------------------


def paid_minutes_ago(org, minutes: int, **kwargs) -> Donation:
    return DonationFactory(
        organization=org, paid_at=timezone.now() - datetime.timedelta(minutes=minutes), **kwargs
    )


def test_missing_receipts_are_issued_once_after_ten_minutes(org_a):
    late = paid_minutes_ago(org_a, 11)
    recent = paid_minutes_ago(org_a, 5)  # its paid hook may still be at work
    old = paid_minutes_ago(org_a, 60 * 24 * 40)  # beyond the window: left to staff
    monthly = paid_minutes_ago(org_a, 30, subscription=SubscriptionFactory(organization=org_a))
    failed = paid_minutes_ago(org_a, 30, status=Donation.Status.FAILED)
    receipted = paid_minutes_ago(org_a, 30)
    receipt_issue(donation=receipted)
    assert receipts_missing_issue() == {"issued": 1, "failed": 0}
    assert Receipt.objects.filter(donation=late).count() == 1
    for donation in (recent, old, monthly, failed):
        assert not Receipt.objects.filter(donation=donation).exists()
    assert Receipt.objects.filter(donation=receipted).count() == 1
    # Idempotent: running again issues nothing; the recent one comes in its turn.
    assert receipts_missing_issue() == {"issued": 0, "failed": 0}
    later = timezone.now() + datetime.timedelta(minutes=6)
    assert receipts_missing_issue(now=later) == {"issued": 1, "failed": 0}
    assert sorted(Receipt.objects.values_list("number", flat=True)) == [1, 2, 3]


def test_a_profile_changed_since_does_not_get_a_second_receipt(org_a):
    donation = paid_minutes_ago(org_a, 30)
    plain = receipt_issue(donation=donation)  # issued under "no specific rules"
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_ASSOCIATION)
    assert receipt_issue(donation=donation) == plain
    assert receipts_missing_issue() == {"issued": 0, "failed": 0}


def test_the_catch_up_runs_every_ten_minutes_from_the_workers(org_a):
    task = REGISTRY["donations.receipts_missing"]
    assert task.every == datetime.timedelta(minutes=10)
    paid_minutes_ago(org_a, 20)
    assert task.func() == {"issued": 1, "failed": 0}


def test_the_receipts_page_shows_what_a_partial_credit_note_reduces(client_a, org_a, receipted):
    from django.urls import reverse

    donation, _receipt = receipted
    donation_refunded(donation=donation, refunded_cents=3000)
    page = client_a.get(reverse("donations:receipt_list", kwargs={"org_slug": org_a.slug}))
    text = page.content.decode()
    assert "credits part of 2026-000001" in text
    assert "cancelled by" not in text  # the receipt itself stays valid
