"""The organization audit log: services call ``audit_record`` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def audit_record(
    *,
    organization,
    actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        organization=organization,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=data or {},
    )
