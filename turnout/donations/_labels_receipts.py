from django.utils.translation import gettext_lazy as _

LABELS = {
    "donations.receipt_cancelled": _("cancelled receipt %(target)s with a credit note"),
    "donations.receipt_credited": _(
        "took a refunded part off receipt %(target)s with a credit note"
    ),
    "donations.receipts_annual_issued": _("issued the annual donation summaries"),
    "donations.receipts_exported": _("exported the year's receipts"),
}
