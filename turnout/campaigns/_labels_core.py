from django.utils.translation import gettext_lazy as _

LABELS = {
    "campaign.create": _("created the campaign “%(target)s”"),
    "campaign.open": _("opened the campaign “%(target)s”"),
    "campaign.close": _("closed the campaign “%(target)s”"),
    "campaign.charter_published": _("published a new charter version of “%(target)s”"),
    "campaign.update": _("edited the campaign “%(target)s”"),
    "campaign.partner_added": _("added a partner to “%(target)s”"),
    "campaign.partner_changed": _("edited a partner of “%(target)s”"),
    "campaign.partner_removed": _("removed a partner from “%(target)s”"),
    "campaign.participation_applied": _("applied to the campaign “%(target)s”"),
    "campaign.participation_resubmitted": _("sent a revised application to “%(target)s”"),
    "campaign.participation_approved": _("approved an organization in “%(target)s”"),
    "campaign.participation_rejected": _("rejected an application to “%(target)s”"),
    "campaign.participation_changes_requested": _(
        "asked an organization for changes in “%(target)s”"
    ),
    "campaign.participation_suspended": _("suspended an organization in “%(target)s”"),
    "campaign.participation_reinstated": _("reinstated an organization in “%(target)s”"),
}
