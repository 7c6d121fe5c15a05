from django.utils.translation import gettext_lazy as _

LABELS = {
    "ladder.rung_created": _("added the rung “%(target)s” to the ladder"),
    "ladder.rung_updated": _("changed the rung “%(target)s” of the ladder"),
    "ladder.rung_deleted": _("deleted the rung “%(target)s” of the ladder"),
    "ladder.rung_moved": _("moved the rung “%(target)s” of the ladder"),
    "ladder.suggested_used": _("set up the suggested engagement ladder"),
}
