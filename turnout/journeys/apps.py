from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "turnout.journeys"
    label = "journeys"
    verbose_name = _("Journeys")

    def ready(self) -> None:
        # Registers the activity hook, the person-page panel, merge and erasure hooks, the
        # rules, the runner task and its periodic tick.
        from . import hooks, policies, tasks  # noqa: F401
