"""Editing the ladder: rungs added, changed, moved, deleted, the suggested ladder; every change
bumps the ladder's version, clears the cached ladder and starts a recompute."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from turnout.core.audit import audit_record
from turnout.core.jobs import job_cancel, job_create
from turnout.core.models import Job
from turnout.people import activity_kinds as kinds
from turnout.people.models import Tag
from turnout.people.segments.filters import validate_definition
from turnout.people.services import tag_get_or_create

from ..ladder import ladder_cache_clear
from ..models import Ladder, Rung

RECOMPUTE_JOB = "funnels_recompute"
MAX_RUNGS = 10
LANGUAGES = ("fr", "en", "de")


class LadderError(Exception):
    """A change the ladder refuses, with a message for the person who asked."""


def _texts(value: dict | None) -> dict:
    value = value or {}
    return {code: str(value.get(code) or "").strip() for code in LANGUAGES}


def _lock(organization) -> Ladder:
    """The organization's ladder row, locked: changes of one ladder happen one at a time."""
    ladder, _created = Ladder.objects.get_or_create(organization=organization)
    return Ladder.objects.select_for_update().get(pk=ladder.pk)


def _clean_rule(organization, definition: dict) -> dict:
    # Rungs are seen by every organizer (ladder page, person page): never by political
    # opinion, whoever writes the rule.
    return validate_definition(
        organization=organization, definition=definition, allow_sensitive=False
    )


def _changed(ladder: Ladder, *, actor, recompute: bool = True) -> None:
    Ladder.objects.filter(pk=ladder.pk).update(version=F("version") + 1, updated_at=timezone.now())
    ladder_cache_clear(ladder.organization_id)
    if recompute:
        ladder_recompute_start(organization=ladder.organization, actor=actor)


@transaction.atomic
def rung_create(*, organization, actor, name: dict, description: dict, definition: dict) -> Rung:
    """Add a rung at the top of the ladder. Raises ValidationError (rule) or LadderError."""
    ladder = _lock(organization)
    cleaned = _clean_rule(organization, definition)
    rungs = Rung.objects.for_organization(organization)
    if rungs.count() >= MAX_RUNGS:
        raise LadderError(_("A ladder has at most %(max)s rungs.") % {"max": MAX_RUNGS})
    top = rungs.aggregate(top=Max("position"))["top"]
    rung = Rung.objects.create(
        organization=organization,
        name=_texts(name),
        description=_texts(description),
        definition=cleaned,
        position=0 if top is None else top + 1,
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="ladder.rung_created",
        target=rung,
        data={"definition": cleaned},
    )
    _changed(ladder, actor=actor)
    return rung


@transaction.atomic
def rung_update(*, rung: Rung, actor, name: dict, description: dict, definition: dict) -> Rung:
    ladder = _lock(rung.organization)
    cleaned = _clean_rule(rung.organization, definition)
    rule_changed = cleaned != rung.definition
    rung.name, rung.description, rung.definition = _texts(name), _texts(description), cleaned
    rung.save(update_fields=["name", "description", "definition", "updated_at"])
    audit_record(
        organization=rung.organization,
        actor=actor,
        action="ladder.rung_updated",
        target=rung,
        data={"definition": cleaned},
    )
    _changed(ladder, actor=actor, recompute=rule_changed)
    return rung


@transaction.atomic
def rung_delete(*, rung: Rung, actor) -> None:
    """Delete a rung, its history and its people's placement; the rungs above move down."""
    organization = rung.organization
    ladder = _lock(organization)
    position = rung.position
    audit_record(
        organization=organization,
        actor=actor,
        action="ladder.rung_deleted",
        target=rung,
        data={"name": rung.name, "definition": rung.definition},
    )
    rung.delete()
    # One by one from the bottom: each position is free when its neighbour moves into it.
    for above in Rung.objects.for_organization(organization).filter(position__gt=position):
        Rung.objects.filter(pk=above.pk).update(position=above.position - 1)
    _changed(ladder, actor=actor)


@transaction.atomic
def rung_move(*, rung: Rung, actor, direction: str) -> bool:
    """Swap the rung with the one above ("up") or below ("down"). False at either end."""
    organization = rung.organization
    ladder = _lock(organization)
    rung.refresh_from_db(fields=["position"])
    rungs = Rung.objects.for_organization(organization)
    if direction == "up":
        other = rungs.filter(position__gt=rung.position).order_by("position").first()
    else:
        other = rungs.filter(position__lt=rung.position).order_by("-position").first()
    if other is None:
        return False
    spare = (rungs.aggregate(top=Max("position"))["top"] or 0) + 1
    mine, theirs = rung.position, other.position
    Rung.objects.filter(pk=rung.pk).update(position=spare)
    Rung.objects.filter(pk=other.pk).update(position=mine)
    Rung.objects.filter(pk=rung.pk).update(position=theirs)
    rung.position = theirs
    audit_record(
        organization=organization,
        actor=actor,
        action="ladder.rung_moved",
        target=rung,
        data={"from": mine, "to": theirs},
    )
    _changed(ladder, actor=actor)
    return True


# The suggested ladder. Names and descriptions are the organization's texts (they can edit
# them), so they are stored in the three languages rather than translated at display time.
SUGGESTED = [
    {
        "name": {"en": "Supporter", "fr": "Sympathisant·e", "de": "Unterstützer·in"},
        "description": {
            "en": "Anyone in the base.",
            "fr": "Toute personne de la base.",
            "de": "Alle Personen in der Datenbank.",
        },
        "kinds": [],
    },
    {
        "name": {"en": "Signer", "fr": "Signataire", "de": "Unterzeichner·in"},
        "description": {
            "en": "Signed a petition, took a pledge or filled in a form.",
            "fr": "A signé une pétition, pris un engagement ou rempli un formulaire.",
            "de": "Hat eine Petition unterschrieben, eine Zusage gemacht oder ein Formular "
            "ausgefüllt.",
        },
        "kinds": list(kinds.ACTION_KINDS),
    },
    {
        "name": {"en": "Donor", "fr": "Donateur·rice", "de": "Spender·in"},
        "description": {
            "en": "Made a donation.",
            "fr": "A fait un don.",
            "de": "Hat gespendet.",
        },
        "kinds": [kinds.DONATION_MADE],
    },
    {
        "name": {"en": "Volunteer", "fr": "Bénévole", "de": "Freiwillige·r"},
        "description": {
            "en": "Tagged as a volunteer, or came to a shift or went canvassing.",
            "fr": "Étiqueté·e bénévole, ou venu·e à un créneau ou au porte-à-porte.",
            "de": "Als freiwillig markiert, oder bei einer Schicht oder Haustür-Aktion dabei.",
        },
        "kinds": [kinds.SHIFT_ATTENDED, kinds.CANVASS_DONE],
        "tag": "volunteer",
    },
    {
        "name": {"en": "Leader", "fr": "Leader", "de": "Leiter·in"},
        "description": {
            "en": "Leads others: tagged as a leader.",
            "fr": "Entraîne les autres : étiqueté·e leader.",
            "de": "Leitet andere an: als Leiter·in markiert.",
        },
        "kinds": [],
        "tag": "leader",
    },
]


def _suggested_tag(organization, role: str) -> Tag:
    """The tag named "volunteer" (or "leader") in the language of the person who asks."""
    return tag_get_or_create(organization=organization, name=pgettext("tag name", role))


def suggested_definition(organization, spec: dict) -> dict:
    conditions: list[dict] = [
        {"field": "activity", "op": "done", "value": {"kind": kind}} for kind in spec["kinds"]
    ]
    if spec.get("tag"):
        tag = _suggested_tag(organization, spec["tag"])
        conditions.insert(0, {"field": "tag", "op": "has", "value": [tag.pk]})
    return {"match": "any" if len(conditions) > 1 else "all", "conditions": conditions}


@transaction.atomic
def ladder_use_suggested(*, organization, actor, recompute: bool = True) -> list[Rung]:
    """Create the suggested ladder (supporter, signer, donor, volunteer, leader) for an
    organization without rungs."""
    ladder = _lock(organization)
    if Rung.objects.for_organization(organization).exists():
        raise LadderError(_("The ladder already has rungs: edit them instead."))
    rungs = []
    for position, spec in enumerate(SUGGESTED):
        rungs.append(
            Rung.objects.create(
                organization=organization,
                name=dict(spec["name"]),
                description=dict(spec["description"]),
                definition=_clean_rule(organization, suggested_definition(organization, spec)),
                position=position,
            )
        )
    audit_record(
        organization=organization,
        actor=actor,
        action="ladder.suggested_used",
        target=ladder,
        data={"rungs": [r.pk for r in rungs]},
    )
    _changed(ladder, actor=actor, recompute=recompute)
    return rungs


@transaction.atomic
def ladder_recompute_start(*, organization, actor=None) -> Job:
    """Start placing everyone again (in the background); an unfinished recompute of the same
    ladder is cancelled first, since it works from rules that may have changed."""
    for job in (
        Job.objects.for_organization(organization)
        .filter(kind=RECOMPUTE_JOB)
        .exclude(status__in=Job.FINISHED)
    ):
        job_cancel(job=job)
    job = job_create(
        organization=organization,
        kind=RECOMPUTE_JOB,
        title=_("Placing everyone on the engagement ladder"),
        user=actor if getattr(actor, "is_authenticated", False) else None,
    )
    Ladder.objects.update_or_create(organization=organization, defaults={"recompute_job": job})
    return job
