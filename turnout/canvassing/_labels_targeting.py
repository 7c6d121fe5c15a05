"""Audit log lines of the targeting area (merged into canvassing/audit_labels.py); the target
is the import's job, named by its title."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "canvassing.addresses.import_started": _("started “%(target)s”"),
    "canvassing.addresses.imported": _("finished “%(target)s”"),
    "canvassing.addresses.undo_started": _("asked to undo “%(target)s”"),
    "canvassing.addresses.import_undone": _("undid “%(target)s”"),
    "canvassing.stations.import_started": _("started “%(target)s”"),
    "canvassing.stations.imported": _("finished “%(target)s”"),
    "canvassing.results.import_started": _("started “%(target)s”"),
    "canvassing.results.imported": _("finished “%(target)s”"),
}
