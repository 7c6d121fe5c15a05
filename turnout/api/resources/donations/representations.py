"""Fundraising pages and donations as OSDI dicts. Money is a decimal string with two places
("35.00") next to its ISO currency, computed from integer cents."""

from __future__ import annotations

from turnout.donations.models import Donation, FundraisingPage

from ...osdi.links import LinkContext, identifiers_of, iso
from ..common import cents_text, links, person_link, public_url

PAYMENT_METHODS = {
    Donation.Method.CARD: "Credit Card",
    Donation.Method.SEPA: "Electronic Funds Transfer",
    Donation.Method.TRANSFER: "Electronic Funds Transfer",
    Donation.Method.CHEQUE: "Check",
    Donation.Method.CASH: "Cash",
    Donation.Method.OTHER: "Other",
}
VOIDED = (Donation.Status.FAILED, Donation.Status.CANCELLED)


def fundraising_page_representation(page: FundraisingPage, ctx: LinkContext) -> dict:
    data = {
        "identifiers": identifiers_of(ctx, page.pk),
        "created_date": iso(page.created_at),
        "modified_date": iso(page.updated_at),
        "origin_system": "Turnout",
        "name": page.slug,
        "title": page.title_text(),
        "description": page.story_text(),
        "status": page.status,
        "currency": page.currency,
        "total_donations": page.donation_count,
        "total_amount": cents_text(page.raised_cents),
        "goal": cents_text(page.goal_cents) if page.goal_cents else None,
    }
    if page.status == FundraisingPage.Status.PUBLISHED:
        data["browser_url"] = public_url(ctx, "donations_public:page", page.slug)
    data["_links"] = {
        "self": ctx.link("fundraising-page", page.pk),
        "osdi:donations": ctx.link("fundraising-page-donations", page.pk),
        "osdi:record_donation_helper": ctx.link("fundraising-page-record-donation", page.pk),
    }
    return data


def donation_representation(donation: Donation, ctx: LinkContext) -> dict:
    """An OSDI donation: ``amount`` is what the organization keeps (after refunds),
    ``credited_amount`` what was given back. Needs ``donation.person`` and
    ``donation.organization`` (select_related in lists)."""
    net = donation.amount_cents - donation.refunded_cents
    data = {
        "identifiers": identifiers_of(ctx, donation.pk),
        "created_date": iso(donation.created_at),
        "modified_date": iso(donation.updated_at),
        "origin_system": "Turnout",
        "action_date": iso(donation.paid_at or donation.created_at),
        "status": donation.status,
        "currency": donation.currency,
        "amount": cents_text(net),
        "credited_amount": cents_text(donation.refunded_cents),
        "voided": donation.status in VOIDED,
        "payment": {
            "method": PAYMENT_METHODS.get(donation.method, "Other"),
            "reference_number": donation.provider_id,
            "authorization_stored": donation.subscription_id is not None,
        },
        "recipients": [{"display_name": donation.organization.name, "amount": cents_text(net)}],
        "sources": [donation.source_code] if donation.source_code else [],
    }
    data["_links"] = links(
        self=ctx.link("donation", donation.pk),
        osdi__person=person_link(ctx, donation.person),
        osdi__fundraising_page=(
            ctx.link("fundraising-page", donation.page_id) if donation.page_id else None
        ),
    )
    return data
