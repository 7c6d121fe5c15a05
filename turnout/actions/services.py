"""Writes on actions and their submissions.

A submission goes through the CRM (``person_upsert``, ``consent_record``, ``activity_record``);
the exact counter is bumped with ``F() + 1`` in the transaction that makes a submission
confirmed, and only there: one signature per person per action is a unique constraint.
"""

from __future__ import annotations

from dataclasses import replace

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.tasks import enqueue_on_commit
from turnout.organizations.models import Organization
from turnout.people.models import Channel, Consent, Person, Purpose
from turnout.people.services import (
    ConsentInput,
    PersonData,
    activity_record,
    consent_record,
    person_upsert,
    suppression_active,
)

from .exceptions import SubmissionRefused
from .models import LANGUAGES, Action, ActionSponsor, SponsorOptIn, Submission
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
    *, action: Action, organization, opt_in_label: dict, actor=None
) -> ActionSponsor:
    """Add a co-sponsor, who receives only the signers who tick its own box."""
    sponsor, _created = ActionSponsor.objects.update_or_create(
        action=action,
        organization=organization,
        defaults={"opt_in_label": _texts(opt_in_label)},
    )
    audit_record(
        organization=action.organization,
        actor=actor,
        action="action.sponsor_add",
        target=action,
        data={"sponsor": organization.slug},
    )
    return sponsor


# --- Submissions ----------------------------------------------------------------------------


def submission_confirm_token(submission: Submission) -> str:
    """The signed token of a double opt-in link (valid for 7 days)."""
    return signing.dumps({"s": submission.pk, "a": submission.action_id}, salt=CONFIRM_SALT)


def _attribution(action: Action, attribution: dict) -> dict:
    values = {name: str(attribution.get(name) or "")[:100].strip() for name in ATTRIBUTION_FIELDS}
    referrer = attribution.get("referrer")
    if isinstance(referrer, Person):
        referrer = referrer if referrer.organization_id == action.organization_id else None
    elif referrer:
        # A UUID from a share link: only a person of the owner's CRM.
        try:
            referrer = Person.objects.filter(
                organization_id=action.organization_id, uuid=str(referrer), erased_at__isnull=True
            ).first()
        except (ValueError, ValidationError):  # a malformed UUID is no referrer
            referrer = None
    values["referrer"] = referrer or None
    referring = attribution.get("referring_organization")
    if referring and not isinstance(referring, Organization):
        referring = Organization.objects.filter(slug=str(referring)).first()
    if referring and not action.sponsors.filter(organization=referring).exists():
        referring = None  # only an organization that carries the action refers to it
    values["referring_organization"] = referring or None
    return values


def _count_confirmed(action: Action) -> None:
    Action.objects.filter(pk=action.pk).update(signature_count=F("signature_count") + 1)


def _on_confirmed(submission: Submission, *, ip_address=None) -> None:
    """What happens once, when a submission becomes confirmed (inside its transaction)."""
    action = submission.action
    person = submission.person
    activity_record(
        person=person,
        kind=action.activity_kind,
        source=submission,
        summary=action.title_text()[:300],
        data={
            "action": action.pk,
            "slug": action.slug,
            "source_code": submission.source_code,
            "utm_source": submission.utm_source,
            "referring_organization": submission.referring_organization_id,
        },
    )
    _sponsors_deliver(submission, ip_address=ip_address)
    # The counter last: the action's row is locked for the shortest time.
    _count_confirmed(action)


def _sponsors_deliver(submission: Submission, *, ip_address=None) -> None:
    """Give each co-sponsor whose box was ticked the person, in its own CRM, with its own
    consent record. Never a sponsor whose box was not ticked."""
    person = submission.person
    email = person.emails.order_by("-primary", "id").values_list("address", flat=True).first()
    phone = person.phones.order_by("-primary", "id").values_list("number", flat=True).first()
    for opt_in in submission.opt_ins.filter(granted=True, person__isnull=True).select_related(
        "sponsor__organization"
    ):
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
    *, action: Action, person: Person, email: str, language: str, pending: bool, ip_address
) -> None:
    """Record the ticked consent box with the exact text shown. With double opt-in it is
    "pending" until the link is followed, but a consent already given is never downgraded;
    a confirmed double opt-in submission records nothing on resubmission (the address is not
    proven again). An opt-out or erasure of the address stands until an admin lifts it."""
    if action.double_opt_in and not pending:
        return
    if suppression_active(organization=action.organization, channel=Channel.EMAIL, value=email):
        return
    status = Consent.Status.PENDING if action.double_opt_in else Consent.Status.GRANTED
    if status == Consent.Status.PENDING:
        current = (
            Consent.objects.filter(
                person=person, channel=Channel.EMAIL, purpose=Purpose.CAMPAIGNS, current=True
            )
            .values_list("status", flat=True)
            .first()
        )
        if current == Consent.Status.GRANTED:
            return
    consent_record(
        person=person,
        consent=ConsentInput(
            channel=Channel.EMAIL,
            purpose=Purpose.CAMPAIGNS,
            status=status,
            notice_text=action.consent_text_for(language),
            source_ref=f"action:{action.slug}",
        ),
        source=CONSENT_SOURCE,
        ip_address=ip_address,
    )


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
) -> tuple[Submission, bool]:
    """Take a signature (or a form answer). Returns the submission and whether it is new.

    The person is created or matched (email, then phone) in the owner's CRM with the consent
    text shown. One submission per (action, person): a second one updates the first and is
    never counted twice. Without double opt-in the new submission is counted now; with it,
    the submission waits for ``submission_confirm`` and is counted then.

    Raises SubmissionRefused (action not open, no email for a double opt-in), and lets the
    CRM's InvalidContact / PersonRefused through.
    """
    action = Action.objects.select_related("organization").get(pk=action.pk)
    if not action.is_open:
        raise SubmissionRefused(_("This action is not open."))
    if action.double_opt_in and not data.email:
        raise SubmissionRefused(_("An email address is needed to confirm your signature."))
    language = (language or data.language or get_language() or "")[:2]
    if language not in LANGUAGES:
        language = ""
    if not data.language and language:
        data = replace(data, language=language)  # the caller's object stays as it was
    # A person who comes back on their own through a form is taken back (an erasure's
    # suppression still keeps them from being emailed until an admin lifts it).
    person, _person_created = person_upsert(
        organization=action.organization,
        data=data,
        source=CONSENT_SOURCE,
        respect_erasure=False,
        ip_address=ip_address,
    )
    values = _attribution(action, attribution or {})
    sponsors = {
        sponsor.pk: sponsor
        for sponsor in action.sponsors.filter(is_owner=False).select_related("organization")
    }
    chosen = {int(pk) for pk in (sponsor_ids or set()) if str(pk).isdigit()} & set(sponsors)

    submission = Submission.objects.select_for_update().filter(action=action, person=person).first()
    created = False
    if submission is None:
        status = Submission.Status.PENDING if action.double_opt_in else Submission.Status.CONFIRMED
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    organization=action.organization,
                    action=action,
                    person=person,
                    status=status,
                    confirmed_at=timezone.now() if status == Submission.Status.CONFIRMED else None,
                    language=language,
                    answers=answers or {},
                    consent_given=consent_given,
                    **values,
                )
            created = True
        except IntegrityError:
            # The same person submitted at the same moment: theirs is the submission.
            submission = Submission.objects.select_for_update().get(action=action, person=person)
    if not created:
        # A second submission updates: answers and consent, attribution only where missing.
        update = ["answers", "consent_given", "updated_at"]
        submission.answers = {**submission.answers, **(answers or {})}
        submission.consent_given = submission.consent_given or consent_given
        for name, value in values.items():
            attr = f"{name}_id" if name in ("referrer", "referring_organization") else name
            current = getattr(submission, attr)
            if value and not current:
                setattr(submission, name, value)
                update.append(name)
        submission.save(update_fields=update)

    if consent_given and data.email:
        _consent_on_submission(
            action=action,
            person=person,
            email=data.email,
            language=language,
            pending=submission.status == Submission.Status.PENDING,
            ip_address=ip_address,
        )

    for pk, sponsor in sponsors.items():
        opt_in, _new = SponsorOptIn.objects.get_or_create(
            submission=submission, sponsor=sponsor, defaults={"granted": False}
        )
        if pk in chosen and not opt_in.granted:
            # Ticking a box later grants it; unticking it is not a withdrawal.
            opt_in.granted = True
            opt_in.notice_text = sponsor.label_text(language)
            opt_in.save(update_fields=["granted", "notice_text", "updated_at"])

    submission.action = action
    submission.person = person
    if submission.status == Submission.Status.PENDING:
        # A new link on each submission while unconfirmed (the first email may be lost).
        enqueue_on_commit(submission_confirmation_send, submission.pk)
    if created and submission.status == Submission.Status.CONFIRMED:
        _on_confirmed(submission, ip_address=ip_address)
    elif submission.status == Submission.Status.CONFIRMED:
        _sponsors_deliver(submission, ip_address=ip_address)  # a newly ticked box
    return submission, created


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
    if (
        submission.consent_given
        and email
        and not suppression_active(
            organization=action.organization, channel=Channel.EMAIL, value=email
        )
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
    _on_confirmed(submission, ip_address=ip_address)
    return submission, True


def action_recount(*, action: Action) -> int:
    """Set the counter from the rows (for repair; the counter is exact without it)."""
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        count = Submission.objects.filter(action=locked, status=Submission.Status.CONFIRMED).count()
        Action.objects.filter(pk=locked.pk).update(signature_count=count)
    return count
