"""Sales pipeline: adding participants, moves with history, audit and undo, lead editing, the
report's arithmetic, and tenancy."""

import datetime
from itertools import pairwise

import pytest
from django.utils import timezone

from turnout.campaigns.exceptions import CampaignError
from turnout.campaigns.models import Lead, LeadStageChange, Participation
from turnout.campaigns.selectors_insights import pipeline_report
from turnout.campaigns.services import pipeline
from turnout.campaigns.tests.factories import CampaignFactory, LeadFactory, ParticipationFactory
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
S = Lead.Stage


def base(campaign, org=None):
    org = org or campaign.organization
    return f"/en/o/{org.slug}/campaigns/{campaign.slug}/pipeline/"


@pytest.fixture
def campaign(org_a):
    return CampaignFactory(organization=org_a)


@pytest.fixture
def participants(campaign):
    approved = [
        ParticipationFactory(campaign=campaign, organization=OrganizationFactory(name=f"Org {n}"))
        for n in range(3)
    ]
    ParticipationFactory(campaign=campaign, status=Participation.Status.APPLIED)
    ParticipationFactory(campaign=campaign, status=Participation.Status.SUSPENDED)
    return approved


def test_add_every_approved_participant_once(client_a, campaign, participants, org_a):
    # One of them is already a lead of the initiator through another campaign.
    older = CampaignFactory(organization=org_a)
    LeadFactory(campaign=older, prospect=participants[0].organization)
    response = client_a.post(base(campaign) + "add-all/")
    assert response.status_code == 302
    leads = Lead.objects.filter(campaign=campaign)
    assert sorted(lead.prospect.name for lead in leads) == ["Org 1", "Org 2"]
    assert all(lead.stage == S.PARTICIPANT and lead.organization == org_a for lead in leads)
    assert (
        LeadStageChange.objects.filter(
            lead__in=leads, from_stage="", to_stage=S.PARTICIPANT
        ).count()
        == 2
    )
    client_a.post(base(campaign) + "add-all/")  # twice: nothing more
    assert Lead.objects.filter(organization=org_a).count() == 3
    page = client_a.get(base(campaign)).content.decode()
    assert "Org 1" in page and "Add every approved participant" not in page


def test_add_one_participant(client_a, campaign, participants):
    response = client_a.post(base(campaign) + "add/", {"participation": participants[1].pk})
    assert response.status_code == 302
    lead = Lead.objects.get(campaign=campaign)
    assert lead.prospect == participants[1].organization
    client_a.post(base(campaign) + "add/", {"participation": participants[1].pk})
    assert Lead.objects.filter(campaign=campaign).count() == 1
    # A participation of another campaign, or one not approved, is not found.
    other = ParticipationFactory()
    assert client_a.post(base(campaign) + "add/", {"participation": other.pk}).status_code == 404
    applied = campaign.participations.get(status=Participation.Status.APPLIED)
    assert client_a.post(base(campaign) + "add/", {"participation": applied.pk}).status_code == 404


def test_move_records_history_audit_and_can_be_undone(client_a, campaign, participants, owner_a):
    lead = pipeline.lead_create(
        campaign=campaign, prospect=participants[0].organization, actor=owner_a
    )
    response = client_a.post(base(campaign) + f"{lead.pk}/move/", {"stage": S.MEETING})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.stage == S.MEETING
    change = lead.stage_changes.order_by("-id").first()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        S.PARTICIPANT,
        S.MEETING,
        owner_a,
    )
    assert AuditEvent.objects.filter(action="lead.move", data__to=S.MEETING).exists()
    page = client_a.get(base(campaign)).content.decode()
    assert "Undo" in page and "moved to “Meeting”" in page
    response = client_a.post(base(campaign) + f"{lead.pk}/undo/", {"change": change.pk})
    lead.refresh_from_db()
    assert lead.stage == S.PARTICIPANT
    assert list(lead.stage_changes.values_list("to_stage", flat=True)) == [S.PARTICIPANT]
    assert AuditEvent.objects.filter(action="lead.move_undone").count() == 1
    assert "Undo" not in client_a.get(base(campaign)).content.decode()


def test_undo_refused_once_the_lead_moved_again(campaign, participants, owner_a):
    lead = pipeline.lead_create(
        campaign=campaign, prospect=participants[0].organization, actor=owner_a
    )
    first = pipeline.lead_move(lead=lead, stage=S.CONTACTED, actor=owner_a)
    pipeline.lead_move(lead=lead, stage=S.MEETING, actor=owner_a)
    with pytest.raises(CampaignError):
        pipeline.lead_move_undo(lead=lead, change_id=first.pk, actor=owner_a)
    lead.refresh_from_db()
    assert lead.stage == S.MEETING
    assert pipeline.lead_move(lead=lead, stage=S.MEETING, actor=owner_a) is None  # no-op


def test_unknown_stage_is_refused(client_a, campaign, participants, owner_a):
    lead = pipeline.lead_create(
        campaign=campaign, prospect=participants[0].organization, actor=owner_a
    )
    client_a.post(base(campaign) + f"{lead.pk}/move/", {"stage": "heaven"})
    lead.refresh_from_db()
    assert lead.stage == S.PARTICIPANT and lead.stage_changes.count() == 1


def test_lead_edit_saves_and_keeps_bad_input(
    client_a, campaign, participants, owner_a, org_b, owner_b
):
    lead = pipeline.lead_create(
        campaign=campaign, prospect=participants[0].organization, actor=owner_a
    )
    url = base(campaign) + f"{lead.pk}/"
    assert client_a.get(url).status_code == 200
    response = client_a.post(
        url,
        {
            "value": "-5",
            "owner": str(owner_a.pk),
            "next_step": "Call Anna",
            "next_step_on": "",
            "notes": "Met at the launch",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Call Anna" in page and "Met at the launch" in page
    # An owner from another organization is not offered.
    response = client_a.post(url, {"value": "1200", "owner": str(owner_b.pk), "next_step": ""})
    assert response.status_code == 400
    response = client_a.post(
        url,
        {
            "value": "12500.50",
            "owner": str(owner_a.pk),
            "next_step": "Call Anna",
            "next_step_on": "2026-12-01",
            "notes": "Met at the launch",
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.value_cents, lead.owner, lead.next_step) == (1_250_050, owner_a, "Call Anna")
    assert lead.next_step_on == datetime.date(2026, 12, 1)
    assert "12,500.50\u00a0€" in client_a.get(base(campaign)).content.decode()


def _lead(campaign, history, value):
    """A lead whose stage history is ``history`` (list of stages), worth ``value`` euros."""
    lead = LeadFactory(campaign=campaign, stage=history[-1], value_cents=value * 100)
    now = timezone.now()
    previous = ""
    for index, stage in enumerate(history):
        LeadStageChange.objects.create(
            lead=lead,
            from_stage=previous,
            to_stage=stage,
            changed_at=now + datetime.timedelta(minutes=index),
        )
        previous = stage
    return lead


def test_report_conversion_and_values(client_a, campaign):
    P, C, M, R, W, L = S.PARTICIPANT, S.CONTACTED, S.MEETING, S.PROPOSAL, S.WON, S.LOST
    _lead(campaign, [P], 1000)
    _lead(campaign, [P, C], 2000)
    _lead(campaign, [P, C, M], 3000)
    _lead(campaign, [P, C, M, L], 4000)  # lost after a meeting
    _lead(campaign, [P, R], 5000)  # skipped contacted and meeting
    _lead(campaign, [P, C, M, R, W], 6000)
    LeadFactory(
        organization=campaign.organization,
        campaign=CampaignFactory(organization=campaign.organization),
        value_cents=999_900,
    )
    report = pipeline_report(campaign=campaign)
    assert report["count"] == 6
    assert report["created_cents"] == (1000 + 2000 + 3000 + 5000 + 6000) * 100
    assert report["won_cents"] == 600_000 and report["lost_cents"] == 400_000
    assert {s["value"]: (s["count"], s["value_cents"]) for s in report["stages"]} == {
        P: (1, 100_000),
        C: (1, 200_000),
        M: (1, 300_000),
        R: (1, 500_000),
        W: (1, 600_000),
        L: (1, 400_000),
    }
    # Reached: participant 6, contacted 5, meeting 4, proposal 2, won 1.
    steps = [(c["base"], c["converted"], c["percent"]) for c in report["conversion"]]
    assert steps == [(6, 5, 83.3), (5, 4, 80.0), (4, 2, 50.0), (2, 1, 50.0)]
    page = client_a.get(base(campaign) + "report/").content.decode()
    assert "17,000\u00a0€" in page and "6,000\u00a0€" in page and "83.3 %" in page


def test_other_tenant_leads_are_not_found(client_a, campaign, participants, org_b, owner_b):
    theirs = CampaignFactory(organization=org_b)
    foreign = LeadFactory(campaign=theirs)
    for suffix in ("", "move/", "undo/"):
        method = client_a.get if not suffix else client_a.post
        assert (
            method(
                base(campaign) + f"{foreign.pk}/{suffix}", {"stage": "won", "change": 1}
            ).status_code
            == 404
        )
    foreign.refresh_from_db()
    assert foreign.stage == S.PARTICIPANT
    # org_b cannot open org_a's pipeline, even through its own workspace.
    client_a.force_login(owner_b)
    assert client_a.get(base(campaign, org=org_b)).status_code == 404
    assert client_a.get(base(campaign)).status_code == 404


def test_participant_and_volunteer_are_refused(
    client, campaign, participants, org_a, org_b, owner_b
):
    ParticipationFactory(campaign=campaign, organization=org_b)
    client.force_login(owner_b)
    assert client.get(base(campaign, org=org_b)).status_code == 404
    assert client.get(base(campaign, org=org_b) + "report/").status_code == 404
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(base(campaign)).status_code == 403
    assert client.post(base(campaign) + "add-all/").status_code == 403
    assert not Lead.objects.exists()


def test_board_queries_are_bounded(client_a, campaign, org_a, django_assert_max_num_queries):
    for n in range(30):
        p = ParticipationFactory(campaign=campaign)
        if n < 20:
            LeadFactory(
                campaign=campaign,
                prospect=p.organization,
                stage=S.values[n % 6],
                owner=org_a.memberships.first().user,
            )
    with django_assert_max_num_queries(12):
        page = client_a.get(base(campaign)).content.decode()
    assert "10 approved participants not in the pipeline" in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_add_all_and_moves_stay_consistent(org_a, owner_a):
    from turnout.core.tests.concurrency import run_together

    campaign = CampaignFactory(organization=org_a)
    for _ in range(12):
        ParticipationFactory(campaign=campaign)
    created = run_together(4, lambda i: pipeline.leads_create_all(campaign=campaign, actor=None))
    leads = Lead.objects.filter(campaign=campaign)
    assert leads.count() == 12 and sum(created) == 12
    assert LeadStageChange.objects.filter(lead__in=leads).count() == 12
    lead = leads.first()
    stages = [S.CONTACTED, S.MEETING, S.PROPOSAL, S.WON]
    run_together(4, lambda i: pipeline.lead_move(lead=lead, stage=stages[i], actor=None))
    lead.refresh_from_db()
    history = list(lead.stage_changes.order_by("changed_at", "id"))
    # Every move is chained on the previous one, and the last one is where the lead stands.
    assert len(history) == 5
    assert all(a.to_stage == b.from_stage for a, b in pairwise(history))
    assert history[-1].to_stage == lead.stage
