from django.utils.translation import gettext_lazy as _

LABELS = {
    "journey.created": _("created the journey “%(target)s”"),
    "journey.updated": _("changed the journey “%(target)s”"),
    "journey.activated": _("started the journey “%(target)s”"),
    "journey.paused": _("paused the journey “%(target)s”"),
    "journey.resumed": _("resumed the journey “%(target)s”"),
    "journey.archived": _("archived the journey “%(target)s”"),
    "journey.step_added": _("added a step to the journey “%(target)s”"),
    "journey.step_changed": _("changed a step of the journey “%(target)s”"),
    "journey.step_removed": _("removed a step from the journey “%(target)s”"),
    "journey.person_exited": _("took someone out of the journey “%(target)s”"),
}
