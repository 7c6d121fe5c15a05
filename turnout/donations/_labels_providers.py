"""Audit action labels of the payment providers area (none: provider events are recorded in
``ProviderEvent`` and on the person's timeline, not in the audit log)."""

LABELS: dict = {}
