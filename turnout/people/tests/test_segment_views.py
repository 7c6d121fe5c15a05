"""Segment and list pages: the builder without JavaScript, the count endpoint, permissions,
snapshots into static lists, and query budgets."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from turnout.core.models import AuditEvent, Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import ListMembership, PeopleList, Segment
from turnout.people.segments import services

from .factories import (
    CustomFieldFactory,
    EmailAddressFactory,
    PeopleListFactory,
    PersonFactory,
    PostalAddressFactory,
    SegmentFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"people:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def people(org_a):
    tag = TagFactory(organization=org_a, name="bénévole")
    anne = PersonFactory(organization=org_a, given_name="Anne", family_name="A", language="fr")
    anne.tags.add(tag)
    bruno = PersonFactory(organization=org_a, given_name="Bruno", family_name="B", language="de")
    PersonFactory(organization=org_a, given_name="Chloé", family_name="C", support_level=5)
    return {"tag": tag, "anne": anne, "bruno": bruno}


@pytest.fixture
def organizer_client(org_a):
    client = Client()
    client.force_login(MembershipFactory(organization=org_a, role=Role.ORGANIZER).user)
    return client


def test_segment_list_shows_the_cached_count(client_a, org_a):
    SegmentFactory(organization=org_a, name="Bénévoles", last_count=1234)
    SegmentFactory(organization=org_a, name="Never counted")
    response = client_a.get(url("segments", org_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bénévoles" in body and "1,234" in body and "never" in body
    assert url("segment_new", org_a) in body


def test_builder_page_loads_its_script_with_the_nonce(client_a, org_a, people):
    response = client_a.get(url("segment_new", org_a))
    assert response.status_code == 200
    body = response.content.decode()
    nonce = response.wsgi_request.csp_nonce
    assert f'src="/static/turnout/segments.js" defer nonce="{nonce}"' in body
    assert 'aria-live="polite"' in body
    assert "onclick" not in body and "<script>" not in body
    # One template of inputs per field, for segments.js to copy.
    assert 'data-inputs-for="tag"' in body and 'data-inputs-for="support_level"' in body
    assert 'name="c-__n__-tags"' in body


def test_builder_round_trip_without_javascript(client_a, org_a, people):
    tag = people["tag"]
    new = url("segment_new", org_a)
    # 1. "Add the condition" on a tag: the page comes back with the row's inputs.
    response = client_a.post(
        new, {"name": "", "match": "all", "new-field-top": "tag", "add": "top"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="c-1-field"' in body and 'name="c-1-tags"' in body
    assert f'<option value="{tag.pk}">bénévole</option>' in body
    # 2. Fill it in and "Show the count".
    row = {"match": "all", "c-1-group": "", "c-1-field": "tag", "c-1-op": "has"}
    response = client_a.post(new, {**row, "c-1-tags": [tag.pk], "name": "", "preview": "1"})
    body = response.content.decode()
    assert "1 person matches." in body
    assert f'<option value="{tag.pk}" selected>bénévole</option>' in body
    assert "This field is required." not in body  # the name is checked when saving
    # 3. Add a group "any of" starting with a language condition, then fill it.
    response = client_a.post(
        new, {**row, "c-1-tags": [tag.pk], "new-field-group": "language", "add_group": "1"}
    )
    body = response.content.decode()
    assert 'name="g-1-match"' in body and 'name="c-2-language"' in body
    data = {
        **row,
        "c-1-tags": [tag.pk],
        "g-1-match": "any",
        "c-2-group": "1",
        "c-2-field": "language",
        "c-2-op": "eq",
        "c-2-language": "fr",
        "c-3-group": "1",
        "c-3-field": "language",
        "c-3-op": "eq",
        "c-3-language": "de",
        "name": "Bénévoles francophones",
        "description": "Pour l'appel",
        "save": "1",
    }
    response = client_a.post(new, data)
    segment = Segment.objects.get(organization=org_a)
    assert response.status_code == 302
    assert response.url == url("segment_detail", org_a, segment_id=segment.pk)
    assert segment.definition == {
        "match": "all",
        "conditions": [
            {"field": "tag", "op": "has", "value": [tag.pk]},
            {
                "group": {
                    "match": "any",
                    "conditions": [
                        {"field": "language", "op": "eq", "value": "fr"},
                        {"field": "language", "op": "eq", "value": "de"},
                    ],
                }
            },
        ],
    }
    assert (segment.last_count, segment.description) == (1, "Pour l'appel")
    assert segment.created_by is not None
    assert AuditEvent.objects.filter(action="segment.created").count() == 1
    # 4. The edit page draws the same rows back.
    response = client_a.get(url("segment_edit", org_a, segment_id=segment.pk))
    body = response.content.decode()
    assert 'name="c-1-field"' in body and 'name="c-3-language"' in body
    assert '<option value="de" selected>' in body
    assert "1 person matches." in body


def test_builder_remove_buttons(client_a, org_a, people):
    data = {
        "match": "all",
        "c-1-field": "language",
        "c-1-op": "eq",
        "c-1-language": "fr",
        "c-4-field": "contact",
        "c-4-op": "has_email",
        "g-2-match": "any",
        "c-5-group": "2",
        "c-5-field": "do_not_contact",
        "c-5-flag": "true",
    }
    body = client_a.post(url("segment_new", org_a), {**data, "remove": "4"}).content.decode()
    assert 'name="c-1-field"' in body and 'name="c-4-field"' not in body
    assert 'name="c-5-field"' in body
    body = client_a.post(url("segment_new", org_a), {**data, "remove_group": "2"}).content.decode()
    assert 'name="g-2-match"' not in body and 'name="c-5-field"' not in body


def test_builder_save_reports_problems_next_to_the_row(client_a, org_a, people):
    data = {
        "name": "",
        "match": "all",
        "c-1-field": "language",
        "c-1-op": "eq",
        "c-1-language": "fr",
        "c-2-field": "created_at",
        "c-2-op": "within_days",
        "c-2-days": "soon",
        "save": "1",
    }
    response = client_a.post(url("segment_new", org_a), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Condition 2: The number of days must be a whole number." in body
    assert body.count("The number of days must be a whole number.") == 2  # summary + row
    assert "This field is required." in body  # the name
    assert not Segment.objects.exists()


def test_edit_keeps_and_updates(client_a, org_a, people):
    segment = SegmentFactory(
        organization=org_a,
        name="Old",
        definition={
            "match": "all",
            "conditions": [{"field": "language", "op": "eq", "value": "fr"}],
        },
    )
    data = {
        "name": "New",
        "match": "any",
        "c-1-field": "language",
        "c-1-op": "eq",
        "c-1-language": "de",
        "save": "1",
    }
    response = client_a.post(url("segment_edit", org_a, segment_id=segment.pk), data)
    assert response.status_code == 302
    segment.refresh_from_db()
    assert segment.name == "New"
    assert segment.definition["match"] == "any"
    assert segment.last_count == 1


def test_count_endpoint(client_a, org_a, org_b, people):
    count_url = url("segment_count", org_a)
    response = client_a.post(count_url, {"c-1-field": "language", "c-1-language": "fr"})
    assert response.status_code == 200
    assert response.json() == {"count": 1, "text": "1 person matches."}
    definition = {
        "match": "any",
        "conditions": [
            {"field": "language", "op": "eq", "value": "fr"},
            {"field": "language", "op": "eq", "value": "de"},
        ],
    }
    response = client_a.post(
        count_url, json.dumps({"definition": definition}), content_type="application/json"
    )
    assert response.json() == {"count": 2, "text": "2 people match."}
    # Errors: 400 with every message.
    tag_b = TagFactory(organization=org_b)
    bad = {
        "conditions": [{"field": "tag", "op": "has", "value": [tag_b.pk]}, {"field": "shoe_size"}]
    }
    response = client_a.post(count_url, json.dumps(bad), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            f"Condition 1: Unknown tag (id {tag_b.pk}) in this organization.",
            "Condition 2: unknown field “shoe_size”.",
        ]
    }
    # Odd form input is ignored, not an error 500.
    response = client_a.post(
        count_url, {"c-1-group": "../x", "c-1-field": "language", "c-1-language": "fr"}
    )
    assert response.json()["count"] == 1
    response = client_a.post(count_url, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert client_a.get(count_url).status_code == 405


def test_support_level_needs_the_permission(organizer_client, client_a, org_a, people):
    client = organizer_client
    level = {"conditions": [{"field": "support_level", "op": "gte", "value": 4}]}
    response = client.post(
        url("segment_count", org_a), json.dumps(level), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "Condition 1: Only roles allowed to see political opinions can filter on support level."
    ]
    body = client.get(url("segment_new", org_a)).content.decode()
    assert 'value="support_level"' not in body
    response = client.post(
        url("segment_new", org_a),
        {
            "name": "Supporters",
            "c-1-field": "support_level",
            "c-1-op": "gte",
            "c-1-level": "4",
            "save": "1",
        },
    )
    assert response.status_code == 400
    assert "Only roles allowed to see political opinions" in response.content.decode()
    assert not Segment.objects.exists()
    # A segment an admin saved with it is closed to the organizer, open to the admin.
    segment = SegmentFactory(organization=org_a, definition=level)
    for name in ("segment_detail", "segment_edit", "segment_delete"):
        response = client.get(url(name, org_a, segment_id=segment.pk))
        assert response.status_code == 403
        assert "political opinion" in response.content.decode()
    response = client.post(url("segment_snapshot", org_a, segment_id=segment.pk), {"name": "x"})
    assert response.status_code == 403
    assert not PeopleList.objects.exists()
    response = client_a.get(url("segment_detail", org_a, segment_id=segment.pk))
    assert response.status_code == 200
    assert "Chloé" in response.content.decode()


def test_an_organizer_builds_ordinary_segments(organizer_client, org_a, people):
    response = organizer_client.post(
        url("segment_new", org_a),
        {"name": "FR", "c-1-field": "language", "c-1-op": "eq", "c-1-language": "fr", "save": "1"},
    )
    assert response.status_code == 302


def test_volunteers_see_no_segment(client, org_a, people):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    segment = SegmentFactory(organization=org_a)
    assert client.get(url("segments", org_a)).status_code == 403
    assert client.get(url("segment_detail", org_a, segment_id=segment.pk)).status_code == 403
    assert client.post(url("segment_count", org_a), {}).status_code == 403
    assert client.get(url("lists", org_a)).status_code == 403


def test_detail_lists_matching_people_within_a_query_budget(
    client_a, org_a, people, django_assert_max_num_queries
):
    for i in range(60):
        person = PersonFactory(
            organization=org_a, given_name="Zed", family_name=f"Z{i:02d}", language="fr"
        )
        EmailAddressFactory(person=person)
        PostalAddressFactory(person=person)
    segment = SegmentFactory(
        organization=org_a,
        definition={
            "match": "all",
            "conditions": [
                {"field": "language", "op": "eq", "value": "fr"},
                {"field": "tag", "op": "has_not", "value": [people["tag"].pk]},
                {
                    "field": "custom_field",
                    "op": "matches",
                    "value": {"key": "size", "op": "not_set"},
                },
            ],
        },
    )
    CustomFieldFactory(organization=org_a, key="size")
    detail = url("segment_detail", org_a, segment_id=segment.pk)
    with django_assert_max_num_queries(20):
        response = client_a.get(detail)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 60 and len(page.object_list) == 50
    body = response.content.decode()
    assert "Z00" in body and "Anne" not in body
    assert '<span class="stat-value">60</span> <span class="stat-label">people match' in body
    segment.refresh_from_db()
    assert segment.last_count == 60 and segment.counted_at is not None
    with django_assert_max_num_queries(20):
        response = client_a.get(detail + "?page=2")
    assert len(response.context["page"].object_list) == 10


def test_detail_of_a_segment_whose_list_was_deleted(client_a, org_a, people):
    people_list = PeopleListFactory(organization=org_a)
    segment = SegmentFactory(
        organization=org_a,
        definition={"conditions": [{"field": "list", "op": "in", "value": [people_list.pk]}]},
    )
    people_list.delete()
    response = client_a.get(url("segment_detail", org_a, segment_id=segment.pk))
    assert response.status_code == 200
    assert "This segment no longer works" in response.content.decode()


def test_delete_asks_first(client_a, org_a):
    segment = SegmentFactory(organization=org_a, name="Doomed")
    delete = url("segment_delete", org_a, segment_id=segment.pk)
    response = client_a.get(delete)
    assert "There is no undo" in response.content.decode()
    response = client_a.post(delete)
    assert response.status_code == 302 and response.url == url("segments", org_a)
    assert not Segment.objects.exists()
    assert AuditEvent.objects.filter(action="segment.deleted").exists()


def test_snapshot_inline(client_a, org_a, people):
    segment = SegmentFactory(
        organization=org_a,
        definition={"conditions": [{"field": "language", "op": "eq", "value": "de"}]},
    )
    response = client_a.post(
        url("segment_snapshot", org_a, segment_id=segment.pk), {"name": "Germanophones"}
    )
    people_list = PeopleList.objects.get(name="Germanophones")
    assert response.url == url("list_detail", org_a, list_id=people_list.pk)
    assert list(ListMembership.objects.values_list("person_id", flat=True)) == [people["bruno"].pk]
    # Static: a new match later does not join the list.
    PersonFactory(organization=org_a, language="de")
    assert people_list.memberships.count() == 1


def test_snapshot_beyond_the_limit_runs_as_a_job(
    client_a, org_a, people, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "INLINE_SNAPSHOT_LIMIT", 1)
    monkeypatch.setattr(services, "BATCH", 2)
    segment = SegmentFactory(organization=org_a)  # everyone: 3 people
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            url("segment_snapshot", org_a, segment_id=segment.pk), {"name": "All"}
        )
    job = Job.objects.get(kind="people_list_snapshot")
    assert response.url == reverse(
        "core:job", kwargs={"org_slug": org_a.slug, "job_uuid": job.uuid}
    )
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.total, job.done) == (3, 3)
    people_list = PeopleList.objects.get(name="All")
    assert people_list.memberships.count() == 3
    # Run again (a worker restart): nothing is added twice.
    from turnout.people.segments.jobs import people_list_snapshot

    class Progress:
        def set_total(self, n):
            pass

        def advance(self, n):
            pass

    people_list_snapshot(job, Progress())
    assert people_list.memberships.count() == 3


def test_static_lists(client_a, org_a, people):
    response = client_a.post(url("lists", org_a), {"name": "Comité", "description": ""})
    people_list = PeopleList.objects.get(name="Comité")
    assert response.url == url("list_detail", org_a, list_id=people_list.pk)
    assert client_a.post(url("lists", org_a), {"name": ""}).status_code == 400
    for person in (people["anne"], people["bruno"]):
        ListMembership.objects.create(people_list=people_list, person=person)
    body = client_a.get(url("lists", org_a)).content.decode()
    assert "Comité" in body
    assert client_a.get(url("lists", org_a)).context["lists"][0].member_count == 2
    detail = url("list_detail", org_a, list_id=people_list.pk)
    body = client_a.get(detail).content.decode()
    assert "Anne" in body and "Bruno" in body
    remove = url(
        "list_member_remove", org_a, list_id=people_list.pk, person_uuid=people["anne"].uuid
    )
    response = client_a.post(remove, {"page": "1"})
    assert response.url == detail + "?page=1"
    assert list(people_list.memberships.values_list("person_id", flat=True)) == [people["bruno"].pk]
    assert client_a.post(remove).status_code == 404  # no longer a member
    delete = url("list_delete", org_a, list_id=people_list.pk)
    assert "the people in it stay" in client_a.get(delete).content.decode()
    response = client_a.post(delete)
    assert response.url == url("lists", org_a)
    assert not PeopleList.objects.exists()
    assert people["bruno"].__class__.objects.filter(pk=people["bruno"].pk).exists()


def test_list_detail_query_budget(client_a, org_a, django_assert_max_num_queries):
    people_list = PeopleListFactory(organization=org_a)
    for _i in range(55):
        person = PersonFactory(organization=org_a)
        EmailAddressFactory(person=person)
        ListMembership.objects.create(people_list=people_list, person=person)
    with django_assert_max_num_queries(15):
        response = client_a.get(url("list_detail", org_a, list_id=people_list.pk))
    assert len(response.context["page"].object_list) == 50


def test_organizers_change_lists(organizer_client, org_a):
    assert organizer_client.get(url("lists", org_a)).status_code == 200
    assert organizer_client.post(url("lists", org_a), {"name": "ok"}).status_code == 302
