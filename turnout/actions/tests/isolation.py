"""How to make, in another organization, each object that an actions URL names."""

from .factories import ActionFactory, DeliveryFactory

OBJECT_KWARGS = {
    "action_id": lambda org: ActionFactory(organization=org).pk,
    "delivery_id": lambda org: DeliveryFactory(action__organization=org).pk,
}

EXEMPT = {
    "actions_public:action": "public page of a published action, by its public address",
    "actions_public:thanks": "public thank-you page of a published action",
    "actions_public:confirm": "a signed token naming one submission; shows no personal data",
    "actions_public:embed": "the embeddable form of a published action, by its public address",
    "actions_public:widget": "the embed script of a published action (no data)",
}
