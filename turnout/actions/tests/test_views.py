import pytest
from django.urls import reverse

from turnout.actions.models import Action
from turnout.actions.tests.factories import ActionFactory, SubmissionFactory
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"actions:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.mark.parametrize(
    ("role", "view", "change"),
    [
        (Role.OWNER, True, True),
        (Role.ADMIN, True, True),
        (Role.ORGANIZER, True, True),
        (Role.VOLUNTEER, False, False),
    ],
)
def test_policy_matrix(org_a, role, view, change):
    user = MembershipFactory(organization=org_a, role=role).user
    assert user.has_perm("actions.view_actions", org_a) is view
    assert user.has_perm("actions.change_actions", org_a) is change


def test_a_stranger_has_no_permission(org_a, owner_b):
    assert not owner_b.has_perm("actions.view_actions", org_a)


def test_list_shows_counters_within_a_query_budget(
    client_a, org_a, org_b, django_assert_max_num_queries
):
    for _ in range(5):
        action = ActionFactory(organization=org_a)
        SubmissionFactory(action=action, status="pending", confirmed_at=None)
    Action.objects.filter(organization=org_a).update(signature_count=1234)
    ActionFactory(organization=org_b, title={"en": "Not ours"})
    with django_assert_max_num_queries(12):
        response = client_a.get(url("list", org_a))
    assert response.status_code == 200
    assert "1,234" in response.content.decode()
    assert "Not ours" not in response.content.decode()


def test_a_volunteer_cannot_open_actions(client, org_a):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(url("list", org_a)).status_code == 403


def form_data(**overrides):
    data = {
        "kind": "petition",
        "slug": "pour-le-climat",
        "title_fr": "Pour le climat",
        "title_en": "For the climate",
        "consent_text_fr": "J'accepte.",
        "goal": "1000",
    }
    data.update(overrides)
    return data


def test_create_edit_publish_close(client_a, org_a):
    response = client_a.post(url("create", org_a), form_data())
    assert response.status_code == 302
    action = Action.objects.get(organization=org_a)
    assert action.title == {"fr": "Pour le climat", "en": "For the climate"}
    assert action.status == Action.Status.DRAFT and action.goal == 1000
    assert action.sponsors.get().is_owner

    response = client_a.post(
        url("edit", org_a, action_id=action.pk), form_data(slug="climat", title_de="Fürs Klima")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.slug == "climat" and action.title["de"] == "Fürs Klima"

    assert client_a.get(url("publish", org_a, action_id=action.pk)).status_code == 405
    client_a.post(url("publish", org_a, action_id=action.pk))
    action.refresh_from_db()
    assert action.status == Action.Status.PUBLISHED

    # Once published, the address is fixed.
    client_a.post(url("edit", org_a, action_id=action.pk), form_data(slug="autre"))
    action.refresh_from_db()
    assert action.slug == "climat"

    client_a.post(url("close", org_a, action_id=action.pk))
    action.refresh_from_db()
    assert action.status == Action.Status.CLOSED


def test_form_errors(client_a, org_a):
    ActionFactory(slug="taken")
    response = client_a.post(
        url("create", org_a), form_data(slug="taken", title_fr="", title_en="")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "slug" in form.errors and "title_fr" in form.errors
    assert not Action.objects.filter(organization=org_a).exists()


def test_publishing_without_consent_text_says_why(client_a, org_a):
    client_a.post(url("create", org_a), form_data(consent_text_fr=""))
    action = Action.objects.get(organization=org_a)
    response = client_a.post(url("publish", org_a, action_id=action.pk), follow=True)
    assert "consent text" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Action.Status.DRAFT


def test_another_organizations_action_is_a_404(client_a, org_a, org_b):
    theirs = ActionFactory(organization=org_b)
    assert client_a.get(url("edit", org_a, action_id=theirs.pk)).status_code == 404
    assert client_a.post(url("publish", org_a, action_id=theirs.pk)).status_code == 404


def test_the_edit_form_shows_what_is_saved(client_a, org_a):
    action = ActionFactory(
        organization=org_a,
        kind=Action.Kind.FORM,
        slug="benevoles",
        title={"fr": "Devenez bénévole", "de": "Mitmachen"},
        goal=250,
    )
    response = client_a.get(url("edit", org_a, action_id=action.pk))
    form = response.context["form"]
    assert form["kind"].value() == "form" and form["slug"].value() == "benevoles"
    assert form["title_fr"].value() == "Devenez bénévole" and form["goal"].value() == 250
    assert 'value="Mitmachen"' in response.content.decode()
