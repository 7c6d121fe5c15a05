"""Who may do what in canvassing (rules predicates over (user, organization)).

Every member sees the canvassing home; organizers and above read the targeting data
(addresses, polling stations, results, the map) and import it. Volunteers never import.
"""

import rules

from turnout.organizations.policies import is_member, is_organizer

# --- Targeting ---
rules.add_perm("canvassing.view_home", is_member)
rules.add_perm("canvassing.view_targeting", is_organizer)
rules.add_perm("canvassing.import_targeting", is_organizer)

# --- Turfs (efforts, cutting, adjusting and assigning turfs) ---
rules.add_perm("canvassing.view_efforts", is_organizer)
rules.add_perm("canvassing.manage_turfs", is_organizer)

# --- Visits (the app on the phone, survey scripts, progress, review of rejected visits) ---
rules.add_perm("canvassing.use_app", is_member)
rules.add_perm("canvassing.manage_scripts", is_organizer)
rules.add_perm("canvassing.view_progress", is_organizer)
rules.add_perm("canvassing.review_visits", is_organizer)
