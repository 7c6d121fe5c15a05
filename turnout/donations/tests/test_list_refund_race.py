"""Two admins pressing Refund on the same gift at the same moment (PostgreSQL, real threads):
it is refunded once — one total, one line on the timeline, one credit note."""

import pytest

from turnout.core.tests.concurrency import run_together
from turnout.donations.models import Donation, FundraisingPage, Receipt
from turnout.donations.services.receipts import receipt_issue
from turnout.donations.services.refunds import RefundError, donation_refund
from turnout.people.models import Activity

from .factories import DonationFactory, FundraisingPageFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
TEST = {"test": {"BACKEND": "turnout.donations.providers.test.TestPaymentBackend"}}


def refund_at_once(donation, owner, count=6) -> list[str]:
    def press(_index):
        try:
            return "recorded" if donation_refund(donation=donation, actor=owner) else "asked"
        except RefundError:
            return "refused"

    return sorted(run_together(count, press))


@pytest.mark.parametrize("provider", ["offline", "test"])
def test_refund_pressed_together_refunds_once(org_a, owner_a, settings, provider):
    settings.TURNOUT_PAYMENT_PROVIDERS = TEST
    page = FundraisingPageFactory(organization=org_a, raised_cents=5000, donation_count=1)
    donation = DonationFactory(
        organization=org_a, page=page, amount_cents=5000, provider=provider,
        provider_id="" if provider == "offline" else "test_x", method="cheque",
    )  # fmt: skip
    receipt_issue(donation=donation)
    outcomes = refund_at_once(donation, owner_a)
    assert "recorded" in outcomes
    donation.refresh_from_db()
    assert (donation.status, donation.refunded_cents) == (Donation.Status.REFUNDED, 5000)
    assert FundraisingPage.objects.get(pk=page.pk).raised_cents == 0
    refunds = Activity.objects.filter(person=donation.person, data__refunded_cents=5000)
    assert refunds.count() == 1
    assert Receipt.objects.filter(donation=donation, kind=Receipt.Kind.CREDIT_NOTE).count() == 1
