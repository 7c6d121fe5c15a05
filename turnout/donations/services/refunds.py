"""Refunding a donation from the workspace.

A donation entered by hand is refunded by the organization itself: the refund is recorded at
once. An online donation is refunded by asking its payment provider; what the provider then
reports (its refund event, through ``payment_event_apply``) records it — at once for the local
test provider, later for a real one. The provider is called outside any transaction: a slow
provider never holds a lock, and a refund the provider refuses changes nothing here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.money import money_text

from ..models import Donation
from ..providers import get_payment_backend, payment_backend_names
from ..providers.base import PaymentError
from .lifecycle import donation_refunded

OFFLINE = "offline"


class RefundError(Exception):
    """A refund that cannot be made, with the message to show."""


def refund_left(donation: Donation) -> int:
    """What is left to refund of a paid donation (0: nothing can be refunded)."""
    if donation.status != Donation.Status.SUCCEEDED:
        return 0
    return donation.amount_cents - donation.refunded_cents


def donation_refund(*, donation: Donation, actor) -> bool:
    """Refund what is left of a paid donation. Returns True when the refund is recorded now,
    False when the provider was asked and its confirmation is awaited. Raises RefundError
    (nothing changed) when the donation cannot be refunded or the provider refuses."""
    donation = Donation.objects.select_related("organization", "person").get(pk=donation.pk)
    left = refund_left(donation)
    if left <= 0:
        raise RefundError(
            _("Only a paid donation can be refunded; this one is “%(status)s”.")
            % {"status": donation.get_status_display()}
        )
    data = {"amount_cents": left, "currency": donation.currency, "provider": donation.provider}
    if donation.provider == OFFLINE:
        with transaction.atomic():
            recorded = donation_refunded(donation=donation, refunded_cents=donation.amount_cents)
            if not recorded:  # refunded meanwhile by someone else
                raise RefundError(_("This donation was refunded meanwhile."))
            audit_record(
                organization=donation.organization,
                actor=actor,
                action="donations.refund_recorded",
                target=donation,
                data=data,
            )
        return True
    if donation.provider not in payment_backend_names():
        raise RefundError(
            _(
                "The payment provider of this donation (%(provider)s) is not set up on this "
                "site: refund it from the provider's own dashboard."
            )
            % {"provider": donation.provider}
        )
    try:
        get_payment_backend(donation.provider).refund(donation)
    except PaymentError as exc:
        raise RefundError(
            _("%(amount)s could not be refunded: %(reason)s Nothing was changed.")
            % {"amount": money_text(left, donation.currency), "reason": _sentence(str(exc))}
        ) from exc
    donation.refresh_from_db(fields=["refunded_cents", "status"])
    recorded = donation.refunded_cents >= donation.amount_cents
    audit_record(
        organization=donation.organization,
        actor=actor,
        action="donations.refund_requested",
        target=donation,
        data={**data, "recorded": recorded},
    )
    return recorded


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
