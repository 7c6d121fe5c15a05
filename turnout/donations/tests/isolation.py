"""How to make, in another organization, each object that a donations URL names, and why the
public donation URLs may take ids outside a workspace."""

from .factories import DonationFactory, FundraisingPageFactory, ReceiptFactory

OBJECT_KWARGS = {
    "receipt_id": lambda org: ReceiptFactory(donation__organization=org, organization=org).pk,
    "donation_id": lambda org: DonationFactory(organization=org).pk,
    "page_id": lambda org: FundraisingPageFactory(organization=org).pk,
}

EXEMPT = {
    "donation_hooks:webhook": "a payment provider's webhook: signature or provider lookup "
    "checked, nothing shown",
    "donation_test:checkout": "the local test provider's checkout, by a signed token",
    "donation_receipts:download": "a donor's receipt, by the signed token of its email",
    "donations_public:page": "public fundraising page, by its public address (drafts 404)",
    "donations_public:thanks": "public thank-you page of a published fundraising page; a "
    "signed token names the donation, shows only its amount",
    "donations_public:embed": "the embeddable donation form of a published page",
    "donations_public:widget": "the embed script of a published page (no data)",
}
