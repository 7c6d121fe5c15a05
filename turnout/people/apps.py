from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "turnout.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from . import jobs, policies  # noqa: F401  (registers job handlers and rules)
