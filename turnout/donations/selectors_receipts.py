from __future__ import annotations

from django.db.models import QuerySet

from .models import Receipt


def receipt_list(*, organization, year: int | None = None, kind: str = "") -> QuerySet[Receipt]:
    receipts = Receipt.objects.for_organization(organization).select_related(
        "person", "cancels", "cancelled_by"
    )
    if year:
        receipts = receipts.filter(year=year)
    if kind:
        receipts = receipts.filter(kind=kind)
    return receipts.order_by("-year", "-number")


def receipt_get(*, organization, receipt_id: int) -> Receipt:
    """The organization's receipt, or Receipt.DoesNotExist (another tenant's id included)."""
    return (
        Receipt.objects.for_organization(organization).select_related("person").get(pk=receipt_id)
    )
