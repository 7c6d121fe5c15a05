"""How to make, in another organization, each object that a donations URL names, and why the
public donation URLs may take ids outside a workspace."""

from .factories import ReceiptFactory

OBJECT_KWARGS = {
    "receipt_id": lambda org: ReceiptFactory(donation__organization=org, organization=org).pk,
}

EXEMPT = {
    "donation_hooks:webhook": "a payment provider's webhook: signature or provider lookup "
    "checked, nothing shown",
    "donation_test:checkout": "the local test provider's checkout, by a signed token",
    "donation_receipts:download": "a donor's receipt, by the signed token of its email",
}
