from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "turnout.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        from . import hooks, policies  # noqa: F401  (registers CRM hooks and rules)
