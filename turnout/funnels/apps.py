from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FunnelsConfig(AppConfig):
    name = "turnout.funnels"
    label = "funnels"
    verbose_name = _("Engagement ladder")
