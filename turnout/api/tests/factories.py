import factory

from turnout.accounts.models import ApiToken
from turnout.api.osdi.auth import key_hash
from turnout.organizations.tests.factories import OrganizationFactory


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token whose secret is ``secret`` (default ``tnt_test_<n>``); pass ``secret=...``."""

    class Meta:
        model = ApiToken
        exclude = ("secret",)

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Sync {n}")
    secret = factory.Sequence(lambda n: f"tnt_test_secret_{n:06d}")
    prefix = factory.LazyAttribute(lambda o: o.secret[:12])
    key_hash = factory.LazyAttribute(lambda o: key_hash(o.secret))
    scopes = factory.LazyFunction(lambda: ["people:write"])
    action_network_compatible = False


# --- Webhooks (turnout/api/webhooks) ------------------------------------------------------------

from django.utils import timezone as _webhooks_timezone  # noqa: E402

from turnout.api.models import WebhookDelivery, WebhookEvent, WebhookSubscription  # noqa: E402
from turnout.api.webhooks.signing import secret_new  # noqa: E402


class WebhookSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookSubscription

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Warehouse {n}")
    target_url = "https://hooks.example.org/turnout"
    event_types = factory.LazyFunction(lambda: ["person.created", "person.updated"])
    secret = factory.LazyFunction(secret_new)


class WebhookEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEvent

    organization = factory.SubFactory(OrganizationFactory)
    type = "person.created"
    payload = factory.LazyAttribute(
        lambda o: {"type": o.type, "_embedded": {"osdi:person": {"given_name": "Léa"}}}
    )


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    subscription = factory.SubFactory(WebhookSubscriptionFactory)
    organization = factory.SelfAttribute("subscription.organization")
    event = factory.SubFactory(
        WebhookEventFactory, organization=factory.SelfAttribute("..subscription.organization")
    )
    next_attempt_at = factory.LazyFunction(_webhooks_timezone.now)
