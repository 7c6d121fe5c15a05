"""Audit log lines of the limits area (merged into donations/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "donations.legal_profile_changed": _("changed the legal profile for donations (%(target)s)"),
    "donations.offline_recorded": _("entered a donation received offline (%(target)s)"),
}
