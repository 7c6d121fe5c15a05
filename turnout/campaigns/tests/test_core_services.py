"""Services of the core area: joining, moderation transitions with their emails, setup."""

import datetime

import pytest
from django.core import mail

from turnout.campaigns.exceptions import CampaignError
from turnout.campaigns.models import Participation, Partner
from turnout.campaigns.services import joining, setup
from turnout.campaigns.services.campaigns import charter_current, charter_publish
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

from .factories import CampaignFactory, ParticipationFactory

Status = Participation.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org_a, owner_a):
    return CampaignFactory(organization=org_a)


@pytest.fixture
def applicant():
    member = MembershipFactory(role=Role.ADMIN, user__email="admin@nordwind.example")
    member.user.language = "de"
    member.user.save()
    return member


def apply(campaign, applicant, **kwargs):
    values = {
        "campaign": campaign,
        "organization": applicant.organization,
        "actor": applicant.user,
        "charter_version": charter_current(campaign),
        "followers": {"linkedin": 1500, "mastodon": 80},
        "employees": 42,
        "motivation": "Voter, c'est important.",
    }
    values.update(kwargs)
    return joining.participation_apply(**values)


def test_apply_records_who_signed_which_version_and_emails_both_sides(
    campaign, applicant, owner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participation = apply(campaign, applicant)
    participation.refresh_from_db()
    assert participation.status == Status.APPLIED
    assert participation.charter.number == 1
    assert participation.charter_signed_by == applicant.user
    assert participation.charter_signed_at is not None
    assert participation.followers == {"linkedin": 1500, "mastodon": 80}
    assert participation.employees == 42
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["admin@nordwind.example", "owner-a@example.org"]
    to_applicant = next(m for m in mail.outbox if m.to == ["admin@nordwind.example"])
    assert "Trotzdem wählen" in to_applicant.subject  # the German name: in her language
    to_initiator = next(m for m in mail.outbox if m.to == ["owner-a@example.org"])
    assert applicant.organization.name in to_initiator.subject
    assert "/moderation/" in to_initiator.body
    assert AuditEvent.objects.filter(
        organization=campaign.organization, action="campaign.participation_applied"
    ).exists()


def test_apply_twice_is_refused_with_the_existing_participation(campaign, applicant):
    first = apply(campaign, applicant)
    with pytest.raises(joining.AlreadyJoined) as error:
        apply(campaign, applicant)
    assert error.value.participation.pk == first.pk
    assert Participation.objects.filter(campaign=campaign).count() == 1


def test_apply_refuses_a_closed_or_draft_campaign(org_a, applicant):
    for status in ("closed", "draft"):
        campaign = CampaignFactory(organization=org_a, status=status)
        with pytest.raises(CampaignError, match="not open"):
            apply(campaign, applicant)
    assert not Participation.objects.exists()


def test_apply_refuses_an_outdated_charter_version(campaign, applicant, owner_a):
    old = charter_current(campaign)
    charter_publish(campaign=campaign, actor=owner_a, text={"en": "New text"})
    with pytest.raises(CampaignError, match="charter has changed"):
        apply(campaign, applicant, charter_version=old)


@pytest.mark.parametrize("value", [-1, 1_000_000_001])
def test_apply_refuses_absurd_audience(campaign, applicant, value):
    with pytest.raises(CampaignError, match="not plausible"):
        apply(campaign, applicant, followers={"instagram": value})


def test_old_signatures_keep_their_version(campaign, applicant, owner_a):
    participation = apply(campaign, applicant)
    charter_publish(campaign=campaign, actor=owner_a, text={"en": "Version two"})
    participation.refresh_from_db()
    assert participation.charter.number == 1
    other = MembershipFactory(role=Role.OWNER)
    second = apply(campaign, other, charter_version=charter_current(campaign))
    assert second.charter.number == 2


def test_changes_requested_then_resubmitted_goes_back_to_review(
    campaign, applicant, owner_a, django_capture_on_commit_callbacks
):
    participation = apply(campaign, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        joining.participation_request_changes(
            participation=participation, actor=owner_a, note="Add your Instagram audience."
        )
    assert mail.outbox[-1].to == ["admin@nordwind.example"]
    assert "Add your Instagram audience." in mail.outbox[-1].body
    apply(campaign, applicant, followers={"instagram": 900})
    participation.refresh_from_db()
    assert participation.status == Status.APPLIED
    assert participation.followers == {"instagram": 900}


def test_join_creates_the_organization_and_nothing_when_refused(campaign, owner_b):
    new = {"name": "Nordwind Energie", "kind": "company", "country": "DE", "sector": "industry"}
    participation = joining.participation_join(
        campaign=campaign,
        actor=owner_b,
        new_organization=new,
        charter_version=charter_current(campaign),
        followers={"linkedin": 10},
    )
    assert participation.organization.name == "Nordwind Energie"
    assert participation.organization.memberships.get().user == owner_b
    old = charter_current(campaign)
    charter_publish(campaign=campaign, actor=None, text={"en": "v2"})
    with pytest.raises(CampaignError):
        joining.participation_join(
            campaign=campaign,
            actor=owner_b,
            new_organization={**new, "name": "Second Org"},
            charter_version=old,
        )
    assert not owner_b.memberships.filter(organization__name="Second Org").exists()


def test_join_needs_admin_of_the_organization(campaign):
    organizer = MembershipFactory(role=Role.ORGANIZER)
    with pytest.raises(CampaignError, match="owner or admin"):
        joining.participation_join(
            campaign=campaign,
            actor=organizer.user,
            organization=organizer.organization,
            charter_version=charter_current(campaign),
        )


@pytest.mark.parametrize(
    ("service", "start", "end", "subject_word"),
    [
        (joining.participation_approve, Status.APPLIED, Status.APPROVED, "Welcome"),
        (joining.participation_reject, Status.APPLIED, Status.REJECTED, "not accepted"),
        (joining.participation_request_changes, Status.APPLIED, Status.CHANGES, "changes"),
        (joining.participation_suspend, Status.APPROVED, Status.SUSPENDED, "suspended"),
        (joining.participation_reinstate, Status.SUSPENDED, Status.APPROVED, "active again"),
    ],
)
def test_every_moderation_step_changes_status_audits_and_emails(
    campaign, owner_a, service, start, end, subject_word, django_capture_on_commit_callbacks
):
    member = MembershipFactory(role=Role.OWNER, user__email="boss@org.example")
    participation = ParticipationFactory(
        campaign=campaign, organization=member.organization, status=start
    )
    with django_capture_on_commit_callbacks(execute=True):
        service(participation=participation, actor=owner_a, note="Because of the charter.")
    participation.refresh_from_db()
    assert participation.status == end
    assert participation.decided_by == owner_a
    assert participation.decision_note == "Because of the charter."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["boss@org.example"]
    assert subject_word in mail.outbox[0].subject
    assert AuditEvent.objects.filter(
        organization=campaign.organization, action__startswith="campaign.participation_"
    ).exists()


@pytest.mark.parametrize(
    "service",
    [
        joining.participation_reject,
        joining.participation_request_changes,
        joining.participation_suspend,
    ],
)
def test_reason_is_required(campaign, owner_a, service):
    status = Status.APPROVED if service is joining.participation_suspend else Status.APPLIED
    participation = ParticipationFactory(campaign=campaign, status=status)
    with pytest.raises(CampaignError):
        service(participation=participation, actor=owner_a, note="  ")
    participation.refresh_from_db()
    assert participation.status == status


def test_wrong_transition_is_refused(campaign, owner_a):
    participation = ParticipationFactory(campaign=campaign, status=Status.REJECTED)
    with pytest.raises(CampaignError, match="does not apply"):
        joining.participation_approve(participation=participation, actor=owner_a)
    with pytest.raises(CampaignError):
        joining.participation_reinstate(participation=participation, actor=owner_a)


def test_approval_keeps_the_first_approval_date(campaign, owner_a, clock):
    participation = ParticipationFactory(campaign=campaign, status=Status.APPLIED, approved_at=None)
    joining.participation_approve(participation=participation, actor=owner_a)
    first = Participation.objects.get(pk=participation.pk).approved_at
    joining.participation_suspend(participation=participation, actor=owner_a, note="x")
    joining.participation_reinstate(participation=participation, actor=owner_a)
    assert Participation.objects.get(pk=participation.pk).approved_at == first
    assert Participation.objects.visible().filter(pk=participation.pk).exists()


def test_campaign_update_checks_names_dates_and_templates(campaign, owner_a, org_b):
    setup.campaign_update(
        campaign=campaign,
        actor=owner_a,
        name={"fr": "Nouveau nom"},
        languages=["fr"],
        second_round_date=datetime.date(2027, 6, 23),
    )
    campaign.refresh_from_db()
    assert campaign.name == {"fr": "Nouveau nom"} and campaign.languages == ["fr"]
    with pytest.raises(CampaignError, match="second round"):
        setup.campaign_update(
            campaign=campaign, actor=owner_a, second_round_date=datetime.date(2027, 6, 1)
        )
    with pytest.raises(CampaignError, match="needs a name"):
        setup.campaign_update(campaign=campaign, actor=owner_a, name={"de": "Nur Deutsch"})
    from turnout.visuals.models import VisualTemplate

    foreign = VisualTemplate.objects.create(organization=org_b, name="B", svg="<svg/>")
    with pytest.raises(CampaignError, match="visual templates"):
        setup.campaign_update(campaign=campaign, actor=owner_a, templates=[foreign])


def test_partners_are_added_last_and_reordered(campaign, owner_a):
    a = setup.partner_create(campaign=campaign, actor=owner_a, name="Agence A", role="agency")
    b = setup.partner_create(
        campaign=campaign, actor=owner_a, name="Radio B", role="media", credit={"en": " Radio "}
    )
    assert (a.position, b.position) == (0, 1)
    assert b.credit == {"en": "Radio"}
    setup.partner_move(partner=b, actor=owner_a, offset=-1)
    assert list(campaign.partners.values_list("name", flat=True)) == ["Radio B", "Agence A"]
    setup.partner_delete(partner=a, actor=owner_a)
    assert list(Partner.objects.filter(campaign=campaign)) == [b]
    with pytest.raises(CampaignError):
        setup.partner_create(campaign=campaign, actor=owner_a, name=" ", role="agency")


def test_initiator_cannot_apply_to_its_own_campaign(campaign, owner_a, org_a):
    with pytest.raises(CampaignError, match="initiator"):
        joining.participation_apply(
            campaign=campaign,
            organization=org_a,
            actor=owner_a,
            charter_version=charter_current(campaign),
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_make_one_participation(org_a):
    from turnout.core.tests.concurrency import run_together

    campaign = CampaignFactory(organization=org_a)
    member = MembershipFactory(role=Role.OWNER)
    charter = charter_current(campaign)

    def attempt(index):
        try:
            joining.participation_apply(
                campaign=campaign,
                organization=member.organization,
                actor=member.user,
                charter_version=charter,
            )
            return "ok"
        except joining.AlreadyJoined:
            return "already"

    results = run_together(2, attempt)
    assert sorted(results) == ["already", "ok"]
    assert Participation.objects.filter(campaign=campaign).count() == 1
