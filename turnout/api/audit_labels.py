"""Readable audit lines of the API and webhooks."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "webhooks.subscription_created": _("added the webhook “%(target)s”"),
    "webhooks.subscription_updated": _("changed the webhook “%(target)s”"),
    "webhooks.secret_rotated": _("changed the signing secret of the webhook “%(target)s”"),
    "webhooks.subscription_enabled": _("turned the webhook “%(target)s” back on"),
    "webhooks.subscription_disabled": _("turned off the webhook “%(target)s”"),
    "webhooks.subscription_deleted": _("deleted the webhook “%(target)s”"),
    "webhooks.ping_sent": _("sent a test to the webhook “%(target)s”"),
    "webhooks.delivery_replayed": _("sent a delivery of the webhook “%(target)s” again"),
    "webhooks.deliveries_replayed": _(
        "sent the failed deliveries of the webhook “%(target)s” again"
    ),
    "api.token_created": _("created the API token “%(target)s”"),
    "api.token_revoked": _("revoked the API token “%(target)s”"),
    "people.list_created": _("created the list “%(target)s” through the API"),
}
