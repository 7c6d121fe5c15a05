from django.utils.translation import gettext_lazy as _

LABELS: dict = {
    "campaign.cloned": _("cloned the campaign “%(target)s” into a sister campaign"),
    "campaign.dashboard_exported": _("exported the impact dashboard of “%(target)s”"),
    "lead.create": _("added “%(target)s” to the pipeline"),
    "lead.update": _("updated the lead “%(target)s”"),
    "lead.move": _("moved the lead “%(target)s” to another stage"),
    "lead.move_undone": _("undid the last move of the lead “%(target)s”"),
}
