"""Who may list donations, refund one, read donor analytics and export for accounting.

Organizers see donations and analytics (as they see receipts). Refunding gives money back:
admins only. The accounting export is a file of donors' names, emails and gifts (a gift to a
party tells a political opinion): admins only, as for exports of people and of signers."""

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("donations.view_donations", is_organizer)
rules.add_perm("donations.view_analytics", is_organizer)
rules.add_perm("donations.refund_donation", is_admin)
rules.add_perm("donations.export_donations", is_admin)
