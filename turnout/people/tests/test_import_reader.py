"""The import reader: formats, encodings, delimiters, line numbers, refusals, and properties
on arbitrary input."""

import codecs
import csv
import io
import string
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from turnout.people.imports import reader
from turnout.people.imports.reader import ImportFileError

from .test_import_helpers import (
    csv_bytes,
    english,  # noqa: F401  (autouse fixture)
    xlsx_bytes,
)


def read(data: bytes):
    handle = io.BytesIO(data)
    info = reader.inspect(handle, "file")
    return info, list(reader.iter_records(handle, info))


def data_rows(records):
    return [(r.line, r.cells) for r in records if not r.blank]


def test_utf8_with_bom_is_read_without_the_bom():
    data = codecs.BOM_UTF8 + "Prénom,Nom\nHélène,Lefèvre\n".encode()
    info, records = read(data)
    assert info.headers == ["Prénom", "Nom"]
    assert data_rows(records) == [(2, ["Hélène", "Lefèvre"])]


def test_utf8_without_bom():
    info, records = read("Vorname,Nachname\nJürgen,Müller\n".encode())
    assert info.encoding.startswith("utf-8")
    assert data_rows(records) == [(2, ["Jürgen", "Müller"])]


def test_latin1_file_is_detected():
    data = "Prénom;Nom;Ville\nHélène;Lefèvre;Besançon\nJürgen;Müller;Köln\n".encode("latin-1")
    info, records = read(data)
    assert info.encoding == "cp1252"
    assert info.headers == ["Prénom", "Nom", "Ville"]
    assert data_rows(records)[0] == (2, ["Hélène", "Lefèvre", "Besançon"])


def test_windows_1252_punctuation_is_kept():
    data = "Nom;Note\nBéranger;Don de 50 € – merci\n".encode("cp1252")
    _info, records = read(data)
    assert data_rows(records) == [(2, ["Béranger", "Don de 50 € – merci"])]


def test_utf8_file_with_a_stray_latin1_line_keeps_it():
    data = "Nom,Ville\nMüller,Köln\n".encode() + "Lefèvre,Besançon\n".encode("latin-1")
    _info, records = read(data)
    assert data_rows(records) == [(2, ["Müller", "Köln"]), (3, ["Lefèvre", "Besançon"])]


def test_utf16_with_bom():
    data = "Name\tE-Mail\nMüller\tm@example.org\n".encode("utf-16")
    info, records = read(data)
    assert info.delimiter == "\t"
    assert data_rows(records) == [(2, ["Müller", "m@example.org"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(delimiter):
    rows = [["given_name", "family_name", "note"], ["Anne", "Le Goff", "a, b; c | d"]]
    info, records = read(csv_bytes(rows, delimiter=delimiter))
    assert info.delimiter == delimiter
    assert data_rows(records) == [(2, rows[1])]


def test_quoted_newlines_keep_physical_line_numbers():
    data = (
        b'name,address\nAnne,"12 rue de Siam\nBrest"\nBernd,"Hauptstr. 5\r\n\r\nWien"\nClaire,x\n'
    )
    _info, records = read(data)
    assert data_rows(records) == [
        (2, ["Anne", "12 rue de Siam\nBrest"]),
        (4, ["Bernd", "Hauptstr. 5\r\n\r\nWien"]),
        (7, ["Claire", "x"]),
    ]


def test_blank_lines_are_records_of_their_own():
    data = b"name,email\n\nAnne,a@example.org\n ,\n\nBen,b@example.org\n"
    _info, records = read(data)
    assert [r.line for r in records] == [2, 3, 4, 5, 6]
    assert [r.blank for r in records] == [True, False, True, True, False]


def test_header_after_blank_lines():
    info, records = read(b"\n\nname,email\nAnne,a@example.org\n")
    assert info.header_line == 3
    assert data_rows(records) == [(4, ["Anne", "a@example.org"])]


def test_old_mac_line_endings():
    _info, records = read(b"name,email\rAnne,a@example.org\rBen,b@example.org\r")
    assert data_rows(records) == [(2, ["Anne", "a@example.org"]), (3, ["Ben", "b@example.org"])]


def test_an_unreadable_record_is_reported_and_reading_goes_on(monkeypatch):
    monkeypatch.setattr(csv, "field_size_limit", csv.field_size_limit)
    old = csv.field_size_limit(100)
    try:
        data = b'name,note\nAnne,"' + b"x" * 200 + b'"\nBen,ok\n'
        _info, records = read(data)
    finally:
        csv.field_size_limit(old)
    assert records[0].error and records[0].line == 2
    assert (records[-1].line, records[-1].cells) == (3, ["Ben", "ok"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (bytes(range(256)) * 8, "not a text file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"<!DOCTYPE html><html><body>Hello</body></html>", "web page"),
        (b'{"people": [{"email": "a@example.org"}]}', "JSON"),
        (b"anne@example.org,Anne\nben@example.org,Ben\n", "holds data"),
        (b"name," + b"x" * 300 + b"\nAnne,1\n", "column names"),
    ],
)
def test_what_is_not_a_spreadsheet_is_refused_with_a_reason(data, message):
    with pytest.raises(ImportFileError, match=message):
        reader.inspect(io.BytesIO(data), "people.csv")


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("people.csv", "name\nAnne\n")
    with pytest.raises(ImportFileError, match="zip archive"):
        reader.inspect(buffer, "people.xlsx")


def test_damaged_xlsx_is_refused():
    data = xlsx_bytes([["name"], ["Anne"]])
    with pytest.raises(ImportFileError, match="damaged"):
        reader.inspect(io.BytesIO(data[:200]), "people.xlsx")


def test_xlsx_zip_bombs_are_refused_before_opening(monkeypatch):
    data = xlsx_bytes([["name"], ["Anne"]])
    monkeypatch.setattr(reader, "XLSX_MAX_UNCOMPRESSED", 1000)
    with pytest.raises(ImportFileError, match="500 MB"):
        reader.inspect(io.BytesIO(data), "people.xlsx")
    monkeypatch.setattr(reader, "XLSX_MAX_UNCOMPRESSED", 500 * 1024 * 1024)
    monkeypatch.setattr(reader, "XLSX_MAX_ENTRIES", 3)
    with pytest.raises(ImportFileError, match="too many parts"):
        reader.inspect(io.BytesIO(data), "people.xlsx")


def test_xlsx_rows_with_typed_cells_and_row_numbers():
    import datetime as dt

    data = xlsx_bytes(
        [
            ["Vorname", "Geburtsdatum", "PLZ", None],
            ["Anna", dt.datetime(1990, 3, 1), 1010],
            [],
            ["Bernd", "01.02.1980", 8010],
        ]
    )
    info, records = read(data)
    assert info.file_format == "xlsx"
    assert info.headers == ["Vorname", "Geburtsdatum", "PLZ"]
    rows = data_rows(records)
    assert [line for line, _cells in rows] == [2, 4]
    assert rows[0][1][:3] == ["Anna", dt.datetime(1990, 3, 1), 1010]


def test_empty_xlsx_sheet_is_refused():
    with pytest.raises(ImportFileError, match="empty"):
        reader.inspect(io.BytesIO(xlsx_bytes([])), "people.xlsx")


# --- Properties -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_and_every_record_is_accounted_for(data):
    handle = io.BytesIO(data)
    try:
        info = reader.inspect(handle, "upload")
    except ImportFileError:
        return
    records = list(reader.iter_records(handle, info))
    lines = [r.line for r in records]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    assert all(line > info.header_line for line in lines)
    assert reader.estimate_records(handle, info) == len(records)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet='ab;é\n\r"\x00 ', max_size=300),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    st.sampled_from(["", "Liste des adhérents\n\n"]),
)
def test_the_records_are_counted_exactly_by_line_ends_or_by_the_reader(body, encoding, title):
    """estimate_records counts line ends when each line is one record, and reads the file
    otherwise: the same count either way (the progress bar's total)."""
    handle = io.BytesIO(f"{title}nom;email;téléphone\n{body}".encode(encoding))
    try:
        info = reader.inspect(handle, "upload")
    except ImportFileError:
        return
    records = list(reader.iter_records(handle, info))
    assert reader.estimate_records(handle, info) == len(records)


def test_a_file_without_quotes_is_counted_by_its_line_ends():
    rows = [["nom", "email"]] + [[f"Nom{i}", f"p{i}@example.org"] for i in range(5000)]
    data = csv_bytes(rows, delimiter=";") + b"\r\nlast;x@example.org"  # CRLF, a blank line
    handle = io.BytesIO(data)
    info = reader.inspect(handle, "upload")
    assert reader._count_lines(handle, info) == 5002  # five thousand, a blank line, the last
    assert reader.estimate_records(handle, info) == len(list(reader.iter_records(handle, info)))
    quoted = io.BytesIO(data.replace(b"Nom7;", b'"Nom\n7";'))
    assert reader._count_lines(quoted, info) is None  # a line break may be inside a value


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_valid_header(data):
    handle = io.BytesIO(b"name;email;phone\n" + data)
    try:
        info = reader.inspect(handle, "upload")
    except ImportFileError:
        return
    for record in reader.iter_records(handle, info):
        assert record.error or isinstance(record.cells, list)


HEADER_TEXT = st.text(alphabet=string.ascii_letters + " _", min_size=1, max_size=12).filter(
    lambda s: s.strip()
)
ANY_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\r\t"),
    max_size=15,
)
# Windows-1252 files hold French and German words: the encoding is guessed from them.
WORDS = [
    "Hélène",
    "Lefèvre",
    "Besançon",
    "Jürgen",
    "Müller",
    "Straße",
    "Köln",
    "Œuvre",
    "École",
    "façade",
    "Zoë",
    "naïve",
    "rue",
    "Brest",
    "50 €",
    "l’été",
    "«oui»",
    "n°3",
    "ÄRGER",
    "Hôtel",
    "GRÜN",
    "x",
    "12",
]
SEPARATORS = ["", " ", ", ", ";", "|", "\t", "\n", "\r\n", '"', "'", " - "]
WESTERN_TEXT = st.lists(st.sampled_from(WORDS + SEPARATORS), max_size=5).map("".join)


@st.composite
def tables(draw, cells=ANY_TEXT):
    width = draw(st.integers(min_value=2, max_value=6))
    header = [draw(HEADER_TEXT) for _ in range(width)]
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), min_size=0, max_size=25))
    return [header, *rows]


@st.composite
def encoded_tables(draw):
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    table = draw(tables(WESTERN_TEXT if encoding == "cp1252" else ANY_TEXT | WESTERN_TEXT))
    return table, encoding


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(encoded_tables(), st.sampled_from([",", ";", "\t", "|"]))
def test_generated_tables_read_back_exactly(table_encoding, delimiter):
    table, encoding = table_encoding
    data = csv_bytes(table, delimiter=delimiter, encoding=encoding)
    info, records = read(data)
    assert info.delimiter == delimiter
    assert info.headers == [h.strip() for h in table[0]]
    expected = [row for row in table[1:] if any(c.strip() for c in row)]
    got = [r.cells for r in records if not r.blank]
    assert got == expected
    assert not any(r.error for r in records)
