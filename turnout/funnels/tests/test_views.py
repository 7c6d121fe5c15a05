"""The ladder editor, the funnel page and the person panel, as organizers use them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from turnout.core.models import Job
from turnout.funnels import services
from turnout.funnels.models import Rung
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.tests.factories import TagFactory

from .helpers import did, newcomer, suggested

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"funnels:{name}", kwargs={"org_slug": org.slug, **kwargs})


def names(org):
    return list(
        Rung.objects.filter(organization=org)
        .order_by("position")
        .values_list("name__en", flat=True)
    )


def test_volunteers_see_neither_the_funnel_nor_the_ladder(client, org_a):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(url("report", org_a)).status_code == 403
    assert client.get(url("ladder", org_a)).status_code == 403
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    page = client.get(url("report", org_a))
    assert page.status_code == 200
    assert f'href="{url("report", org_a)}"' in page.content.decode()  # the menu's "Funnel"


def test_without_a_ladder_the_report_explains_what_to_do(client_a, org_a):
    page = client_a.get(url("report", org_a)).content.decode()
    assert "No engagement ladder yet" in page
    assert url("ladder", org_a) in page


def test_one_click_suggested_ladder(client_a, org_a, django_capture_on_commit_callbacks):
    person = newcomer(org_a, "lea@example.org")
    did(person, "petition_signed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(url("suggested", org_a), follow=True)
    page = response.content.decode()
    assert "The suggested ladder is ready" in page
    assert names(org_a) == ["Supporter", "Signer", "Donor", "Volunteer", "Leader"]
    assert Job.objects.get(organization=org_a, kind=services.RECOMPUTE_JOB).status == "succeeded"
    # Once more: refused, the ladder is left as it is.
    response = client_a.post(url("suggested", org_a), follow=True)
    assert "The ladder already has rungs" in response.content.decode()
    assert len(names(org_a)) == 5
    # The ladder page shows the rules in words and the people on each rung.
    page = client_a.get(url("ladder", org_a)).content.decode()
    assert "Signed a petition" in page and "Signer" in page
    assert "1 person is on the ladder." in page


def test_a_rung_is_added_with_the_segment_builder(client_a, org_a):
    suggested(org_a)
    response = client_a.post(
        url("rung_new", org_a),
        {
            "name_en": "Ambassador",
            "name_fr": "Ambassadeur·rice",
            "match": "all",
            "c-1-field": "activity_count",
            "c-1-op": "at_least",
            "c-1-kind": "share.done",
            "c-1-min": "3",
            "save": "1",
        },
    )
    assert response.status_code == 302
    rung = Rung.objects.get(organization=org_a, name__en="Ambassador")
    assert rung.position == 5  # at the top
    assert rung.definition["conditions"][0]["value"] == {"kind": "share.done", "min": 3}


def test_the_builder_buttons_work_without_javascript(client_a, org_a):
    response = client_a.post(
        url("rung_new", org_a), {"name_en": "Donor", "add": "top", "new-field-top": "tag"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="c-1-tags"' in page
    assert 'value="Donor"' in page  # what was typed stays


def test_editor_errors_are_shown_next_to_what_needs_fixing(client_a, org_a):
    tag = TagFactory(organization=org_a)
    response = client_a.post(
        url("rung_new", org_a),
        {
            "match": "all",
            "c-1-field": "tag",
            "c-1-op": "has",
            "c-1-tags": [str(tag.pk)],
            "save": "1",
        },
    )
    assert response.status_code == 400
    assert "Give the rung a name in at least one language." in response.content.decode()

    response = client_a.post(
        url("rung_new", org_a),
        {
            "name_en": "Ghosts",
            "c-1-field": "tag",
            "c-1-op": "has",
            "c-1-tags": ["999999"],
            "save": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Some conditions need fixing" in page
    assert "Condition 1: Unknown tag (id 999999) in this organization." in page

    response = client_a.post(
        url("rung_new", org_a),
        {
            "name_en": "Fans",
            "c-1-field": "support_level",
            "c-1-op": "gte",
            "c-1-level": "4",
            "save": "1",
        },
    )
    assert response.status_code == 400
    assert "political opinions" in response.content.decode()
    assert not Rung.objects.filter(organization=org_a).exists()


def test_rungs_are_edited_moved_and_deleted(client_a, org_a):
    rungs = suggested(org_a)
    donor = rungs["Donor"]
    response = client_a.post(
        url("rung_edit", org_a, rung_id=donor.pk),
        {
            "name_en": "Giver",
            "description_en": "Gave money.",
            "match": "all",
            "c-1-field": "activity",
            "c-1-op": "done",
            "c-1-kind": "donation.made",
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert names(org_a)[2] == "Giver"

    client_a.post(url("rung_move", org_a, rung_id=donor.pk), {"direction": "up"})
    assert names(org_a) == ["Supporter", "Signer", "Volunteer", "Giver", "Leader"]
    client_a.post(url("rung_move", org_a, rung_id=rungs["Supporter"].pk), {"direction": "down"})
    assert names(org_a)[0] == "Supporter"  # already at the bottom

    page = client_a.get(url("rung_delete", org_a, rung_id=rungs["Signer"].pk)).content.decode()
    assert "Delete the rung “Signer”?" in page
    client_a.post(url("rung_delete", org_a, rung_id=rungs["Signer"].pk))
    assert names(org_a) == ["Supporter", "Volunteer", "Giver", "Leader"]
    assert list(
        Rung.objects.filter(organization=org_a)
        .order_by("position")
        .values_list("position", flat=True)
    ) == [0, 1, 2, 3]


def test_the_report_shows_the_funnel_and_the_cohorts(client_a, org_a):
    suggested(org_a)
    for n in range(4):
        person = newcomer(org_a, f"p{n}@example.org")
        did(person, "petition_signed")
        if n == 0:
            did(person, "donation.made")
    page = client_a.get(url("report", org_a), {"period": "30", "by": "source"}).content.decode()
    assert '<svg class="funnel-chart"' in page
    assert "25 %" in page  # signer to donor: 1 of 4
    assert "No action, came from Turnout" in page
    assert 'class="multiples"' in page
    assert "style=" not in page.split("<main", 1)[1]  # CSP: no inline style
    # In French too, the chart's numbers are numbers (no decimal comma in SVG attributes).
    french = client_a.get(url("report", org_a).replace("/en/", "/fr/")).content.decode()
    assert re.findall(r'(?:x|y|width|height)="[0-9.]+"', french)
    assert not re.findall(r'(?:x|y|width|height)="[0-9]+,[0-9]+"', french)


def test_the_person_page_shows_where_they_stand(client_a, org_a):
    suggested(org_a)
    person = newcomer(org_a, "lea@example.org")
    did(person, "petition_signed")
    page = client_a.get(
        reverse("people:detail", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid})
    ).content.decode()
    assert "Engagement ladder" in page
    assert "Current rung: Signer" in page
    assert "not reached yet" in page  # donor and above


def test_another_organizations_rung_is_not_found(client_a, org_a, org_b):
    theirs = suggested(org_b)["Donor"]
    assert client_a.get(url("rung_edit", org_a, rung_id=theirs.pk)).status_code == 404
    assert client_a.post(url("rung_delete", org_a, rung_id=theirs.pk)).status_code == 404
    assert Rung.objects.filter(pk=theirs.pk).exists()
