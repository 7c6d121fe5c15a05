"""Receipts plug into the donation lifecycle: a paid donation gets its receipt (after the
payment's commit, in a transaction of its own). Imported by the app's ``ready()``.

Refunds: ``lifecycle.donation_refunded`` calls ``receipt_on_refund(donation)`` inside its
transaction once the refund is recorded (a refund hook), so that the receipt is cancelled by a
credit note (of the refunded part only, for a partial refund) together with the refund.

A receipt that could not be issued after the payment (the paid hook logs the failure) is issued
by the periodic run of ``tasks_receipts``, registered by importing it here.
"""

from __future__ import annotations

import logging

from . import tasks_receipts  # noqa: F401  (registers the periodic catch-up of receipts)
from .models import Donation
from .services.lifecycle import register_paid_hook, register_refund_hook
from .services.receipts import receipt_donation_refunded, receipt_issue

logger = logging.getLogger(__name__)


@register_paid_hook
def receipt_on_paid(donation: Donation) -> None:
    try:
        receipt_issue(donation=donation)
    except Exception:  # the payment is recorded; a receipt can be issued again later
        logger.exception("Receipt of donation %s not issued", donation.pk)


@register_refund_hook
def receipt_on_refund(donation: Donation) -> None:
    receipt_donation_refunded(donation=donation)
