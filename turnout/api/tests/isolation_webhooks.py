"""How to make, in another organization, each object that a webhooks URL names."""

from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory

OBJECT_KWARGS = {
    "webhook_id": lambda org: WebhookSubscriptionFactory(organization=org).pk,
    "webhook_delivery_id": lambda org: WebhookDeliveryFactory(subscription__organization=org).pk,
}

EXEMPT: dict[str, str] = {}
