from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "turnout.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from . import jobs, policies  # noqa: F401  (registers job handlers and rules)
