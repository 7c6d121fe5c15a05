"""Demo data of visits: the demo effort gets the shipped survey script, and two volunteers
canvass their turfs (about 150 visits over the last two days, synced through the same service
as the phones), with answers and a few people met who agreed to be recorded. Runs after the
turfs (order 165); idempotent (the visits' ids are fixed, a replay records nothing)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization

from .demo_turfs import EFFORT_NAME, ORGANIZATION
from .models import Effort, Turf, TurfStop, Visit
from .services.scripts import consent_texts, default_script, script_save
from .services.visits import visits_sync

WANTED_VISITS = 150
NAMESPACE = uuid.UUID("0b7f3f8e-2d55-4c1e-9a3f-6c0d8f4e9a12")
# Outcomes in a plausible mix: about a third of doors open.
OUTCOMES = ["not_home", "talked", "not_home", "refused", "talked", "come_back", "not_home",
            "talked", "moved", "not_home", "talked", "refused"]  # fmt: skip
PEOPLE = [
    ("Maëlle", "Kerouac", "maelle.kerouac@example.org", "+33 6 12 34 56 01"),
    ("Yann", "Le Bihan", "yann.lebihan@example.org", ""),
    ("Soizic", "Tanguy", "", "+33 6 12 34 56 03"),
    ("Erwan", "Guivarc'h", "erwan.guivarch@example.org", ""),
    ("Nolwenn", "Abgrall", "nolwenn.abgrall@example.org", "+33 6 12 34 56 05"),
    ("Loïc", "Quéré", "loic.quere@example.org", ""),
]
ISSUES = ["Le logement", "Les transports", "L'école du quartier", "Le prix de l'énergie"]


@demo_seeder(166)
def seed_visits(stdout=None) -> None:
    org = Organization.objects.filter(slug=ORGANIZATION).first()
    effort = Effort.objects.filter(organization=org, name=EFFORT_NAME).first() if org else None
    if effort is None:
        return
    if not effort.script:
        script_save(
            effort=effort,
            actor=effort.created_by,
            script=default_script(election_date=effort.ends_on),
        )
    turfs = list(
        Turf.objects.filter(effort=effort, assigned_to__isnull=False)
        .select_related("assigned_to")
        .order_by("number")
    )
    by_canvasser: dict[int, Turf] = {}
    for turf in turfs:
        by_canvasser.setdefault(turf.assigned_to_id, turf)
    recorded = 0
    for turf in list(by_canvasser.values())[:2]:
        recorded += _canvass(org, turf, WANTED_VISITS // 2)
    if stdout:
        stdout.write(f"  visits of {EFFORT_NAME}: {recorded}")


def _canvass(org, turf: Turf, wanted: int) -> int:
    """``wanted`` visits along the turf's route (a second round at the doors not opened)."""
    stops = list(
        TurfStop.objects.filter(turf=turf).order_by("position").values_list("address_id", flat=True)
    )
    if not stops:
        return 0
    consent = consent_texts(organization=org)["fr"]
    start = timezone.now() - timedelta(days=2)
    visits = []
    for i in range(wanted):
        address = stops[i % len(stops)]
        round_ = i // len(stops)
        outcome = OUTCOMES[(i + 3 * round_) % len(OUTCOMES)]
        visit = {
            "client_id": str(uuid.uuid5(NAMESPACE, f"{turf.uuid}-{i}")),
            "turf": str(turf.uuid),
            "address": address,
            "door": "" if i % 3 else f"{1 + i % 4}e étage",
            "outcome": outcome,
            "answers": {},
            "notes": "",
            "visited_at": (start + timedelta(hours=round_ * 20, minutes=3 * i)).isoformat(),
            "person": None,
        }
        if outcome == "talked":
            visit["answers"] = _answers(i)
            if i % 4 == 1:
                given, family, email, phone = PEOPLE[(i // 4) % len(PEOPLE)]
                visit["person"] = {
                    "given_name": given,
                    "family_name": family,
                    "email": email,
                    "phone": phone,
                    "consent": {"email": bool(email), "sms": bool(phone), "text_shown": consent},
                }
                visit["notes"] = "Intéressé·e pour tracter le samedi."
        visits.append(visit)
    for start_at in range(0, len(visits), 50):
        visits_sync(
            organization=org, canvasser=turf.assigned_to, visits=visits[start_at : start_at + 50]
        )
    return Visit.objects.filter(client_id__in=[v["client_id"] for v in visits]).count()


def _answers(i: int) -> dict:
    will_vote = ["yes", "yes", "unsure", "no"][i % 4]
    if will_vote == "no":
        return {"will_vote": "no", "issue": ISSUES[i % len(ISSUES)]}
    answers = {"will_vote": will_vote, "polling_station": "yes" if i % 3 else "no"}
    answers["reminder"] = "yes" if i % 2 else "no"
    if i % 5 == 0:
        answers["issue"] = ISSUES[i % len(ISSUES)]
    return answers
