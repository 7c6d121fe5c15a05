from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from turnout.core.models import AuditEvent
from turnout.organizations import services
from turnout.organizations.choices import Kind, Role
from turnout.organizations.exceptions import (
    AlreadyMember,
    InvitationExpired,
    InvitationInvalid,
    InvitationWrongEmail,
    LastOwner,
)
from turnout.organizations.models import Invitation, Membership

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creating_an_organization_makes_the_creator_its_owner_and_logs_it():
    user = UserFactory()
    org = services.organization_create(user=user, name="Bretagne Vote", kind=Kind.NGO, country="FR")
    assert org.slug == "bretagne-vote"
    assert Membership.objects.get(organization=org, user=user).role == Role.OWNER
    assert AuditEvent.objects.filter(organization=org, action="organization.created").exists()


def test_slugs_stay_unique_and_avoid_reserved_words():
    user = UserFactory()
    first = services.organization_create(user=user, name="New", kind=Kind.NGO, country="FR")
    second = services.organization_create(user=user, name="New", kind=Kind.NGO, country="FR")
    assert first.slug == "new-2"
    assert second.slug == "new-3"


def test_invitation_is_emailed_and_accepted_once(
    org_a, owner_a, django_capture_on_commit_callbacks
):
    invitee = UserFactory(email="marie@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            organization=org_a, actor=owner_a, email="Marie@Example.org", role=Role.ORGANIZER
        )
    assert invitation.email == "marie@example.org"
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    assert org_a.name in mail.outbox[0].subject
    membership = services.invitation_accept(token=token, user=invitee)
    assert membership.role == Role.ORGANIZER
    # Accepting twice with the same account is harmless; with another account it is refused.
    assert services.invitation_accept(token=token, user=invitee) == membership
    with pytest.raises(InvitationInvalid, match="already been used"):
        services.invitation_accept(token=token, user=UserFactory(email="other@example.org"))


def test_an_expired_invitation_says_so(org_a, owner_a):
    invitation, token = services.invitation_create(
        organization=org_a, actor=owner_a, email="late@example.org"
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    with pytest.raises(InvitationExpired, match="expired"):
        services.invitation_accept(token=token, user=UserFactory(email="late@example.org"))
    assert not Membership.objects.filter(organization=org_a, user__email="late@example.org")


def test_an_invitation_for_another_email_names_both_addresses(org_a, owner_a):
    _, token = services.invitation_create(
        organization=org_a, actor=owner_a, email="invited@example.org"
    )
    with pytest.raises(InvitationWrongEmail) as excinfo:
        services.invitation_accept(token=token, user=UserFactory(email="intruder@example.org"))
    assert "invited@example.org" in str(excinfo.value)
    assert "intruder@example.org" in str(excinfo.value)


def test_reinviting_replaces_the_open_invitation(org_a, owner_a):
    first, first_token = services.invitation_create(
        organization=org_a, actor=owner_a, email="again@example.org"
    )
    _second, second_token = services.invitation_create(
        organization=org_a, actor=owner_a, email="again@example.org"
    )
    first.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED
    with pytest.raises(InvitationInvalid):
        services.invitation_accept(token=first_token, user=UserFactory(email="again@example.org"))
    assert services.invitation_accept(
        token=second_token, user=UserFactory(email="again@example.org")
    )


def test_inviting_a_member_is_refused(org_a, owner_a):
    with pytest.raises(AlreadyMember):
        services.invitation_create(organization=org_a, actor=owner_a, email=owner_a.email)


def test_a_revoked_or_unknown_token_is_invalid(org_a, owner_a):
    invitation, token = services.invitation_create(
        organization=org_a, actor=owner_a, email="x@example.org"
    )
    services.invitation_revoke(invitation=invitation, actor=owner_a)
    with pytest.raises(InvitationInvalid):
        services.invitation_accept(token=token, user=UserFactory(email="x@example.org"))
    with pytest.raises(InvitationInvalid):
        services.invitation_accept(token="not-a-token", user=UserFactory(email="x@example.org"))


def test_the_last_owner_cannot_leave_or_be_demoted(org_a, owner_a):
    membership = Membership.objects.get(organization=org_a, user=owner_a)
    with pytest.raises(LastOwner):
        services.membership_change_role(membership=membership, actor=owner_a, role=Role.ADMIN)
    with pytest.raises(LastOwner):
        services.membership_remove(membership=membership, actor=owner_a)
    MembershipFactory(organization=org_a, role=Role.OWNER)
    services.membership_change_role(membership=membership, actor=owner_a, role=Role.ADMIN)
    assert Membership.objects.get(pk=membership.pk).role == Role.ADMIN
    event = AuditEvent.objects.get(organization=org_a, action="membership.role_changed")
    assert event.data == {"from": "owner", "to": "admin", "user": owner_a.email}
