"""Reads for the import pages. Ids from a request are resolved within the organization."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from ..models import CustomField, ImportMapping, PeopleImport
from .mapping import headers_key


def imports_for(*, organization):
    return (
        PeopleImport.objects.for_organization(organization)
        .select_related("created_by", "job")
        .order_by("-created_at", "-id")
    )


def import_get(*, organization, import_id: int) -> PeopleImport:
    return get_object_or_404(
        PeopleImport.objects.for_organization(organization).select_related("created_by", "job"),
        pk=import_id,
    )


def mapping_remembered(*, organization, headers: list[str]) -> ImportMapping | None:
    return (
        ImportMapping.objects.for_organization(organization)
        .filter(headers_key=headers_key(headers))
        .first()
    )


def import_custom_fields(*, organization):
    return list(CustomField.objects.for_organization(organization))
