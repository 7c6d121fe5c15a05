"""Receipts: numbered per organization and year without gaps, one per donation and kind,
cancelled by a credit note (never deleted), summed up once a year for monthly donors.

Numbering: ``receipt_number_next`` takes the next number of the organization's counter for the
year under a row lock, in the caller's transaction: a receipt rolled back gives its number
back, two receipts issued together get two numbers one after the other. Lock order: the
donation row (or the person row for annual summaries), then the counter row.

Which series a receipt is numbered in:
- a donation's receipt: the year of ``paid_at``;
- an annual summary: the year it sums up;
- a credit note: the year it is issued.

Refunds: a full refund cancels the donation's receipt by a credit note of what the receipt
still stands for (``cancels`` names it). A partial refund issues a credit note of the refunded
part only, naming the receipt in ``data["cancels"]`` with ``data["partial"]``: the receipt stays
valid for the rest (``data["remaining_cents"]``). The credit notes of a receipt always add up to
what was refunded since it was issued, so the same refund reported twice credits nothing more
(docs/decisions/0062-partial-refund-credit-notes.md).

``receipts_missing_issue`` (periodic) issues the receipts that a failure after the payment left
missing: paid one-off donations without a receipt ten minutes after their payment.

The PDF is drawn in the donor's language inside the transaction and stored in ``file``; the
email goes after the commit. ``data`` keeps what the receipt says (a snapshot), so the PDF can
be drawn again identically if the file is lost.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.tasks import enqueue_on_commit
from turnout.people.models import ContactStatus, EmailAddress, Person, PostalAddress

from ..models import Donation, ProfileKind, Receipt, ReceiptCounter
from .lifecycle import legal_profile_for

Kind = Receipt.Kind
# French income-tax reduction for gifts to associations of general interest and to parties or
# campaign accounts (Code général des impôts, art. 200).
FR_TAX_REDUCTION_PERCENT = 66
LINK_SALT = "turnout.donations.receipt-link"
LINK_MAX_AGE_DAYS = 550  # the donor needs it for next year's tax return


logger = logging.getLogger(__name__)


class ReceiptError(Exception):
    """A receipt operation the data does not allow, with a message to show."""


# --- Numbering ------------------------------------------------------------------------------


@transaction.atomic
def receipt_number_next(*, organization, year: int) -> int:
    """The next receipt number of the organization for ``year``, taken in the caller's
    transaction (the counter row stays locked until it ends)."""
    try:
        with transaction.atomic():
            ReceiptCounter.objects.get_or_create(organization=organization, year=year)
    except IntegrityError:  # created by a concurrent transaction meanwhile: it exists now
        pass
    counter = ReceiptCounter.objects.select_for_update().get(organization=organization, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number", "updated_at"])
    return counter.last_number


# --- What a receipt says --------------------------------------------------------------------


def kind_for_profile(profile_kind: str) -> str:
    if profile_kind == ProfileKind.FR_ASSOCIATION:
        return Kind.TAX
    if profile_kind in (ProfileKind.FR_PARTY, ProfileKind.FR_CANDIDATE):
        return Kind.PARTY
    return Kind.PLAIN


def _issuer(organization) -> dict:
    profile = legal_profile_for(organization)
    return {
        "profile": profile.kind,
        "name": profile.legal_name or organization.name,
        "address": profile.legal_address,
        "registration": profile.registration,
        "treasurer": profile.treasurer,
        "election": profile.election_name,
        "election_date": profile.election_date.isoformat() if profile.election_date else "",
    }


def _lines_text(lines) -> str:
    """Address lines as one text, one line each (older rows stored a list)."""
    if isinstance(lines, list | tuple):
        return "\n".join(str(line) for line in lines if str(line).strip())
    return str(lines or "")


def _donor(person: Person, tax_address: dict | None = None) -> dict:
    address = {}
    if tax_address:
        address = {
            "lines": _lines_text(tax_address.get("lines")),
            "postal_code": str(tax_address.get("postal_code", "") or ""),
            "locality": str(tax_address.get("locality", "") or ""),
            "country": str(tax_address.get("country", "") or ""),
        }
    else:
        postal = PostalAddress.objects.filter(person=person).order_by("-primary", "id").first()
        if postal:
            address = {
                "lines": _lines_text(postal.address_lines),
                "postal_code": postal.postal_code,
                "locality": postal.locality,
                "country": postal.country,
            }
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "address": address,
    }


def _tax_data(kind: str, amount_cents: int) -> dict:
    if kind not in (Kind.TAX, Kind.PARTY) or amount_cents <= 0:
        return {}
    return {
        "tax_reduction_percent": FR_TAX_REDUCTION_PERCENT,
        "tax_reduction_cents": amount_cents * FR_TAX_REDUCTION_PERCENT // 100,
    }


def donor_language(person: Person) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return person.language if person.language in codes else settings.LANGUAGE_CODE


def _store_pdf(receipt: Receipt) -> None:
    from .. import receipts_pdf

    with translation.override(receipt.data.get("language") or settings.LANGUAGE_CODE):
        content = receipts_pdf.receipt_pdf(receipt)
    name = f"{receipt.organization_id}/receipt-{receipt.reference}-{receipt.kind}.pdf"
    receipt.file.save(name, ContentFile(content), save=False)
    receipt.save(update_fields=["file", "updated_at"])


def _create(
    *, organization, person, kind, year, donation, amount_cents, currency, data, cancels=None
):
    number = receipt_number_next(organization=organization, year=year)
    receipt = Receipt.objects.create(
        organization=organization,
        person=person,
        donation=donation,
        kind=kind,
        year=year,
        number=number,
        amount_cents=amount_cents,
        currency=currency,
        issued_at=timezone.now(),
        cancels=cancels,
        data={**data, "reference": f"{year}-{number:06d}", "kind": kind},
    )
    _store_pdf(receipt)
    from ..tasks_receipts import receipt_email_task

    enqueue_on_commit(receipt_email_task, receipt.pk)
    return receipt


# --- Issue, cancel, annual ------------------------------------------------------------------


@transaction.atomic
def receipt_issue(*, donation: Donation) -> Receipt | None:
    """The receipt of a paid donation (created once: the same call again returns it). None for
    a donation not paid, or a monthly payment (those are summed up by ``receipts_annual``)."""
    donation = (
        Donation.objects.select_for_update()
        .select_related("organization", "person")
        .get(pk=donation.pk)
    )
    if donation.status != Donation.Status.SUCCEEDED or donation.paid_at is None:
        return None
    if donation.subscription_id:
        return None
    issuer = _issuer(donation.organization)
    kind = kind_for_profile(issuer["profile"])
    # One receipt per donation, even if the legal profile changed since it was issued.
    existing = Receipt.objects.filter(donation=donation).exclude(kind=Kind.CREDIT_NOTE).first()
    if existing is not None:
        return existing
    paid_on = timezone.localdate(donation.paid_at)
    amount = donation.net_cents
    data = {
        "issuer": issuer,
        "donor": _donor(donation.person, donation.tax_address),
        "amount_cents": amount,
        "currency": donation.currency,
        "paid_on": paid_on.isoformat(),
        "method": donation.method,
        "provider_ref": donation.provider_id,
        "language": donor_language(donation.person),
        **_tax_data(kind, amount),
    }
    return _create(
        organization=donation.organization,
        person=donation.person,
        kind=kind,
        year=paid_on.year,
        donation=donation,
        amount_cents=amount,
        currency=donation.currency,
        data=data,
    )


@transaction.atomic
def receipt_cancel(*, receipt: Receipt, actor, reason: str) -> Receipt:
    """Cancel a receipt with a credit note of its own number (in the current year's series)
    that names it. The receipt stays. Cancelling again returns the same credit note; a credit
    note cannot be cancelled."""
    if receipt.donation_id:
        Donation.objects.select_for_update().filter(pk=receipt.donation_id).first()
    else:
        Person.objects.select_for_update().filter(pk=receipt.person_id).first()
    receipt = Receipt.objects.select_related("organization", "person").get(pk=receipt.pk)
    if receipt.kind == Kind.CREDIT_NOTE:
        raise ReceiptError(_("A credit note cannot be cancelled."))
    existing = Receipt.objects.filter(cancels=receipt).first()
    if existing is not None:
        return existing
    reason = (reason or "").strip()[:500]
    # What the receipt still stands for: its amount less the refunded parts already credited.
    remaining = _remaining_cents(receipt)
    credit = _credit_note_create(receipt, credited_cents=remaining, reason=reason, cancels=True)
    audit_record(
        organization=receipt.organization,
        actor=actor,
        action="donations.receipt_cancelled",
        target=receipt,
        data={"credit_note": credit.reference, "reason": reason},
    )
    return credit


def _credit_note_create(
    receipt: Receipt, *, credited_cents: int, reason: str, cancels: bool = False, **extra
) -> Receipt:
    """A credit note taking ``credited_cents`` off ``receipt``, numbered in the current year;
    ``cancels``: it cancels the receipt (nothing of it remains valid)."""
    return _create(
        organization=receipt.organization,
        person=receipt.person,
        kind=Kind.CREDIT_NOTE,
        year=timezone.localdate().year,
        donation=receipt.donation,
        amount_cents=-credited_cents,
        currency=receipt.currency,
        data=_credit_data(receipt, amount_cents=-credited_cents, reason=reason, **extra),
        cancels=receipt if cancels else None,
    )


def _credit_data(receipt: Receipt, *, amount_cents: int, reason: str, **extra) -> dict:
    return {
        "issuer": receipt.data.get("issuer") or _issuer(receipt.organization),
        "donor": receipt.data.get("donor") or _donor(receipt.person),
        "amount_cents": amount_cents,
        "currency": receipt.currency,
        "cancels": receipt.reference,
        "cancels_kind": receipt.kind,
        "cancels_issued_on": timezone.localdate(receipt.issued_at).isoformat(),
        "reason": reason,
        "language": receipt.data.get("language") or donor_language(receipt.person),
        **extra,
    }


def _remaining_cents(receipt: Receipt) -> int:
    """What a receipt still stands for: its amount less the partial credit notes of its
    donation (a donation has one receipt, so its credit notes are that receipt's)."""
    if receipt.donation_id is None:
        return receipt.amount_cents
    credited = Receipt.objects.filter(
        donation_id=receipt.donation_id, kind=Kind.CREDIT_NOTE
    ).aggregate(total=Sum("amount_cents"))["total"]
    return receipt.amount_cents + int(credited or 0)


@transaction.atomic
def receipt_donation_refunded(*, donation: Donation, actor=None) -> Receipt | None:
    """A receipted donation was refunded, in full or in part. In full: its receipt is cancelled
    by a credit note of what it still stood for. In part: a credit note of the refunded part
    only, and the receipt stays valid for the rest. Idempotent: the credit notes follow the
    refunded total, so nothing is credited twice. Returns the credit note issued now (None:
    nothing to credit, or no live receipt)."""
    receipt = (
        Receipt.objects.filter(donation_id=donation.pk, cancelled_by__isnull=True)
        .exclude(kind=Kind.CREDIT_NOTE)
        .select_related("organization", "person")
        .first()
    )
    if receipt is None:
        return None
    donation = Donation.objects.get(pk=donation.pk)
    keep = max(0, min(donation.net_cents, receipt.amount_cents))
    if donation.status == Donation.Status.REFUNDED:
        keep = 0
    remaining = _remaining_cents(receipt)
    if remaining - keep <= 0:
        return None
    if keep == 0:
        return receipt_cancel(receipt=receipt, actor=actor, reason=_("Donation refunded"))
    credited = remaining - keep
    credit = _credit_note_create(
        receipt,
        credited_cents=credited,
        reason=_("Part of the donation refunded"),
        partial=True,
        remaining_cents=keep,
        **{f"remaining_{k}": v for k, v in _tax_data(receipt.kind, keep).items()},
    )
    audit_record(
        organization=receipt.organization,
        actor=actor,
        action="donations.receipt_credited",
        target=receipt,
        data={"credit_note": credit.reference, "credited_cents": credited, "remaining": keep},
    )
    return credit


MISSING_AFTER = datetime.timedelta(minutes=10)
MISSING_WINDOW = datetime.timedelta(days=30)


def receipts_missing_issue(*, now: datetime.datetime | None = None, limit: int = 100) -> dict:
    """Issue the receipts a failure left missing: paid one-off donations (monthly payments
    are summed up once a year) paid more than ten minutes and less than 30 days ago, without
    a receipt. Each goes through ``receipt_issue`` (which issues at most one per donation), so
    running this again, or on two workers at once, issues nothing twice."""
    now = now or timezone.now()
    receipted = (
        Receipt.objects.filter(donation__isnull=False)
        .exclude(kind=Kind.CREDIT_NOTE)
        .values("donation_id")
    )
    due = (
        Donation.objects.filter(
            status=Donation.Status.SUCCEEDED,
            subscription__isnull=True,
            paid_at__lte=now - MISSING_AFTER,
            paid_at__gte=now - MISSING_WINDOW,
        )
        .exclude(pk__in=receipted)
        .order_by("paid_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    issued, failed = 0, 0
    for pk in list(due):
        try:
            if receipt_issue(donation=Donation(pk=pk)) is not None:
                issued += 1
        except Exception:  # one bad donation must not stop the others
            failed += 1
            logger.exception("Receipt of donation %s still not issued", pk)
    return {"issued": issued, "failed": failed}


@transaction.atomic
def receipts_annual(*, organization, year: int, actor=None) -> list[Receipt]:
    """One annual summary per monthly donor for ``year`` (a year that is over): the total of
    the year's monthly payments, net of refunds. Running it again creates only the missing
    ones. Returns the summaries created by this call."""
    if year >= timezone.localdate().year:
        raise ReceiptError(_("An annual summary can only be issued once the year is over."))
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    payments = Donation.objects.filter(
        organization=organization,
        subscription__isnull=False,
        status__in=[Donation.Status.SUCCEEDED, Donation.Status.REFUNDED],
        paid_at__gte=start,
        paid_at__lt=end,
    )
    person_ids = sorted(set(payments.values_list("person_id", flat=True)))
    issuer = _issuer(organization)
    legal_kind = kind_for_profile(issuer["profile"])
    created = []
    for person in Person.objects.select_for_update().filter(pk__in=person_ids).order_by("pk"):
        done = Receipt.objects.filter(
            organization=organization, person=person, kind=Kind.ANNUAL, year=year
        ).filter(Q(cancelled_by__isnull=True))
        if done.exists():
            continue
        mine = list(
            payments.filter(person=person)
            .order_by("paid_at", "pk")
            .values(
                "paid_at", "amount_cents", "refunded_cents", "method", "currency", "tax_address"
            )
        )
        total = sum(p["amount_cents"] - p["refunded_cents"] for p in mine)
        if total <= 0:
            continue
        currency = mine[0]["currency"]
        tax_address = next((p["tax_address"] for p in reversed(mine) if p["tax_address"]), None)
        data = {
            "issuer": issuer,
            "donor": _donor(person, tax_address),
            "amount_cents": total,
            "currency": currency,
            "covers_year": year,
            "legal_kind": legal_kind,
            "payments": [
                {
                    "paid_on": timezone.localdate(p["paid_at"]).isoformat(),
                    "amount_cents": p["amount_cents"] - p["refunded_cents"],
                    "method": p["method"],
                }
                for p in mine
                if p["amount_cents"] - p["refunded_cents"] > 0
            ],
            "language": donor_language(person),
            **_tax_data(legal_kind, total),
        }
        created.append(
            _create(
                organization=organization,
                person=person,
                kind=Kind.ANNUAL,
                year=year,
                donation=None,
                amount_cents=total,
                currency=currency,
                data=data,
            )
        )
    if created:
        audit_record(
            organization=organization,
            actor=actor,
            action="donations.receipts_annual_issued",
            data={"year": year, "count": len(created)},
        )
    return created


# --- Donor link and email -------------------------------------------------------------------


def receipt_link_token(receipt: Receipt) -> str:
    return signing.dumps({"r": receipt.pk, "o": receipt.organization_id}, salt=LINK_SALT)


def receipt_from_token(token: str) -> Receipt | None:
    """The receipt of a donor's signed link (None: forged, altered or too old)."""
    max_age = datetime.timedelta(
        days=getattr(settings, "TURNOUT_RECEIPT_LINK_DAYS", LINK_MAX_AGE_DAYS)
    )
    try:
        value = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    return (
        Receipt.objects.select_related("organization")
        .filter(pk=value.get("r"), organization_id=value.get("o"))
        .first()
    )


def receipt_link(receipt: Receipt) -> str:
    return settings.SITE_URL + reverse(
        "donation_receipts:download", kwargs={"token": receipt_link_token(receipt)}
    )


def donor_email(person: Person) -> str:
    """The address to write to the donor at (none bouncing or complaining)."""
    return _donor_email(person)


def _donor_email(person: Person) -> str:
    return (
        EmailAddress.objects.filter(person=person)
        .exclude(status__in=[ContactStatus.BOUNCING, ContactStatus.SPAM_COMPLAINT])
        .order_by("-primary", "id")
        .values_list("address", flat=True)
        .first()
        or ""
    )


def _monthly_link_for(receipt: Receipt) -> str:
    """The link to the donor's running monthly gift, for a receipt about monthly payments (an
    annual summary, or the receipt of a monthly gift's payment); "" otherwise."""
    from ..models import Subscription
    from .subscriptions import subscription_manage_link

    subscriptions = Subscription.objects.filter(
        organization_id=receipt.organization_id,
        status__in=[Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE],
    )
    if receipt.kind == Kind.ANNUAL:
        subscription = subscriptions.filter(person_id=receipt.person_id).order_by("-pk").first()
    elif receipt.kind != Kind.CREDIT_NOTE and receipt.donation_id:
        subscription = subscriptions.filter(payments=receipt.donation_id).first()
    else:
        subscription = None
    return subscription_manage_link(subscription) if subscription else ""


def receipt_email_send(*, receipt_id: int) -> bool:
    """Email the receipt (PDF attached, signed download link) to the donor in their language,
    once. False when there is no address, or it was sent already."""
    receipt = Receipt.objects.select_related("organization", "person").filter(pk=receipt_id).first()
    if receipt is None or receipt.emailed_at is not None or receipt.person.erased_at:
        return False
    address = _donor_email(receipt.person)
    if not address:
        return False
    from .. import receipts_pdf

    language = receipt.data.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        if receipt.file:
            with receipt.file.open("rb") as handle:
                content = handle.read()
        else:
            content = receipts_pdf.receipt_pdf(receipt)
        context = {
            "receipt": receipt,
            "organization": receipt.organization,
            "issuer": receipt.data.get("issuer", {}),
            "person": receipt.person,
            "amount": receipts_pdf.amount_text(receipt.amount_cents, receipt.currency),
            "url": receipt_link(receipt),
            "monthly_url": _monthly_link_for(receipt),
        }
        if receipt.data.get("partial"):
            context["remaining"] = receipts_pdf.amount_text(
                receipt.data.get("remaining_cents", 0), receipt.currency
            )
        subject = render_to_string("donations/email/receipt_subject.txt", context)
        body = render_to_string("donations/email/receipt_body.txt", context)
        message = EmailMessage(" ".join(subject.split()), body, None, [address])
        message.attach(receipts_pdf.filename(receipt), content, "application/pdf")
    # Claim the send first so that two workers never send it twice.
    claimed = Receipt.objects.filter(pk=receipt.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        message.send()
    except Exception:
        Receipt.objects.filter(pk=receipt.pk).update(emailed_at=None)
        raise
    return True
