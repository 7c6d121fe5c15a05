from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "turnout.donations"
    label = "donations"
    verbose_name = _("Donations")

    def ready(self) -> None:
        # Permissions, and the paid hook that issues receipts, register by being imported.
        from . import hooks_receipts, policies_limits, policies_receipts  # noqa: F401
