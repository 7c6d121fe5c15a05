from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanvassingConfig(AppConfig):
    name = "turnout.canvassing"
    label = "canvassing"
    verbose_name = _("Canvassing")

    def ready(self) -> None:
        # Permissions and job handlers register by being imported.
        from . import demo_turfs, demo_visits, jobs_targeting, jobs_turfs, policies  # noqa: F401
