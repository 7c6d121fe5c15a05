"""Input serializers shared by every resource: strict about unknown fields and types.

``StrictSerializer`` refuses keys it does not declare (400 "Unknown field"), except the
read-only OSDI keys a client may send back unchanged after a GET (``_links``, ``_embedded``,
``created_date``, ``modified_date``, ``identifiers`` where not declared), which are ignored.
Server-owned fields (``organization``, ids, ``do_not_contact`` ...) are not OSDI fields and so
are refused. Booleans must be JSON true/false; ``null`` counts as "not given".
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

READ_ONLY_OSDI = frozenset({"_links", "_embedded", "created_date", "modified_date"})


class StrictSerializer(serializers.Serializer):
    #: keys accepted and dropped (OSDI fields that are read-only or that we do not store)
    ignored_fields: frozenset = READ_ONLY_OSDI

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
        unknown = set(data) - set(self.fields) - set(self.ignored_fields)
        errors = {key: [_("Unknown field.")] for key in sorted(unknown, key=str)}
        try:
            # null means "not given" (some clients send every field, null when unknown).
            known = {k: v for k, v in data.items() if k in self.fields and v is not None}
            value = super().to_internal_value(known)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            errors.update(exc.detail)
        if errors:
            raise serializers.ValidationError(errors)
        return value


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": gettext_lazy("Must be true or false.")}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid")


class StrictCharField(serializers.CharField):
    """A string; numbers are refused (except where ``allow_numbers``)."""

    def __init__(self, *args, allow_numbers: bool = False, **kwargs):
        self.allow_numbers = allow_numbers
        kwargs.setdefault("allow_blank", True)
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) and not (
            self.allow_numbers and isinstance(data, int) and not isinstance(data, bool)
        ):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        return super().to_internal_value(data)


def link_href_field(**kwargs):
    """``{"href": "..."}`` as HAL writes a link."""
    return LinkSerializer(**kwargs)


class LinkSerializer(StrictSerializer):
    href = StrictCharField(max_length=500)
    title = StrictCharField(max_length=200, required=False)
