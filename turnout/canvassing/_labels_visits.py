"""Audit log lines of visits and survey scripts (merged into canvassing/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "canvassing.script_saved": _("changed the survey script of “%(target)s”"),
    "canvassing.visit_attached": _("attached a rejected visit to the turf “%(target)s”"),
    "canvassing.visit_dismissed": _("dismissed a rejected visit"),
}
