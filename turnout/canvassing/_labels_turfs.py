"""Audit log lines of the turfs area (merged into canvassing/audit_labels.py)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "canvassing.effort_created": _("created the canvassing effort “%(target)s”"),
    "canvassing.effort_updated": _("changed the canvassing effort “%(target)s”"),
    "canvassing.turfs_cut_started": _("started cutting “%(target)s” into turfs"),
    "canvassing.turfs_cut": _("cut “%(target)s” into turfs"),
    "canvassing.turf_stops_moved": _("moved addresses out of the turf “%(target)s”"),
    "canvassing.turf_split": _("split the turf “%(target)s” in two"),
    "canvassing.turf_merged": _("merged another turf into “%(target)s”"),
    "canvassing.turf_assigned": _("assigned the turf “%(target)s” to a canvasser"),
    "canvassing.turf_unassigned": _("took the turf “%(target)s” back from its canvasser"),
    "canvassing.turf_assigned_team": _("gave the turf “%(target)s” to a team"),
    "canvassing.team_created": _("created the canvassing team “%(target)s”"),
    "canvassing.team_updated": _("changed the canvassing team “%(target)s”"),
    "canvassing.team_deleted": _("deleted the canvassing team “%(target)s”"),
}
