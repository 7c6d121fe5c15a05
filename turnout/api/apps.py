from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "turnout.api"
    label = "api"
    verbose_name = _("API and webhooks")

    def ready(self) -> None:
        # Webhooks: rules, CRM hooks (erasure, merge) and the periodic retry sweep.
        from .webhooks import hooks, policies, tasks  # noqa: F401
