"""Audit log lines of the fundraising pages area (merged into donations/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "donations.page_created": _("created the fundraising page %(target)s"),
    "donations.page_updated": _("changed the fundraising page %(target)s"),
    "donations.page_published": _("published the fundraising page %(target)s"),
    "donations.page_closed": _("closed the fundraising page %(target)s"),
}
