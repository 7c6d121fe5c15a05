"""A donation's life: started (pending, the limits checked before payment), then paid (the
limits checked again under a lock, so that concurrent gifts cannot cross a cap together),
failed, cancelled, refunded or disputed. Every change is idempotent: a provider may report the
same payment many times, in any order, and nothing is counted, receipted or thanked twice.

Other areas plug in without this module knowing them: ``register_paid_hook(func)`` is called
with the donation once it is paid, after the commit (receipts, thank-you email), once per
donation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.api.webhooks import emit as webhook_emit
from turnout.core.money import money_text
from turnout.people.activity_kinds import DONATION_MADE
from turnout.people.models import Consent, Person
from turnout.people.services import PersonData, person_upsert
from turnout.people.services.timeline import activity_record

from ..models import Donation, FundraisingPage, LegalProfile, ProfileKind, Subscription
from . import limits

PAID_HOOKS: list[Callable[[Donation], None]] = []
REFUND_HOOKS: list[Callable[[Donation], None]] = []
Status = Donation.Status


class DonationRefused(Exception):
    """A donation the rules refuse, with the messages to show (one per broken rule)."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class DonorDetails:
    """What the organization's legal profile asks of a donor, as given."""

    natural_person: bool = True
    nationality: str = ""  # ISO 3166 alpha-2
    tax_address: dict = field(default_factory=dict)  # lines, postal_code, locality, country
    anonymous: bool = False


def register_paid_hook(func: Callable[[Donation], None]) -> Callable[[Donation], None]:
    if func not in PAID_HOOKS:
        PAID_HOOKS.append(func)
    return func


def register_refund_hook(func: Callable[[Donation], None]) -> Callable[[Donation], None]:
    """``func(donation)`` is called inside the transaction that records a refund (a credit
    note must be issued with it, or not at all)."""
    if func not in REFUND_HOOKS:
        REFUND_HOOKS.append(func)
    return func


def legal_profile_for(organization) -> LegalProfile:
    """The organization's profile, or an unsaved "no specific rules" one."""
    profile = LegalProfile.objects.filter(organization=organization).first()
    return profile or LegalProfile(organization=organization, kind=ProfileKind.NONE)


def _refusals(donation: Donation, *, at: datetime.datetime) -> list[str]:
    details = DonorDetails(
        natural_person=donation.natural_person,
        nationality=donation.nationality,
        tax_address=donation.tax_address,
        anonymous=donation.anonymous,
    )
    return limits.limit_refusals(
        organization=donation.organization,
        profile=legal_profile_for(donation.organization),
        person=donation.person,
        amount_cents=donation.amount_cents,
        method=donation.method,
        donor=details,
        at=at,
        exclude_donation_id=donation.pk,
    )


@transaction.atomic
def donation_start(
    *,
    organization,
    data: PersonData,
    amount_cents: int,
    method: str,
    provider: str,
    donor: DonorDetails | None = None,
    page: FundraisingPage | None = None,
    currency: str = "EUR",
    subscription: Subscription | None = None,
    attribution: dict | None = None,
    recorded_by=None,
    given_at: datetime.datetime | None = None,
) -> Donation:
    """A pending donation of the person (created or matched in the organization's CRM), once
    the amount and the legal limits allow it. Raises DonationRefused with the messages.
    ``given_at``: when the gift was made, if not now (a gift received offline on an earlier
    day is checked against the rules and the yearly total of that day)."""
    donor = donor or DonorDetails()
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise DonationRefused([_("Give an amount above zero.")])
    person, _created = person_upsert(
        organization=organization,
        data=data,
        source=Consent.Source.STAFF if recorded_by else Consent.Source.FORM,
        actor=recorded_by,
        respect_erasure=recorded_by is not None,
    )
    donation = Donation(
        organization=organization,
        person=person,
        page=page,
        subscription=subscription,
        amount_cents=amount_cents,
        currency=currency,
        method=method,
        provider=provider,
        natural_person=donor.natural_person,
        nationality=donor.nationality,
        tax_address=donor.tax_address,
        anonymous=donor.anonymous,
        recorded_by=recorded_by,
        **{k: str(v)[:100] for k, v in (attribution or {}).items() if k in ATTRIBUTION},
    )
    refusals = _refusals(donation, at=given_at or timezone.now())
    if refusals:
        raise DonationRefused(refusals)
    donation.save()
    return donation


ATTRIBUTION = ("source_code", "utm_source", "utm_medium", "utm_campaign")


@transaction.atomic
def donation_paid(
    *, donation: Donation, provider_id: str = "", paid_at: datetime.datetime | None = None
) -> bool:
    """The payment went through. Returns True when this call recorded it (False: it was
    already recorded, or the limits refuse it now — then the donation is cancelled with the
    reason in ``note`` and must be refunded by the caller)."""
    # The person's row is the lock under which the limits are read and the gift counted:
    # two payments of the same person are recorded one after the other.
    Person.objects.select_for_update().filter(pk=donation.person_id).first()
    donation = (
        Donation.objects.select_for_update()
        .select_related("organization", "person")
        .get(pk=donation.pk)
    )
    if donation.status != Status.PENDING:
        return False
    paid_at = paid_at or timezone.now()
    refusals = _refusals(donation, at=paid_at)
    if refusals:
        donation.status = Status.CANCELLED
        donation.note = (donation.note + "\n" if donation.note else "") + " ".join(refusals)
        donation.save(update_fields=["status", "note", "updated_at"])
        return False
    donation.status = Status.SUCCEEDED
    donation.paid_at = paid_at
    if provider_id:
        donation.provider_id = provider_id
    donation.save(update_fields=["status", "paid_at", "provider_id", "updated_at"])
    if donation.page_id:
        FundraisingPage.objects.filter(pk=donation.page_id).update(
            raised_cents=F("raised_cents") + donation.amount_cents,
            donation_count=F("donation_count") + 1,
        )
    activity_record(
        person=donation.person,
        kind=DONATION_MADE,
        summary=_("Gave %(amount)s")
        % {"amount": money_text(donation.amount_cents, donation.currency)},
        source=donation,
        data={"amount_cents": donation.amount_cents, "currency": donation.currency},
        occurred_at=paid_at,
    )
    webhook_emit(organization=donation.organization_id, type="donation.succeeded", obj=donation)
    for hook in PAID_HOOKS:
        transaction.on_commit(lambda hook=hook, pk=donation.pk: hook(Donation.objects.get(pk=pk)))
    return True


@transaction.atomic
def donation_failed(*, donation: Donation, status: str = Status.FAILED) -> bool:
    """The payment failed or was abandoned (``status`` FAILED or CANCELLED). Only a pending
    donation changes: a late "failed" after a success changes nothing."""
    return bool(
        Donation.objects.filter(pk=donation.pk, status=Status.PENDING).update(
            status=status, updated_at=timezone.now()
        )
    )


@transaction.atomic
def donation_refunded(*, donation: Donation, refunded_cents: int) -> bool:
    """The provider reports ``refunded_cents`` refunded in all (a total, not an increment, so
    that the same report twice changes nothing). A full refund makes the donation refunded."""
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    refunded_cents = max(0, min(int(refunded_cents), donation.amount_cents))
    if donation.status not in (Status.SUCCEEDED, Status.REFUNDED, Status.DISPUTED):
        return False
    if refunded_cents <= donation.refunded_cents:
        return False
    added = refunded_cents - donation.refunded_cents
    donation.refunded_cents = refunded_cents
    if refunded_cents == donation.amount_cents:
        donation.status = Status.REFUNDED
    donation.save(update_fields=["refunded_cents", "status", "updated_at"])
    if donation.page_id:
        FundraisingPage.objects.filter(pk=donation.page_id).update(
            raised_cents=F("raised_cents") - added
        )
    activity_record(
        person=donation.person,
        kind=DONATION_MADE,
        summary=_("Refunded %(amount)s") % {"amount": money_text(added, donation.currency)},
        source=donation,
        data={"refunded_cents": added, "currency": donation.currency},
    )
    webhook_emit(organization=donation.organization_id, type="donation.refunded", obj=donation)
    for hook in REFUND_HOOKS:
        hook(donation)
    return True


@transaction.atomic
def donation_disputed(*, donation: Donation) -> bool:
    """The donor's bank disputes the payment (a chargeback)."""
    changed = Donation.objects.filter(pk=donation.pk, status=Status.SUCCEEDED).update(
        status=Status.DISPUTED, updated_at=timezone.now()
    )
    if changed:
        activity_record(
            person=donation.person,
            kind=DONATION_MADE,
            summary=_("Payment disputed by the bank"),
            source=donation,
        )
    return bool(changed)
