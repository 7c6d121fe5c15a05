"""Fundraising pages and donations (read), and the record donation helper for gifts received
offline (cheque, cash, transfer) through the donations' offline service, which applies the
organization's legal limits: a refused gift is a 400 whose message names the limit."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from turnout.donations.models import Donation, FundraisingPage
from turnout.donations.services.lifecycle import DonationRefused, DonorDetails
from turnout.donations.services.limits import amount_refusals
from turnout.donations.services.offline import offline_donation_record
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonRefused

from ...osdi import schema as doc
from ...osdi.serializers import StrictBooleanField, StrictCharField, StrictSerializer
from ..common import ActionDateField, PersonHelperInput, ResourceView
from . import schema as out
from . import selectors
from .representations import donation_representation, fundraising_page_representation

PAGE_ID = OpenApiParameter("page_id", str, OpenApiParameter.PATH)
DONATION_ID = OpenApiParameter("donation_id", str, OpenApiParameter.PATH)
OFFLINE_METHODS = {
    "check": Donation.Method.CHEQUE,
    "cheque": Donation.Method.CHEQUE,
    "cash": Donation.Method.CASH,
    "electronic funds transfer": Donation.Method.TRANSFER,
    "transfer": Donation.Method.TRANSFER,
}
_AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "example": "35.00"})
class AmountField(serializers.Field):
    """An amount in the currency's units, as a number (35, 35.5) or a string ("35.50"),
    with at most two decimals -> integer cents."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Give the amount as a number with at most two decimals, e.g. 35.50."
        ),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float, str)):
            self.fail("invalid")
        text = str(data).strip()
        if isinstance(data, float):
            text = f"{data:.10f}".rstrip("0").rstrip(".")
        if not _AMOUNT.match(text):
            self.fail("invalid")
        try:
            cents = int(Decimal(text) * 100)
        except InvalidOperation:
            self.fail("invalid")
        refusals = amount_refusals(cents)
        if refusals:
            raise serializers.ValidationError(refusals)
        return cents

    def to_representation(self, value):
        return value


class PaymentInput(StrictSerializer):
    ignored_fields = frozenset({"authorization_stored"})

    method = StrictCharField(max_length=40, allow_blank=False)
    reference_number = StrictCharField(max_length=200, required=False, allow_numbers=True)

    def validate_method(self, value):
        method = OFFLINE_METHODS.get(value.strip().lower())
        if method is None:
            raise serializers.ValidationError(
                _(
                    "Only gifts received offline are recorded here: use “Check”, “Cash” or "
                    "“Electronic Funds Transfer”. Card gifts come through the payment provider."
                )
            )
        return method


class DonorDetailsInput(StrictSerializer):
    """What the legal limits ask of a donor (Turnout's own field)."""

    natural_person = StrictBooleanField(required=False)
    nationality = StrictCharField(max_length=2, required=False)
    anonymous = StrictBooleanField(required=False)

    def validate_nationality(self, value):
        if value and not re.match(r"^[A-Za-z]{2}$", value):
            raise serializers.ValidationError(_("Use a two-letter country code, e.g. FR."))
        return value.upper()


class RecordDonationInput(PersonHelperInput):
    """OSDI record donation helper, for gifts received offline. ``action_date`` (or OSDI's
    older ``transaction_date``) is the day the gift was received (default: today)."""

    ignored_fields = PersonHelperInput.ignored_fields | {
        "recipients",
        "originating_system",
        "referrer_data",
    }
    contact_required = False

    amount = AmountField()
    currency = StrictCharField(max_length=3, required=False)
    payment = PaymentInput()
    action_date = ActionDateField(required=False)
    transaction_date = ActionDateField(required=False)
    donor_details = DonorDetailsInput(required=False)
    note = StrictCharField(max_length=1000, required=False)

    def validate(self, attrs):
        for name in ("action_date", "transaction_date"):
            if name in attrs and _day(attrs[name]) > timezone.localdate():
                raise serializers.ValidationError(
                    {name: [_("The date received cannot be in the future.")]}
                )
        return attrs

    def validate_currency(self, value):
        if value and value.upper() != "EUR":
            raise serializers.ValidationError(_("Gifts are recorded in euros (EUR)."))
        return "EUR"


def _day(value) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def _received_on(validated: dict) -> dt.date:
    value = validated.get("action_date") or validated.get("transaction_date")
    return timezone.localdate() if value is None else _day(value)


def _tax_address(person: dict) -> dict:
    addresses = person.get("postal_addresses") or []
    if not addresses:
        return {}
    address = next((a for a in addresses if a.get("primary")), addresses[0])
    values = {
        "lines": "\n".join(line for line in address.get("address_lines", []) if line),
        "postal_code": str(address.get("postal_code", "")),
        "locality": address.get("locality", ""),
        "country": address.get("country", "").upper(),
    }
    return {k: v for k, v in values.items() if v}


class DonationsBase(ResourceView):
    scope_family = "donations"

    def page_or_404(self, raw_id) -> FundraisingPage:
        return self.get_by_pk(selectors.pages_for_api(organization=self.organization), raw_id)

    def donations(self, page=None):
        return selectors.donations_for_api(organization=self.organization, page=page)


@extend_schema(tags=["donations"])
class PagesView(DonationsBase):
    @extend_schema(
        summary="List fundraising pages",
        operation_id="fundraising_pages_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:fundraising_pages", out.FundraisingPageOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=selectors.pages_for_api(organization=self.organization),
            rel="osdi:fundraising_pages",
            represent=fundraising_page_representation,
        )


@extend_schema(tags=["donations"], parameters=[PAGE_ID])
class PageView(DonationsBase):
    @extend_schema(summary="Get a fundraising page", responses={200: out.FundraisingPageOutput})
    def get(self, request, page_id):
        return Response(fundraising_page_representation(self.page_or_404(page_id), self.links))


class RecordDonationMixin:
    def record(self, page: FundraisingPage):
        validated = self.parse(RecordDonationInput)
        targets = self.helper_targets(validated)
        received_on = _received_on(validated)
        data, _email, _phone = self.person_data(validated["person"])
        details = validated.get("donor_details") or {}
        donor = DonorDetails(
            natural_person=details.get("natural_person", True),
            nationality=details.get("nationality", ""),
            tax_address=_tax_address(validated["person"]),
            anonymous=details.get("anonymous", False),
        )
        payment = validated["payment"]
        note = "\n".join(
            part
            for part in (
                payment.get("reference_number", "")
                and _("Reference: %(ref)s") % {"ref": payment["reference_number"]},
                validated.get("note", ""),
            )
            if part
        )
        try:
            donation = offline_donation_record(
                organization=self.organization,
                actor=self.actor,
                data=data,
                amount_cents=validated["amount"],
                method=payment["method"],
                received_on=received_on,
                donor=donor,
                note=note,
                page=page,
            )
        except DonationRefused as exc:
            raise self.refused("amount", " ".join(str(m) for m in exc.messages)) from None
        except (InvalidContact, PersonRefused) as exc:
            raise self.contact_errors(exc, data) from None
        self.helper_apply(donation.person, validated, targets)
        found = get_object_or_404(self.donations(), pk=donation.pk)
        return Response(donation_representation(found, self.links))


@extend_schema(tags=["donations"], parameters=[PAGE_ID])
class PageDonationsView(RecordDonationMixin, DonationsBase):
    @extend_schema(
        summary="List a fundraising page's donations",
        operation_id="fundraising_page_donations_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:donations", out.DonationOutput)},
    )
    def get(self, request, page_id):
        page = self.page_or_404(page_id)
        return self.collection(
            queryset=self.donations(page), rel="osdi:donations", represent=donation_representation
        )

    @extend_schema(
        summary="Record a gift received offline (the record donation helper's shape)",
        operation_id="fundraising_page_donations_create",
        request=RecordDonationInput,
        responses={200: out.DonationOutput},
    )
    def post(self, request, page_id):
        return self.record(self.page_or_404(page_id))


@extend_schema(tags=["donations"], parameters=[PAGE_ID])
class RecordDonationHelperView(RecordDonationMixin, DonationsBase):
    @extend_schema(
        summary="Record donation helper (gifts received offline)",
        request=RecordDonationInput,
        responses={200: out.DonationOutput},
    )
    def post(self, request, page_id):
        return self.record(self.page_or_404(page_id))


@extend_schema(tags=["donations"])
class DonationsView(DonationsBase):
    @extend_schema(
        summary="List donations",
        operation_id="donations_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:donations", out.DonationOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=self.donations(), rel="osdi:donations", represent=donation_representation
        )


@extend_schema(tags=["donations"], parameters=[DONATION_ID])
class DonationView(DonationsBase):
    @extend_schema(summary="Get a donation", responses={200: out.DonationOutput})
    def get(self, request, donation_id):
        return Response(
            donation_representation(self.get_by_pk(self.donations(), donation_id), self.links)
        )
