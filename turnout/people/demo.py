"""Demo supporter bases: a Breton party, a French NGO and an Austrian NGO.

Generated with a fixed seed (same data on every machine), written with bulk inserts so that
tens of thousands of people load in seconds. Idempotent: an organization that already has
people is left alone.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization

from . import activity_kinds as kinds
from .models import (
    Activity,
    Consent,
    CustomField,
    EmailAddress,
    Person,
    PhoneNumber,
    PostalAddress,
    Suppression,
    Tag,
    Tagging,
)
from .normalize import contact_hash, mask
from .services.timeline import activity_counters_bump

FR_GIVEN = [
    "Léa",
    "Emma",
    "Louise",
    "Chloé",
    "Manon",
    "Camille",
    "Inès",
    "Jade",
    "Alice",
    "Lina",
    "Zoé",
    "Anna",
    "Rose",
    "Maëlle",
    "Nolwenn",
    "Gwenaëlle",
    "Soizic",
    "Katell",
    "Enora",
    "Morgane",
    "Lucas",
    "Hugo",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Nathan",
    "Tom",
    "Théo",
    "Raphaël",
    "Erwan",
    "Yann",
    "Gwendal",
    "Tanguy",
    "Loïc",
    "Ronan",
    "Mathis",
    "Samuel",
    "Yanis",
    "Karim",
    "Mehdi",
    "Sofiane",
    "Aïcha",
    "Fatou",
    "Amadou",
    "Thi",
    "Minh",
    "Paul",
    "Claire",
    "Isabelle",
    "Nathalie",
    "Sylvie",
    "Patrick",
    "Philippe",
    "Alain",
]
FR_FAMILY = [
    "Le Gall",
    "Le Goff",
    "Le Bihan",
    "Le Roux",
    "Kerjean",
    "Quéré",
    "Morvan",
    "Tanguy",
    "Guivarc'h",
    "Le Floch",
    "Abiven",
    "Kervella",
    "Le Bras",
    "Le Corre",
    "Cadiou",
    "Le Meur",
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Benali",
    "Haddad",
    "Nguyen",
    "Diallo",
    "Traoré",
    "Da Silva",
    "Rousseau",
    "Garnier",
]
AT_GIVEN = [
    "Anna",
    "Lena",
    "Sophie",
    "Laura",
    "Katharina",
    "Julia",
    "Hannah",
    "Lea",
    "Sarah",
    "Marie",
    "Johanna",
    "Theresa",
    "Magdalena",
    "Lukas",
    "Tobias",
    "David",
    "Jakob",
    "Maximilian",
    "Paul",
    "Elias",
    "Felix",
    "Florian",
    "Simon",
    "Sebastian",
    "Stefan",
    "Andreas",
    "Thomas",
    "Markus",
    "Michael",
    "Christoph",
    "Gerhard",
    "Franz",
    "Ayşe",
    "Emir",
    "Mehmet",
    "Ivana",
    "Marko",
    "Ana",
]
AT_FAMILY = [
    "Gruber",
    "Huber",
    "Bauer",
    "Wagner",
    "Müller",
    "Pichler",
    "Steiner",
    "Moser",
    "Mayer",
    "Hofer",
    "Leitner",
    "Berger",
    "Fuchs",
    "Eder",
    "Fischer",
    "Schmid",
    "Winkler",
    "Weber",
    "Schwarz",
    "Maier",
    "Schneider",
    "Reiter",
    "Mayr",
    "Schmidt",
    "Wimmer",
    "Egger",
    "Brunner",
    "Lang",
    "Baumgartner",
    "Auer",
    "Binder",
    "Lechner",
    "Wolf",
    "Wallner",
    "Aigner",
    "Ebner",
    "Koller",
    "Lehner",
    "Haas",
    "Schuster",
    "Yılmaz",
    "Kaya",
    "Novak",
    "Horvat",
    "Kovačević",
]

BRITTANY = [
    # town, postcode, latitude, longitude, streets
    (
        "Brest",
        "29200",
        48.3904,
        -4.4861,
        [
            "rue de Siam",
            "rue Jean Jaurès",
            "rue de Lyon",
            "boulevard Gambetta",
            "rue Louis Pasteur",
            "rue de Saint-Marc",
            "rue Anatole France",
        ],
    ),
    (
        "Quimper",
        "29000",
        47.9960,
        -4.1024,
        ["rue Kéréon", "avenue de la Libération", "rue de Brest", "boulevard de Kerguélen"],
    ),
    ("Morlaix", "29600", 48.5776, -3.8275, ["rue de Paris", "place des Otages", "rue Gambetta"]),
    ("Landerneau", "29800", 48.4508, -4.2494, ["rue de la Fontaine Blanche", "quai de Léon"]),
    (
        "Rennes",
        "35000",
        48.1173,
        -1.6778,
        ["rue de Saint-Malo", "boulevard de la Liberté", "rue d'Antrain", "avenue Janvier"],
    ),
    ("Lorient", "56100", 47.7482, -3.3702, ["rue du Port", "cours de Chazelles"]),
]
FRANCE = [
    *BRITTANY,
    (
        "Paris",
        "75011",
        48.8575,
        2.379,
        ["rue Oberkampf", "boulevard Voltaire", "rue de la Roquette"],
    ),
    ("Lyon", "69007", 45.7485, 4.8467, ["avenue Jean Jaurès", "rue de Marseille"]),
    ("Nantes", "44000", 47.2184, -1.5536, ["rue Crébillon", "quai de la Fosse"]),
]
AUSTRIA = [
    ("Wien", "1070", 48.2020, 16.3490, ["Neubaugasse", "Kaiserstraße", "Burggasse"]),
    ("Wien", "1100", 48.1760, 16.3770, ["Favoritenstraße", "Quellenstraße"]),
    ("Graz", "8010", 47.0707, 15.4395, ["Herrengasse", "Sackstraße", "Elisabethstraße"]),
    ("Linz", "4020", 48.3069, 14.2858, ["Landstraße", "Herrenstraße"]),
    ("Innsbruck", "6020", 47.2692, 11.4041, ["Maria-Theresien-Straße", "Anichstraße"]),
]
FR_DOMAINS = [
    "orange.example",
    "laposte.example",
    "free.example",
    "gmail.example",
    "wanadoo.example",
]
AT_DOMAINS = ["gmx.example", "aon.example", "chello.example", "gmail.example"]

BASES = {
    # slug: (people, names, places, country, language, tags, petitions, events)
    "horizon-commun": (
        12000,
        (FR_GIVEN, FR_FAMILY),
        BRITTANY,
        "FR",
        "fr",
        [
            "adhérent",
            "bénévole",
            "sympathisant",
            "porte-à-porte",
            "jeunes",
            "élu local",
            "newsletter",
            "donateur",
            "quartier Saint-Martin",
            "quartier Recouvrance",
        ],
        [
            "Pétition : sauvons la ligne Brest–Quimper",
            "Pétition : un bus de nuit à Rennes",
            "Engagement : je vote aux municipales",
        ],
        ["Réunion publique à Brest", "Porte-à-porte à Recouvrance", "Fête de la rentrée"],
    ),
    "voix-citoyennes": (
        8000,
        (FR_GIVEN, FR_FAMILY),
        FRANCE,
        "FR",
        "fr",
        [
            "bénévole",
            "ambassadeur",
            "premier vote",
            "newsletter",
            "partenaire entreprise",
            "étudiant",
            "forum jeunesse",
        ],
        ["Je m'engage à voter le 9 juin", "Pétition : le vote dès 16 ans au local"],
        ["Forum jeunesse à Nantes", "Atelier « premier vote » à Lyon"],
    ),
    "demokratie-jetzt": (
        5000,
        (AT_GIVEN, AT_FAMILY),
        AUSTRIA,
        "AT",
        "de",
        ["Freiwillige", "Newsletter", "Erstwähler", "Schule", "Spender"],
        ["Ich gehe wählen!", "Petition: Wahlrecht ab 16 in allen Gemeinden"],
        ["Diskussionsabend in Graz", "Infostand am Wiener Naschmarkt"],
    ),
}


def _phone(rng: random.Random, country: str) -> tuple[str, str]:
    if country == "AT":
        if rng.random() < 0.85:
            return (
                f"+43{rng.choice(['664', '676', '650', '699'])}{rng.randint(1000000, 9999999)}",
                "mobile",
            )
        return f"+431{rng.randint(2000000, 9999999)}", "landline"
    if rng.random() < 0.85:
        return f"+33{rng.choice('67')}{rng.randint(10000000, 99999999)}", "mobile"
    return f"+332{rng.randint(90000000, 99999999)}", "landline"


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum() or ch == "-").strip("-")


def seed_base(organization: Organization, spec, *, now) -> int:
    count, (given_names, family_names), places, country, language, tag_names, petitions, events = (
        spec
    )
    count = max(20, int(count * settings.TURNOUT_DEMO_SCALE))
    rng = random.Random(f"turnout-demo-{organization.slug}")
    custom = [
        CustomField(
            organization=organization,
            key="quartier",
            label="Quartier / Bezirk",
            kind=CustomField.Kind.TEXT,
            position=1,
        ),
        CustomField(
            organization=organization,
            key="disponibilites",
            label="Disponibilités" if language == "fr" else "Verfügbarkeit",
            kind=CustomField.Kind.CHOICE,
            position=2,
            choices=["semaine", "week-end", "soir"]
            if language == "fr"
            else ["Wochentag", "Wochenende", "Abend"],
        ),
    ]
    if organization.kind == "party":
        custom.append(
            CustomField(
                organization=organization,
                key="vote_2024",
                label="Vote déclaré en 2024",
                kind=CustomField.Kind.TEXT,
                sensitive=True,
                position=3,
            )
        )
    CustomField.objects.bulk_create(custom)
    tags = {name: Tag.objects.create(organization=organization, name=name) for name in tag_names}
    people, seen_emails = [], set()
    start = now - timedelta(days=730)
    for _i in range(count):
        given, family = rng.choice(given_names), rng.choice(family_names)
        created = start + timedelta(seconds=rng.randint(0, 730 * 86400))
        fields = {"quartier": rng.choice(places)[0]} if rng.random() < 0.3 else {}
        if rng.random() < 0.2:
            fields["disponibilites"] = rng.choice(custom[1].choices)
        people.append(
            Person(
                organization=organization,
                given_name=given,
                family_name=family,
                language=language if rng.random() < 0.95 else rng.choice(["fr", "en", "de"]),
                created_at=created,
                updated_at=created,
                origin_system="Turnout",
                support_level=(
                    rng.choice([2, 3, 4, 4, 5, 5])
                    if organization.kind == "party" and rng.random() < 0.4
                    else None
                ),
                custom_fields=fields,
                last_activity_at=created,
                do_not_contact=rng.random() < 0.01,
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    people = list(Person.objects.filter(organization=organization).order_by("id"))
    emails, phones, addresses, taggings, consents, activities, suppressions = ([] for _ in range(7))
    person_type = ContentType.objects.get_for_model(Person)
    for index, person in enumerate(people):
        place = rng.choice(places)
        town, postcode, lat, lng, streets = place
        if rng.random() < 0.9:
            local = f"{_ascii(person.given_name)}.{_ascii(person.family_name)}"
            address = f"{local}{'' if local not in seen_emails else index}@" + rng.choice(
                FR_DOMAINS if country == "FR" else AT_DOMAINS
            )
            seen_emails.add(local)
            emails.append(
                EmailAddress(
                    organization=organization, person=person, address=address, primary=True
                )
            )
            if rng.random() < 0.62:
                consents.append(
                    Consent(
                        organization=organization,
                        person=person,
                        channel="email",
                        purpose="campaigns",
                        status="granted",
                        source="form",
                        source_ref=rng.choice(petitions),
                        created_at=person.created_at,
                        notice_text=(
                            "J'accepte de recevoir les informations de la campagne par e-mail."
                            if language == "fr"
                            else "Ich möchte per E-Mail über die Kampagne informiert werden."
                        ),
                    )
                )
        if rng.random() < 0.55:
            number, kind = _phone(rng, country)
            phones.append(
                PhoneNumber(
                    organization=organization,
                    person=person,
                    number=number,
                    number_type=kind,
                    sms_capable=kind == "mobile",
                    primary=True,
                )
            )
            if kind == "mobile" and rng.random() < 0.45:
                consents.append(
                    Consent(
                        organization=organization,
                        person=person,
                        channel="sms",
                        purpose="campaigns",
                        status="granted",
                        source="form",
                        created_at=person.created_at,
                        notice_text=(
                            "J'accepte de recevoir des SMS de mobilisation (STOP pour arrêter)."
                            if language == "fr"
                            else "Ich möchte SMS zur Mobilisierung erhalten (STOPP zum Abmelden)."
                        ),
                    )
                )
            if rng.random() < 0.01:
                suppressions.append(
                    Suppression(
                        organization=organization,
                        channel="sms",
                        value_hash=contact_hash(organization.pk, "sms", number),
                        hint=mask(number),
                        reason="opt_out",
                        source="STOP",
                        created_at=person.created_at,
                    )
                )
        if rng.random() < 0.8:
            addresses.append(
                PostalAddress(
                    organization=organization,
                    person=person,
                    primary=True,
                    address_lines=f"{rng.randint(1, 140)} {rng.choice(streets)}",
                    locality=town,
                    postal_code=postcode,
                    country=country,
                    latitude=round(lat + rng.uniform(-0.02, 0.02), 6),
                    longitude=round(lng + rng.uniform(-0.03, 0.03), 6),
                    polling_station=str(rng.randint(1, 60)) if town == "Brest" else "",
                )
            )
        for name in rng.sample(tag_names, k=rng.choice([0, 1, 1, 2, 3])):
            taggings.append(Tagging(person=person, tag=tags[name]))
        activities.append(
            Activity(
                organization=organization,
                person=person,
                kind="person.created",
                occurred_at=person.created_at,
                summary=rng.choice(petitions),
                source_type=person_type,
                source_id=str(person.pk),
            )
        )
        moment = person.created_at
        for _n in range(rng.choice([0, 1, 1, 2, 3, 5])):
            moment = moment + timedelta(days=rng.randint(3, 90))
            if moment > now:
                break
            roll = rng.random()
            if roll < 0.45:
                kind, summary = kinds.PETITION_SIGNED, rng.choice(petitions)
            elif roll < 0.7:
                kind, summary = kinds.EVENT_ATTENDED, rng.choice(events)
            elif roll < 0.85:
                kind, summary = (
                    kinds.DONATION_MADE,
                    f"{rng.choice([10, 15, 20, 35, 35, 50, 100])} €",
                )
            else:
                kind, summary = (
                    "note",
                    rng.choice(
                        [
                            "Très motivée pour le porte-à-porte.",
                            "Rappeler après les vacances.",
                            "Disponible le samedi matin.",
                            "Hat beim Infostand geholfen.",
                            "Souhaite recevoir moins d'e-mails.",
                        ]
                    ),
                )
            activities.append(
                Activity(
                    organization=organization,
                    person=person,
                    kind=kind,
                    occurred_at=moment,
                    summary=summary,
                    data={"text": summary} if kind == "note" else {},
                )
            )
        person.last_activity_at = moment if moment <= now else person.created_at
    EmailAddress.objects.bulk_create(emails, batch_size=2000)
    PhoneNumber.objects.bulk_create(phones, batch_size=2000)
    PostalAddress.objects.bulk_create(addresses, batch_size=2000)
    Tagging.objects.bulk_create(taggings, batch_size=2000, ignore_conflicts=True)
    Consent.objects.bulk_create(consents, batch_size=2000)
    Activity.objects.bulk_create(activities, batch_size=2000)
    activity_counters_bump(
        organization.pk, ((a.person_id, a.kind, 1, a.occurred_at) for a in activities)
    )
    Suppression.objects.bulk_create(suppressions, batch_size=2000, ignore_conflicts=True)
    Person.objects.bulk_update(people, ["last_activity_at"], batch_size=2000)
    return len(people)


@demo_seeder(20)
def seed_people(stdout=None) -> None:
    now = timezone.now()
    for slug, spec in BASES.items():
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None or Person.objects.filter(organization=organization).exists():
            continue
        created = seed_base(organization, spec, now=now)
        if stdout:
            stdout.write(f"  {created:,} people for {organization.name}")
