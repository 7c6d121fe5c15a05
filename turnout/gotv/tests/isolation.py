"""How to make, in another organization, each object a GOTV workspace URL names, and why the
public perk pages take other keys."""

from .factories import PerkClaimFactory, PerkOfferFactory, PlacementFactory, ReminderProgramFactory

OBJECT_KWARGS = {
    "program_id": lambda org: ReminderProgramFactory(organization=org).pk,
    "offer_id": lambda org: PerkOfferFactory(organization=org).pk,
    "claim_id": lambda org: PerkClaimFactory(organization=org).pk,
    "placement_id": lambda org: PlacementFactory(organization=org).pk,
}

EXEMPT = {
    "gotv_public:claim": "public claim page of a published offer, by organization and offer slugs",
    "gotv_public:remind": "public reminder opt-in page, by organization and election slugs",
    "gotv_public:go": "a placement's tracked link, by its public code (counts a click, redirects)",
}
