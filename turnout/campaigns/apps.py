from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "turnout.campaigns"
    label = "campaigns"
    verbose_name = _("Cooperative campaigns")

    def ready(self) -> None:
        # Registers the policies, the hooks that move quests forward and the demo seeders.
        from . import hooks, policies  # noqa: F401
