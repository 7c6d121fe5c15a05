from django.utils.translation import gettext_lazy as _

LABELS = {
    "action.create": _("created the action “%(target)s”"),
    "action.update": _("changed the action “%(target)s”"),
    "action.publish": _("published the action “%(target)s”"),
    "action.close": _("closed the action “%(target)s”"),
    "action.question_add": _("added a question to “%(target)s”"),
    "action.question_update": _("changed a question of “%(target)s”"),
    "action.question_remove": _("removed a question from “%(target)s”"),
    "action.question_restore": _("put back a question of “%(target)s”"),
    "action.asks_update": _("changed the next asks of “%(target)s”"),
    "action.sponsor_add": _("added a co-sponsor to “%(target)s”"),
    "action.sponsor_update": _("changed a co-sponsor of “%(target)s”"),
    "action.sponsor_remove": _("removed a co-sponsor from “%(target)s”"),
    "action.submissions_exported": _("exported the submissions of “%(target)s”"),
    "action.delivery_prepared": _("prepared a delivery of “%(target)s” to its targets"),
    "action.delivery_downloaded": _("downloaded a delivery file of “%(target)s”"),
    "action.intake_retry": _("retried the submissions of “%(target)s” that could not be recorded"),
}
