"""Audit log lines of the monthly gifts area (merged into donations/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "donations.subscription_stopped": _("stopped the monthly gift %(target)s"),
}
