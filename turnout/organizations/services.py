"""Writes on organizations, memberships and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record

from .choices import Role
from .exceptions import (
    AlreadyMember,
    InvitationExpired,
    InvitationInvalid,
    InvitationWrongEmail,
    LastOwner,
)
from .models import Invitation, Membership, Organization

PROFILE_FIELDS = ("name", "kind", "country", "website", "sector", "size", "description")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


RESERVED_SLUGS = {"new"}


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "organization"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organization_create(
    *, user, name: str, kind: str, country: str, slug: str = "", **profile
) -> Organization:
    organization = Organization.objects.create(
        name=name,
        kind=kind,
        country=country,
        slug=slug or unique_slug(name),
        **{k: v for k, v in profile.items() if k in PROFILE_FIELDS},
    )
    Membership.objects.create(organization=organization, user=user, role=Role.OWNER)
    audit_record(
        organization=organization, actor=user, action="organization.created", target=organization
    )
    return organization


@transaction.atomic
def organization_update(
    *, organization: Organization, actor, logo: bytes | None = None, **fields
) -> Organization:
    changed = {}
    for name in PROFILE_FIELDS:
        if name in fields and getattr(organization, name) != fields[name]:
            changed[name] = [str(getattr(organization, name)), str(fields[name])]
            setattr(organization, name, fields[name])
    if logo is not None:
        organization.logo.save(f"{organization.slug}.png", ContentFile(logo), save=False)
        changed["logo"] = ["", organization.logo.name]
    organization.save()
    if changed:
        audit_record(
            organization=organization,
            actor=actor,
            action="organization.updated",
            target=organization,
            data=changed,
        )
    return organization


def _invitation_email(invitation: Invitation, token: str) -> None:
    url = settings.SITE_URL + reverse("organizations:invitation", kwargs={"token": token})
    context = {"invitation": invitation, "url": url, "organization": invitation.organization}
    subject = _("You are invited to join %(name)s on Turnout") % {
        "name": invitation.organization.name
    }
    send_mail(
        subject,
        render_to_string("organizations/email/invitation.txt", context),
        None,
        [invitation.email],
        html_message=render_to_string("organizations/email/invitation.html", context),
    )


@transaction.atomic
def invitation_create(
    *, organization: Organization, actor, email: str, role: str = Role.VOLUNTEER
) -> tuple[Invitation, str]:
    email = email.strip().lower()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise AlreadyMember
    now = timezone.now()
    # A new invitation replaces an open one to the same address (e.g. an expired link).
    Invitation.objects.filter(
        organization=organization, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by=actor,
        expires_at=now + timedelta(days=settings.TURNOUT_INVITATION_DAYS),
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="invitation.created",
        target=invitation,
        data={"role": role},
    )
    language = translation.get_language()

    def send():
        with translation.override(language):
            _invitation_email(invitation, token)

    transaction.on_commit(send)
    return invitation, token


def invitation_get_by_token(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or invitation.revoked_at:
        raise InvitationInvalid
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    invitation = invitation_get_by_token(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        if invitation.accepted_by_id == user.pk:
            return Membership.objects.get(organization=invitation.organization, user=user)
        raise InvitationInvalid(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise InvitationExpired
    if invitation.email.lower() != user.email.lower():
        raise InvitationWrongEmail(
            _(
                "This invitation was sent to %(invited)s, but you are logged in as %(current)s. "
                "Log in with the invited address, or ask for an invitation to yours."
            )
            % {"invited": invitation.email, "current": user.email}
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                organization=invitation.organization, user=user, role=invitation.role
            )
    except IntegrityError:
        raise AlreadyMember from None
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        organization=invitation.organization,
        actor=user,
        action="invitation.accepted",
        target=invitation,
        data={"role": invitation.role},
    )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> None:
    if invitation.accepted_at or invitation.revoked_at:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        organization=invitation.organization,
        actor=actor,
        action="invitation.revoked",
        target=invitation,
    )


def _owners_left(organization: Organization, excluding: Membership) -> int:
    return (
        Membership.objects.select_for_update()
        .filter(organization=organization, role=Role.OWNER)
        .exclude(pk=excluding.pk)
        .count()
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, actor, role: str) -> Membership:
    if membership.role == role:
        return membership
    if membership.role == Role.OWNER and not _owners_left(membership.organization, membership):
        raise LastOwner
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        organization=membership.organization,
        actor=actor,
        action="membership.role_changed",
        target=membership,
        data={"from": old, "to": role, "user": membership.user.email},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    if membership.role == Role.OWNER and not _owners_left(membership.organization, membership):
        raise LastOwner
    audit_record(
        organization=membership.organization,
        actor=actor,
        action="membership.removed",
        target=membership,
        data={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


def logo_to_png(image) -> bytes:
    """Re-encode a validated logo as PNG: strips metadata and anything hidden in the file."""
    image.thumbnail((1024, 1024))
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
