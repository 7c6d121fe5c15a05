from django.utils.translation import gettext_lazy as _

LABELS: dict = {
    "campaign.contribution_add": _("added a contribution to the wall (%(target)s)"),
    "campaign.contribution_delete": _("deleted a contribution from the wall (%(target)s)"),
    "campaign.contribution_hide": _("hid a contribution from the wall (%(target)s)"),
    "campaign.contribution_unhide": _("showed a hidden contribution again (%(target)s)"),
    "campaign.reach_declare": _("declared a reach figure for “%(target)s”"),
    "campaign.reach_withdraw": _("withdrew a declared reach figure of “%(target)s”"),
}
