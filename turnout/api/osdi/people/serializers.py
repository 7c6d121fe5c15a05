"""Input of the people endpoints (OSDI person, signup helper, tags, taggings, list items)."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from turnout.people.models import CustomField

from ..serializers import (
    READ_ONLY_OSDI,
    LinkSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictFloatField,
    StrictSerializer,
)

EMAIL_STATUSES = (
    "subscribed",
    "unsubscribed",
    "bouncing",
    "previous bounce",
    "spam complaint",
    "previous spam complaint",
)
PHONE_STATUSES = ("subscribed", "unsubscribed", "bouncing", "previous bounce")
GENDERS = {"female": "female", "male": "male", "other": "other"}
NUMBER_TYPES = {
    "mobile": "mobile",
    "cell": "mobile",
    "home": "landline",
    "work": "landline",
    "daytime": "landline",
    "evening": "landline",
    "landline": "landline",
    "fax": "other",
    "other": "other",
}
# OSDI person fields that Turnout does not store: accepted and ignored.
PERSON_IGNORED = READ_ONLY_OSDI | {
    "honorific_prefix",
    "honorific_suffix",
    "gender_identity",
    "party_identification",
    "parties",
    "ethnicities",
    "source",
    "browser_url",
    "profiles",
}
_IDENTIFIER_RE = re.compile(r"^[A-Za-z0-9_.-]{1,50}:[^\s]{1,100}$")


class EmailAddressInput(StrictSerializer):
    address = serializers.EmailField(max_length=254)
    primary = StrictBooleanField(required=False)
    status = serializers.ChoiceField(choices=EMAIL_STATUSES, required=False)
    address_type = StrictCharField(max_length=40, required=False)


class PhoneNumberInput(StrictSerializer):
    number = StrictCharField(max_length=30, allow_numbers=True, allow_blank=False)
    primary = StrictBooleanField(required=False)
    number_type = StrictCharField(max_length=20, required=False)
    sms_capable = StrictBooleanField(required=False)
    status = serializers.ChoiceField(choices=PHONE_STATUSES, required=False)
    do_not_call = StrictBooleanField(required=False)

    def validate_number_type(self, value):
        if value and value.lower() not in NUMBER_TYPES:
            raise serializers.ValidationError(_("Use one of: Mobile, Home, Work, Other."))
        return NUMBER_TYPES.get(value.lower(), "") if value else ""


class LocationInput(StrictSerializer):
    latitude = StrictFloatField(min_value=-90, max_value=90)
    longitude = StrictFloatField(min_value=-180, max_value=180)
    accuracy = StrictCharField(max_length=40, required=False)


class PostalAddressInput(StrictSerializer):
    primary = StrictBooleanField(required=False)
    address_lines = serializers.ListField(
        child=StrictCharField(max_length=200), max_length=5, required=False
    )
    locality = StrictCharField(max_length=100, required=False)
    region = StrictCharField(max_length=100, required=False)
    postal_code = StrictCharField(max_length=16, required=False, allow_numbers=True)
    country = StrictCharField(max_length=2, required=False)
    location = LocationInput(required=False)
    address_type = StrictCharField(max_length=40, required=False)
    status = StrictCharField(max_length=20, required=False)
    language = StrictCharField(max_length=10, required=False)


class BirthdateInput(StrictSerializer):
    year = serializers.IntegerField(min_value=1880, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    day = serializers.IntegerField(min_value=1, max_value=31)


@extend_schema_field(BirthdateInput)
class BirthdateField(serializers.Field):
    """``{"year", "month", "day"}`` as OSDI writes it, or an ISO date string."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            parsed = parse_date(data) if re.match(r"^\d{4}-\d{2}-\d{2}$", data) else None
            if parsed is None:
                raise serializers.ValidationError(_("Use YYYY-MM-DD or year, month, day."))
            return parsed
        parts = BirthdateInput(data=data)
        if not parts.is_valid():
            raise serializers.ValidationError(parts.errors)
        try:
            return dt.date(**parts.validated_data)
        except ValueError:
            raise serializers.ValidationError(_("This date does not exist.")) from None

    def to_representation(self, value):
        return {"year": value.year, "month": value.month, "day": value.day}


class PersonInput(StrictSerializer):
    """An OSDI person as POSTed or PUT. Which fields are read-only or ignored:
    docs/guide/api.md ("What you can write")."""

    ignored_fields = PERSON_IGNORED

    identifiers = serializers.ListField(
        child=StrictCharField(max_length=160), max_length=20, required=False
    )
    origin_system = StrictCharField(max_length=100, required=False)
    given_name = StrictCharField(max_length=100, required=False)
    family_name = StrictCharField(max_length=100, required=False)
    additional_name = StrictCharField(max_length=100, required=False)
    gender = StrictCharField(max_length=20, required=False)
    birthdate = BirthdateField(required=False)
    employer = StrictCharField(max_length=150, required=False)
    languages_spoken = serializers.ListField(
        child=StrictCharField(max_length=10), max_length=10, required=False
    )
    email_addresses = serializers.ListField(
        child=EmailAddressInput(), max_length=10, required=False
    )
    phone_numbers = serializers.ListField(child=PhoneNumberInput(), max_length=10, required=False)
    postal_addresses = serializers.ListField(
        child=PostalAddressInput(), max_length=5, required=False
    )
    custom_fields = serializers.DictField(required=False)

    def validate_identifiers(self, value):
        bad = [i for i in value if not _IDENTIFIER_RE.match(i)]
        if bad:
            raise serializers.ValidationError(
                _("An identifier is “system:id”, e.g. “my_crm:1234”.")
            )
        return value

    def validate_gender(self, value):
        if value and value.lower() not in GENDERS:
            raise serializers.ValidationError(_("Use one of: Female, Male, Other."))
        return GENDERS.get(value.lower(), "") if value else ""

    def validate_languages_spoken(self, value):
        known = {code for code, _name in settings.LANGUAGES}
        return [code.lower()[:2] for code in value if code.lower()[:2] in known]

    def validate_custom_fields(self, value):
        organization = self.context["organization"]
        hidden = self.context.get("hidden_custom_fields", frozenset())
        fields = {
            f.key: f
            for f in CustomField.objects.for_organization(organization)
            if f.key not in hidden
        }
        errors, clean = {}, {}
        for key, raw in value.items():
            field = fields.get(key)
            if field is None:
                errors[key] = [_("Unknown custom field.")]
                continue
            try:
                clean[key] = custom_value(field, raw)
            except ValueError as exc:
                errors[key] = [str(exc)]
        if errors:
            raise serializers.ValidationError(errors)
        return clean


def custom_value(field: CustomField, raw):
    """The JSON value stored for a custom field (as the CRM's forms store it)."""
    if raw is None:
        return None
    kind = field.kind
    if kind == CustomField.Kind.NUMBER:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError(_("Must be a number."))
        return float(raw)
    if kind == CustomField.Kind.BOOLEAN:
        if not isinstance(raw, bool):
            raise ValueError(_("Must be true or false."))
        return raw
    if not isinstance(raw, str):
        raise ValueError(_("Must be a string."))
    if kind == CustomField.Kind.DATE:
        parsed = parse_date(raw) if re.match(r"^\d{4}-\d{2}-\d{2}$", raw) else None
        if parsed is None:
            raise ValueError(_("Must be a date, YYYY-MM-DD."))
        return parsed.isoformat()
    if kind == CustomField.Kind.CHOICE:
        if raw not in field.choices:
            raise ValueError(
                _("Must be one of: %(choices)s.") % {"choices": ", ".join(field.choices)}
            )
        return raw
    if len(raw) > 500:
        raise ValueError(_("At most 500 characters."))
    return raw


class SignupHelperInput(StrictSerializer):
    """OSDI person signup helper (and Action Network's POST /people, which has this shape)."""

    ignored_fields = READ_ONLY_OSDI | {"triggers"}

    person = PersonInput()
    add_tags = serializers.ListField(
        child=StrictCharField(max_length=80, allow_blank=False), max_length=50, required=False
    )
    add_tags_uri = serializers.ListField(
        child=StrictCharField(max_length=500), max_length=50, required=False
    )
    remove_tags = serializers.ListField(
        child=StrictCharField(max_length=80, allow_blank=False), max_length=50, required=False
    )
    add_lists = serializers.ListField(
        child=StrictCharField(max_length=120, allow_blank=False), max_length=50, required=False
    )
    add_lists_uri = serializers.ListField(
        child=StrictCharField(max_length=500), max_length=50, required=False
    )


class TagInput(StrictSerializer):
    ignored_fields = READ_ONLY_OSDI | {"identifiers", "origin_system"}

    name = StrictCharField(max_length=80, allow_blank=False)


class ListInput(StrictSerializer):
    ignored_fields = READ_ONLY_OSDI | {"identifiers", "origin_system", "total_items"}

    name = StrictCharField(max_length=120, allow_blank=False, required=False)
    title = StrictCharField(max_length=120, allow_blank=False, required=False)
    description = StrictCharField(max_length=2000, required=False)

    def validate(self, attrs):
        if not (attrs.get("name") or attrs.get("title")):
            raise serializers.ValidationError({"name": [_("A list needs a name.")]})
        return attrs


class PersonLinks(StrictSerializer):
    ignored_fields = frozenset({"self", "curies", "osdi:tag", "osdi:list"})
    person = LinkSerializer(required=False)

    def to_internal_value(self, data):
        # HAL writes the relation as "osdi:person".
        if isinstance(data, dict) and "osdi:person" in data:
            data = {**data, "person": data["osdi:person"]}
            data.pop("osdi:person")
        return super().to_internal_value(data)


class PersonLinkInput(StrictSerializer):
    """A tagging or list item: ``{"_links": {"osdi:person": {"href": ".../people/<id>"}}}``
    (any host: the trailing id counts), or ``{"person_id": "<id>"}``."""

    ignored_fields = frozenset({"created_date", "modified_date", "identifiers", "item_type"})
    _links = PersonLinks(required=False)
    person_id = StrictCharField(max_length=200, required=False)

    def validate(self, attrs):
        href = (attrs.get("_links") or {}).get("person", {}).get("href") or attrs.get("person_id")
        if not href:
            raise serializers.ValidationError(
                {"_links": [_("Give the person as _links.osdi:person.href.")]}
            )
        attrs["person_ref"] = href
        return attrs
