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


# --- Readable lines of the audit log ------------------------------------------------------
# Each app may have an ``audit_labels.py`` with ``LABELS = {"action.code": gettext_lazy(...)}``
# whose texts name the target as ``%(target)s`` (the object's name when the event happened).
# The audit page shows "<actor> <label>"; an unknown code shows as is.

_LABELS: dict | None = None


def audit_labels() -> dict:
    global _LABELS
    if _LABELS is None:
        from django.apps import apps
        from django.utils.module_loading import module_has_submodule

        labels = {}
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "audit_labels"):
                module = __import__(f"{config.name}.audit_labels", fromlist=["LABELS"])
                labels.update(module.LABELS)
        _LABELS = labels
    return _LABELS


def audit_label(event: AuditEvent) -> str:
    label = audit_labels().get(event.action)
    if label is None:
        return f"{event.action} {event.target_repr}".strip()
    return str(label) % {"target": event.target_repr}
