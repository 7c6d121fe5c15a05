"""Writes on actions and their submissions.

A submission goes through the CRM (``person_upsert``, ``consent_record``, ``activity_record``);
the exact counter is bumped with ``F() + 1`` in the transaction that makes a submission
confirmed, and only there: one signature per person per action is a unique constraint.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from turnout.api.webhooks import emit as webhook_emit
from turnout.core.audit import audit_record
from turnout.core.tasks import enqueue_on_commit
from turnout.organizations.models import Organization
from turnout.people.models import Channel, Consent, Person, Purpose
from turnout.people.normalize import normalize_email, normalize_phone
from turnout.people.services import (
    ConsentInput,
    PersonData,
    activity_record,
    consent_record,
    person_upsert,
)
from turnout.people.services.suppression import suppressions_for
from turnout.people.services.timeline import activity_batch, consent_append
from turnout.people.services.upsert import NewPerson, people_create_new

from .exceptions import SubmissionRefused
from .models import LANGUAGES, Action, ActionSponsor, SponsorOptIn, Submission
from .questions import custom_field_values
from .referral import referral_target
from .rows import insert_unless_exists
from .tasks import submission_confirmation_send

CONFIRM_SALT = "turnout.actions.submission-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
CONSENT_SOURCE = Consent.Source.FORM
ATTRIBUTION_FIELDS = ("source_code", "utm_source", "utm_medium", "utm_campaign")
ACTION_FIELDS = (
    "kind",
    "title",
    "description",
    "thank_you",
    "consent_text",
    "targets",
    "goal",
    "double_opt_in",
    "frame_ancestors",
)


# --- Actions --------------------------------------------------------------------------------


def _texts(value) -> dict:
    value = value or {}
    return {code: str(value.get(code) or "").strip() for code in LANGUAGES if value.get(code)}


@transaction.atomic
def action_create(*, organization, actor, slug: str, **fields) -> Action:
    """A new draft action owned by ``organization`` (with its owner sponsor row)."""
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown action fields: {sorted(unknown)}")
    for name in ("title", "description", "thank_you", "consent_text"):
        if name in fields:
            fields[name] = _texts(fields[name])
    action = Action.objects.create(organization=organization, slug=slug, created_by=actor, **fields)
    ActionSponsor.objects.create(action=action, organization=organization, is_owner=True)
    audit_record(organization=organization, actor=actor, action="action.create", target=action)
    return action


@transaction.atomic
def action_update(*, action: Action, actor, fields: dict) -> list[str]:
    """Change an action's settings; its address (slug) only while it is a draft."""
    changed = []
    for name, value in fields.items():
        if name == "slug" and action.status == Action.Status.DRAFT:
            pass
        elif name not in ACTION_FIELDS:
            raise TypeError(f"unknown action field: {name}")
        if name in ("title", "description", "thank_you", "consent_text"):
            value = _texts(value)
        if getattr(action, name) != value:
            setattr(action, name, value)
            changed.append(name)
    if changed:
        action.save(update_fields=[*changed, "updated_at"])
        audit_record(
            organization=action.organization,
            actor=actor,
            action="action.update",
            target=action,
            data={"fields": changed},
        )
    return changed


@transaction.atomic
def action_publish(*, action: Action, actor) -> Action:
    if not action.title_text():
        raise SubmissionRefused(_("An action needs a title before it is published."))
    if not action.consent_text_for():
        raise SubmissionRefused(_("An action needs a consent text before it is published."))
    action.status = Action.Status.PUBLISHED
    action.published_at = action.published_at or timezone.now()
    action.closed_at = None
    action.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    audit_record(
        organization=action.organization, actor=actor, action="action.publish", target=action
    )
    return action


@transaction.atomic
def action_close(*, action: Action, actor) -> Action:
    action.status = Action.Status.CLOSED
    action.closed_at = timezone.now()
    action.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        organization=action.organization, actor=actor, action="action.close", target=action
    )
    return action


@transaction.atomic
def action_sponsor_add(
    *, action: Action, organization, opt_in_label: dict, actor=None, position: int | None = None
) -> ActionSponsor:
    """Add a co-sponsor, who receives only the signers who tick its own box. Recorded in the
    audit logs of the owner and of the co-sponsor."""
    if organization.pk == action.organization_id:
        raise SubmissionRefused(_("The organization that owns the action is already its sponsor."))
    existing = ActionSponsor.objects.filter(action=action, organization=organization).first()
    if position is None:
        position = (
            existing.position
            if existing
            else 1 + max(action.sponsors.values_list("position", flat=True), default=0)
        )
    sponsor, _created = ActionSponsor.objects.update_or_create(
        action=action,
        organization=organization,
        defaults={"opt_in_label": _texts(opt_in_label), "position": position},
    )
    for audited in (action.organization, organization):
        audit_record(
            organization=audited,
            actor=actor,
            action="action.sponsor_add",
            target=action,
            data={"sponsor": organization.slug, "owner": action.organization.slug},
        )
    return sponsor


# --- Submissions ----------------------------------------------------------------------------


def submission_confirm_token(submission: Submission) -> str:
    """The signed token of a double opt-in link (valid for 7 days)."""
    return signing.dumps({"s": submission.pk, "a": submission.action_id}, salt=CONFIRM_SALT)


def action_sponsor_rows(action: Action) -> list[ActionSponsor]:
    """The action's sponsor rows with their organizations: the ones prefetched with the
    action (``action_public_get``, the intake fold), else read once."""
    cached = getattr(action, "_prefetched_objects_cache", {}).get("sponsors")
    if cached is not None:
        return list(cached)
    return list(action.sponsors.select_related("organization"))


def _referrer_person(action: Action, code: str) -> Person | None:
    """The person a share link's code (a referral code, or a person's UUID) names: only a
    person of the owner's CRM, never an erased one. A code made on a thank-you page before
    the signer was recorded names their intake row: its submission's person."""
    people = Person.objects.filter(organization_id=action.organization_id, erased_at__isnull=True)
    target = referral_target(code)
    try:
        if target is None:
            return people.filter(uuid=code).first()
        kind, pk = target
        if kind == "intake":
            return people.filter(action_submissions__intakes__pk=pk).first()
        if kind == "spool":
            return people.filter(action_submissions__intakes__ref=pk).first()
        return people.filter(pk=pk).first()
    except (ValueError, ValidationError):  # a malformed code is no referrer
        return None


def _attribution(action: Action, attribution: dict, sponsors: list[ActionSponsor]) -> dict:
    values = {name: str(attribution.get(name) or "")[:100].strip() for name in ATTRIBUTION_FIELDS}
    referrer = attribution.get("referrer")
    if isinstance(referrer, Person):
        referrer = referrer if referrer.organization_id == action.organization_id else None
    elif referrer:
        referrer = _referrer_person(action, str(referrer).strip())
    values["referrer"] = referrer or None
    referring = attribution.get("referring_organization")
    if referring:
        # Only an organization that carries the action refers to it.
        slug = referring.slug if isinstance(referring, Organization) else str(referring)
        referring = next((s.organization for s in sponsors if s.organization.slug == slug), None)
    vouched = attribution.get("vouched_organization")
    if not referring and isinstance(vouched, Organization):
        # Server code that checked the organization itself (a campaign's tracked link names
        # an approved participant of the campaign that owns this pledge).
        referring = vouched
    values["referring_organization"] = referring or None
    return values


def _count_confirmed(action: Action, *, open_only: bool = False) -> None:
    """One more confirmed submission on the counter. ``open_only``: only while the action is
    open (checked in the same statement), else the whole submission is refused."""
    rows = Action.objects.filter(pk=action.pk)
    if open_only:
        rows = rows.filter(status=Action.Status.PUBLISHED)
    if not rows.update(signature_count=F("signature_count") + 1):
        raise SubmissionRefused(_("This action is not open."))


def _on_confirmed(
    submission: Submission, *, deliver: bool, ip_address=None, occurred_at=None
) -> None:
    """What happens once, when a submission becomes confirmed (inside its transaction),
    except the counter, which the caller bumps last."""
    action = submission.action
    activity_record(
        person=submission.person,
        kind=action.activity_kind,
        source=submission,
        occurred_at=occurred_at,
        summary=action.title_text()[:300],
        data={
            "action": action.pk,
            "slug": action.slug,
            "source_code": submission.source_code,
            "utm_source": submission.utm_source,
            "referring_organization": submission.referring_organization_id,
        },
    )
    webhook_emit(organization=action.organization_id, type="action.taken", obj=submission)
    if deliver:
        _sponsors_deliver(submission, ip_address=ip_address)


def _sponsors_deliver(submission: Submission, *, ip_address=None) -> None:
    """Give each co-sponsor whose box was ticked the person, in its own CRM, with its own
    consent record. Never a sponsor whose box was not ticked."""
    opt_ins = list(
        submission.opt_ins.filter(granted=True, person__isnull=True).select_related(
            "sponsor__organization"
        )
    )
    if not opt_ins:
        return
    person = submission.person
    email = person.emails.order_by("-primary", "id").values_list("address", flat=True).first()
    phone = person.phones.order_by("-primary", "id").values_list("number", flat=True).first()
    for opt_in in opt_ins:
        data = PersonData(
            given_name=person.given_name,
            family_name=person.family_name,
            email=email or "",
            phone=phone or "",
            language=person.language,
        )
        consents = []
        if email:
            consents.append(
                ConsentInput(
                    channel=Channel.EMAIL,
                    purpose=Purpose.CAMPAIGNS,
                    status=Consent.Status.GRANTED,
                    notice_text=opt_in.notice_text,
                    source_ref=f"action:{submission.action.slug}",
                )
            )
        sponsor_person, _created = person_upsert(
            organization=opt_in.sponsor.organization,
            data=data,
            source=CONSENT_SOURCE,
            consents=consents,
            respect_erasure=False,
            ip_address=ip_address,
        )
        opt_in.person = sponsor_person
        opt_in.save(update_fields=["person", "updated_at"])


def _consent_on_submission(
    *,
    action: Action,
    person: Person,
    person_created: bool,
    language: str,
    pending: bool,
    suppressed: dict,
    ip_address,
    text: str | None = None,
) -> None:
    """Record the ticked consent box with the exact text shown. With double opt-in it is
    "pending" until the link is followed, but a consent already given is never downgraded;
    a confirmed double opt-in submission records nothing on resubmission (the address is not
    proven again). An opt-out or erasure of the address stands until an admin lifts it. The
    same decision with the same text as the current one adds nothing."""
    if action.double_opt_in and not pending:
        return
    if Channel.EMAIL in suppressed:
        return
    status = Consent.Status.PENDING if action.double_opt_in else Consent.Status.GRANTED
    consent = ConsentInput(
        channel=Channel.EMAIL,
        purpose=Purpose.CAMPAIGNS,
        status=status,
        notice_text=action.consent_text_for(language) if text is None else text,
        source_ref=f"action:{action.slug}",
    )
    if person_created:  # created in this transaction: no earlier decision, nobody else sees it
        consent_append(
            person=person, consent=consent, source=CONSENT_SOURCE, ip_address=ip_address, first=True
        )
        return
    current = (
        Consent.objects.filter(
            person=person, channel=Channel.EMAIL, purpose=Purpose.CAMPAIGNS, current=True
        )
        .values_list("status", "notice_text")
        .first()
    )
    if current is not None:
        if status == Consent.Status.PENDING and current[0] == Consent.Status.GRANTED:
            return
        if current == (status, consent.notice_text):
            return
    consent_record(person=person, consent=consent, source=CONSENT_SOURCE, ip_address=ip_address)


def _opt_ins_record(
    *,
    submission: Submission,
    sponsors: list[ActionSponsor],
    chosen: set[int],
    created: bool,
    texts: dict[int, str],
    language: str,
) -> bool:
    """One opt-in row per co-sponsor shown; a ticked box grants it, with the text shown next
    to it (``texts``, else its label), ticking later grants it then; unticking is no
    withdrawal. Returns whether a box was granted now."""
    existing = {} if created else {o.sponsor_id: o for o in submission.opt_ins.all()}
    new_rows = []
    granted_now = False
    for sponsor in sponsors:
        ticked = sponsor.pk in chosen
        opt_in = existing.get(sponsor.pk)
        if opt_in is None:
            new_rows.append(
                SponsorOptIn(
                    submission=submission,
                    sponsor=sponsor,
                    granted=ticked,
                    notice_text=(texts.get(sponsor.pk) or sponsor.label_text(language))
                    if ticked
                    else "",
                )
            )
            granted_now = granted_now or ticked
        elif ticked and not opt_in.granted:
            opt_in.granted = True
            opt_in.notice_text = texts.get(sponsor.pk) or sponsor.label_text(language)
            opt_in.save(update_fields=["granted", "notice_text", "updated_at"])
            granted_now = True
    if new_rows:
        SponsorOptIn.objects.bulk_create(new_rows)
    return granted_now


def _update_existing(
    submission: Submission,
    *,
    action: Action,
    answers: dict | None,
    consent_given: bool,
    show_name: bool,
    show_name_text: str,
    values: dict,
) -> None:
    """A second submission updates the first: answers and consent, attribution only where
    it was missing (first touch wins). Written only when something changed."""
    update = []
    merged = {**submission.answers, **(answers or {})}
    if merged != submission.answers:
        submission.answers = merged
        update.append("answers")
    if consent_given and not submission.consent_given:
        submission.consent_given = True  # a later unticked box is no withdrawal
        update.append("consent_given")
    if action.kind == Action.Kind.PETITION and (
        submission.show_name != show_name or submission.show_name_text != show_name_text
    ):
        submission.show_name, submission.show_name_text = show_name, show_name_text
        update += ["show_name", "show_name_text"]
    for name, value in values.items():
        attr = f"{name}_id" if name in ("referrer", "referring_organization") else name
        if value and not getattr(submission, attr):
            setattr(submission, name, value)
            update.append(name)
    if update:
        submission.save(update_fields=[*update, "updated_at"])


def _prepared(
    action: Action, data: PersonData, *, answers: dict | None, language: str, show_name_text: str
) -> tuple[PersonData, str, bool, str]:
    """The person's data as the CRM takes it (the language of the page when they gave none,
    answers mapped to custom fields), the submission's language, and the "show my name" box
    (petitions only)."""
    language = (language or data.language or get_language() or "")[:2]
    if language not in LANGUAGES:
        language = ""
    if not data.language and language:
        data = replace(data, language=language)  # the caller's object stays as it was
    if answers and action.questions:
        mapped = custom_field_values(action.questions, answers)
        if mapped:
            data = replace(data, custom_fields={**data.custom_fields, **mapped})
    show_name = bool(show_name_text) and action.kind == Action.Kind.PETITION
    return data, language, show_name, show_name_text[:1000] if show_name else ""


def _new_submission(
    action: Action,
    person: Person,
    *,
    language: str,
    answers: dict | None,
    consent_given: bool,
    show_name: bool,
    show_name_text: str,
    values: dict,
    now=None,
) -> Submission:
    """The (unsaved) first submission of a person: waiting for the email click with double
    opt-in, else confirmed now."""
    status = Submission.Status.PENDING if action.double_opt_in else Submission.Status.CONFIRMED
    return Submission(
        organization_id=action.organization_id,
        action=action,
        person=person,
        status=status,
        confirmed_at=(now or timezone.now()) if status == Submission.Status.CONFIRMED else None,
        language=language,
        answers=answers or {},
        consent_given=consent_given,
        show_name=show_name,
        show_name_text=show_name_text,
        **values,
    )


def _contact_points(organization, data: PersonData) -> tuple[str, str]:
    """The email and phone as the CRM stores them (raises InvalidContact)."""
    email = normalize_email(data.email) if data.email else ""
    phone = normalize_phone(data.phone, organization.country)[0] if data.phone else ""
    return email, phone


@transaction.atomic
def submission_record(
    *,
    action: Action,
    data: PersonData,
    consent_given: bool,
    sponsor_ids: set,
    attribution: dict,
    ip_address: str | None = None,
    answers: dict | None = None,
    language: str = "",
    show_name_text: str = "",
    consent_text: str | None = None,
    sponsor_texts: dict | None = None,
) -> tuple[Submission, bool]:
    """Take a signature (or a form answer). Returns the submission and whether it is new.

    The person is created or matched (email, then phone) in the owner's CRM with the consent
    text shown. One submission per (action, person): a second one updates the first and is
    never counted twice. Without double opt-in the new submission is counted now; with it,
    the submission waits for ``submission_confirm`` and is counted then.

    ``action`` is used as given (load it with its organization and sponsors,
    ``action_public_get``); whether it is still open is checked again by the counter's own
    update. ``answers`` are stored as given (the public form validates them); answers to
    questions mapped to a CRM custom field land on the person too. ``show_name_text`` is the
    exact text of the ticked "show my name to the targets" box of a petition (empty: not
    ticked; the person's last submission decides). ``attribution`` may name the referrer as a
    Person (or a referral code, or a person's UUID). ``consent_text`` and ``sponsor_texts``
    ({sponsor id: label}) are the texts the person was shown, when the caller kept them
    (default: the action's current ones).

    Raises SubmissionRefused (action not open, no email for a double opt-in), and lets the
    CRM's InvalidContact / PersonRefused through.
    """
    return submission_apply(
        action=action,
        data=data,
        consent_given=consent_given,
        sponsor_ids=sponsor_ids,
        attribution=attribution,
        ip_address=ip_address,
        answers=answers,
        language=language,
        show_name_text=show_name_text,
        consent_text=consent_text,
        sponsor_texts=sponsor_texts,
    )


def submission_apply(
    *,
    action: Action,
    data: PersonData,
    consent_given: bool,
    sponsor_ids: set,
    attribution: dict,
    ip_address: str | None = None,
    answers: dict | None = None,
    language: str = "",
    show_name_text: str = "",
    consent_text: str | None = None,
    sponsor_texts: dict | None = None,
    check_open: bool = True,
    count: bool = True,
) -> tuple[Submission, bool]:
    """``submission_record`` without its own transaction: for a caller that holds one (and a
    savepoint around each call when it goes on after a refusal), such as the intake fold,
    which decides itself whether the action was open (``check_open=False``) and bumps the
    counters of a whole batch at once (``count=False``: the caller adds one for each new
    confirmed submission, in the same transaction)."""
    if check_open and not action.is_open:
        raise SubmissionRefused(_("This action is not open."))
    if action.double_opt_in and not data.email:
        raise SubmissionRefused(_("An email address is needed to confirm your signature."))
    organization = action.organization
    email, phone = _contact_points(organization, data)
    data, language, show_name, show_name_text = _prepared(
        action, data, answers=answers, language=language, show_name_text=show_name_text
    )
    # One look-up on the suppression list, for the CRM and for the consent below.
    suppressed = suppressions_for(organization=organization, email=email, phone=phone)
    sponsor_rows = action_sponsor_rows(action)
    co_sponsors = {s.pk: s for s in sponsor_rows if not s.is_owner and not s.hidden}
    chosen = {int(pk) for pk in (sponsor_ids or set()) if str(pk).isdigit()} & set(co_sponsors)
    with activity_batch():
        # A person who comes back on their own through a form is taken back (an erasure's
        # suppression still keeps them from being emailed until an admin lifts it).
        person, person_created = person_upsert(
            organization=organization,
            data=data,
            source=CONSENT_SOURCE,
            respect_erasure=False,
            ip_address=ip_address,
            suppressed=suppressed,
        )
        values = _attribution(action, attribution or {}, sponsor_rows)
        if values["referrer"] is not None and values["referrer"].pk == person.pk:
            values["referrer"] = None  # one's own share link refers nobody
        submission = _new_submission(
            action,
            person,
            language=language,
            answers=answers,
            consent_given=consent_given,
            show_name=show_name,
            show_name_text=show_name_text,
            values=values,
        )
        # One statement: the row, or nothing when the person's submission exists.
        created = insert_unless_exists(submission, conflict=("action_id", "person_id")) is not None
        if not created:
            # The person's earlier submission (or theirs of the same moment), locked.
            submission = Submission.objects.select_for_update().get(action=action, person=person)
            _update_existing(
                submission,
                action=action,
                answers=answers,
                consent_given=consent_given,
                show_name=show_name,
                show_name_text=show_name_text,
                values=values,
            )
        submission.action = action
        submission.person = person
        pending = submission.status == Submission.Status.PENDING
        if consent_given and email:
            _consent_on_submission(
                action=action,
                person=person,
                person_created=person_created,
                language=language,
                pending=pending,
                suppressed=suppressed,
                ip_address=ip_address,
                text=consent_text,
            )
        granted_now = co_sponsors and _opt_ins_record(
            submission=submission,
            sponsors=list(co_sponsors.values()),
            chosen=chosen,
            created=created,
            texts={int(k): str(v) for k, v in (sponsor_texts or {}).items() if str(k).isdigit()},
            language=language,
        )
        if pending:
            # A new link on each submission while unconfirmed (the first email may be lost).
            enqueue_on_commit(submission_confirmation_send, submission.pk)
        elif created:
            _on_confirmed(submission, deliver=bool(granted_now), ip_address=ip_address)
        elif granted_now:
            _sponsors_deliver(submission, ip_address=ip_address)  # a newly ticked box
    if created and not pending and count:
        # The counter last: the action's row is locked for the shortest time.
        _count_confirmed(action, open_only=check_open)
    return submission, created


@dataclass
class NewSigner:
    """One signer for ``submissions_apply_new_people``: what ``submission_apply`` takes, the
    email and phone normalized (with the phone's kind) and what the suppression list says of
    them (``suppressions_for``)."""

    data: PersonData
    email: str
    phone: str
    phone_kind: str
    suppressed: dict
    consent_given: bool
    consent_text: str | None
    attribution: dict
    ip_address: str | None = None
    answers: dict | None = None
    language: str = ""
    show_name_text: str = ""


def submissions_apply_new_people(
    *, action: Action, signers: list[NewSigner], now=None
) -> list[Submission]:
    """``submission_apply`` for many signers at once, each known to be nobody yet in the
    owner's CRM (the caller looked their email and phone up in this transaction) and with no
    co-sponsor box ticked: the same rows, in a few statements for all (the people with
    ``people.services.people_create_new``, the submissions, the unticked opt-ins, the timeline
    lines at ``now``, whose hooks run for each line). Returns the submissions in the order of
    ``signers``; the caller counts the confirmed ones. Raises IntegrityError when an address
    was taken meanwhile (the caller's savepoint rolls everything back)."""
    now = now or timezone.now()
    organization = action.organization
    sponsor_rows = action_sponsor_rows(action)
    co_sponsors = [s for s in sponsor_rows if not s.is_owner and not s.hidden]
    status = Consent.Status.PENDING if action.double_opt_in else Consent.Status.GRANTED
    entries, prepared = [], []
    for signer in signers:
        data, language, show_name, show_name_text = _prepared(
            action,
            signer.data,
            answers=signer.answers,
            language=signer.language,
            show_name_text=signer.show_name_text,
        )
        consents = []
        if signer.consent_given and signer.email and Channel.EMAIL not in signer.suppressed:
            consents.append(
                ConsentInput(
                    channel=Channel.EMAIL,
                    purpose=Purpose.CAMPAIGNS,
                    status=status,
                    notice_text=action.consent_text_for(language)
                    if signer.consent_text is None
                    else signer.consent_text,
                    source_ref=f"action:{action.slug}",
                )
            )
        entries.append(
            NewPerson(
                data=data,
                email=signer.email,
                phone=signer.phone,
                phone_kind=signer.phone_kind,
                suppressed=signer.suppressed,
                consents=consents,
                ip_address=signer.ip_address,
            )
        )
        prepared.append((language, show_name, show_name_text))
    with transaction.atomic(savepoint=False), activity_batch():
        people = people_create_new(
            organization=organization, entries=entries, source=CONSENT_SOURCE, occurred_at=now
        )
        submissions = [
            _new_submission(
                action,
                person,
                language=language,
                answers=signer.answers,
                consent_given=signer.consent_given,
                show_name=show_name,
                show_name_text=show_name_text,
                values=_attribution(action, signer.attribution or {}, sponsor_rows),
                now=now,
            )
            for signer, person, (language, show_name, show_name_text) in zip(
                signers, people, prepared, strict=True
            )
        ]
        Submission.objects.bulk_create(submissions)
        if co_sponsors:
            SponsorOptIn.objects.bulk_create(
                SponsorOptIn(submission=submission, sponsor=sponsor, granted=False)
                for submission in submissions
                for sponsor in co_sponsors
            )
        for submission in submissions:
            if submission.status == Submission.Status.PENDING:
                enqueue_on_commit(submission_confirmation_send, submission.pk)
            else:
                _on_confirmed(submission, deliver=False, occurred_at=now)
    return submissions


@transaction.atomic
def submission_confirm(*, token: str, ip_address: str | None = None) -> tuple[Submission, bool]:
    """Confirm a double opt-in submission from its signed token. Idempotent: returns the
    submission and whether this call confirmed it (counted once, whatever the repeats)."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise SubmissionRefused(_("This confirmation link has expired.")) from None
    except signing.BadSignature:
        raise SubmissionRefused(_("This confirmation link is not valid.")) from None
    submission = (
        Submission.objects.select_related("action", "person", "action__organization")
        .filter(pk=payload.get("s"), action_id=payload.get("a"))
        .first()
    )
    if submission is None:
        raise SubmissionRefused(_("This confirmation link is not valid."))
    now = timezone.now()
    flipped = Submission.objects.filter(pk=submission.pk, status=Submission.Status.PENDING).update(
        status=Submission.Status.CONFIRMED, confirmed_at=now, updated_at=now
    )
    submission.refresh_from_db(fields=["status", "confirmed_at"])
    if not flipped:
        return submission, False
    action = submission.action
    person = submission.person
    email = person.emails.order_by("-primary", "id").values_list("address", flat=True).first()
    with activity_batch():
        if (
            submission.consent_given
            and email
            and Channel.EMAIL not in suppressions_for(organization=action.organization, email=email)
        ):
            consent_record(
                person=person,
                consent=ConsentInput(
                    channel=Channel.EMAIL,
                    purpose=Purpose.CAMPAIGNS,
                    status=Consent.Status.GRANTED,
                    notice_text=action.consent_text_for(submission.language),
                    source_ref=f"action:{action.slug}",
                ),
                source=CONSENT_SOURCE,
                ip_address=ip_address,
            )
        _on_confirmed(submission, deliver=True, ip_address=ip_address)
    _count_confirmed(action)
    return submission, True


def action_recount(*, action: Action) -> int:
    """Set the counter from the rows (for repair; the counter is exact without it)."""
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        count = Submission.objects.filter(action=locked, status=Submission.Status.CONFIRMED).count()
        Action.objects.filter(pk=locked.pk).update(signature_count=count)
    return count
