"""Monthly gifts in the tenant-isolation walker: how to make one in another organization, and
why the donor's page may take a token outside a workspace."""

from .factories import SubscriptionFactory

OBJECT_KWARGS = {
    "subscription_id": lambda org: SubscriptionFactory(organization=org).pk,
}

EXEMPT = {
    "donation_monthly:manage": "a donor's monthly gift, by the signed token of its emails",
}
