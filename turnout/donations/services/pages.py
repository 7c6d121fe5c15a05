"""Fundraising pages: what staff write (create, change, publish, close), and the checkout a
donor starts from a page.

A checkout is three steps, the middle one outside any transaction (a network call never holds
a database lock): the pending donation is created (``donation_start`` checks the amount and
the legal limits; the consent box is recorded with its text through ``person_upsert``), the
payment backend is asked for the address of its checkout, and the donor is sent there. When
the provider does not answer, the donation is cancelled with the reason in its note and the
donor is told that nothing was charged.

The same person giving the same amount on the same page twice within a minute (a double
click, a second tab) gets the first pending donation back, and its checkout when this process
still knows it: one pending donation, never two. The check and the insert are serialized per
page and email (a PostgreSQL advisory lock; SQLite transactions take the write lock when they
begin). See docs/decisions/0059-checkout-once-and-provider-down.md.

The donation's status never comes from the donor's browser: the success address only shows
thanks; the provider's events (``services/events.py``) record the payment.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.money import money_text
from turnout.people.models import Channel, Consent, Purpose
from turnout.people.normalize import normalize_email
from turnout.people.services import ConsentInput, PersonData, person_upsert

from ..models import Donation, FundraisingPage
from ..providers import get_payment_backend, payment_backend_names
from ..providers.base import PaymentBackend, PaymentError
from .lifecycle import DonationRefused, DonorDetails, donation_failed, donation_start
from .subscriptions import checkout_start

Status = FundraisingPage.Status

# What staff may change on a page (the slug too, while it is a draft).
PAGE_FIELDS = (
    "title",
    "story",
    "thank_you",
    "goal_cents",
    "currency",
    "suggested_cents",
    "allow_custom",
    "allow_monthly",
    "monthly_default",
    "minimum_cents",
    "campaign",
    "frame_ancestors",
    "next_asks",
)
DOUBLE_SUBMIT_SECONDS = 60
CHECKOUT_URL_SECONDS = 30 * 60
RETURN_SALT = "turnout.donations.page-return"
RETURN_MAX_AGE = 30 * 24 * 3600


class PageRefused(Exception):
    """A change of a page the data does not allow, with the message to show."""


class CheckoutUnavailable(Exception):
    """The payment service could not start the checkout; nothing was charged."""


@dataclass(frozen=True)
class Checkout:
    donation: Donation
    url: str
    reused: bool


# --- Staff: create, change, publish, close --------------------------------------------------


def _check_campaign(organization, campaign) -> None:
    from ..selectors_pages import campaigns_for_pages

    if campaign is not None and not (
        campaigns_for_pages(organization=organization).filter(pk=campaign.pk).exists()
    ):
        raise PageRefused(
            _(
                "Only a campaign your organization initiates or takes part in (approved) can "
                "be chosen."
            )
        )


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def page_create(*, organization, actor, slug: str, fields: dict) -> FundraisingPage:
    """A new page, as a draft (nobody sees it before it is published)."""
    unknown = set(fields) - set(PAGE_FIELDS)
    if unknown:
        raise TypeError(f"unknown page fields: {sorted(unknown)}")
    _check_campaign(organization, fields.get("campaign"))
    page = FundraisingPage(
        organization=organization, slug=slug, created_by=_actor(actor), status=Status.DRAFT
    )
    for name, value in fields.items():
        setattr(page, name, value)
    try:
        with transaction.atomic():
            page.save(force_insert=True)
    except IntegrityError as exc:
        raise PageRefused(_("This address is already taken.")) from exc
    audit_record(
        organization=organization,
        actor=actor,
        action="donations.page_created",
        target=page,
        data={"slug": slug},
    )
    return page


@transaction.atomic
def page_update(*, page: FundraisingPage, actor, fields: dict) -> list[str]:
    """Change the page; returns the names of the fields that changed. The address (``slug``)
    changes only while the page is a draft: people may have seen it since."""
    allowed = set(PAGE_FIELDS) | ({"slug"} if page.status == Status.DRAFT else set())
    unknown = set(fields) - allowed
    if unknown:
        raise PageRefused(_("These settings cannot be changed now: %(names)s.") % {
            "names": ", ".join(sorted(unknown))
        })  # fmt: skip
    if "campaign" in fields:
        _check_campaign(page.organization, fields["campaign"])
    changed = sorted(name for name, value in fields.items() if getattr(page, name) != value)
    if not changed:
        return []
    for name in changed:
        setattr(page, name, fields[name])
    try:
        with transaction.atomic():
            page.save(update_fields=[*changed, "updated_at"])
    except IntegrityError as exc:
        raise PageRefused(_("This address is already taken.")) from exc
    audit_record(
        organization=page.organization,
        actor=actor,
        action="donations.page_updated",
        target=page,
        data={"fields": changed},
    )
    return changed


def _status_change(*, page, actor, to: str, allowed_from: tuple, action: str) -> bool:
    changed = FundraisingPage.objects.filter(pk=page.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now()
    )
    if changed:
        page.status = to
        audit_record(organization=page.organization, actor=actor, action=action, target=page)
    return bool(changed)


@transaction.atomic
def page_publish(*, page: FundraisingPage, actor) -> bool:
    """Open the page to gifts (a draft, or a closed page opened again)."""
    if not page.title:
        raise PageRefused(_("Give the page a title before publishing it."))
    return _status_change(
        page=page,
        actor=actor,
        to=Status.PUBLISHED,
        allowed_from=(Status.DRAFT, Status.CLOSED),
        action="donations.page_published",
    )


@transaction.atomic
def page_close(*, page: FundraisingPage, actor) -> bool:
    """Stop taking gifts: the public page keeps its totals and says it is closed."""
    return _status_change(
        page=page,
        actor=actor,
        to=Status.CLOSED,
        allowed_from=(Status.PUBLISHED,),
        action="donations.page_closed",
    )


# --- Donor: checkout ------------------------------------------------------------------------


def checkout_backends() -> list[PaymentBackend]:
    """The payment services a donor may choose from: every real one when several are
    configured, else the default one alone (the local test provider on a fresh site)."""
    real = [
        backend
        for backend in (get_payment_backend(name) for name in payment_backend_names())
        if not backend.is_test
    ]
    if len(real) >= 2:
        return real
    return [get_payment_backend()]


def return_token(donation: Donation, *, monthly: bool) -> str:
    """What the success and cancel addresses carry: the donation (signed), nothing else."""
    return signing.dumps({"d": donation.pk, "m": bool(monthly)}, salt=RETURN_SALT, compress=True)


def read_return_token(token: str) -> dict | None:
    try:
        data = signing.loads(token or "", salt=RETURN_SALT, max_age=RETURN_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("d"), int) else None


def _return_urls(page: FundraisingPage, donation: Donation, *, monthly: bool) -> tuple[str, str]:
    token = return_token(donation, monthly=monthly)
    thanks = reverse("donations_public:thanks", kwargs={"slug": page.slug})
    back = reverse("donations_public:page", kwargs={"slug": page.slug})
    site = settings.SITE_URL
    return f"{site}{thanks}?d={token}", f"{site}{back}?cancelled={token}"


def _serialize(key: str) -> None:
    """Hold, until the transaction ends, a lock named ``key`` (PostgreSQL advisory lock)."""
    if connection.vendor != "postgresql":
        return  # SQLite: the transaction took the database's write lock when it began
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


def _recent_pending(*, page, email: str, amount_cents: int, provider: str, donor: DonorDetails):
    since = timezone.now() - datetime.timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
    candidates = (
        Donation.objects.filter(
            organization_id=page.organization_id,
            page=page,
            person__emails__address=email,
            amount_cents=amount_cents,
            currency=page.currency,
            provider=provider,
            status=Donation.Status.PENDING,
            created_at__gte=since,
            natural_person=donor.natural_person,
            nationality=donor.nationality,
            anonymous=donor.anonymous,
        )
        .select_related("organization", "person")
        .order_by("-created_at", "-id")
    )
    return next((d for d in candidates if d.tax_address == donor.tax_address), None)


def _consent(*, page, data: PersonData, consent_text: str, ip_address) -> None:
    """The ticked box "hear from the organization", with the exact text shown."""
    person_upsert(
        organization=page.organization,
        data=PersonData(email=data.email),
        source=Consent.Source.FORM,
        consents=[
            ConsentInput(
                channel=Channel.EMAIL,
                purpose=Purpose.CAMPAIGNS,
                status=Consent.Status.GRANTED,
                notice_text=consent_text,
                source_ref=f"donation-page:{page.slug}",
            )
        ],
        respect_erasure=False,
        ip_address=ip_address,
    )


@transaction.atomic
def _pending_donation(
    *, page, data, amount_cents, monthly, donor, backend, consent_text, attribution, ip_address
) -> tuple[Donation, bool]:
    email = normalize_email(data.email)
    _serialize(f"donations.checkout:{page.pk}:{email}")
    status = FundraisingPage.objects.values_list("status", flat=True).get(pk=page.pk)
    if status != Status.PUBLISHED:
        raise DonationRefused([_("This page is closed: it no longer takes gifts.")])
    if amount_cents < page.minimum_cents:
        raise DonationRefused(
            [
                _("The smallest gift on this page is %(min)s.")
                % {"min": money_text(page.minimum_cents, page.currency)}
            ]
        )
    if monthly and not (page.allow_monthly and backend.supports_monthly):
        raise DonationRefused([_("Monthly gifts are not possible here: choose a one-off gift.")])
    recent = _recent_pending(
        page=page, email=email, amount_cents=amount_cents, provider=backend.alias, donor=donor
    )
    if recent is not None:
        return recent, True
    donation = donation_start(
        organization=page.organization,
        data=data,
        amount_cents=amount_cents,
        method=Donation.Method.CARD,
        provider=backend.alias,
        donor=donor,
        page=page,
        currency=page.currency,
        attribution=attribution,
    )
    if consent_text:
        _consent(page=page, data=data, consent_text=consent_text, ip_address=ip_address)
    return donation, False


def _url_key(donation_id: int, monthly: bool) -> str:
    return f"donations:checkout-url:{donation_id}:{int(bool(monthly))}"


def donation_checkout_start(
    *,
    page: FundraisingPage,
    data: PersonData,
    amount_cents: int,
    donor: DonorDetails,
    backend: PaymentBackend,
    monthly: bool = False,
    consent_text: str = "",
    attribution: dict | None = None,
    ip_address: str | None = None,
) -> Checkout:
    """Start (or find again, within a minute) the donor's pending donation and its checkout.
    Raises DonationRefused (nothing written), InvalidContact or PersonRefused (the person's
    details), CheckoutUnavailable (the donation is cancelled: nothing can be charged)."""
    donation, reused = _pending_donation(
        page=page,
        data=data,
        amount_cents=amount_cents,
        monthly=monthly,
        donor=donor,
        backend=backend,
        consent_text=consent_text,
        attribution=attribution,
        ip_address=ip_address,
    )
    key = _url_key(donation.pk, monthly)
    url = cache.get(key) if reused else None
    if url is None:
        success_url, cancel_url = _return_urls(page, donation, monthly=monthly)
        try:
            url = checkout_start(
                donation=donation,
                success_url=success_url,
                cancel_url=cancel_url,
                monthly=monthly,
                backend=backend,
            )
        except (PaymentError, requests.RequestException, OSError) as exc:
            donation_checkout_failed(donation=donation, reason=str(exc))
            raise CheckoutUnavailable(
                _(
                    "The payment service is not answering; nothing was charged. Try again in a "
                    "moment."
                )
                if not isinstance(exc, PaymentError) or exc.transient
                else _(
                    "The payment service refused to start the payment; nothing was charged. "
                    "Try again later, or contact us."
                )
            ) from exc
        cache.set(key, url, CHECKOUT_URL_SECONDS)
    return Checkout(donation=donation, url=url, reused=reused)


@transaction.atomic
def donation_checkout_failed(*, donation: Donation, reason: str) -> bool:
    """The checkout could not be started: the pending donation is cancelled (no payment can
    come for it), with the reason in its note for staff."""
    if not donation_failed(donation=donation, status=Donation.Status.CANCELLED):
        return False
    note = _("The payment service could not start the checkout: %(reason)s") % {
        "reason": reason or "?"
    }
    current = Donation.objects.values_list("note", flat=True).get(pk=donation.pk)
    Donation.objects.filter(pk=donation.pk).update(
        note=f"{current}\n{note}" if current else note, updated_at=timezone.now()
    )
    for monthly in (False, True):
        cache.delete(_url_key(donation.pk, monthly))
    return True
