"""Demo data of the assistant's knowledge: Voix Citoyennes has the shipped knowledge bases of
France, Austria and Germany in French, English and German, and three elections (a French,
an Austrian and a German one, their dates marked as demo dates); Demokratie Jetzt has the
Austrian knowledge base. Idempotent: installing again changes nothing, elections are created
once by slug."""

from __future__ import annotations

from datetime import date, time

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Membership, Organization

from .models import SHIPPED_COUNTRIES, Election
from .services.elections import ElectionData, election_create
from .services.knowledge import knowledge_base_install

ELECTIONS = (
    ElectionData(
        slug="fr-presidentielle-2027",
        name={
            "fr": "Présidentielle 2027 (date de démonstration)",
            "en": "2027 presidential election (demo date)",
            "de": "Präsidentschaftswahl 2027 (Demo-Datum)",
        },
        country="FR",
        kind=Election.Kind.PRESIDENTIAL,
        date=date(2027, 4, 11),
        second_round_date=date(2027, 4, 25),
        polls_open=time(8, 0),
        polls_close=time(19, 0),
        official_site="https://www.elections.interieur.gouv.fr/",
    ),
    ElectionData(
        slug="at-nationalratswahl-demo",
        name={
            "fr": "Élections législatives autrichiennes (date de démonstration)",
            "en": "Austrian National Council election (demo date)",
            "de": "Nationalratswahl (Demo-Datum)",
        },
        country="AT",
        kind=Election.Kind.LEGISLATIVE,
        date=date(2027, 9, 26),
        polls_open=time(7, 0),
        polls_close=time(17, 0),
        registration_deadline=date(2027, 7, 6),  # the Stichtag of the demo announcement
        official_site="https://www.bmi.gv.at/412/",
    ),
    ElectionData(
        slug="de-bundestagswahl-demo",
        name={
            "fr": "Élections fédérales allemandes (date de démonstration)",
            "en": "German federal election (demo date)",
            "de": "Bundestagswahl (Demo-Datum)",
        },
        country="DE",
        kind=Election.Kind.LEGISLATIVE,
        date=date(2027, 9, 19),
        polls_open=time(8, 0),
        polls_close=time(18, 0),
        official_site="https://www.bundeswahlleiterin.de/",
    ),
)


def _owner(org):
    membership = (
        Membership.objects.filter(organization=org, role="owner").select_related("user").first()
    )
    return membership.user if membership else None


@demo_seeder(180)
def seed_assistant_knowledge(stdout=None) -> None:
    org = Organization.objects.filter(slug="voix-citoyennes").first()
    if org is not None:
        owner = _owner(org)
        for country in SHIPPED_COUNTRIES:
            knowledge_base_install(organization=org, country=country, actor=owner)
        for data in ELECTIONS:
            if not Election.objects.filter(organization=org, slug=data.slug).exists():
                election_create(organization=org, actor=owner, data=data)
    org = Organization.objects.filter(slug="demokratie-jetzt").first()
    if org is not None:
        knowledge_base_install(organization=org, country="AT", actor=_owner(org))


from . import demo_channels  # noqa: E402, F401  (registers its seeder)
