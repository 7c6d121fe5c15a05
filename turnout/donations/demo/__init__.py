"""Demo donations: Voix Citoyennes (a French association of general interest) crowdfunds
"Financez Vote Anyway 2027", co-branded with the live 2027 campaign — about 3,000 gifts over
the last ten months (TURNOUT_DEMO_SCALE scales it), an average near 35 €, 8 % of the donors
giving every month (some of whom stopped), a few refunds, sources (newsletter, Facebook,
partner codes, direct), tax receipts; and a French party, Parti de l'Avenir Citoyen (owned
by Léa Morvan), whose largest donor reached the 7,500 € yearly cap and whose next gift was
refused.

The bulk of the gifts is written with ``bulk_create`` (seeding stays quick), keeping what the
services keep: the page's totals equal the sum of its donations, every paid gift has its
DONATION_MADE line on the donor's timeline (counters and ``last_activity_at`` follow), and
receipts take their numbers from ``receipt_number_next`` in the order paid, without gap. Their
PDF is drawn for the ten most recent; the others are drawn from what they say when
downloaded. Refunds, the cap and its refusal go through the lifecycle services.

Modules: ``bulk`` (writing gifts with their totals, timeline lines and receipts),
``association`` (Voix Citoyennes), ``party`` (the party, whose organization and supporters are
made early, by the seeder of order 15, so that the seeders which give every organization with
people its own data find it complete on the first run).

Idempotent: nothing is added once the page (or the party) exists. Deterministic: a seeded
random generator.
"""

from __future__ import annotations

from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization

from ..models import FundraisingPage
from .association import ASSOCIATION, LIVE_CAMPAIGN, PAGE, seed_association
from .party import PARTY, PARTY_OWNER, PARTY_PAGE, seed_party, seed_party_gifts

__all__ = [
    "ASSOCIATION",
    "LIVE_CAMPAIGN",
    "PAGE",
    "PARTY",
    "PARTY_OWNER",
    "PARTY_PAGE",
    "seed_donations",
    "seed_party",
]


@demo_seeder(140)
def seed_donations(stdout=None) -> None:
    now = timezone.now()
    association = Organization.objects.filter(slug=ASSOCIATION).first()
    if association is not None and not FundraisingPage.objects.filter(slug=PAGE).exists():
        result = seed_association(association, now=now)
        if stdout and result:
            stdout.write(f"  {result['donations']:,} donations for {association.name}")
    party = Organization.objects.filter(slug=PARTY).first()
    if party is not None and not FundraisingPage.objects.filter(slug=PARTY_PAGE).exists():
        seed_party_gifts(party, now=now)
        if stdout:
            stdout.write(f"  {party.name}: a capped donor and a refused gift")
