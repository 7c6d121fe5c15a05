"""Elections of the assistant, written by organizers (audited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from turnout.assistant.models import Election
from turnout.core.audit import audit_record


class Refused(Exception):
    """A write the organizer must correct: ``field_name`` names the form field (or "")."""

    def __init__(self, message: str, field_name: str = ""):
        super().__init__(message)
        self.message = message
        self.field_name = field_name


@dataclass
class ElectionData:
    slug: str
    name: dict
    country: str
    kind: str
    date: date
    second_round_date: date | None = None
    polls_open: time | None = None
    polls_close: time | None = None
    registration_deadline: date | None = None
    official_site: str = ""
    extra: dict = field(default_factory=dict)


def _check(data: ElectionData) -> None:
    if not any((text or "").strip() for text in data.name.values()):
        raise Refused(_("Give the election a name in at least one language."), "name_fr")
    if data.second_round_date and data.second_round_date <= data.date:
        raise Refused(_("The second round comes after the election day."), "second_round_date")
    if data.polls_open and data.polls_close and data.polls_close <= data.polls_open:
        raise Refused(_("The polls close after they open."), "polls_close")
    if data.registration_deadline and data.registration_deadline > data.date:
        raise Refused(
            _("The registration deadline cannot be after the election day."),
            "registration_deadline",
        )
    if data.official_site and not data.official_site.startswith("https://"):
        raise Refused(_("Give an address that starts with https://."), "official_site")


def _write(election: Election, data: ElectionData) -> None:
    election.slug = data.slug
    election.name = {lang: text.strip() for lang, text in data.name.items() if text.strip()}
    for name in (
        "country",
        "kind",
        "date",
        "second_round_date",
        "polls_open",
        "polls_close",
        "registration_deadline",
        "official_site",
    ):
        setattr(election, name, getattr(data, name))
    try:
        with transaction.atomic():
            election.save()
    except IntegrityError as exc:
        raise Refused(
            _("Another election already has this short name: choose another one."), "slug"
        ) from exc


@transaction.atomic
def election_create(*, organization, actor, data: ElectionData) -> Election:
    _check(data)
    election = Election(organization=organization)
    _write(election, data)
    audit_record(
        organization=organization,
        actor=actor,
        action="assistant.election_created",
        target=election,
        data={"slug": election.slug, "date": election.date.isoformat()},
    )
    return election


@transaction.atomic
def election_update(*, election: Election, actor, data: ElectionData) -> Election:
    _check(data)
    before = {"date": election.date.isoformat(), "slug": election.slug}
    _write(election, data)
    audit_record(
        organization=election.organization,
        actor=actor,
        action="assistant.election_updated",
        target=election,
        data={"before": before, "date": election.date.isoformat(), "slug": election.slug},
    )
    return election
