from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisualsConfig(AppConfig):
    name = "turnout.visuals"
    label = "visuals"
    verbose_name = _("Campaign visuals")

    def ready(self) -> None:
        # Checks, rules, job handlers and the file clean-up register by being imported.
        from . import checks, jobs, policies, signals  # noqa: F401
