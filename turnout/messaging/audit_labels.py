from django.utils.translation import gettext_lazy as _

LABELS = {
    "broadcast.saved": _("saved the broadcast “%(target)s”"),
    "broadcast.sent": _("sent the broadcast “%(target)s”"),
    "broadcast.scheduled": _("scheduled the broadcast “%(target)s”"),
    "broadcast.cancelled": _("stopped the broadcast “%(target)s”"),
    "broadcast.duplicated": _("duplicated the broadcast “%(target)s”"),
    "broadcast.test_sent": _("sent a test of the broadcast “%(target)s”"),
    "messaging.settings_changed": _("changed the messaging settings"),
    "texting.created": _("created the texting campaign “%(target)s”"),
    "texting.updated": _("changed the texting campaign “%(target)s”"),
    "texting.contacts_loaded": _("loaded the contacts of “%(target)s”"),
    "texting.question_added": _("added a survey question to “%(target)s”"),
    "texting.reassigned": _("reassigned conversations of “%(target)s”"),
    "texting.start": _("started the texting campaign “%(target)s”"),
    "texting.pause": _("paused the texting campaign “%(target)s”"),
    "texting.finish": _("finished the texting campaign “%(target)s”"),
}
