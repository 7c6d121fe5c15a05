"""The organization's own fields on people."""

from __future__ import annotations

from django.db import transaction

from turnout.core.audit import audit_record

from ..models import CustomField


@transaction.atomic
def custom_field_create(
    *, organization, actor, label: str, key: str, kind: str, sensitive: bool, choices: list[str]
) -> CustomField:
    field = CustomField.objects.create(
        organization=organization,
        label=label,
        key=key,
        kind=kind,
        sensitive=sensitive,
        choices=choices,
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="people.field_created",
        target=field,
        data={"key": key, "kind": kind, "sensitive": sensitive},
    )
    return field


@transaction.atomic
def custom_field_delete(*, field: CustomField, actor) -> None:
    """Remove the field from forms and pages; values already stored on people are kept."""
    audit_record(
        organization=field.organization,
        actor=actor,
        action="people.field_deleted",
        target=field,
        data={"key": field.key},
    )
    field.delete()
