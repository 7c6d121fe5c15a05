import pytest
from django.core.cache import cache
from django.urls import reverse

from turnout.actions import services
from turnout.actions.models import ActionSponsor, SponsorOptIn
from turnout.actions.tests.factories import ActionFactory, ActionSponsorFactory
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.people.models import Person
from turnout.people.services import PersonData

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def sponsors_url(org, action):
    return reverse("actions:sponsors", kwargs={"org_slug": org.slug, "action_id": action.pk})


def detail_url(org, action):
    return reverse("actions:detail", kwargs={"org_slug": org.slug, "action_id": action.pk})


def sign(action, email, sponsors=(), confirm=True):
    submission, _ = services.submission_record(
        action=action,
        data=PersonData(given_name="Signer", family_name=email.split("@")[0], email=email),
        consent_given=True,
        sponsor_ids=set(sponsors),
        attribution={},
    )
    return submission


def test_add_a_co_sponsor_by_address_or_by_picking_it(client_a, org_a, org_b, owner_a):
    action = ActionFactory(organization=org_a)
    mine = OrganizationFactory(name="Collectif Brest")
    MembershipFactory(organization=mine, user=owner_a, role=Role.ORGANIZER)
    response = client_a.post(
        sponsors_url(org_a, action),
        {"op": "add", "sponsor-new-address": "no-such-org", "sponsor-new-label_fr": "Oui"},
    )
    assert response.status_code == 400
    assert "No organization has this address." in response.content.decode()
    assert 'value="Oui"' in response.content.decode()
    response = client_a.post(
        sponsors_url(org_a, action),
        {
            "op": "add",
            "sponsor-new-address": org_b.slug,
            "sponsor-new-label_en": "News from Demokratie Jetzt too",
        },
    )
    assert response.status_code == 302
    client_a.post(sponsors_url(org_a, action), {"op": "add", "sponsor-new-organization": mine.pk})
    response = client_a.post(
        sponsors_url(org_a, action), {"op": "add", "sponsor-new-address": org_a.slug}
    )
    assert response.status_code == 400  # the owner already carries it
    sponsors = list(action.sponsors.filter(is_owner=False).order_by("position"))
    assert [s.organization for s in sponsors] == [org_b, mine]
    assert sponsors[0].opt_in_label == {"en": "News from Demokratie Jetzt too"}
    for org in (org_a, org_b):
        assert AuditEvent.objects.filter(organization=org, action="action.sponsor_add").exists()

    # Reorder, relabel.
    client_a.post(sponsors_url(org_a, action), {"op": "up", "sponsor": sponsors[1].pk})
    assert list(
        action.sponsors.filter(is_owner=False).order_by("position").values_list("pk", flat=True)
    ) == [sponsors[1].pk, sponsors[0].pk]
    client_a.post(
        sponsors_url(org_a, action),
        {
            "op": "save",
            "sponsor": sponsors[0].pk,
            f"sponsor-{sponsors[0].pk}-label_de": "Auch von Demokratie Jetzt",
        },
    )
    sponsors[0].refresh_from_db()
    assert sponsors[0].opt_in_label == {"de": "Auch von Demokratie Jetzt"}


def test_sponsor_list_counts_and_removal_rules(client_a, org_a, org_b):
    action = ActionFactory(organization=org_a)
    taken = ActionSponsorFactory(action=action, organization=org_b, position=1)
    unused = ActionSponsorFactory(action=action, position=2)
    sign(action, "a@example.org", sponsors={taken.pk})
    sign(action, "b@example.org", sponsors={taken.pk})
    sign(action, "c@example.org")
    body = client_a.get(detail_url(org_a, action)).content.decode()
    assert "2 people chose to hear from it" in body and "0 people chose to hear from it" in body

    response = client_a.post(
        sponsors_url(org_a, action), {"op": "remove", "sponsor": taken.pk}, follow=True
    )
    assert "2 people already chose to hear from Demokratie Jetzt" in response.content.decode()
    assert ActionSponsor.objects.filter(pk=taken.pk).exists()
    client_a.post(sponsors_url(org_a, action), {"op": "remove", "sponsor": unused.pk})
    assert not ActionSponsor.objects.filter(pk=unused.pk).exists()
    assert not SponsorOptIn.objects.filter(sponsor_id=unused.pk).exists()

    # Hidden instead: no box on the form, no new opt-in rows, nothing lost.
    client_a.post(
        sponsors_url(org_a, action),
        {"op": "save", "sponsor": taken.pk, f"sponsor-{taken.pk}-hidden": "on"},
    )
    taken.refresh_from_db()
    assert taken.hidden
    public = client_a.get(reverse("actions_public:action", kwargs={"slug": action.slug}))
    assert f"sponsor_{taken.pk}" not in public.content.decode()
    sign(action, "d@example.org", sponsors={taken.pk})  # a stale form ticking it
    assert SponsorOptIn.objects.filter(sponsor=taken, granted=True).count() == 2
    assert Person.objects.filter(organization=org_b).count() == 2


def test_the_co_sponsor_sees_the_action_and_its_count_only(client, org_a, org_b, owner_b):
    action = ActionFactory(organization=org_a, title={"en": "Climate assembly"})
    sponsor = ActionSponsorFactory(action=action, organization=org_b)
    ActionFactory(organization=org_a, title={"en": "Owner's other petition"})
    sign(action, "ticked@example.org", sponsors={sponsor.pk})
    sign(action, "owner-only@example.org")
    pending_action = ActionFactory(organization=org_a, double_opt_in=True)
    other = ActionSponsorFactory(action=pending_action, organization=org_b)
    sign(pending_action, "waiting@example.org", sponsors={other.pk})
    client.force_login(owner_b)
    body = client.get(reverse("actions:list", kwargs={"org_slug": org_b.slug})).content.decode()
    assert "Climate assembly" in body and "co-sponsor" in body and "Voix Citoyennes" in body
    assert "Owner's other petition" not in body
    assert "owner-only" not in body
    counts = {
        s.action_id: s.opted_in
        for s in client.get(reverse("actions:list", kwargs={"org_slug": org_b.slug})).context[
            "co_sponsored"
        ]
    }
    assert counts == {action.pk: 1, pending_action.pk: 0}
    # The owner's page is not theirs.
    assert client.get(detail_url(org_b, action)).status_code == 404
    assert client.get(detail_url(org_a, action)).status_code == 404
    assert client.post(sponsors_url(org_b, action), {"op": "remove"}).status_code == 404


def test_a_sponsor_of_another_action_cannot_be_edited_through_this_one(client_a, org_a, org_b):
    action = ActionFactory(organization=org_a)
    elsewhere = ActionSponsorFactory(action=ActionFactory(organization=org_a))
    response = client_a.post(sponsors_url(org_a, action), {"op": "remove", "sponsor": elsewhere.pk})
    assert response.status_code == 404
    assert ActionSponsor.objects.filter(pk=elsewhere.pk).exists()


def test_organizers_manage_sponsors_volunteers_do_not(client, org_a, org_b):
    action = ActionFactory(organization=org_a)
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    response = client.post(
        sponsors_url(org_a, action), {"op": "add", "sponsor-new-address": org_b.slug}
    )
    assert response.status_code == 403
    assert not action.sponsors.filter(organization=org_b).exists()
