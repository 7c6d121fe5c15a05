from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GotvConfig(AppConfig):
    name = "turnout.gotv"
    label = "gotv"
    verbose_name = _("Get out the vote")

    def ready(self) -> None:
        # Rules and the periodic release of reminders register by being imported; the
        # placements linked to a campaign add their clicks and audience to its reach.
        from turnout.campaigns import reach

        from . import policies, tasks  # noqa: F401
        from .selectors import placements_campaign_reach

        if placements_campaign_reach not in reach.EXTRA_REACH:
            reach.EXTRA_REACH.append(placements_campaign_reach)
