import pytest

from turnout.core.tests.concurrency import run_together
from turnout.donations import hooks_receipts  # noqa: F401  (the paid hook, as ready() does)
from turnout.donations.models import Donation, Receipt
from turnout.donations.services.lifecycle import donation_paid
from turnout.donations.services.receipts import receipt_number_next
from turnout.people.tests.factories import PersonFactory

from .factories import DonationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_fifty_payments_at_once_get_receipts_1_to_50(org_a):
    donations = [
        DonationFactory(
            organization=org_a,
            person=PersonFactory(organization=org_a),
            status=Donation.Status.PENDING,
            paid_at=None,
        )
        for _ in range(50)
    ]
    results = run_together(50, lambda i: donation_paid(donation=donations[i]))
    assert results == [True] * 50
    numbers = sorted(Receipt.objects.filter(organization=org_a).values_list("number", flat=True))
    assert numbers == list(range(1, 51))
    assert Receipt.objects.filter(organization=org_a).values("donation").distinct().count() == 50


def test_first_numbers_of_a_new_year_taken_together(org_a):
    from django.db import transaction

    def take(_index):
        with transaction.atomic():
            return receipt_number_next(organization=org_a, year=2030)

    assert sorted(run_together(10, take)) == list(range(1, 11))
