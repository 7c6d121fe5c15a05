"""Column suggestions, remembered mappings, and how each kind of cell is read."""

import datetime as dt
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from turnout.people.imports.cells import clean_text, phone_cached
from turnout.people.imports.mapping import (
    IGNORE,
    headers_key,
    mapping_errors,
    mapping_from_remembered,
    mapping_to_remember,
    suggest,
    targets_for,
)
from turnout.people.imports.rows import HandedRow, RowConverter
from turnout.people.models import CustomField
from turnout.people.normalize import normalize_phone

from .test_import_helpers import english  # noqa: F401  (autouse fixture)

ALL = {v for v, _label in targets_for(custom_fields=[], include_sensitive=True)}


class Org:
    country = "FR"


def convert(columns, cells, country="FR", custom_fields=()):
    org = Org()
    org.country = country
    converter = RowConverter(columns=columns, organization=org, custom_fields=custom_fields)
    return converter.convert(2, cells)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Prénom", "Nom", "Courriel", "Téléphone portable", "Code postal", "Ville"],
            ["given_name", "family_name", "email", "phone", "postal_code", "locality"],
        ),
        (
            ["Vorname", "Nachname", "E-Mail-Adresse", "Handy", "PLZ", "Ort", "Geburtsdatum"],
            ["given_name", "family_name", "email", "phone", "postal_code", "locality", "birthdate"],
        ),
        (
            ["First name", "Last name", "Email address", "Phone number", "Zip", "City", "Tags"],
            ["given_name", "family_name", "email", "phone", "postal_code", "locality", "tags"],
        ),
        (
            ["Adresse e-mail perso", "Adresse", "Complément d'adresse", "Date de naissance"],
            ["email", "address_lines", "address_lines", "birthdate"],
        ),
        (["mail", "e-mail"], ["email", IGNORE]),  # a target goes to one column only
        (["Numéro adhérent", "Commentaire"], [IGNORE, IGNORE]),
        (["line", "outcome", "reason", "Nom"], [IGNORE, IGNORE, IGNORE, "family_name"]),
    ],
)
def test_targets_are_suggested_from_french_german_english_headers(headers, expected):
    assert suggest(headers, ALL) == expected


def test_custom_fields_are_suggested_by_key_or_label(db):
    field = CustomField(key="tshirt", label="Taille de t-shirt")
    available = ALL | {"cf:tshirt"}
    assert suggest(["Taille de T-shirt", "Nom"], available, [field]) == ["cf:tshirt", "family_name"]


def test_sensitive_targets_only_for_roles_that_see_them():
    plain = {v for v, _ in targets_for(custom_fields=[], include_sensitive=False)}
    assert "support_level" not in plain and "support_level" in ALL


def test_a_remembered_mapping_fits_the_same_columns_in_another_order():
    headers = ["Prénom", "Nom", "Courriel", "Remarque"]
    columns = ["given_name", "family_name", "email", "cf:note"]
    stored = mapping_to_remember(headers, columns)
    reordered = ["courriel", "Remarque ", "PRÉNOM", "Nom"]
    assert headers_key(headers) == headers_key(reordered)
    assert mapping_from_remembered(reordered, stored, ALL | {"cf:note"}) == [
        "email",
        "cf:note",
        "given_name",
        "family_name",
    ]
    # A custom field deleted since then is not offered.
    assert mapping_from_remembered(reordered, stored, ALL)[1] == IGNORE


def test_mapping_errors():
    assert mapping_errors(["email", "email"])
    assert mapping_errors(["postal_code", "locality"])  # nobody can be recognized
    assert not mapping_errors(["tags", "tags", "address_lines", "address_lines", "email"])


@pytest.mark.parametrize(
    "value",
    [
        "1985-05-12",
        "12/05/1985",
        "12.05.1985",
        "12-05-1985",
        "12/5/1985",
        "1985-05-12T00:00:00",
        "12.05.85",
        dt.date(1985, 5, 12),
        dt.datetime(1985, 5, 12),
        31179,
    ],
)
def test_dates_in_several_formats(value):
    row = convert(["email", "birthdate"], ["a@example.org", value])
    assert row.errors == []
    assert row.person["birthdate"] == dt.date(1985, 5, 12)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/1985", "not a real date"),
        ("1985-13-01", "not a real date"),
        ("12/05/2099", "not a plausible date of birth"),
        ("01/01/1850", "not a plausible date of birth"),
        ("next tuesday", "not a date"),
    ],
)
def test_impossible_dates_reject_the_row_with_the_reason(value, reason):
    row = convert(["email", "birthdate"], ["a@example.org", value])
    assert reason in row.errors[0]


@pytest.mark.parametrize(
    ("value", "gender"),
    [
        ("F", "female"),
        ("Femme", "female"),
        ("weiblich", "female"),
        ("Mme", "female"),
        ("m", "male"),
        ("Homme", "male"),
        ("männlich", "male"),
        ("Herr", "male"),
        ("divers", "other"),
        ("Non-binaire", "other"),
    ],
)
def test_gender_words(value, gender):
    assert convert(["email", "gender"], ["a@example.org", value]).person["gender"] == gender


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("fr", "fr"),
        ("FR-fr", "fr"),
        ("Français", "fr"),
        ("Deutsch", "de"),
        ("de_AT", "de"),
        ("anglais", "en"),
        ("English", "en"),
    ],
)
def test_language_words(value, code):
    assert convert(["email", "language"], ["a@example.org", value]).person["language"] == code


def test_values_that_cannot_be_read_reject_the_row():
    columns = ["email", "language", "support_level", "latitude", "longitude", "gender", "country"]
    row = convert(columns, ["a@example.org", "italiano", "7", "95", "200", "?", "Atlantis"])
    assert len(row.errors) == 6


def test_numbers_coordinates_support_level_country():
    columns = ["email", "support_level", "latitude", "longitude", "country", "postal_code"]
    row = convert(columns, ["a@example.org", "4", "48,3904", "-4.4861", "France", 1000])
    assert row.errors == []
    assert row.person["support_level"] == 4
    assert row.address == {
        "latitude": 48.3904,
        "longitude": -4.4861,
        "country": "FR",
        "postal_code": "01000",
    }


def test_typed_custom_fields():
    fields = [
        CustomField(key="member", label="Member", kind="boolean"),
        CustomField(key="size", label="Size", kind="choice", choices=["S", "M", "L"]),
        CustomField(key="gift", label="Gift", kind="number"),
        CustomField(key="since", label="Since", kind="date"),
        CustomField(key="note", label="Note", kind="text"),
    ]
    columns = ["email", "cf:member", "cf:size", "cf:gift", "cf:since", "cf:note"]
    for yes, no in [("oui", "non"), ("ja", "nein"), ("Yes", "No"), ("1", "0")]:
        assert convert(columns, ["a@example.org", yes], custom_fields=fields).custom == {
            "member": True
        }
        assert convert(columns, ["a@example.org", no], custom_fields=fields).custom == {
            "member": False
        }
    row = convert(
        columns,
        ["a@example.org", "", "m", "1 234,50", "01/09/2020", "  végétarien  "],
        custom_fields=fields,
    )
    assert row.custom == {"size": "M", "gift": 1234.5, "since": "2020-09-01", "note": "végétarien"}
    bad = convert(columns, ["a@example.org", "peut-être", "XXL", "beaucoup"], custom_fields=fields)
    assert len(bad.errors) == 3
    assert "S, M, L" in bad.errors[1]


def test_contact_rule_invalid_email_with_a_valid_phone_is_saved_with_a_warning():
    row = convert(["email", "phone"], ["anne@@example", "06 12 34 56 78"])
    assert row.errors == [] and row.email == "" and row.phone == "+33612345678"
    assert "Saved without the email" in row.warnings[0]


def test_contact_rule_invalid_email_alone_rejects_the_row_and_suggests_a_fix():
    row = convert(["given_name", "email"], ["Anne", "anne@gmial.com,"])
    assert row.errors and "not a valid email" in row.errors[0]
    row = convert(["email"], ["anne@gmial.com"])  # valid but probably a typo: saved, flagged
    assert row.errors == [] and "anne@gmail.com" in row.warnings[0]


def test_contact_rule_invalid_phone():
    assert convert(["given_name", "phone"], ["Anne", "12"]).errors
    row = convert(["email", "phone"], ["a@example.org", "12"])
    assert row.errors == [] and "Saved without the phone" in row.warnings[0]


def test_a_row_with_nobody_in_it_is_rejected():
    row = convert(["postal_code", "email"], ["29200", ""])
    assert row.errors == ["No name, email or phone number: nobody to import."]


def test_ragged_rows_short_is_padded_long_is_rejected():
    assert convert(["given_name", "family_name", "email"], ["Anne"]).errors == []
    assert convert(["given_name", "email"], ["Anne", "a@example.org", "", " "]).errors == []
    long = convert(["given_name", "email"], ["Anne", "a@example.org", "extra"])
    assert "3 values but the header has 2 columns" in long.errors[0]


def test_phones_are_read_for_the_organization_country():
    assert convert(["phone"], ["0664 1234567"], country="AT").phone == "+436641234567"
    assert convert(["phone"], [612345678.0]).phone == "+33612345678"  # an XLSX number cell


CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.booleans(),
)
EVERY_TARGET = [*sorted(ALL - {IGNORE}), "cf:member", "cf:size", "cf:gift", "cf:since"]
FIELDS = [
    CustomField(key="member", label="Member", kind="boolean"),
    CustomField(key="size", label="Size", kind="choice", choices=["S", "M"]),
    CustomField(key="gift", label="Gift", kind="number"),
    CustomField(key="since", label="Since", kind="date"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, max_size=len(EVERY_TARGET) + 3))
def test_any_cell_values_never_crash_the_conversion(cells):
    row = convert(EVERY_TARGET, cells, custom_fields=FIELDS)
    assert isinstance(row.errors, list)
    if not row.errors:
        assert row.email or row.phone or row.has_name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 +-.()/", max_size=20))
def test_phone_cells_agree_with_normalize_phone(value):
    row = convert(["phone", "given_name"], [value, "X"])
    try:
        expected = normalize_phone(value.strip(), "FR")[0] if value.strip() else ""
    except ValueError:
        expected = None
    if expected is None:
        assert row.errors
    else:
        assert row.phone == expected


PHONE_LIKE = st.one_of(
    st.text(alphabet="0123456789 +-.()/", max_size=20),
    st.builds(
        lambda prefix, digits: prefix + digits,
        st.sampled_from(
            [
                "+33 ",
                "+49",
                "+43 ",
                "+1 ",
                "+44 ",
                "+39 0",
                "+800 ",
                "+882 ",
                "00",
                "0",
                "06",
                "07",
                "+7 ",
                "+262 ",
                "+590 ",
                "+979 ",
                "+32 ",
                "+41",
                "+3",
                "+4",
                "0 6",
                "+33 0",
                "",
            ]
        ),
        st.text(alphabet="0123456789 ", min_size=4, max_size=14),
    ),
)


@settings(max_examples=500, deadline=None)
@given(PHONE_LIKE, st.sampled_from(["FR", "DE", "AT", "CH", "BE", "US", "GB"]))
def test_the_import_phone_reader_gives_the_answers_of_normalize_phone(value, region):
    from turnout.people.normalize import InvalidContact

    try:
        expected = normalize_phone(value, region)
    except InvalidContact:
        expected = None
    try:
        got = phone_cached(value, region)
    except InvalidContact:
        got = None
    assert got == expected


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40), st.integers(min_value=1, max_value=120))
def test_clean_text_is_clean_name(value, limit):
    from turnout.people.normalize import clean_name

    assert clean_text(value, limit) == clean_name(value, limit)


def test_a_row_handed_over_by_the_reading_process_is_the_same_row_once_unpacked():
    columns = ["email", "given_name", "phone", "birthdate", "postal_code", "tags"]
    row = convert(
        columns, ["A@Example.org", "Anne", "06 12 34 56 78", "1985-03-12", "29200", "x;y"]
    )
    row.warnings.append("a warning")
    row.copy_person, row.copy_address = "person text", "address text"
    handed = HandedRow._make(pickle.loads(pickle.dumps(HandedRow.of(row))))  # noqa: S301
    assert handed.full() == row and handed.raw == row.raw
    assert (handed.email, handed.tags, handed.has_address) == ("a@example.org", ("x", "y"), True)
    assert handed.full().person["birthdate"] == dt.date(1985, 3, 12)
