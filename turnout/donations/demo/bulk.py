"""The bulk writing of the demo gifts, with what the services keep around them: the
pages' totals, a DONATION_MADE line per paid gift on the donor's timeline (counters and
``last_activity_at`` follow), receipts numbered through ``receipt_number_next`` in the order
paid (PDF drawn for the most recent; the others when downloaded)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.money import money_text
from turnout.people.activity_kinds import DONATION_MADE
from turnout.people.models import Activity, EmailAddress, Person, PostalAddress
from turnout.people.services.timeline import activity_counters_bump

from ..models import (
    Donation,
    FundraisingPage,
    Receipt,
    Subscription,
)
from ..services import receipts as receipt_services

WINDOW_DAYS = 304  # ten months
PDF_STORED = 10
Status = Donation.Status
Method = Donation.Method


def scaled(count: int, minimum: int) -> int:
    return max(minimum, round(count * settings.TURNOUT_DEMO_SCALE))


def pick(rng: random.Random, weights: dict) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Gift:
    """A paid gift (or a failed monthly payment) to write in bulk."""

    person_id: int
    amount_cents: int
    paid_at: datetime.datetime
    method: str = Method.CARD
    provider: str = "test"
    page: FundraisingPage | None = None
    subscription: Subscription | None = None
    attribution: dict = field(default_factory=dict)
    status: str = Status.SUCCEEDED


def tax_addresses(organization) -> dict[int, dict]:
    """The primary postal address of each person who also has an email address, as a
    donation's tax address (what the receipt prints)."""
    with_email = set(
        EmailAddress.objects.filter(organization=organization).values_list("person_id", flat=True)
    )
    addresses = {}
    rows = PostalAddress.objects.filter(
        organization=organization, person__erased_at__isnull=True
    ).order_by("-primary", "id")
    for row in rows.values("person_id", "address_lines", "postal_code", "locality", "country"):
        if row["person_id"] in with_email and row["person_id"] not in addresses:
            addresses[row["person_id"]] = {
                "lines": row["address_lines"],
                "postal_code": row["postal_code"],
                "locality": row["locality"],
                "country": row["country"] or "FR",
            }
    return addresses


def write_gifts(organization, gifts: list[Gift], *, addresses: dict, key: str, recorded_by=None):
    """Write the gifts with what the services would have written around them."""
    donations = Donation.objects.bulk_create(
        [
            Donation(
                organization=organization,
                person_id=gift.person_id,
                page=gift.page,
                subscription=gift.subscription,
                amount_cents=gift.amount_cents,
                status=gift.status,
                method=gift.method,
                provider=gift.provider,
                provider_id="" if gift.provider == "offline" else f"demo-{key}-{n}",
                nationality="FR",
                tax_address=addresses.get(gift.person_id, {}),
                paid_at=gift.paid_at if gift.status == Status.SUCCEEDED else None,
                created_at=gift.paid_at - datetime.timedelta(minutes=4),
                recorded_by=recorded_by if gift.provider == "offline" else None,
                **gift.attribution,
            )
            for n, gift in enumerate(gifts)
        ],
        batch_size=1000,
    )
    paid = [d for d in donations if d.status == Status.SUCCEEDED]
    _timeline(organization, paid)
    _receipts(organization, [d for d in paid if d.subscription_id is None])
    _page_totals(organization)
    return donations


def _timeline(organization, donations: list[Donation]) -> None:
    """One DONATION_MADE line per paid gift, as ``donation_paid`` writes it."""
    source_type = ContentType.objects.get_for_model(Donation)
    activities = [
        Activity(
            organization=organization,
            person_id=d.person_id,
            kind=DONATION_MADE,
            occurred_at=d.paid_at,
            summary=_("Gave %(amount)s") % {"amount": money_text(d.amount_cents, d.currency)},
            source_type=source_type,
            source_id=str(d.pk),
            data={"amount_cents": d.amount_cents, "currency": d.currency},
        )
        for d in donations
    ]
    Activity.objects.bulk_create(activities, batch_size=2000)
    activity_counters_bump(
        organization.pk, ((a.person_id, a.kind, 1, a.occurred_at) for a in activities)
    )
    latest: dict[int, datetime.datetime] = {}
    for a in activities:
        latest[a.person_id] = max(latest.get(a.person_id, a.occurred_at), a.occurred_at)
    people = list(Person.objects.filter(pk__in=latest).only("pk", "last_activity_at"))
    for person in people:
        if person.last_activity_at is None or person.last_activity_at < latest[person.pk]:
            person.last_activity_at = latest[person.pk]
    Person.objects.bulk_update(people, ["last_activity_at"], batch_size=2000)


def _receipts(organization, donations: list[Donation]) -> None:
    """The receipts of paid one-off gifts, numbered in the order paid through the receipts
    service's counter, with the snapshot ``receipt_issue`` keeps. Already emailed."""
    issuer = receipt_services._issuer(organization)
    kind = receipt_services.kind_for_profile(issuer["profile"])
    people = Person.objects.in_bulk({d.person_id for d in donations})
    receipts = []
    for d in sorted(donations, key=lambda d: (d.paid_at, d.pk)):
        paid_on = timezone.localdate(d.paid_at)
        number = receipt_services.receipt_number_next(organization=organization, year=paid_on.year)
        person = people[d.person_id]
        issued = d.paid_at + datetime.timedelta(minutes=5)
        receipts.append(
            Receipt(
                organization=organization,
                person=person,
                donation=d,
                kind=kind,
                year=paid_on.year,
                number=number,
                amount_cents=d.amount_cents,
                currency=d.currency,
                issued_at=issued,
                emailed_at=issued,
                data={
                    "issuer": issuer,
                    "donor": receipt_services._donor(person, d.tax_address),
                    "amount_cents": d.amount_cents,
                    "currency": d.currency,
                    "paid_on": paid_on.isoformat(),
                    "method": d.method,
                    "provider_ref": d.provider_id,
                    "language": receipt_services.donor_language(person),
                    **receipt_services._tax_data(kind, d.amount_cents),
                    "reference": f"{paid_on.year}-{number:06d}",
                    "kind": kind,
                },
            )
        )
    Receipt.objects.bulk_create(receipts, batch_size=1000)
    for receipt in receipts[-PDF_STORED:]:
        receipt_services._store_pdf(receipt)


def _page_totals(organization) -> None:
    """Each page's counters as ``donation_paid`` keeps them: what was paid on it, less what
    was refunded (``donation_refunded`` takes refunds off later)."""
    for page in FundraisingPage.objects.filter(organization=organization):
        totals = Donation.objects.filter(
            page=page, status__in=(Status.SUCCEEDED, Status.REFUNDED, Status.DISPUTED)
        ).aggregate(raised=Sum(F("amount_cents") - F("refunded_cents"), default=0), n=Count("id"))
        FundraisingPage.objects.filter(pk=page.pk).update(
            raised_cents=totals["raised"], donation_count=totals["n"]
        )


def moment_in(rng: random.Random, now, days: int = WINDOW_DAYS) -> datetime.datetime:
    """A moment in the last ``days`` days, more often recent (the campaign grows)."""
    back = days * (1 - rng.betavariate(1.7, 1.0))
    moment = now - datetime.timedelta(days=back)
    local = timezone.localtime(moment)
    return min(now, local.replace(hour=rng.randint(7, 22), minute=rng.randint(0, 59)))


# --- Voix Citoyennes ------------------------------------------------------------------------
