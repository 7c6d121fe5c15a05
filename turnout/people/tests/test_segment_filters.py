"""Segment definitions against hand-built people: exactly who matches each field and operator."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from turnout.people.models import ContactStatus, CustomField, ListMembership, PostalAddress
from turnout.people.segments.filters import (
    people_matching,
    segment_people,
    uses_sensitive,
    validate_definition,
)

from .factories import (
    ActivityFactory,
    ConsentFactory,
    CustomFieldFactory,
    EmailAddressFactory,
    PeopleListFactory,
    PersonFactory,
    PhoneNumberFactory,
    PostalAddressFactory,
    SegmentFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


NOW = timezone.now()
RECENT = NOW - dt.timedelta(days=10)
OLD = timezone.make_aware(dt.datetime(2022, 6, 1, 12, 0))


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12, 0))


@pytest.fixture
def base(org_a, org_b):
    """Five people of organization A (plus an erased one) and one of organization B."""
    org = org_a
    t1 = TagFactory(organization=org, name="bénévole")
    t2 = TagFactory(organization=org, name="donateur")
    members = PeopleListFactory(organization=org, name="Comité")
    CustomFieldFactory(organization=org, key="tshirt", kind="choice", choices=["S", "M", "L"])
    CustomFieldFactory(organization=org, key="quartier", kind="text")
    CustomFieldFactory(organization=org, key="score", kind="number")
    CustomFieldFactory(organization=org, key="joined", kind="date")
    CustomFieldFactory(organization=org, key="member", kind="boolean")
    CustomFieldFactory(organization=org, key="vote_intent", kind="text", sensitive=True)

    anne = PersonFactory(
        organization=org,
        given_name="Anne",
        language="fr",
        support_level=5,
        created_at=at(2023, 1, 1),
        last_activity_at=RECENT,
        custom_fields={
            "tshirt": "M",
            "quartier": "Saint-Martin",
            "score": 10,
            "joined": "2020-05-01",
            "member": True,
            "vote_intent": "yes",
        },
    )
    anne.tags.add(t1, t2)
    ListMembership.objects.create(people_list=members, person=anne)
    EmailAddressFactory(person=anne, address="anne@example.org")
    ConsentFactory(person=anne, channel="email", purpose="campaigns", status="granted")
    PostalAddressFactory(person=anne, postal_code="29200", locality="Brest", polling_station="P1")
    for days in (1, 5, 20):
        ActivityFactory(
            person=anne, kind="signature", occurred_at=NOW - dt.timedelta(days=days), source_id="7"
        )

    bruno = PersonFactory(
        organization=org,
        given_name="Bruno",
        language="de",
        support_level=2,
        created_at=at(2024, 3, 1),
        last_activity_at=OLD,
        custom_fields={"tshirt": "L", "quartier": "Recouvrance", "score": 3.5, "member": False},
    )
    bruno.tags.add(t1)
    EmailAddressFactory(
        person=bruno, address="bruno@example.org", status=ContactStatus.UNSUBSCRIBED
    )
    ConsentFactory(person=bruno, channel="email", purpose="campaigns", status="granted")
    PostalAddressFactory(person=bruno, postal_code="75011", locality="Paris", polling_station="P2")
    PhoneNumberFactory(
        person=bruno, number="+33298000000", number_type="landline", sms_capable=False
    )
    ActivityFactory(person=bruno, kind="signature", occurred_at=OLD, source_id="8")

    chloe = PersonFactory(organization=org, given_name="Chloé", created_at=at(2024, 6, 1))
    PhoneNumberFactory(person=chloe, number="+436641234567")
    ConsentFactory(person=chloe, channel="sms", purpose="campaigns", status="granted")
    PostalAddressFactory(
        person=chloe, postal_code="1010", locality="Wien", country="AT", polling_station="W9"
    )

    david = PersonFactory(
        organization=org,
        given_name="David",
        created_at=NOW - dt.timedelta(days=3),
        last_activity_at=at(2024, 2, 1),
    )
    david.tags.add(t2)
    ListMembership.objects.create(people_list=members, person=david)
    EmailAddressFactory(person=david, address="david@example.org")
    ConsentFactory(
        person=david, channel="email", purpose="campaigns", status="granted", current=False
    )
    ConsentFactory(person=david, channel="email", purpose="campaigns", status="withdrawn")
    PostalAddressFactory(
        person=david, postal_code="29000", locality="Quimper", status=PostalAddress.Status.BAD
    )
    ActivityFactory(person=david, kind="donation", occurred_at=at(2024, 2, 1))

    emma = PersonFactory(organization=org, given_name="Emma", do_not_contact=True)
    EmailAddressFactory(person=emma, address="emma@example.org")
    ConsentFactory(person=emma, channel="email", purpose="campaigns", status="granted")

    erased = PersonFactory(organization=org, given_name="Erased", erased_at=NOW)
    erased.tags.add(t1)
    ActivityFactory(person=erased, kind="signature")

    other = PersonFactory(organization=org_b, given_name="Other")
    tb = TagFactory(organization=org_b, name="bénévole")
    other.tags.add(tb)
    list_b = PeopleListFactory(organization=org_b)
    ListMembership.objects.create(people_list=list_b, person=other)
    ActivityFactory(person=other, kind="signature")

    return {"org": org, "t1": t1, "t2": t2, "members": members, "tb": tb, "list_b": list_b}


def names(org, definition):
    people = people_matching(organization=org, definition=definition)
    found = list(people.values_list("given_name", flat=True))
    assert len(found) == len(set(found)) == people.count()  # never a duplicate
    return sorted(found)


def one(field, op, value=None):
    condition = {"field": field, "op": op}
    if value is not None:
        condition["value"] = value
    return {"match": "all", "conditions": [condition]}


EVERYONE = ["Anne", "Bruno", "Chloé", "David", "Emma"]


def test_an_empty_definition_matches_every_active_person(base):
    org = base["org"]
    assert names(org, {}) == EVERYONE
    assert names(org, {"match": "any", "conditions": []}) == EVERYONE
    assert names(org, None) == EVERYONE


@pytest.mark.parametrize(
    ("field", "op", "value", "expected"),
    [
        ("contact", "has_email", None, ["Anne", "Bruno", "David", "Emma"]),
        ("contact", "no_email", None, ["Chloé"]),
        ("contact", "has_mobile", None, ["Chloé"]),
        ("contact", "has_phone", None, ["Bruno", "Chloé"]),
        ("do_not_contact", "is", True, ["Emma"]),
        ("do_not_contact", "is", "false", ["Anne", "Bruno", "Chloé", "David"]),
        ("country", "in", ["fr"], ["Anne", "Bruno"]),  # David's address is marked wrong
        ("country", "not_in", ["FR"], ["Chloé", "David", "Emma"]),
        ("country", "in", ["FR", "AT"], ["Anne", "Bruno", "Chloé"]),
        ("postal_code", "starts_with", ["29"], ["Anne"]),
        ("postal_code", "starts_with", ["29", "750"], ["Anne", "Bruno"]),
        ("postal_code", "not_starts_with", ["29"], ["Bruno", "Chloé", "David", "Emma"]),
        ("locality", "equals", "BREST", ["Anne"]),
        ("locality", "equals", "quimper", []),
        ("polling_station", "in", ["P1", "W9"], ["Anne", "Chloé"]),
        ("polling_station", "not_in", ["P1"], ["Bruno", "Chloé", "David", "Emma"]),
        ("created_at", "before", "2024-03-01", ["Anne"]),
        ("created_at", "after", "2024-03-01", ["Bruno", "Chloé", "David", "Emma"]),
        ("created_at", "within_days", 7, ["David", "Emma"]),
        ("created_at", "not_within_days", 7, ["Anne", "Bruno", "Chloé"]),
        ("last_activity_at", "within_days", 30, ["Anne"]),
        ("last_activity_at", "not_within_days", 30, ["Bruno", "Chloé", "David", "Emma"]),
        ("last_activity_at", "before", "2024-02-01", ["Bruno", "Chloé", "Emma"]),
        ("last_activity_at", "after", "2024-02-01", ["Anne", "David"]),
        ("support_level", "gte", 4, ["Anne"]),
        ("support_level", "lte", "2", ["Bruno"]),
        ("support_level", "eq", 2, ["Bruno"]),
        ("language", "eq", "fr", ["Anne"]),
    ],
)
def test_person_and_contact_fields(base, field, op, value, expected):
    assert names(base["org"], one(field, op, value)) == expected


def test_tags_and_lists(base):
    org, t1, t2, members = base["org"], base["t1"], base["t2"], base["members"]
    assert names(org, one("tag", "has", [t1.pk])) == ["Anne", "Bruno"]  # not the erased one
    # Anne has both tags: she is counted once.
    assert names(org, one("tag", "has", [t1.pk, t2.pk])) == ["Anne", "Bruno", "David"]
    assert names(org, one("tag", "has_not", [t1.pk])) == ["Chloé", "David", "Emma"]
    assert names(org, one("tag", "has_not", [t1.pk, t2.pk])) == ["Chloé", "Emma"]
    assert names(org, one("list", "in", [members.pk])) == ["Anne", "David"]
    assert names(org, one("list", "not_in", [str(members.pk)])) == ["Bruno", "Chloé", "Emma"]


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("done", {"kind": "signature"}, ["Anne", "Bruno"]),
        ("done", {"kind": "signature", "since": "2024-01-01"}, ["Anne"]),
        ("done", {"kind": "signature", "until": "2022-06-01"}, ["Bruno"]),
        ("done", {"kind": "signature", "until": "2022-05-31"}, []),
        ("done", {"kind": "signature", "source_id": "8"}, ["Bruno"]),
        ("done", {"kind": "donation", "since": "2024-02-01", "until": "2024-02-01"}, ["David"]),
        ("not_done", {"kind": "signature"}, ["Chloé", "David", "Emma"]),
    ],
)
def test_activity(base, op, value, expected):
    assert names(base["org"], one("activity", op, value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"kind": "signature", "min": 3}, ["Anne"]),
        ({"kind": "signature", "min": 1}, ["Anne", "Bruno"]),
        ({"kind": "signature", "min": "4"}, []),
        ({"kind": "signature", "min": 3, "since": str((NOW - dt.timedelta(days=7)).date())}, []),
        (
            {"kind": "signature", "min": 2, "since": str((NOW - dt.timedelta(days=7)).date())},
            ["Anne"],
        ),
        ({"kind": "signature", "min": 1, "until": "2023-01-01"}, ["Bruno"]),
    ],
)
def test_activity_count(base, value, expected):
    # No op given: "at_least" is the only one.
    assert names(base["org"], {"conditions": [{"field": "activity_count", "value": value}]}) == (
        expected
    )


def test_consent_needs_a_current_grant_a_usable_contact_point_and_no_objection(base):
    org = base["org"]
    email = {"channel": "email", "purpose": "campaigns"}
    # Bruno's email is unsubscribed (suppressed), David withdrew, Emma must not be contacted.
    assert names(org, one("consent", "granted", email)) == ["Anne"]
    assert names(org, one("consent", "not_granted", email)) == ["Bruno", "Chloé", "David", "Emma"]
    sms = {"channel": "sms", "purpose": "campaigns"}
    assert names(org, one("consent", "granted", sms)) == ["Chloé"]
    assert names(org, one("consent", "granted", {**email, "purpose": "newsletter"})) == []


@pytest.mark.parametrize(
    ("key", "op", "value", "expected"),
    [
        ("tshirt", "eq", "M", ["Anne"]),
        ("tshirt", "neq", "M", ["Bruno", "Chloé", "David", "Emma"]),
        ("tshirt", "is_set", None, ["Anne", "Bruno"]),
        ("tshirt", "not_set", None, ["Chloé", "David", "Emma"]),
        ("quartier", "eq", "saint-martin", ["Anne"]),
        ("quartier", "contains", "couv", ["Bruno"]),
        ("quartier", "neq", "Saint-Martin", ["Bruno", "Chloé", "David", "Emma"]),
        ("score", "gt", 5, ["Anne"]),
        ("score", "lt", "5", ["Bruno"]),
        ("score", "eq", "10", ["Anne"]),
        ("score", "eq", "3,5", ["Bruno"]),
        ("joined", "gt", "2020-01-01", ["Anne"]),
        ("joined", "lt", "2020-01-01", []),
        ("joined", "eq", "2020-05-01", ["Anne"]),
        ("member", "eq", True, ["Anne"]),
        ("member", "eq", "false", ["Bruno"]),
        ("member", "neq", True, ["Bruno", "Chloé", "David", "Emma"]),
    ],
)
def test_custom_fields_typed_by_kind(base, key, op, value, expected):
    condition = {"key": key, "op": op}
    if value is not None:
        condition["value"] = value
    assert names(base["org"], one("custom_field", "matches", condition)) == expected


def test_custom_field_comparison_may_be_given_outside_the_value(base):
    definition = {
        "conditions": [
            {"field": "custom_field", "op": "eq", "value": {"key": "tshirt", "value": "L"}}
        ]
    }
    assert names(base["org"], definition) == ["Bruno"]
    cleaned = validate_definition(
        organization=base["org"], definition=definition, allow_sensitive=False
    )
    assert cleaned["conditions"][0] == {
        "field": "custom_field",
        "op": "matches",
        "value": {"key": "tshirt", "op": "eq", "value": "L"},
    }


def test_all_any_and_groups(base):
    org, t1, t2 = base["org"], base["t1"], base["t2"]
    tag1 = {"field": "tag", "op": "has", "value": [t1.pk]}
    french = {"field": "language", "op": "eq", "value": "fr"}
    austria = {"field": "country", "op": "in", "value": ["AT"]}
    assert names(org, {"match": "all", "conditions": [tag1, french]}) == ["Anne"]
    assert names(org, {"match": "any", "conditions": [tag1, french, austria]}) == [
        "Anne",
        "Bruno",
        "Chloé",
    ]
    # tag2 AND (french OR in Austria OR no email)
    group = {
        "match": "any",
        "conditions": [french, austria, {"field": "contact", "op": "no_email"}],
    }
    tag2 = {"field": "tag", "op": "has", "value": [t2.pk]}
    assert names(org, {"match": "all", "conditions": [tag2, {"group": group}]}) == ["Anne"]
    # tag2 OR (has tag1 AND did not sign)
    group = {
        "match": "all",
        "conditions": [tag1, {"field": "activity", "op": "not_done", "value": {"kind": "x"}}],
    }
    assert names(org, {"match": "any", "conditions": [tag2, {"group": group}]}) == [
        "Anne",
        "Bruno",
        "David",
    ]
    # An empty group is no condition at all.
    empty = {"group": {"match": "any", "conditions": []}}
    assert names(org, {"match": "any", "conditions": [french, empty]}) == ["Anne"]


def test_no_duplicates_when_many_rows_match(base):
    org, t1, t2 = base["org"], base["t1"], base["t2"]
    definition = {
        "match": "any",
        "conditions": [
            {"field": "tag", "op": "has", "value": [t1.pk, t2.pk]},
            {"field": "activity", "op": "done", "value": {"kind": "signature"}},
            {"field": "activity_count", "op": "at_least", "value": {"kind": "signature", "min": 1}},
            {"field": "country", "op": "in", "value": ["FR", "AT"]},
        ],
    }
    people = people_matching(organization=org, definition=definition)
    assert people.count() == 4
    # The queryset composes: filtering, ordering, values and batches.
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == len(set(ids)) == 4
    assert people.filter(pk__gt=ids[1]).count() == 2
    assert list(people.filter(given_name="Anne").values_list("given_name", flat=True)) == ["Anne"]


def test_tenant_safety(base):
    org, org_b = base["org"], base["tb"].organization
    for definition in (
        one("tag", "has", [base["tb"].pk]),
        one("list", "in", [base["list_b"].pk]),
    ):
        with pytest.raises(ValidationError) as error:
            validate_definition(organization=org, definition=definition, allow_sensitive=True)
        assert "Unknown" in error.value.messages[0]
        with pytest.raises(ValidationError):
            people_matching(organization=org, definition=definition)
    # Organization B's own definition only ever reaches B's people.
    assert names(org_b, one("tag", "has", [base["tb"].pk])) == ["Other"]
    assert names(org_b, one("activity", "done", {"kind": "signature"})) == ["Other"]
    assert names(org, one("activity", "done", {"kind": "signature"})) == ["Anne", "Bruno"]


def test_sensitive_conditions_need_the_permission(base):
    org = base["org"]
    level = one("support_level", "gte", 4)
    with pytest.raises(ValidationError) as error:
        validate_definition(organization=org, definition=level, allow_sensitive=False)
    assert "political opinions" in error.value.messages[0]
    assert validate_definition(organization=org, definition=level, allow_sensitive=True)
    opinion = one("custom_field", "matches", {"key": "vote_intent", "op": "eq", "value": "yes"})
    with pytest.raises(ValidationError):
        validate_definition(organization=org, definition=opinion, allow_sensitive=False)
    assert uses_sensitive(organization=org, definition=level)
    assert uses_sensitive(organization=org, definition=opinion)
    assert not uses_sensitive(organization=org, definition=one("language", "eq", "fr"))


@pytest.mark.parametrize(
    ("definition", "fragment"),
    [
        (one("shoe_size", "eq", 42), "unknown field"),
        (one("tag", "is", [1]), "not a valid comparison"),
        (one("tag", "has", []), "Choose at least one"),
        (one("tag", "has", ["abc"]), "not a valid id"),
        (one("created_at", "before", "31/12/2024"), "YYYY-MM-DD"),
        (one("created_at", "within_days", "soon"), "whole number"),
        (one("support_level", "gte", 9), "between 1 and 5"),
        (one("activity", "done", {"kind": ""}), "empty"),
        (
            one("activity", "done", {"kind": "x", "since": "2024-02-01", "until": "2024-01-01"}),
            "start date is after",
        ),
        (one("activity_count", "at_least", {"kind": "x", "min": 0}), "between 1"),
        (one("consent", "granted", {"channel": "pigeon", "purpose": "campaigns"}), "channel"),
        (one("country", "in", ["F1"]), "two-letter"),
        (one("language", "eq", "xx"), "language"),
        (one("custom_field", "matches", {"key": "nope", "op": "eq", "value": 1}), "Unknown custom"),
        (one("custom_field", "matches", {"key": "score", "op": "eq", "value": "ten"}), "number"),
        (
            one("custom_field", "matches", {"key": "score", "op": "contains", "value": 1}),
            "does not apply",
        ),
        (
            one("custom_field", "matches", {"key": "tshirt", "op": "eq", "value": "XXL"}),
            "not one of the choices",
        ),
        ({"match": "some", "conditions": []}, "“match”"),
        ({"conditions": "tag"}, "must be a list"),
        ({"conditions": [{"group": {"conditions": [{"group": {}}]}}]}, "cannot contain"),
        ({"conditions": [{"field": "contact", "op": "has_email"}] * 51}, "at most 50"),
    ],
)
def test_invalid_definitions_are_explained(base, definition, fragment):
    with pytest.raises(ValidationError) as error:
        validate_definition(organization=base["org"], definition=definition, allow_sensitive=True)
    assert any(fragment in message for message in error.value.messages), error.value.messages


def test_every_problem_is_reported_with_its_position(base):
    definition = {
        "conditions": [
            {"field": "language", "op": "eq", "value": "fr"},
            {"field": "tag", "op": "has", "value": [999999]},
            {"group": {"conditions": [{"field": "created_at", "op": "before", "value": "x"}]}},
        ]
    }
    with pytest.raises(ValidationError) as error:
        validate_definition(organization=base["org"], definition=definition, allow_sensitive=True)
    messages = error.value.messages
    assert len(messages) == 2
    assert messages[0].startswith("Condition 2:")
    assert messages[1].startswith("Condition 3.1:")


def test_cleaning_normalizes(base):
    t1 = base["t1"]
    cleaned = validate_definition(
        organization=base["org"],
        definition={
            "conditions": [
                {"field": "tag", "op": "has", "value": [str(t1.pk), t1.pk]},
                {"field": "country", "op": "in", "value": "fr"},
                {"field": "locality", "value": "  Brest "},
                {"group": {"match": "all", "conditions": []}},
            ]
        },
        allow_sensitive=False,
    )
    assert cleaned == {
        "match": "all",
        "conditions": [
            {"field": "tag", "op": "has", "value": [t1.pk]},
            {"field": "country", "op": "in", "value": ["FR"]},
            {"field": "locality", "op": "equals", "value": "Brest"},
        ],
    }


def test_segment_people(base):
    segment = SegmentFactory(organization=base["org"], definition=one("language", "eq", "de"))
    assert list(segment_people(segment).values_list("given_name", flat=True)) == ["Bruno"]


def test_custom_field_kind_is_read_from_the_organization(base):
    # Same key in organization B with another kind: A's definition uses A's field.
    CustomFieldFactory(organization=base["tb"].organization, key="score", kind="text")
    assert CustomField.objects.filter(key="score").count() == 2
    assert names(
        base["org"], one("custom_field", "matches", {"key": "score", "op": "gt", "value": 4})
    ) == ["Anne"]
