"""Donations received outside the site (a cheque, a transfer, cash at a stall) and entered by
staff: started and paid at once, under the same legal limits as any gift."""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.money import money_text
from turnout.people.services import PersonData

from ..models import Donation
from .lifecycle import DonationRefused, DonorDetails, donation_paid, donation_start
from .limits import ABSURD_CENTS

OFFLINE_METHODS = (Donation.Method.CHEQUE, Donation.Method.TRANSFER, Donation.Method.CASH)

_AMOUNT = re.compile(r"^(\d+)(?:[.,](\d{1,2}))?$")


def parse_amount(text: str) -> int:
    """ "35" or "35,50" or "35.5" (spaces and a € sign allowed) -> cents. Raises ValueError
    with the message to show for zero, negative, more than two decimals or an absurd amount."""
    cleaned = (text or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if cleaned.startswith("-"):
        raise ValueError(_("Enter an amount above zero."))
    match = _AMOUNT.match(cleaned)
    if not match:
        if re.match(r"^\d+[.,]\d{3,}$", cleaned):
            raise ValueError(_("Enter an amount with at most two decimals, e.g. 35,50."))
        raise ValueError(_("Enter an amount in euros, e.g. 35 or 35,50."))
    whole, decimals = match.group(1), (match.group(2) or "").ljust(2, "0")
    cents = int(whole) * 100 + int(decimals or 0)
    if cents <= 0:
        raise ValueError(_("Enter an amount above zero."))
    if cents > ABSURD_CENTS:
        raise ValueError(
            _("This is more than %(max)s: check the amount.") % {"max": money_text(ABSURD_CENTS)}
        )
    return cents


def _received_at(day: datetime.date) -> datetime.datetime:
    """Noon of the day received, in the site's time zone (today: now, not in the future)."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))
    return min(at, timezone.now())


@transaction.atomic
def offline_donation_record(
    *,
    organization,
    actor,
    data: PersonData,
    amount_cents: int,
    method: str,
    received_on: datetime.date,
    donor: DonorDetails,
    note: str = "",
    page=None,
) -> Donation:
    """Record a gift received by staff: the person is matched or created in the CRM, the
    limits are checked on the day received (a gift of an earlier year counts against that
    year's total, not this year's), the donation is paid. An anonymous gift (German and
    Austrian parties) without any name is recorded under a person of its own, "Anonymous
    donor". ``page``: the fundraising page credited with the gift (its totals count it).
    Raises DonationRefused (nothing written) when a rule refuses it."""
    if method not in OFFLINE_METHODS:
        raise DonationRefused([_("Choose cheque, bank transfer or cash.")])
    if received_on > timezone.localdate():
        raise DonationRefused([_("The date received cannot be in the future.")])
    if donor.anonymous and not (data.email or data.phone or data.given_name or data.family_name):
        data = replace(data, family_name=_("Anonymous donor"))
    received_at = _received_at(received_on)
    donation = donation_start(
        organization=organization,
        data=data,
        amount_cents=amount_cents,
        method=method,
        provider="offline",
        donor=donor,
        recorded_by=actor,
        given_at=received_at,
        page=page,
    )
    if note:
        donation.note = note
        donation.save(update_fields=["note", "updated_at"])
    if not donation_paid(donation=donation, paid_at=received_at):
        donation.refresh_from_db(fields=["note"])
        reasons = donation.note[len(note) :].strip() if note else donation.note
        raise DonationRefused([reasons or _("This gift cannot be recorded.")])
    audit_record(
        organization=organization,
        actor=actor,
        action="donations.offline_recorded",
        target=donation,
        data={
            "amount_cents": amount_cents,
            "method": method,
            "received_on": str(received_on),
            "anonymous": donor.anonymous,
        },
    )
    return donation


def offline_recent(*, organization, limit: int = 50):
    """The latest donations entered by staff, newest first (selector of the list page)."""
    return (
        Donation.objects.filter(organization=organization, provider="offline")
        .select_related("person", "recorded_by")
        .order_by("-paid_at", "-created_at", "-id")[:limit]
    )
