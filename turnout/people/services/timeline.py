"""The timeline, consent log, tags and access log of a person."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    AccessLog,
    Activity,
    Consent,
    Person,
    Tag,
    Tagging,
)
from ..normalize import clean_name
from .types import ConsentInput


def activity_record(
    *,
    person: Person,
    kind: str,
    summary: str = "",
    actor=None,
    source: models.Model | None = None,
    data: dict | None = None,
    occurred_at: datetime | None = None,
    sensitive: bool = False,
) -> Activity:
    occurred_at = occurred_at or timezone.now()
    activity = Activity.objects.create(
        organization_id=person.organization_id,
        person=person,
        kind=kind,
        occurred_at=occurred_at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=str(source.pk) if source is not None else "",
        summary=summary[:300],
        data=data or {},
        sensitive=sensitive,
    )
    Person.objects.filter(pk=person.pk).filter(
        Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=occurred_at)
    ).update(last_activity_at=occurred_at)
    return activity


@transaction.atomic
def consent_record(
    *, person: Person, consent: ConsentInput, source: str, actor=None, ip_address: str | None = None
) -> Consent:
    """Append a consent decision; it becomes the current one for its channel and purpose."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    Consent.objects.filter(
        person=person, channel=consent.channel, purpose=consent.purpose, current=True
    ).update(current=False)
    row = Consent.objects.create(
        organization_id=person.organization_id,
        person=person,
        channel=consent.channel,
        purpose=consent.purpose,
        status=consent.status,
        current=True,
        source=source,
        source_ref=consent.source_ref[:200],
        notice_text=consent.notice_text,
        ip_address=ip_address,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    activity_record(
        person=person,
        kind="consent",
        actor=actor,
        source=row,
        summary=f"{consent.channel}/{consent.purpose}: {consent.status}",
        data={
            "channel": consent.channel,
            "purpose": consent.purpose,
            "status": consent.status,
            "source": source,
        },
    )
    return row


def tag_get_or_create(*, organization, name: str) -> Tag:
    name = clean_name(name, 80)
    if not name:
        raise ValueError(_("A tag needs a name."))
    tag, _created = Tag.objects.get_or_create(organization=organization, name=name)
    return tag


@transaction.atomic
def tags_add(*, person: Person, names: Iterable[str], actor=None) -> list[Tag]:
    added = []
    for name in names:
        tag = tag_get_or_create(organization=person.organization, name=name)
        _tagging, created = Tagging.objects.get_or_create(
            person=person, tag=tag, defaults={"added_by": actor}
        )
        if created:
            added.append(tag)
            activity_record(
                person=person, kind="tag.added", actor=actor, source=tag, summary=tag.name
            )
    return added


@transaction.atomic
def tag_remove(*, person: Person, tag: Tag, actor=None) -> bool:
    deleted, _rows = Tagging.objects.filter(person=person, tag=tag).delete()
    if deleted:
        activity_record(
            person=person, kind="tag.removed", actor=actor, source=tag, summary=tag.name
        )
    return bool(deleted)


def access_log_record(
    *,
    organization,
    user,
    action: str,
    person: Person | None = None,
    description: str = "",
    record_count: int = 1,
) -> AccessLog:
    return AccessLog.objects.create(
        organization=organization,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        person=person,
        description=description[:300],
        record_count=record_count,
    )


# --- Upsert ---------------------------------------------------------------------------------
