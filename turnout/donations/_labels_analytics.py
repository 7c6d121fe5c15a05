"""Audit log lines of the donations list and the accounting export (merged into
donations/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "donations.refund_recorded": _(
        "recorded the refund of a donation entered by hand (%(target)s)"
    ),
    "donations.refund_requested": _("asked the payment provider to refund a donation (%(target)s)"),
    "donations.exported": _("exported the donations for accounting"),
}
