from django.utils.translation import gettext_lazy as _

LABELS = {
    "event.create": _("created the event “%(target)s”"),
    "event.update": _("changed the event “%(target)s”"),
    "event.publish": _("published the event “%(target)s”"),
    "event.cancel": _("cancelled the event “%(target)s”"),
    "event.propose": _("proposed the event “%(target)s”"),
    "event.approve": _("approved the proposed event “%(target)s”"),
    "event.reject": _("turned down the proposed event “%(target)s”"),
    "event.attendees_exported": _("exported the attendees of “%(target)s”"),
}
