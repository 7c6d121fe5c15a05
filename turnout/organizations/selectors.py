"""Reads for organization pages. Every id from a request is resolved within the organization."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404

from turnout.core.models import AuditEvent, Job

from .models import Invitation, Membership, Organization


def organizations_for_user(*, user):
    return (
        Organization.objects.for_user(user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def memberships_for_user(*, user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organization")


def organization_for_member(*, user, slug: str) -> tuple[Organization, Membership]:
    """The organization by slug if the user belongs to it; 404 otherwise (never 403: an
    outsider must not learn that the organization exists)."""
    membership = get_object_or_404(
        Membership.objects.select_related("organization"), organization__slug=slug, user=user
    )
    return membership.organization, membership


def members_of(*, organization):
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__email")
    )


def membership_get(*, organization, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        organization=organization,
        pk=membership_id,
    )


def invitations_open(*, organization):
    return (
        Invitation.objects.for_organization(organization)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
    )


def invitation_get(*, organization, invitation_id: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.for_organization(organization).select_related("organization"),
        pk=invitation_id,
    )


def audit_events(*, organization):
    return AuditEvent.objects.for_organization(organization).select_related("actor")


def jobs_for(*, organization):
    return Job.objects.for_organization(organization).select_related("created_by")


def job_get(*, organization, job_uuid) -> Job:
    return get_object_or_404(Job.objects.for_organization(organization), uuid=job_uuid)
