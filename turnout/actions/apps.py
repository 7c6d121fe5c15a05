from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "turnout.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        # CRM hooks, rules, job handlers and periodic tasks register by being imported.
        from . import hooks, jobs, policies, tasks  # noqa: F401
