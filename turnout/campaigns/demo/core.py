"""Demo campaigns: a complete past campaign for the 2024 European elections initiated by Voix
Citoyennes, joined by 260 organizations across sectors and EU countries, with its sister
campaigns in France (legislative, 2024) and Austria (National Council, 2024), and a live
campaign for the 2027 French presidential election that a visitor can join.

Idempotent: nothing is created for a campaign slug that already exists. Deterministic: the
same names, countries and dates on every run (a seeded random generator).
"""

from __future__ import annotations

import datetime
import random
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from turnout.core.demo import demo_seeder
from turnout.organizations.choices import Kind, Sector, Size
from turnout.organizations.models import Organization
from turnout.visuals.models import VisualTemplate

from ..models import Campaign, Participation, Partner
from ..services.campaigns import campaign_close, campaign_create, campaign_open

INITIATOR = "voix-citoyennes"
PAST = "europe-i-vote-2024"
SISTER_FR = "legislatives-je-vote-2024"
SISTER_AT = "nationalrat-ich-waehle-2024"
LIVE = "presidentielle-je-vote-2027"
PARTICIPANTS = 260

COUNTRIES = (
    ["FR"] * 9
    + ["DE"] * 7
    + ["AT"] * 4
    + ["BE"] * 3
    + ["NL"] * 2
    + [
        "IT",
        "ES",
        "LU",
        "PL",
        "PT",
        "IE",
        "SE",
        "DK",
        "FI",
        "CZ",
    ]
)
SECTOR_WORDS = {
    Sector.TECH: ["Data", "Cloud", "Logic", "Pixel", "Code", "Byte"],
    Sector.FINANCE: ["Capital", "Mutual", "Assur", "Crédit", "Invest"],
    Sector.RETAIL: ["Market", "Boutique", "Commerce", "Store"],
    Sector.INDUSTRY: ["Energie", "Metal", "Werk", "Solar", "Industrie"],
    Sector.MEDIA: ["Studio", "Radio", "Presse", "Media", "Kultur"],
    Sector.CONSULTING: ["Conseil", "Partners", "Advisory", "Beratung"],
    Sector.HEALTH: ["Santé", "Care", "Klinik", "Vital"],
    Sector.EDUCATION: ["Campus", "Académie", "Schule", "Lab"],
    Sector.FOOD: ["Bistro", "Bäckerei", "Saveurs", "Kitchen"],
    Sector.TRANSPORT: ["Mobility", "Transit", "Vélo", "Logistik"],
    Sector.CIVIC: ["Collectif", "Verein", "Forum", "Initiative"],
}
PLACES = [
    "Nord",
    "Sud",
    "Europa",
    "Atlantique",
    "Alpen",
    "Rhein",
    "Loire",
    "Baltic",
    "Horizon",
    "Aurora",
    "Delta",
    "Nova",
    "Orion",
    "Vega",
    "Iris",
    "Lumen",
    "Mistral",
    "Polaris",
]
SIZES = [Size.MICRO] * 3 + [Size.SMALL] * 4 + [Size.MEDIUM] * 3 + [Size.LARGE] * 2 + [Size.XLARGE]
EMPLOYEES = {Size.MICRO: 6, Size.SMALL: 30, Size.MEDIUM: 140, Size.LARGE: 600, Size.XLARGE: 4000}


def _participant_orgs(count: int) -> list[Organization]:
    """``count`` demo organizations that take part (made once, kept by slug)."""
    rng = random.Random(2024)
    wanted = []
    for n in range(count):
        sector = rng.choice(list(SECTOR_WORDS))
        name = f"{rng.choice(SECTOR_WORDS[sector])} {rng.choice(PLACES)} {n + 1}"
        kind = (
            Kind.NGO
            if sector == Sector.CIVIC
            else (Kind.MEDIA if sector == Sector.MEDIA and n % 3 == 0 else Kind.COMPANY)
        )
        wanted.append(
            (slugify(name)[:60], name, kind, rng.choice(COUNTRIES), sector, rng.choice(SIZES))
        )
    existing = set(
        Organization.objects.filter(slug__in=[w[0] for w in wanted]).values_list("slug", flat=True)
    )
    Organization.objects.bulk_create(
        Organization(
            slug=slug,
            name=name,
            kind=kind,
            country=country,
            sector=sector,
            size=size,
            website=f"https://{slug}.example.org",
        )
        for slug, name, kind, country, sector, size in wanted
        if slug not in existing
    )
    by_slug = Organization.objects.in_bulk([w[0] for w in wanted], field_name="slug")
    return [by_slug[w[0]] for w in wanted]


def _texts(fr: str, en: str, de: str) -> dict:
    return {"fr": fr, "en": en, "de": de}


def _join(campaign: Campaign, orgs, *, start, end, rng, statuses=None) -> None:
    """Approved participations signed between ``start`` and ``end`` (spread, denser near the
    end as in a real campaign)."""
    charter = campaign.charters.order_by("-number").first()
    span = (end - start).total_seconds()
    rows = []
    for index, org in enumerate(orgs):
        signed = start + timedelta(seconds=span * (rng.random() ** 0.6))
        status = statuses[index] if statuses else Participation.Status.APPROVED
        approved = status in (Participation.Status.APPROVED, Participation.Status.SUSPENDED)
        networks = rng.sample(["linkedin", "instagram", "x", "facebook", "tiktok"], k=2)
        rows.append(
            Participation(
                campaign=campaign,
                organization=org,
                status=status,
                charter=charter,
                charter_signed_at=signed,
                followers={net: rng.randint(200, 60_000) for net in networks},
                employees=EMPLOYEES.get(org.size, 20),
                approved_at=signed + timedelta(hours=rng.randint(2, 48)) if approved else None,
                decided_at=signed + timedelta(hours=rng.randint(2, 48)) if approved else None,
                created_at=signed,
            )
        )
    Participation.objects.bulk_create(rows)


# Partners credited on the public pages: (name, role, credit fr/en/de, website).
PARTNERS = {
    PAST: [
        ("Atelier Lumen", Partner.Role.AGENCY, ("Concept et campagne", "Concept and campaign",
         "Konzept und Kampagne"), "https://atelier-lumen.example.org"),
        ("Studio Mistral", Partner.Role.CREATIVE, ("Illustrations", "Illustrations",
         "Illustrationen"), "https://studio-mistral.example.org"),
        ("Europe Civique", Partner.Role.NGO, ("Information des électeurs", "Voter information",
         "Wählerinformation"), "https://europe-civique.example.org"),
        ("Radio Europa Nord", Partner.Role.MEDIA, ("Partenaire média", "Media partner",
         "Medienpartner"), ""),
        ("Maison de l'Europe", Partner.Role.PUBLIC, ("Soutien institutionnel",
         "Institutional support", "Institutionelle Unterstützung"), ""),
    ],
    SISTER_FR: [
        ("Atelier Lumen", Partner.Role.AGENCY, ("Adaptation de la campagne", "Campaign adaptation",
         "Anpassung der Kampagne"), "https://atelier-lumen.example.org"),
    ],
    SISTER_AT: [
        ("Plakat Austria", Partner.Role.MEDIA, ("800 affiches offertes", "800 donated billboards",
         "800 gespendete Plakate"), ""),
        ("Kreativ Kollektiv Wien", Partner.Role.CREATIVE, ("Adaptation allemande",
         "German adaptation", "Deutsche Fassung"), ""),
    ],
    LIVE: [
        ("Atelier Lumen", Partner.Role.AGENCY, ("Concept et campagne", "Concept and campaign",
         "Konzept und Kampagne"), "https://atelier-lumen.example.org"),
        ("Collectif Horizon", Partner.Role.NGO, ("Sessions d'information", "Information sessions",
         "Informationsabende"), ""),
        ("Radio Nova Civique", Partner.Role.MEDIA, ("Partenaire média", "Media partner",
         "Medienpartner"), ""),
        ("Ville de Lyon", Partner.Role.PUBLIC, ("Affichage municipal", "Municipal billboards",
         "Städtische Plakate"), ""),
    ],
}  # fmt: skip


@demo_seeder(101)
def seed_campaign_partners(stdout=None) -> None:
    """Partners of the demo campaigns (added once per campaign)."""
    campaigns = Campaign.objects.filter(slug__in=PARTNERS).exclude(partners__isnull=False)
    for campaign in campaigns:
        Partner.objects.bulk_create(
            Partner(
                campaign=campaign,
                name=name,
                role=role,
                credit=_texts(*credit),
                website=website,
                position=position,
            )
            for position, (name, role, credit, website) in enumerate(PARTNERS[campaign.slug])
        )


def _campaign(slug, initiator, **kwargs) -> Campaign:
    campaign = campaign_create(organization=initiator, actor=None, slug=slug, **kwargs)
    templates = VisualTemplate.objects.filter(organization=initiator)
    campaign.templates.set(templates)
    campaign_open(campaign=campaign, actor=None)
    return campaign


@demo_seeder(100)
def seed_campaigns(stdout=None) -> None:
    initiator = Organization.objects.filter(slug=INITIATOR).first()
    austrian = Organization.objects.filter(slug="demokratie-jetzt").first()
    if initiator is None or Campaign.objects.filter(slug=PAST).exists():
        return
    if not VisualTemplate.objects.filter(organization=initiator).exists():
        from turnout.visuals.services import template_install_defaults

        template_install_defaults(organization=initiator)
    rng = random.Random(9)
    orgs = _participant_orgs(PARTICIPANTS)
    tz = timezone.get_current_timezone()

    past = _campaign(
        PAST,
        initiator,
        name=_texts("L'Europe, j'y vote", "Europe, I vote", "Europa, ich wähle"),
        message=_texts(
            "Le 9 juin, quelle que soit votre opinion, votez.",
            "On 9 June, whatever your opinion, vote.",
            "Am 9. Juni: egal was Sie denken, gehen Sie wählen.",
        ),
        tagline=_texts("Votre voix compte", "Your voice counts", "Deine Stimme zählt"),
        election_date=datetime.date(2024, 6, 9),
        election_kind=Campaign.ElectionKind.EUROPEAN,
        opens_on=datetime.date(2024, 3, 11),
        closes_on=datetime.date(2024, 6, 9),
    )
    _join(
        past,
        orgs,
        start=datetime.datetime(2024, 3, 11, 9, tzinfo=tz),
        end=datetime.datetime(2024, 6, 5, 18, tzinfo=tz),
        rng=rng,
    )
    campaign_close(campaign=past, actor=None)

    sister_fr = _campaign(
        SISTER_FR,
        initiator,
        name=_texts(
            "Législatives : j'y vote", "Legislative elections: I vote", "Parlamentswahl: ich wähle"
        ),
        message=_texts(
            "Les 30 juin et 7 juillet, votez.",
            "On 30 June and 7 July, vote.",
            "Am 30. Juni und 7. Juli: wählen gehen.",
        ),
        election_date=datetime.date(2024, 6, 30),
        second_round_date=datetime.date(2024, 7, 7),
        election_kind=Campaign.ElectionKind.LEGISLATIVE,
        election_country="FR",
        languages=["fr"],
        parent=past,
        opens_on=datetime.date(2024, 6, 12),
        closes_on=datetime.date(2024, 7, 7),
    )
    french = [org for org in orgs if org.country in ("FR", "BE", "LU")][:70]
    _join(
        sister_fr,
        french,
        start=datetime.datetime(2024, 6, 12, 9, tzinfo=tz),
        end=datetime.datetime(2024, 6, 28, 18, tzinfo=tz),
        rng=rng,
    )
    campaign_close(campaign=sister_fr, actor=None)

    if austrian is not None:
        sister_at = _campaign(
            SISTER_AT,
            austrian,
            name=_texts(
                "Nationalrat : j'y vote", "National Council: I vote", "Nationalrat: ich wähle"
            ),
            message=_texts(
                "Le 29 septembre, votez.",
                "On 29 September, vote.",
                "Am 29. September: wählen gehen.",
            ),
            election_date=datetime.date(2024, 9, 29),
            election_kind=Campaign.ElectionKind.LEGISLATIVE,
            election_country="AT",
            languages=["de", "en"],
            parent=past,
            opens_on=datetime.date(2024, 7, 1),
            closes_on=datetime.date(2024, 9, 29),
        )
        german = [org for org in orgs if org.country in ("AT", "DE")][:60]
        _join(
            sister_at,
            german,
            start=datetime.datetime(2024, 7, 1, 9, tzinfo=tz),
            end=datetime.datetime(2024, 9, 25, 18, tzinfo=tz),
            rng=rng,
        )
        campaign_close(campaign=sister_at, actor=None)

    live = _campaign(
        LIVE,
        initiator,
        name=_texts(
            "Présidentielle 2027 : j'y vote",
            "Presidential 2027: I vote",
            "Präsidentschaftswahl 2027: ich wähle",
        ),
        message=_texts(
            "Les 11 et 25 avril 2027, quelle que soit votre opinion, votez.",
            "On 11 and 25 April 2027, whatever your opinion, vote.",
            "Am 11. und 25. April 2027: egal was Sie denken, gehen Sie wählen.",
        ),
        tagline=_texts("Votre voix compte", "Your voice counts", "Deine Stimme zählt"),
        election_date=datetime.date(2027, 4, 11),
        second_round_date=datetime.date(2027, 4, 25),
        election_kind=Campaign.ElectionKind.PRESIDENTIAL,
        election_country="FR",
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2027, 4, 25),
    )
    now = timezone.now()
    live_orgs = orgs[:48]
    statuses = (
        [Participation.Status.APPROVED] * 40
        + [Participation.Status.APPLIED] * 5
        + [
            Participation.Status.CHANGES,
            Participation.Status.REJECTED,
            Participation.Status.SUSPENDED,
        ]
    )
    _join(
        live,
        live_orgs,
        start=now - timedelta(days=54),
        end=now - timedelta(hours=3),
        rng=rng,
        statuses=statuses,
    )
    Campaign.objects.filter(pk=past.pk).update(created_at=datetime.datetime(2024, 3, 1, tzinfo=tz))
    if stdout is not None:
        stdout.write(f"  campaigns: {PAST} ({PARTICIPANTS} organizations), sisters, {LIVE}\n")
