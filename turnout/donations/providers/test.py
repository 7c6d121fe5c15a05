"""The local test provider, the embedded default: "Test payments — no money moves".

``create_checkout`` sends the donor to our own checkout page (``donation_test:checkout``)
with a signed token naming the donation and where to go next; its "Pay" and "Fail" buttons
apply the same events a real provider would report, through ``payment_event_apply``, so the
whole flow (paid hooks, receipts, page totals) works without any network.

Monthly gifts: staff simulate the later months from the monthly gift's page ("Simulate next
month's payment", "Simulate a failed payment"); ``period_event`` makes the event a real
provider would send, applied through the same ``payment_event_apply``. Stopping one has
nothing to call.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import Event, EventKind, PaymentBackend, WebhookRejected

SALT = "turnout.donations.test-checkout"
MAX_AGE = 24 * 3600


class TestPaymentBackend(PaymentBackend):
    __test__ = False  # not a pytest class

    name = "test"
    label = _("Test payments — no money moves")
    is_test = True
    supports_monthly = True

    def create_checkout(self, donation, *, success_url: str, cancel_url: str, monthly: bool) -> str:
        token = signing.dumps(
            {"d": donation.pk, "p": self.alias, "ok": success_url, "no": cancel_url, "m": monthly},
            salt=SALT,
            compress=True,
        )
        return reverse("donation_test:checkout", kwargs={"token": token})

    @staticmethod
    def read_token(token: str) -> dict | None:
        try:
            return signing.loads(token, salt=SALT, max_age=MAX_AGE)
        except signing.BadSignature:
            return None

    def events_for(self, data: dict, *, paid: bool) -> list[Event]:
        pk = data["d"]
        if paid:
            return [
                Event(
                    event_id=f"test:{pk}:paid",
                    kind=EventKind.PAID,
                    raw_kind="paid",
                    donation_id=pk,
                    provider_id=f"test_{pk}",
                    subscription_id=f"test_sub_{pk}" if data.get("m") else "",
                )
            ]
        return [Event(event_id=f"test:{pk}:failed", kind=EventKind.FAILED, donation_id=pk)]

    def period_event(self, subscription, *, number: int, paid: bool) -> Event:
        """The event of month ``number`` of a test monthly gift: paid or failed. The same
        number twice (a double click) is the same event, applied once."""
        reference = f"test_sub_{subscription.pk}_{number}"
        return Event(
            event_id=f"test:{reference}:{'paid' if paid else 'failed'}",
            kind=EventKind.PERIOD_PAID if paid else EventKind.PERIOD_FAILED,
            raw_kind="paid" if paid else "failed",
            provider_id=reference,
            amount_cents=subscription.amount_cents,
            currency=subscription.currency,
            subscription_id=subscription.provider_id,
        )

    def cancel_subscription(self, subscription) -> None:
        """Nothing to call: no money moves."""

    def parse_webhook(self, request) -> list[Event]:
        raise WebhookRejected("test: the test provider has no webhook")

    def fetch_payment(self, payment_id: str) -> dict | None:
        return None

    def refund(self, donation) -> None:
        """Nothing to call: the refund is recorded at once."""
        from ..services.events import payment_event_apply

        payment_event_apply(
            provider=self.alias,
            event=Event(
                event_id=f"test:{donation.pk}:refunded",
                kind=EventKind.REFUNDED,
                donation_id=donation.pk,
                refunded_cents=donation.amount_cents,
            ),
        )
