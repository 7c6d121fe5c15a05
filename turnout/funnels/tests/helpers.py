"""Small builders shared by the ladder tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from turnout.funnels import services
from turnout.funnels.models import PersonRung, Rung, RungReached
from turnout.people.models import Activity
from turnout.people.services import PersonData, activity_record, person_upsert


def suggested(organization) -> dict[str, Rung]:
    """The suggested ladder (no recompute job), by English name."""
    rungs = services.ladder_use_suggested(organization=organization, actor=None, recompute=False)
    return {rung.name["en"]: rung for rung in rungs}


def newcomer(organization, email: str, **fields):
    person, _created = person_upsert(
        organization=organization, data=PersonData(email=email, **fields), source="form"
    )
    return person


def did(person, kind: str, when: datetime | None = None, **data):
    return activity_record(person=person, kind=kind, occurred_at=when or timezone.now(), data=data)


def days_ago(n: float) -> datetime:
    return timezone.now() - timedelta(days=n)


def current_rung(person) -> str | None:
    row = PersonRung.objects.filter(person=person).select_related("rung").first()
    return row.rung.name["en"] if row else None


def reached(person) -> dict[str, datetime]:
    return {
        row.rung.name["en"]: row.reached_at
        for row in RungReached.objects.filter(person=person).select_related("rung")
    }


def announcements(person) -> list[str]:
    return list(
        Activity.objects.filter(person=person, kind=services.REACHED_KIND)
        .order_by("id")
        .values_list("summary", flat=True)
    )
