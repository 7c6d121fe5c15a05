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

The PDF is drawn in the donor's language inside the transaction and stored in ``file``; the
email goes after the commit. ``data`` keeps what the receipt says (a snapshot), so the PDF can
be drawn again identically if the file is lost.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
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


def _donor(person: Person, tax_address: dict | None = None) -> dict:
    address = {}
    if tax_address:
        address = {
            "lines": str(tax_address.get("lines", "") or ""),
            "postal_code": str(tax_address.get("postal_code", "") or ""),
            "locality": str(tax_address.get("locality", "") or ""),
            "country": str(tax_address.get("country", "") or ""),
        }
    else:
        postal = PostalAddress.objects.filter(person=person).order_by("-primary", "id").first()
        if postal:
            address = {
                "lines": postal.address_lines,
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
    existing = Receipt.objects.filter(donation=donation, kind=kind).first()
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
    today = timezone.localdate()
    data = {
        "issuer": receipt.data.get("issuer") or _issuer(receipt.organization),
        "donor": receipt.data.get("donor") or _donor(receipt.person),
        "amount_cents": -receipt.amount_cents,
        "currency": receipt.currency,
        "cancels": receipt.reference,
        "cancels_kind": receipt.kind,
        "cancels_issued_on": timezone.localdate(receipt.issued_at).isoformat(),
        "reason": reason,
        "language": receipt.data.get("language") or donor_language(receipt.person),
    }
    credit = _create(
        organization=receipt.organization,
        person=receipt.person,
        kind=Kind.CREDIT_NOTE,
        year=today.year,
        donation=receipt.donation,
        amount_cents=-receipt.amount_cents,
        currency=receipt.currency,
        data=data,
        cancels=receipt,
    )
    audit_record(
        organization=receipt.organization,
        actor=actor,
        action="donations.receipt_cancelled",
        target=receipt,
        data={"credit_note": credit.reference, "reason": reason},
    )
    return credit


@transaction.atomic
def receipt_donation_refunded(*, donation: Donation, actor=None) -> Receipt | None:
    """A receipted donation was refunded (fully or in part): its receipt is cancelled by a
    credit note. Returns the credit note (None when there was no live receipt)."""
    receipt = (
        Receipt.objects.filter(donation_id=donation.pk, cancelled_by__isnull=True)
        .exclude(kind=Kind.CREDIT_NOTE)
        .first()
    )
    if receipt is None:
        return None
    return receipt_cancel(receipt=receipt, actor=actor, reason=_("Donation refunded"))


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


def _donor_email(person: Person) -> str:
    return (
        EmailAddress.objects.filter(person=person)
        .exclude(status__in=[ContactStatus.BOUNCING, ContactStatus.SPAM_COMPLAINT])
        .order_by("-primary", "id")
        .values_list("address", flat=True)
        .first()
        or ""
    )


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
        }
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
