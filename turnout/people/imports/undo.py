"""Undo of an import: delete the people it created, put back what it changed on the people it
updated (``ImportChange.before``), remove the tags it added.

It runs in batches, each one transaction that also deletes the ImportChange rows it has
undone, so an interrupted undo simply continues where it stopped when it is run again. A value
is put back only if it is still the one the import wrote: a later edit by someone is kept.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone

from turnout.core.audit import audit_record

from ..models import (
    Activity,
    EmailAddress,
    ImportChange,
    PeopleImport,
    Person,
    PhoneNumber,
    PostalAddress,
    Tagging,
)
from ..services.timeline import activity_counters_refresh
from .batch import ACTIVITY_KIND, serialize

UNDO_BATCH = 1000
DATE_FIELDS = {"birthdate"}
DATETIME_FIELDS = {"last_activity_at"}


def _deserialize(name: str, value):
    if value is None:
        return None
    if name in DATE_FIELDS:
        return dt.date.fromisoformat(value)
    if name in DATETIME_FIELDS:
        return dt.datetime.fromisoformat(value)
    return value


def _delete_people(ids: list[int]) -> int:
    """Delete people; those that other records protect (a donation...) are kept and no longer
    linked to the import. Returns how many were kept."""
    try:
        with transaction.atomic():
            Person.objects.filter(pk__in=ids).delete()
        return 0
    except (ProtectedError, RestrictedError):
        kept = 0
        for person_id in ids:
            try:
                with transaction.atomic():
                    Person.objects.filter(pk=person_id).delete()
            except (ProtectedError, RestrictedError):
                Person.objects.filter(pk=person_id).update(source_import=None)
                kept += 1
        return kept


def _restore(changes: list[ImportChange], imp: PeopleImport) -> None:
    """Put back the values of one batch of changes, newest first."""
    person_ids = {c.person_id for c in changes if c.person_id}
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids)}
    address_ids = {c.before["addr"]["id"] for c in changes if "addr" in c.before}
    addresses = {a.pk: a for a in PostalAddress.objects.filter(pk__in=address_ids)}
    dirty_people, dirty_addresses = {}, {}
    person_fields, address_fields = set(), set()
    email_q, phone_q, new_addresses = Q(pk__in=[]), Q(pk__in=[]), set()
    for change in changes:
        person = people.get(change.person_id)
        if person is None:
            continue
        before = change.before
        for name, (old, new) in before.get("f", {}).items():
            if serialize(getattr(person, name)) == new:
                setattr(person, name, _deserialize(name, old))
                dirty_people[person.pk] = person
                person_fields.add(name)
        if before.get("cf"):
            values = dict(person.custom_fields)
            for key, (old, new) in before["cf"].items():
                if values.get(key) == new:
                    if old is None:
                        values.pop(key, None)
                    else:
                        values[key] = old
            if values != person.custom_fields:
                person.custom_fields = values
                dirty_people[person.pk] = person
                person_fields.add("custom_fields")
        if before.get("emails"):
            email_q |= Q(person_id=person.pk, address__in=before["emails"])
        if before.get("phones"):
            phone_q |= Q(person_id=person.pk, number__in=before["phones"])
        if before.get("addr_new"):
            new_addresses.add(before["addr_new"])
        if "addr" in before:
            address = addresses.get(before["addr"]["id"])
            if address is not None:
                for name, (old, new) in before["addr"]["f"].items():
                    if getattr(address, name) == new:
                        setattr(address, name, old)
                        dirty_addresses[address.pk] = address
                        address_fields.add(name)
    now = timezone.now()
    if dirty_people:
        for person in dirty_people.values():
            person.updated_at = now
        Person.objects.bulk_update(list(dirty_people.values()), [*person_fields, "updated_at"])
    if dirty_addresses:
        for address in dirty_addresses.values():
            address.updated_at = now
        PostalAddress.objects.bulk_update(
            list(dirty_addresses.values()), [*address_fields, "updated_at"]
        )
    EmailAddress.objects.filter(email_q).delete()
    PhoneNumber.objects.filter(phone_q).delete()
    if new_addresses:
        PostalAddress.objects.filter(pk__in=new_addresses, person_id__in=person_ids).delete()
    Activity.objects.filter(
        person_id__in=person_ids,
        kind=ACTIVITY_KIND,
        source_type=ContentType.objects.get_for_model(PeopleImport),
        source_id=str(imp.pk),
    ).delete()
    activity_counters_refresh(person_ids=person_ids, kinds=[ACTIVITY_KIND])


def import_undo_run(*, people_import: PeopleImport, progress=None, actor=None) -> dict:
    imp = PeopleImport.objects.select_related("organization").get(pk=people_import.pk)
    if imp.status == PeopleImport.Status.UNDONE:
        return {"deleted": 0, "restored": 0}
    created = Person.objects.filter(organization=imp.organization, source_import=imp)
    changes = ImportChange.objects.filter(people_import=imp)
    if progress is not None:
        progress.set_total(created.count() + changes.count() + 1)
    deleted = restored = kept = 0
    while ids := list(created.order_by("pk").values_list("pk", flat=True)[:UNDO_BATCH]):
        with transaction.atomic():
            kept += _delete_people(ids)
        deleted += len(ids)
        if progress is not None:
            progress.advance(len(ids))
    while True:
        with transaction.atomic():
            batch = list(changes.order_by("-pk")[:UNDO_BATCH])
            if not batch:
                break
            _restore(batch, imp)
            ImportChange.objects.filter(pk__in=[c.pk for c in batch]).delete()
        restored += len(batch)
        if progress is not None:
            progress.advance(len(batch))
    while ids := list(
        Tagging.objects.filter(source_import=imp).values_list("pk", flat=True)[: UNDO_BATCH * 5]
    ):
        Tagging.objects.filter(pk__in=ids).delete()
    with transaction.atomic():
        PeopleImport.objects.filter(pk=imp.pk).update(
            status=PeopleImport.Status.UNDONE, undone_at=timezone.now()
        )
        audit_record(
            organization=imp.organization,
            actor=actor,
            action="people.import.undone",
            target=imp,
            data={"deleted": deleted - kept, "kept": kept, "restored": restored},
        )
    if progress is not None:
        progress.advance(1)
    return {"deleted": deleted - kept, "kept": kept, "restored": restored}
