from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "turnout.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Rules, CRM hooks (merge, erasure, the person-page panel) and the periodic
        # reminders register by being imported.
        from . import hooks, policies  # noqa: F401
        from .services import reminders  # noqa: F401
