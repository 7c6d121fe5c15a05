"""The intake queue of signatures (docs/decisions/0043-signature-intake-queue.md).

The public sign page validates what it can cheaply, writes one ``SubmissionIntake`` row and
thanks the person (``submission_intake_create``); with a spool directory (the default where a
worker runs), it writes the row's content to its process's spool file instead, which that
process moves into the table within half a second (``spool.py``, decisions/0101). A worker
folds the rows into the CRM (``intake_fold``): it claims waiting rows in id order, in batches
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several folds may run), records them and marks
them processed in the same transaction, then adds the batch's new confirmed submissions to
each action's counter: a crash rolls the whole batch back, so a row is never applied twice nor
lost. People who are
nobody yet in the CRM are recorded together (``submissions_apply_new_people``), the others one
by one through ``submission_apply``, each in a savepoint. A row the CRM refuses keeps what
was typed and the reason, for the organizers to see on the action's page and retry
(``intake_retry``).

Waking the worker costs nothing per row: a process enqueues at most one fold task a second
(its own clock first, then an atomic ``cache.add``), and the task keeps folding while rows
come and looks again for ``LINGER_SECONDS`` after its wake; a periodic task wakes a fold for
anything left behind. With a task backend that runs tasks in the calling process (no worker:
tests, a bare development site), the row is folded at once, in the request.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.backends.immediate import ImmediateBackend

from turnout.core.audit import audit_record
from turnout.core.tasks import enqueue_on_commit
from turnout.people.models import Channel
from turnout.people.normalize import InvalidContact, normalize_email, normalize_phone
from turnout.people.services import PersonData, PersonRefused
from turnout.people.services.suppression import suppressions_for_many
from turnout.people.services.upsert import contact_points_taken

from .exceptions import SubmissionRefused
from .models import Action, Submission, SubmissionIntake
from .referral import intake_referral_code, referral_target, spool_referral_code
from .rows import insert_if, update_each
from .selectors import action_public_forget, with_sponsors
from .services import NewSigner, submission_apply, submissions_apply_new_people
from .spool import new_ref, spool_append, spool_dir, spool_move

logger = logging.getLogger("turnout.actions")

PAYLOAD_VERSION = 1
WAKE_KEY = "actions:intake:wake"
WAKE_SECONDS = 1
# A fold woken at time t looks for rows until t + LINGER_SECONDS. A row enqueues nothing when
# its process woke a fold less than WAKE_SECONDS before (checked without the cache), or when
# that process found another's wake in the cache, itself at most WAKE_SECONDS older: the
# fold of that wake is still looking when the row comes in.
LINGER_SECONDS = 2 * WAKE_SECONDS + 0.5
_next_wake = 0.0  # this process's own gate (time.monotonic())
POLL_SECONDS = 0.2
MAX_ATTEMPTS = 3
OPEN_CONDITION = (
    f"EXISTS (SELECT 1 FROM {connection.ops.quote_name(Action._meta.db_table)} "  # noqa: S608
    f"WHERE id = %s AND status = '{Action.Status.PUBLISHED.value}')"
)
# What the fold writes on each row of a batch (one statement for the batch).
FOLD_FIELDS = (
    "payload",
    "contact_key",
    "processed_at",
    "outcome",
    "error",
    "attempts",
    "submission",
)


def _setting(name: str, default):
    return getattr(settings, name, default)


# --- Taking a submission in -----------------------------------------------------------------


def submission_intake_create(
    *,
    action: Action,
    data: PersonData,
    consent_given: bool,
    consent_text: str = "",
    sponsor_texts: dict[int, str] | None = None,
    attribution: dict | None = None,
    ip_address: str | None = None,
    answers: dict | None = None,
    language: str = "",
    show_name_text: str = "",
) -> SubmissionIntake:
    """Queue a submission of the public form: one insert, then the fold is woken.

    ``sponsor_texts`` are the ticked co-sponsor boxes ({sponsor id: text shown}),
    ``consent_text`` the text next to the consent box, ``attribution`` what the form carried
    (source code, UTM, ``referrer`` code, ``referring_organization`` slug).

    Refuses, before anything is written, what ``submission_record`` would refuse at once:
    InvalidContact (unusable email or phone), SubmissionRefused (action not open, double
    opt-in without an email address), PersonRefused (nothing to recognize a person by).
    """
    if not action.is_open:
        raise SubmissionRefused(_("This action is not open."))
    email = normalize_email(data.email) if data.email else ""
    phone = normalize_phone(data.phone, action.organization.country)[0] if data.phone else ""
    if action.double_opt_in and not email:
        raise SubmissionRefused(_("An email address is needed to confirm your signature."))
    if not (email or phone or data.given_name or data.family_name):
        raise PersonRefused(_("A person needs at least a name, an email or a phone number."))
    payload = {
        "v": PAYLOAD_VERSION,
        "person": {
            "given_name": data.given_name,
            "family_name": data.family_name,
            "email": email,
            "phone": phone,
            "language": data.language,
            "address": data.address or {},
        },
        "consent": bool(consent_given),
        "consent_text": consent_text if consent_given else "",
        "sponsors": {str(pk): text for pk, text in (sponsor_texts or {}).items()},
        "attribution": {k: v for k, v in (attribution or {}).items() if v},
        "answers": answers or {},
        "language": language,
        "show_name_text": show_name_text,
        "ip": ip_address,
    }
    intake = SubmissionIntake(
        organization_id=action.organization_id,
        action=action,
        payload=payload,
        contact_key=f"email:{email}" if email else f"phone:{phone}",
    )
    directory = spool_dir()
    if directory is not None and not _runs_here():
        # To this process's spool file, on disk before the thanks (docs/decisions/0101); its
        # mover thread puts it in the queue and wakes the fold. The action was open a few
        # seconds ago at most (the cache); the fold records what was accepted before a close.
        intake.ref = new_ref()
        try:
            spool_append(directory, _spool_record(intake))
        except OSError:
            logger.exception("the intake spool refused a signature: it goes to the database")
            intake.ref = None
        else:
            return intake
    # The one write of the request, made only while the action is published (checked by
    # the statement itself: the action may come from a cache a few seconds old).
    if insert_if(intake, condition=OPEN_CONDITION, condition_params=[action.pk]) is None:
        action_public_forget(action.slug)
        raise SubmissionRefused(_("This action is not open."))
    intake_wake()
    return intake


def _spool_record(intake: SubmissionIntake) -> dict:
    return {
        "o": intake.organization_id,
        "a": intake.action_id,
        "p": intake.payload,
        "k": intake.contact_key,
        "t": intake.created_at.isoformat(),
        "r": intake.ref,
    }


def intake_referral_code_for(intake: SubmissionIntake) -> str:
    """The referral code of the thank-you page: by the row's id, or by its spool reference
    while it has none."""
    if intake.pk is None:
        return spool_referral_code(intake.ref)
    return intake_referral_code(intake.pk)


def _runs_here() -> bool:
    from .tasks import intake_fold_task

    return isinstance(intake_fold_task.get_backend(), ImmediateBackend)


def intake_wake() -> None:
    """Make sure a fold runs soon, enqueueing at most one task per second (per process with
    a local cache, for all with a shared one)."""
    from .tasks import intake_fold_task

    global _next_wake
    if _runs_here():
        # No worker processes: fold now, in the caller's transaction (which sees the row).
        intake_fold_task.enqueue(0.0)
        return
    now = time.monotonic()
    if now < _next_wake:
        return
    _next_wake = now + WAKE_SECONDS
    if cache.add(WAKE_KEY, 1, WAKE_SECONDS):
        enqueue_on_commit(intake_fold_task, time.time())


def intake_confirmed_before(*, action: Action, email: str) -> bool:
    """Whether this address's signature of a double opt-in action is confirmed already (the
    thank-you page then asks for no email click)."""
    try:
        email = normalize_email(email)
    except InvalidContact:
        return False
    return Submission.objects.filter(
        action=action,
        status=Submission.Status.CONFIRMED,
        person__emails__organization_id=action.organization_id,
        person__emails__address=email,
    ).exists()


# --- Folding --------------------------------------------------------------------------------


@dataclass
class FoldStats:
    rows: int = 0
    recorded: int = 0
    updated: int = 0
    refused: int = 0
    failed: int = 0
    retried: int = 0
    batches: int = 0
    paused: float = 0.0  # seconds the fold gave way to the sign pages (FoldPacer)

    def as_dict(self) -> dict:
        return asdict(self)


class FoldPacer:
    """During a peak, the sign pages first (decision 0103). While signatures keep arriving
    (the queue's newest row changed within ``WINDOW`` seconds), the fold works at most
    ``share`` of the time: after a batch that took ``t`` seconds it waits
    ``t * (1 / share - 1)``. Its demand on the machine (its own CPU and its database
    backend's, which a ``nice`` on the worker does not reach) then stays the same when each
    row costs more, in a base of ten million signatures; the sign pages keep their rate, and
    the CRM catches up at full speed once arrivals stop. ``share`` 1 (the default, and the
    right value when the worker has a machine of its own) never waits."""

    WINDOW = 2.0

    def __init__(self, share: float):
        self.share = min(max(float(share), 0.05), 1.0)
        self.newest = self._newest() if self.share < 1 else 0
        self.arrived_at = -math.inf

    @staticmethod
    def _newest() -> int:
        return SubmissionIntake.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def after_batch(self, busy: float) -> float:
        """Wait as the share asks after a batch that took ``busy`` seconds; returns the wait."""
        if self.share >= 1:
            return 0.0
        newest, now = self._newest(), time.monotonic()
        if newest != self.newest:
            self.newest, self.arrived_at = newest, now
        if now - self.arrived_at > self.WINDOW:
            return 0.0
        pause = busy * (1 / self.share - 1)
        time.sleep(pause)
        return pause


def intake_fold(
    *, batch_size: int | None = None, max_seconds: float | None = None, linger_until: float = 0.0
) -> FoldStats:
    """Fold waiting rows, batch after batch, until none is left, then keep looking every
    POLL_SECONDS until ``linger_until`` (a ``time.time()``) is past; stop after
    ``max_seconds`` at a batch boundary. Spool files that no web process writes any more (one
    stopped or died on this machine) are moved into the queue first (``spool.spool_move``)."""
    size = batch_size or _setting("TURNOUT_INTAKE_BATCH", 100)
    stats = FoldStats()
    pacer = FoldPacer(_setting("TURNOUT_INTAKE_FOLD_PEAK_SHARE", 1.0))
    deadline = time.monotonic() + max_seconds if max_seconds else None
    while deadline is None or time.monotonic() < deadline:
        started = time.monotonic()
        if _fold_batch(size, stats):
            stats.paused += pacer.after_batch(time.monotonic() - started)
            continue
        if spool_move():
            continue
        if time.time() >= linger_until:
            break
        time.sleep(POLL_SECONDS)
    return stats


def _recordable(row: SubmissionIntake, action: Action) -> bool:
    """Open now, or closed after the row was accepted (the person was thanked then)."""
    if action.is_open:
        return True
    return (
        action.status == Action.Status.CLOSED
        and action.closed_at is not None
        and row.created_at <= action.closed_at
    )


def _person_data(payload: dict) -> PersonData:
    person = payload.get("person") or {}
    return PersonData(
        given_name=person.get("given_name") or "",
        family_name=person.get("family_name") or "",
        email=person.get("email") or "",
        phone=person.get("phone") or "",
        language=person.get("language") or "",
        address=person.get("address") or {},
    )


def _consent_text(payload: dict) -> str | None:
    return payload.get("consent_text") if payload.get("consent") else None


def _fold_one(row: SubmissionIntake, action: Action, people: dict) -> tuple[Submission, bool]:
    """One row through ``submission_apply`` (the caller holds a savepoint)."""
    if not _recordable(row, action):
        raise SubmissionRefused(_("The action was closed before this submission was recorded."))
    payload = row.payload or {}
    attribution = dict(payload.get("attribution") or {})
    target = referral_target(attribution.get("referrer") or "")
    if target is not None and target in people:
        attribution["referrer"] = people[target]  # folded earlier in this batch
    sponsors = payload.get("sponsors") or {}
    return submission_apply(
        action=action,
        data=_person_data(payload),
        consent_given=bool(payload.get("consent")),
        consent_text=_consent_text(payload),
        sponsor_ids=set(sponsors),
        sponsor_texts=sponsors,
        attribution=attribution,
        ip_address=payload.get("ip"),
        answers=payload.get("answers") or {},
        language=payload.get("language") or "",
        show_name_text=payload.get("show_name_text") or "",
        check_open=False,
        count=False,
    )


def _partition(rows: list, actions: dict) -> tuple[dict[int, list], list]:
    """Split a batch: the rows of people who are nobody yet in the owner's CRM (their email
    and phone found nowhere, and not earlier in the batch), recorded together
    (``submissions_apply_new_people``), by action; and the others, one by one in id order
    (someone known, a ticked co-sponsor box, a referral to a row of this batch, anything the
    CRM may refuse)."""
    contacts: dict[int, tuple[str, str, str] | None] = {}
    wanted: dict[int, tuple[set, set]] = {}
    organizations = {}
    for row in rows:
        action = actions[row.action_id]
        person = (row.payload or {}).get("person") or {}
        try:
            email = normalize_email(person["email"]) if person.get("email") else ""
            phone, kind = (
                normalize_phone(person["phone"], action.organization.country)
                if person.get("phone")
                else ("", "")
            )
        except InvalidContact:
            contacts[row.pk] = None
            continue
        contacts[row.pk] = (email, phone, kind)
        emails, phones = wanted.setdefault(action.organization_id, (set(), set()))
        emails.update([email] if email else [])
        phones.update([phone] if phone else [])
        organizations[action.organization_id] = action.organization
    known, suppressed = set(), {}
    for organization_id, (emails, phones) in wanted.items():
        taken_emails, taken_phones = contact_points_taken(
            organization_id=organization_id, emails=emails, phones=phones
        )
        known.update(("email", organization_id, a) for a in taken_emails)
        known.update(("phone", organization_id, n) for n in taken_phones)
        for key, hit in suppressions_for_many(
            organization=organizations[organization_id], emails=list(emails), phones=list(phones)
        ).items():
            suppressed[(organization_id, *key)] = hit
    batch = {key for row in rows for key in _targets(row)}
    fast: dict[int, list] = {}
    slow = []
    for row in rows:
        action = actions[row.action_id]
        payload = row.payload or {}
        found = contacts.get(row.pk)
        keys = set()
        if found is not None:
            email, phone, kind = found
            org = action.organization_id
            keys = {("email", org, email)} if email else set()
            keys |= {("phone", org, phone)} if phone else set()
        target = referral_target((payload.get("attribution") or {}).get("referrer") or "")
        new = (
            found is not None
            and keys
            and not keys & known
            and _recordable(row, action)
            and not payload.get("sponsors")
            and not (action.double_opt_in and not found[0])
            and not (target is not None and target in batch)
        )
        known |= keys  # a second row of the same person in this batch is an update
        if not new:
            slow.append(row)
            continue
        fast.setdefault(action.pk, []).append(
            (
                row,
                NewSigner(
                    data=_person_data(payload),
                    email=email,
                    phone=phone,
                    phone_kind=kind,
                    suppressed={
                        channel: suppressed[(org, channel, value)]
                        for channel, value in ((Channel.EMAIL, email), (Channel.SMS, phone))
                        if value and (org, channel, value) in suppressed
                    },
                    consent_given=bool(payload.get("consent")),
                    consent_text=_consent_text(payload),
                    attribution=dict(payload.get("attribution") or {}),
                    ip_address=payload.get("ip"),
                    answers=payload.get("answers") or {},
                    language=payload.get("language") or "",
                    show_name_text=payload.get("show_name_text") or "",
                ),
            )
        )
    return fast, slow


def _recorded(row, submission, created: bool, now, stats: FoldStats) -> None:
    row.submission = submission
    row.outcome = SubmissionIntake.Outcome.RECORDED if created else SubmissionIntake.Outcome.UPDATED
    if created:
        stats.recorded += 1
    else:
        stats.updated += 1
    # Recorded: what was typed now lives in the CRM only.
    row.payload, row.contact_key, row.error, row.processed_at = {}, "", "", now


def _fold_batch(size: int, stats: FoldStats) -> int:
    """Claim up to ``size`` waiting rows and fold them in one transaction; returns how many
    were claimed."""
    with transaction.atomic():
        rows = list(
            SubmissionIntake.objects.select_for_update(skip_locked=True)
            .filter(processed_at__isnull=True)
            .order_by("id")[:size]
        )
        if not rows:
            return 0
        actions = with_sponsors(Action.objects.filter(pk__in={r.action_id for r in rows}))
        actions = {action.pk: action for action in actions}
        # What a referral code names (``_targets``) -> the person it became, in this batch.
        people: dict[tuple, object] = {}
        counted: Counter = Counter()
        now = timezone.now()
        # One row alone (a quiet moment, or no worker) goes the one-by-one way: fewer
        # statements than looking the batch up first.
        fast, slow = _partition(rows, actions) if len(rows) > 1 else ({}, rows)
        if fast:
            try:
                with transaction.atomic():
                    recorded = [
                        (row, submission)
                        for action_id, items in fast.items()
                        for (row, _signer), submission in zip(
                            items,
                            submissions_apply_new_people(
                                action=actions[action_id],
                                signers=[signer for _row, signer in items],
                                now=now,
                            ),
                            strict=True,
                        )
                    ]
            except IntegrityError:
                # An address was taken meanwhile (another fold, someone typing it in the CRM):
                # these rows go one by one, matching again.
                slow = sorted(slow + [row for items in fast.values() for row, _s in items], key=_id)
            else:
                for row, submission in recorded:
                    people.update(dict.fromkeys(_targets(row), submission.person))
                    if submission.status == Submission.Status.CONFIRMED:
                        counted[row.action_id] += 1
                    _recorded(row, submission, True, now, stats)
        for row in slow:
            action = actions[row.action_id]
            try:
                with transaction.atomic():
                    submission, created = _fold_one(row, action, people)
            except (InvalidContact, PersonRefused, SubmissionRefused) as exc:
                row.outcome, row.error, row.processed_at = (
                    SubmissionIntake.Outcome.REFUSED,
                    str(exc)[:1000],
                    now,
                )
                stats.refused += 1
                continue
            except Exception as exc:
                # Not the data's fault as far as we know (a deadlock, a bug): tried again by
                # the next batches, then kept for the organizers with the error.
                logger.exception("intake row %s could not be folded", row.pk)
                row.attempts += 1
                row.error = f"{type(exc).__name__}: {exc}"[:1000]
                if row.attempts >= MAX_ATTEMPTS:
                    row.outcome, row.processed_at = SubmissionIntake.Outcome.FAILED, now
                    stats.failed += 1
                else:
                    stats.retried += 1
                continue
            people.update(dict.fromkeys(_targets(row), submission.person))
            if created and submission.status == Submission.Status.CONFIRMED:
                counted[action.pk] += 1
            _recorded(row, submission, created, now, stats)
        _fold_write(rows, now)
        # The counters last (in id order: concurrent folds lock them in the same order).
        for action_id, n in sorted(counted.items()):
            Action.objects.filter(pk=action_id).update(signature_count=F("signature_count") + n)
    stats.rows += len(rows)
    stats.batches += 1
    return len(rows)


def _id(row) -> int:
    return row.pk


def _targets(row: SubmissionIntake) -> list[tuple[str, int]]:
    """What the referral codes of this row's thank-you page name (``referral_target``)."""
    return [("intake", row.pk)] + ([("spool", row.ref)] if row.ref else [])


def _fold_write(rows: list[SubmissionIntake], now) -> None:
    """Write what the fold did to its rows: the recorded ones (nearly all) in one statement,
    the others (refused, failed, to retry) with ``bulk_update``."""
    done = (SubmissionIntake.Outcome.RECORDED, SubmissionIntake.Outcome.UPDATED)
    recorded = [row for row in rows if row.outcome in done and row.processed_at == now]
    others = [row for row in rows if not (row.outcome in done and row.processed_at == now)]
    payload = SubmissionIntake._meta.get_field("payload")
    processed = SubmissionIntake._meta.get_field("processed_at")
    update_each(
        SubmissionIntake,
        [(row.pk, row.submission_id, row.outcome) for row in recorded],
        columns=("submission_id", "outcome"),
        same={
            "payload": payload.get_db_prep_save({}, connection),
            "contact_key": "",
            "error": "",
            "processed_at": processed.get_db_prep_save(now, connection),
        },
    )
    if others:
        SubmissionIntake.objects.bulk_update(others, FOLD_FIELDS)


# --- Organizers -----------------------------------------------------------------------------


def intake_retry(*, action: Action, actor) -> int:
    """Put the rows of this action that could not be recorded back in the queue."""
    with transaction.atomic():
        count = SubmissionIntake.objects.filter(
            action=action, outcome__in=SubmissionIntake.PROBLEMS
        ).update(
            outcome=SubmissionIntake.Outcome.WAITING,
            processed_at=None,
            attempts=0,
            updated_at=timezone.now(),
        )
        if count:
            audit_record(
                organization=action.organization,
                actor=actor,
                action="action.intake_retry",
                target=action,
                data={"rows": count},
            )
            intake_wake()
    return count


def intake_forget(*, organization_id: int, emails: list[str], phones: list[str]) -> int:
    """Delete what the queue still holds of these contact points (waiting or refused rows):
    for an erasure."""
    keys = [f"email:{e}" for e in emails] + [f"phone:{p}" for p in phones]
    if not keys:
        return 0
    spool_move()  # what this machine's spool still holds, into the queue first
    # Only rows that still hold a payload: waiting, or kept after a refusal (two small
    # partial indexes); a recorded row keeps nothing personal.
    deleted, _rows = SubmissionIntake.objects.filter(
        Q(processed_at__isnull=True) | Q(outcome__in=SubmissionIntake.PROBLEMS),
        organization_id=organization_id,
        contact_key__in=keys,
    ).delete()
    return deleted
