from django.utils.translation import gettext_lazy as _

LABELS = {
    "campaign.create": _("created the campaign “%(target)s”"),
    "campaign.open": _("opened the campaign “%(target)s”"),
    "campaign.close": _("closed the campaign “%(target)s”"),
    "campaign.charter_published": _("published a new charter version of “%(target)s”"),
}
