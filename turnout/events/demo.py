"""Demo events of Voix Citoyennes, in Brest, Paris and Lyon (real public places):

- "Tractage marché Saint-Louis" in Brest, three shifts of six; the first one is full with a
  waiting list;
- a public meeting in Paris, a "first vote" workshop in Lyon (held for the cooperative
  campaign when there is one), a rally on Place Bellecour, an online webinar and an internal
  volunteers' training;
- a launch evening three weeks ago at the Ateliers des Capucins, with people checked in;
- an "apéro-discussion" proposed by Yanis Benali (volunteer), awaiting approval.

Upcoming RSVPs go through the real service (``rsvp_create``) with demo people of the base;
the past evening is written as history (its dates are past, the service would refuse it).
The number of RSVPs follows ``TURNOUT_DEMO_SCALE``. Idempotent: an event whose address
exists already is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization
from turnout.people.activity_kinds import EVENT_ATTENDED, EVENT_RSVP
from turnout.people.models import Channel, EmailAddress
from turnout.people.services import PersonData, activity_record

from .models import Attendance, Event
from .public_forms import consent_texts
from .services import ShiftInput, event_create, event_propose, event_publish, rsvp_create

ORGANIZATION = "voix-citoyennes"
PARIS = ZoneInfo("Europe/Paris")
SOURCES = [("newsletter", "email"), ("instagram", "social"), ("", ""), ("", "")]


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _place(venue, address, postal_code, locality, lat, lon) -> dict:
    return {
        "venue": venue,
        "address_lines": address,
        "postal_code": postal_code,
        "locality": locality,
        "country": "FR",
        "latitude": lat,
        "longitude": lon,
    }


EVENTS = [
    {
        "slug": "tractage-marche-saint-louis",
        "title": {
            "fr": "Tractage marché Saint-Louis",
            "en": "Leafleting at the Saint-Louis market",
            "de": "Flyer verteilen am Markt Saint-Louis",
        },
        "description": {
            "fr": "Dimanche matin, on parle inscription sur les listes et procurations avec les "
            "habitués du marché. Tracts, badges et café fournis.",
            "en": "On Sunday morning we talk voter registration and proxies with the market's "
            "regulars. Leaflets, badges and coffee provided.",
        },
        "instructions": {
            "fr": "Rendez-vous au stand devant l'entrée des halles, rue de Siam. Gilet Voix "
            "Citoyennes sur place.",
        },
        "days": 4,
        "hours": (8, 14),
        "place": _place(
            "Halles Saint-Louis", "Rue Louis Pasteur", "29200", "Brest", 48.3904, -4.4875
        ),
        "shifts": [((8, 10), "8h–10h", 6), ((10, 12), "10h–12h", 6), ((12, 14), "12h–14h", 6)],
        "answers": [8, 4, 2],  # per shift: the first one is full, two people wait
        "exact": True,
        "remind_sms": True,
    },
    {
        "slug": "reunion-publique-vote-des-jeunes-paris",
        "title": {
            "fr": "Réunion publique : le vote des jeunes",
            "en": "Public meeting: young people and the vote",
            "de": "Öffentliche Versammlung: Jugend und Wahl",
        },
        "description": {
            "fr": "Pourquoi un jeune sur deux ne vote pas ? Témoignages, débat et inscription "
            "sur les listes électorales sur place.",
        },
        "days": 10,
        "hours": (19, 21),
        "place": _place(
            "Mairie du 11e arrondissement",
            "12 place Léon-Blum",
            "75011",
            "Paris",
            48.8590,
            2.3800,
        ),
        "capacity": 80,
        "answers": [60],
    },
    {
        "slug": "atelier-premier-vote-lyon",
        "title": {
            "fr": "Atelier « premier vote »",
            "en": "“First vote” workshop",
            "de": "Workshop „Erste Wahl“",
        },
        "description": {
            "fr": "Une heure pour tout comprendre : bureau de vote, pièce d'identité, "
            "procuration. Pour les 18–25 ans et leurs proches.",
        },
        "days": 14,
        "hours": (14, 16),
        "place": _place(
            "Bibliothèque municipale de la Part-Dieu",
            "30 boulevard Marius Vivier Merle",
            "69003",
            "Lyon",
            45.7605,
            4.8570,
        ),
        "capacity": 12,
        "answers": [14],  # full, with a waiting list
        "exact": True,
        "campaign": True,
    },
    {
        "slug": "rassemblement-bellecour-inscription",
        "title": {
            "fr": "Rassemblement : tous inscrits !",
            "en": "Rally: everyone registered!",
            "de": "Kundgebung: Alle eingetragen!",
        },
        "description": {"fr": "Grand rassemblement place Bellecour avant la date limite."},
        "days": 21,
        "hours": (15, 18),
        "place": _place("Place Bellecour", "", "69002", "Lyon", 45.7578, 4.8320),
        "answers": [150],
    },
    {
        "slug": "webinaire-procuration",
        "title": {
            "fr": "Webinaire : comprendre la procuration",
            "en": "Webinar: voting by proxy",
            "de": "Webinar: Briefwahl und Vollmacht",
        },
        "description": {"fr": "45 minutes, questions-réponses en direct."},
        "days": 7,
        "hours": (18, 19),
        "place": {"online_url": "https://visio.voix-citoyennes.example.org/procuration"},
        "answers": [40],
    },
    {
        "slug": "formation-benevoles-brest",
        "title": {"fr": "Formation des bénévoles", "en": "Volunteer training"},
        "description": {"fr": "Accueil des nouveaux bénévoles : porte-à-porte et tractage."},
        "days": 6,
        "hours": (18, 20),
        "place": _place(
            "Local de Voix Citoyennes", "8 rue Jean Jaurès", "29200", "Brest", 48.3897, -4.4860
        ),
        "visibility": Event.Visibility.INTERNAL,
        "capacity": 15,
        "answers": [8],
        "exact": True,
    },
]
PAST = {
    "slug": "soiree-lancement-capucins",
    "title": {
        "fr": "Soirée de lancement de la campagne",
        "en": "Campaign launch evening",
        "de": "Auftaktabend der Kampagne",
    },
    "description": {"fr": "Présentation de la campagne, concert et verre de l'amitié."},
    "days": -21,
    "hours": (19, 22),
    "place": _place(
        "Les Ateliers des Capucins", "25 rue de Pontaniou", "29200", "Brest", 48.3869, -4.5006
    ),
    "answers": 40,
    "came": 0.75,
}
PROPOSAL = {
    "slug": "apero-discussion-recouvrance",
    "title": {"fr": "Apéro-discussion à Recouvrance"},
    "description": {
        "fr": "Je propose un apéro au café du coin pour parler des municipales avec les voisins."
    },
    "days": 12,
    "hours": (18, 20),
    "place": _place("Place Pierre Péron", "", "29200", "Brest", 48.3838, -4.4985),
    "capacity": 20,
}


def _scaled(count: int) -> int:
    """RSVPs grow with the demo's scale (a few at least)."""
    return max(3, round(count * settings.TURNOUT_DEMO_SCALE))


def _fields(spec: dict) -> dict:
    start_hour, end_hour = spec["hours"]
    return {
        "title": spec["title"],
        "description": spec.get("description", {}),
        "instructions": spec.get("instructions", {}),
        "starts_at": _at(spec["days"], start_hour),
        "ends_at": _at(spec["days"], end_hour),
        "time_zone": "Europe/Paris",
        "capacity": spec.get("capacity"),
        "visibility": spec.get("visibility", Event.Visibility.PUBLIC),
        "remind_sms": spec.get("remind_sms", False),
        **spec["place"],
    }


def _people(organization, rng: random.Random) -> list[EmailAddress]:
    emails = list(
        EmailAddress.objects.filter(
            organization=organization,
            primary=True,
            person__erased_at__isnull=True,
            person__do_not_contact=False,
        )
        .select_related("person")
        .order_by("id")[:400]
    )
    rng.shuffle(emails)
    return emails


def _answer(event, email, shifts, rng, texts):
    person = email.person
    source, medium = rng.choice(SOURCES)
    return rsvp_create(
        event=event,
        data=PersonData(
            given_name=person.given_name,
            family_name=person.family_name,
            email=email.address,
            language="fr",
        ),
        shifts=shifts,
        reminders={Channel.EMAIL: texts[Channel.EMAIL]} if rng.random() < 0.6 else {},
        attribution={"utm_source": source, "utm_medium": medium} if source else {},
        language="fr",
    )


def _seed_upcoming(organization, owner, spec, people, rng, campaign) -> None:
    shifts = [
        ShiftInput(
            starts_at=_at(spec["days"], start),
            ends_at=_at(spec["days"], end),
            label={"fr": label, "en": label, "de": label},
            capacity=capacity,
        )
        for (start, end), label, capacity in spec.get("shifts", [])
    ]
    fields = _fields(spec)
    if spec.get("campaign") and campaign is not None:
        fields["campaign"] = campaign
    event = event_create(
        organization=organization, actor=owner, fields=fields, shifts=shifts, slug=spec["slug"]
    )
    event_publish(event=event, actor=owner)
    texts = consent_texts(event)
    rows = list(event.shifts.order_by("starts_at")) or [None]
    for row, count in zip(rows, spec["answers"], strict=True):
        count = count if spec.get("exact") else _scaled(count)
        for email in rng.sample(people, min(count, len(people))):
            _answer(event, email, [row] if row is not None else [], rng, texts)


def _seed_past(organization, owner, people, rng) -> None:
    """History: the launch evening three weeks ago, most people checked in."""
    spec = PAST
    fields = _fields(spec)
    event = Event.objects.create(
        organization=organization,
        slug=spec["slug"],
        status=Event.Status.PUBLISHED,
        created_by=owner,
        published_at=fields["starts_at"] - timedelta(days=20),
        **{k: v for k, v in fields.items() if k not in ("remind_sms",)},
    )
    chosen = rng.sample(people, min(_scaled(spec["answers"]), len(people)))
    came = round(len(chosen) * spec["came"])
    for n, email in enumerate(chosen):
        person = email.person
        answered = event.starts_at - timedelta(days=rng.randint(1, 15), hours=rng.randint(0, 9))
        attendance = Attendance.objects.create(
            organization=organization, event=event, person=person, language="fr"
        )
        Attendance.objects.filter(pk=attendance.pk).update(created_at=answered)
        activity_record(
            person=person,
            kind=EVENT_RSVP,
            source=attendance,
            summary=str(event),
            data={"event": event.pk, "shift": None, "status": "going"},
            occurred_at=answered,
        )
        if n < came:
            arrived = event.starts_at + timedelta(minutes=rng.randint(-10, 50))
            Attendance.objects.filter(pk=attendance.pk).update(
                attended_at=arrived, checked_in_by=owner
            )
            activity_record(
                person=person,
                kind=EVENT_ATTENDED,
                actor=owner,
                source=attendance,
                summary=str(event),
                data={"event": event.pk, "shift": None},
                occurred_at=arrived,
            )


@demo_seeder(150)
def seed_events(stdout=None) -> None:
    organization = Organization.objects.filter(slug=ORGANIZATION).first()
    if organization is None:
        return
    users = get_user_model().objects
    owner = users.filter(email="camille.laurent@voix-citoyennes.fr").first()
    volunteer = users.filter(email="yanis.benali@voix-citoyennes.fr").first()
    rng = random.Random("turnout-demo-events")
    people = _people(organization, rng)
    taken = set(Event.objects.filter(organization=organization).values_list("slug", flat=True))
    from turnout.campaigns.models import Campaign

    campaign = (
        Campaign.objects.filter(organization=organization)
        .exclude(status=Campaign.Status.DRAFT)
        .order_by("id")
        .first()
    )
    created = 0
    for spec in EVENTS:
        if spec["slug"] not in taken:
            _seed_upcoming(organization, owner, spec, people, rng, campaign)
            created += 1
    if PAST["slug"] not in taken:
        _seed_past(organization, owner, people, rng)
        created += 1
    if PROPOSAL["slug"] not in taken and volunteer is not None:
        event_propose(
            organization=organization,
            actor=volunteer,
            fields=_fields(PROPOSAL),
            slug=PROPOSAL["slug"],
        )
        created += 1
    if stdout and created:
        stdout.write(f"  {created} events for {organization.name}")
