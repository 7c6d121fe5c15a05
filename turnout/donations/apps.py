from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "turnout.donations"
    label = "donations"
    verbose_name = _("Donations")

    def ready(self) -> None:
        # Permissions, the paid hook that issues receipts, the export job's handler and the
        # periodic tasks (receipts and monthly gifts catch-up) register by being imported.
        from . import (  # noqa: F401
            exports,
            hooks_receipts,
            policies_analytics,
            policies_limits,
            policies_receipts,
            policies_subscriptions,
            tasks_subscriptions,
        )
