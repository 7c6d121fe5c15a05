"""The legal limits of donations, read from the dated configuration (``LegalLimit``).

``limit_refusals`` returns one message per rule a donation would break (an empty list: it may
be accepted). It is called before payment and again when the payment succeeds, inside the
transaction that holds the donor's row lock (``lifecycle.donation_paid``), so that two
concurrent gifts cannot cross a cap together.

Caps per person count what this organization received: a French party cap is, in law, for all
parties together, which no single organization can see (see docs/guide/donations-limits.md).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.money import money_text

from ..models import Donation, LegalLimit, LegalProfile, ProfileKind

# Far above any real gift: a typing error (an amount in cents typed as euros, a stray zero).
ABSURD_CENTS = 100_000_000  # 1,000,000 EUR

EU_COUNTRIES = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    }
)

# The statuses whose money the organization holds (net of refunds): a fully refunded gift
# counts for nothing; a disputed one counts until the bank takes it back.
COUNTED = (Donation.Status.SUCCEEDED, Donation.Status.DISPUTED)


def _as_date(at) -> datetime.date:
    if isinstance(at, datetime.datetime):
        return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    return at


def limits_in_force(kind: str, at) -> list[LegalLimit]:
    """The rows of the profile kind valid on the day of ``at`` (one per rule key)."""
    day = _as_date(at)
    rows = LegalLimit.objects.filter(kind=kind, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    chosen: dict[str, LegalLimit] = {}
    for row in rows.order_by("key", "-valid_from"):
        chosen.setdefault(row.key, row)
    return list(chosen.values())


def limit_value(kind: str, key: str, at) -> int | None:
    """The amount (cents) of rule ``key`` of the profile kind valid on the day of ``at``;
    None when no row is valid then (the rule does not apply)."""
    day = _as_date(at)
    row = (
        LegalLimit.objects.filter(kind=kind, key=key, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .values_list("amount_cents", flat=True)
        .first()
    )
    return row


def person_total(
    *,
    organization,
    person,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    exclude_donation_id: int | None = None,
) -> int:
    """What the person gave the organization (net of refunds), paid in [since, until)."""
    if person is None or person.pk is None:
        return 0
    qs = Donation.objects.filter(organization=organization, person=person, status__in=COUNTED)
    if since is not None:
        qs = qs.filter(paid_at__gte=since)
    if until is not None:
        qs = qs.filter(paid_at__lt=until)
    if exclude_donation_id:
        qs = qs.exclude(pk=exclude_donation_id)
    total = qs.aggregate(total=Sum(F("amount_cents") - F("refunded_cents")))["total"]
    return int(total or 0)


def _year_bounds(at) -> tuple[datetime.datetime, datetime.datetime]:
    year = _as_date(at).year
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def _country(donor) -> str:
    return str((donor.tax_address or {}).get("country", "")).strip().upper()


def _nationality(donor) -> str:
    return (donor.nationality or "").strip().upper()


def amount_refusals(amount_cents) -> list[str]:
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        return [_("Give an amount above zero.")]
    if amount_cents > ABSURD_CENTS:
        return [
            _("%(amount)s is far above any gift we accept (at most %(max)s): check the amount.")
            % {"amount": money_text(amount_cents), "max": money_text(ABSURD_CENTS)}
        ]
    return []


def limit_refusals(
    *,
    organization,
    profile,
    person,
    amount_cents: int,
    method: str,
    donor,
    at,
    exclude_donation_id: int | None = None,
) -> list[str]:
    """The messages of the rules this donation breaks, each naming the rule and the limit."""
    refusals = amount_refusals(amount_cents)
    if refusals:
        return refusals
    kind = profile.kind if profile is not None else ProfileKind.NONE
    if kind in (ProfileKind.NONE, ProfileKind.FR_ASSOCIATION):
        return refusals

    def value(key):
        return limit_value(kind, key, at)

    def fmt(cents):
        return money_text(cents)

    if kind in (ProfileKind.FR_PARTY, ProfileKind.FR_CANDIDATE) and not donor.natural_person:
        refusals.append(
            _(
                "Only natural persons may give to a political party in France: companies, "
                "associations and other legal persons may not."
            )
            if kind == ProfileKind.FR_PARTY
            else _(
                "Only natural persons may give to a candidate in France: companies, "
                "associations and other legal persons may not."
            )
        )
    if kind == ProfileKind.FR_PARTY:
        if _nationality(donor) != "FR" and _country(donor) != "FR":
            refusals.append(
                _(
                    "Only French nationals and people who live in France may give to a "
                    "political party in France: give the donor's nationality or French tax "
                    "address."
                )
            )
        cap = value("yearly_cap_per_person")
        if cap is not None:
            total = amount_cents + _year_total(
                organization, person, at, exclude_donation_id=exclude_donation_id
            )
            if total > cap:
                refusals.append(
                    _(
                        "A person may give at most %(cap)s a year to a political party in "
                        "France; with this gift, you would reach %(total)s."
                    )
                    % {"cap": fmt(cap), "total": fmt(total)}
                )
    if kind == ProfileKind.FR_CANDIDATE:
        cap = value("election_cap_per_person")
        if cap is not None:
            total = amount_cents + person_total(
                organization=organization, person=person, exclude_donation_id=exclude_donation_id
            )
            if total > cap:
                refusals.append(
                    _(
                        "A person may give at most %(cap)s to the candidates of an election in "
                        "France; with this gift, you would reach %(total)s."
                    )
                    % {"cap": fmt(cap), "total": fmt(total)}
                )
    cash_max = value("cash_max")
    if method == Donation.Method.CASH and cash_max is not None and amount_cents > cash_max:
        refusals.append(
            {
                ProfileKind.FR_PARTY: _(
                    "A gift in cash to a political party in France may not exceed %(max)s: "
                    "above that, give by cheque, transfer or card."
                ),
                ProfileKind.FR_CANDIDATE: _(
                    "A gift in cash to a candidate in France may not exceed %(max)s: above "
                    "that, give by cheque, transfer or card."
                ),
                ProfileKind.DE_PARTY: _(
                    "A party in Germany may not accept a gift in cash above %(max)s: above "
                    "that, give by transfer or card."
                ),
                ProfileKind.AT_PARTY: _(
                    "A party in Austria may not accept a gift in cash above %(max)s: above "
                    "that, give by transfer or card."
                ),
            }[kind]
            % {"max": fmt(cash_max)}
        )
    if kind in (ProfileKind.DE_PARTY, ProfileKind.AT_PARTY):
        germany = kind == ProfileKind.DE_PARTY
        anonymous_max = value("anonymous_max")
        anonymous = getattr(donor, "anonymous", False)
        if anonymous and anonymous_max is not None and amount_cents > anonymous_max:
            refusals.append(
                (
                    _("A party in Germany may not accept an anonymous gift above %(max)s.")
                    if germany
                    else _("A party in Austria may not accept an anonymous gift above %(max)s.")
                )
                % {"max": fmt(anonymous_max)}
            )
        foreign_max = value("foreign_max")
        home = "DE" if germany else "AT"
        foreign = _nationality(donor) not in EU_COUNTRIES and _country(donor) != home
        if foreign and foreign_max is not None and amount_cents > foreign_max:
            refusals.append(
                (
                    _(
                        "A party in Germany may not accept more than %(max)s from a donor who "
                        "is neither a citizen of a European Union country nor resident in "
                        "Germany."
                    )
                    if germany
                    else _(
                        "A party in Austria may not accept more than %(max)s from a donor who "
                        "is neither a citizen of a European Union country nor resident in "
                        "Austria."
                    )
                )
                % {"max": fmt(foreign_max)}
            )
        cap = value("yearly_cap_per_person")
        if cap is not None:
            total = amount_cents + _year_total(
                organization, person, at, exclude_donation_id=exclude_donation_id
            )
            if total > cap:
                refusals.append(
                    (
                        _(
                            "A person may give at most %(cap)s a year to a party in Germany; "
                            "with this gift, you would reach %(total)s."
                        )
                        if germany
                        else _(
                            "A person may give at most %(cap)s a year to a party in Austria; "
                            "with this gift, you would reach %(total)s."
                        )
                    )
                    % {"cap": fmt(cap), "total": fmt(total)}
                )
    return refusals


def _year_total(organization, person, at, *, exclude_donation_id=None) -> int:
    """What the person gave the organization in the calendar year of ``at`` (Paris time)."""
    since, until = _year_bounds(at)
    return person_total(
        organization=organization,
        person=person,
        since=since,
        until=until,
        exclude_donation_id=exclude_donation_id,
    )


PROFILE_FIELDS = (
    "kind",
    "election_name",
    "election_date",
    "legal_name",
    "legal_address",
    "registration",
    "treasurer",
)


@transaction.atomic
def legal_profile_save(*, organization, actor, **values) -> LegalProfile:
    """Create or change the organization's legal profile (the fields of ``PROFILE_FIELDS``)."""
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown legal profile fields: {sorted(unknown)}")
    profile, created = LegalProfile.objects.select_for_update().get_or_create(
        organization=organization, defaults=values
    )
    changed = sorted(k for k, v in values.items() if getattr(profile, k) != v)
    if not created:
        for key, val in values.items():
            setattr(profile, key, val)
        profile.full_clean()
        profile.save()
    if created or changed:
        audit_record(
            organization=organization,
            actor=actor,
            action="donations.legal_profile_changed",
            target=profile,
            data={"kind": profile.kind, "fields": list(values) if created else changed},
        )
    return profile
