"""Who may see and change the CRM.

Volunteers do not browse the supporter base: they reach people only through their own
assignments (a turf, a texting batch). Political opinions (support level, sensitive custom
fields, survey answers) are for owners and admins.
"""

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("people.view_people", is_organizer)
rules.add_perm("people.change_people", is_organizer)
rules.add_perm("people.import_people", is_organizer)
rules.add_perm("people.export_people", is_admin)
rules.add_perm("people.view_sensitive", is_admin)
rules.add_perm("people.manage_fields", is_admin)
rules.add_perm("people.manage_rights", is_admin)
