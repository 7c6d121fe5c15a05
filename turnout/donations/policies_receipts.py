"""Who may see and export receipts (they hold donors' names, addresses and amounts)."""

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("donations.view_receipts", is_organizer)
rules.add_perm("donations.export_receipts", is_organizer)
rules.add_perm("donations.cancel_receipt", is_admin)
