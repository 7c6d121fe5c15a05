"""OpenAPI description helpers: output serializers that document the representations, the
collection envelope and the query parameters every collection takes."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

COLLECTION_PARAMETERS = [
    OpenApiParameter(
        "page", int, description="Page number (1 = first). Past the end: an empty page."
    ),
    OpenApiParameter(
        "per_page", int, description="Records per page: default 25, at most max_pagesize."
    ),
    OpenApiParameter(
        "after",
        int,
        description="Keyset cursor, set in _links.next: the records after this one.",
    ),
    OpenApiParameter(
        "$filter",
        str,
        description="OData filter, e.g. modified_date gt '2026-01-01T00:00:00Z'.",
    ),
    OpenApiParameter("filter", str, description="Same as $filter."),
]


class LinkOutput(serializers.Serializer):
    href = serializers.CharField()
    title = serializers.CharField(required=False)


class LinksField(serializers.DictField):
    child = serializers.JSONField()


class CommonOutput(serializers.Serializer):
    identifiers = serializers.ListField(child=serializers.CharField())
    created_date = serializers.DateTimeField()
    modified_date = serializers.DateTimeField()
    _links = serializers.DictField(child=serializers.JSONField())


class EmailOutput(serializers.Serializer):
    primary = serializers.BooleanField()
    address = serializers.CharField()
    status = serializers.CharField()


class PhoneOutput(serializers.Serializer):
    primary = serializers.BooleanField()
    number = serializers.CharField()
    number_type = serializers.CharField()
    sms_capable = serializers.BooleanField()
    status = serializers.CharField()


class LocationOutput(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()


class AddressOutput(serializers.Serializer):
    primary = serializers.BooleanField()
    address_lines = serializers.ListField(child=serializers.CharField())
    locality = serializers.CharField(allow_blank=True)
    region = serializers.CharField(allow_blank=True)
    postal_code = serializers.CharField(allow_blank=True)
    country = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    location = LocationOutput(required=False)


class BirthdateOutput(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    day = serializers.IntegerField()


class PersonOutput(CommonOutput):
    origin_system = serializers.CharField()
    given_name = serializers.CharField(allow_blank=True)
    family_name = serializers.CharField(allow_blank=True)
    additional_name = serializers.CharField(required=False)
    gender = serializers.ChoiceField(choices=["Female", "Male", "Other"], required=False)
    birthdate = BirthdateOutput(required=False)
    employer = serializers.CharField(required=False)
    languages_spoken = serializers.ListField(child=serializers.CharField())
    email_addresses = EmailOutput(many=True)
    phone_numbers = PhoneOutput(many=True)
    postal_addresses = AddressOutput(many=True)
    custom_fields = serializers.DictField(child=serializers.JSONField())


class TagOutput(CommonOutput):
    origin_system = serializers.CharField()
    name = serializers.CharField()


class TaggingOutput(CommonOutput):
    item_type = serializers.CharField()


class ItemOutput(CommonOutput):
    item_type = serializers.CharField()


class ListOutput(CommonOutput):
    origin_system = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    total_items = serializers.IntegerField(required=False)


class NoticeOutput(serializers.Serializer):
    notice = serializers.CharField()


class ErrorDetail(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class ErrorOutput(serializers.Serializer):
    error = ErrorDetail()


class EntryPointOutput(serializers.Serializer):
    motd = serializers.CharField()
    vendor_name = serializers.CharField()
    product_name = serializers.CharField()
    osdi_version = serializers.CharField()
    max_pagesize = serializers.IntegerField()
    namespace = serializers.CharField()
    _links = serializers.DictField(child=serializers.JSONField())


_COLLECTIONS: dict[str, serializers.Serializer] = {}


def collection_of(rel: str, item: type[serializers.Serializer]):
    """The HAL collection envelope whose ``_embedded[rel]`` holds ``item`` representations."""
    name = item.__name__.removesuffix("Output") + "Collection"
    if name not in _COLLECTIONS:
        _COLLECTIONS[name] = inline_serializer(
            name=name,
            fields={
                "total_pages": serializers.IntegerField(),
                "per_page": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "total_records": serializers.IntegerField(),
                "_links": serializers.DictField(child=serializers.JSONField()),
                "_embedded": inline_serializer(
                    name=f"{name}Embedded", fields={rel: item(many=True)}
                ),
            },
        )
    return _COLLECTIONS[name]


__all__ = ["COLLECTION_PARAMETERS", "OpenApiTypes", "collection_of"]
