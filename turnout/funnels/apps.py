from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FunnelsConfig(AppConfig):
    name = "turnout.funnels"
    label = "funnels"
    verbose_name = _("Engagement ladder")

    def ready(self) -> None:
        # Registers the activity hook, the person-page panel, the rules, the recompute job
        # and its daily run.
        from . import hooks, policies, tasks  # noqa: F401
