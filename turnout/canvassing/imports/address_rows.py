"""Address files: what a column can hold, the formats recognized by their header (the French
national address base, BAN, and the local address base format, BAL), column suggestions for
any other file, and the conversion of one row (the single place where an address row is read,
used by the preview and by the import job alike).

A row is rejected, with its reason in the report, when it has no coordinates, coordinates
that cannot be read or are out of range, no street, or a number of doors that is not a whole
number. Nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from turnout.people.imports.cells import CellError, clean_text, parse_number, text_of
from turnout.people.imports.mapping import normalize_header

IGNORE = "ignore"
TARGETS = [
    ("external_id", gettext_lazy("Source id (the file's own id of the address)")),
    ("number", gettext_lazy("Number")),
    ("suffix", gettext_lazy("Number suffix (bis, ter, A…)")),
    ("street", gettext_lazy("Street")),
    ("postal_code", gettext_lazy("Postal code")),
    ("city", gettext_lazy("City")),
    ("commune_code", gettext_lazy("Commune code (INSEE)")),
    ("latitude", gettext_lazy("Latitude")),
    ("longitude", gettext_lazy("Longitude")),
    ("doors", gettext_lazy("Doors (households at this entrance)")),
]
REQUIRED = ("street", "latitude", "longitude")
MAX_DOORS = 5000
TEXT_LIMITS = {
    "external_id": 100,
    "number": 20,
    "street": 200,
    "postal_code": 20,
    "city": 200,
    "commune_code": 10,
}
# Fields an import writes on an address that exists already (only those of mapped columns).
FIELDS = ["number", "street", "postal_code", "city", "commune_code", "latitude", "longitude"]


def target_choices() -> list[tuple[str, str]]:
    return [(IGNORE, _("— Do not import —")), *((k, str(label)) for k, label in TARGETS)]


# --- Recognized formats ----------------------------------------------------------------------


@dataclass(frozen=True)
class AddressFormat:
    key: str
    label: str
    columns: dict[str, str]  # normalized header -> target

    def matches(self, headers: list[str]) -> bool:
        return set(self.columns) <= {normalize_header(h) for h in headers}

    def mapping(self, headers: list[str]) -> list[str]:
        return [self.columns.get(normalize_header(h), IGNORE) for h in headers]


# The BAN CSV ("adresses-<dept>.csv", ";"-separated, UTF-8): id;id_fantoir;numero;rep;nom_voie;
# code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;
# lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;
# source_nom_voie;certification_commune;cad_parcelles. x/y are Lambert 93: lon/lat are used.
BAN = AddressFormat(
    key="ban",
    label=gettext_lazy("Base Adresse Nationale (adresses-<département>.csv)"),
    columns={
        "id": "external_id",
        "numero": "number",
        "rep": "suffix",
        "nom voie": "street",
        "code postal": "postal_code",
        "code insee": "commune_code",
        "nom commune": "city",
        "lon": "longitude",
        "lat": "latitude",
    },
)
# A commune's Base Adresse Locale (BAL 1.3/1.4): cle_interop;uid_adresse;voie_nom;...;numero;
# suffixe;commune_insee;commune_nom;...;long;lat;...
BAL = AddressFormat(
    key="bal",
    label=gettext_lazy("Base Adresse Locale (BAL format of a commune)"),
    columns={
        "cle interop": "external_id",
        "numero": "number",
        "suffixe": "suffix",
        "voie nom": "street",
        "commune insee": "commune_code",
        "commune nom": "city",
        "long": "longitude",
        "lat": "latitude",
    },
)
FORMATS = [BAN, BAL]
# In a BAL file, number 99999 marks a named place without a number, not an entrance.
BAL_NO_NUMBER = "99999"


def format_of(headers: list[str]) -> AddressFormat | None:
    return next((f for f in FORMATS if f.matches(headers)), None)


def format_label(key: str) -> str:
    found = next((f for f in FORMATS if f.key == key), None)
    return str(found.label) if found else _("columns chosen by hand")


# --- Suggestions for any other file ----------------------------------------------------------

SYNONYMS = {
    "external_id": ["id", "identifiant", "source id", "cle interop", "uid", "uid adresse", "ref"],
    "number": ["numero", "num", "no", "n", "number", "house number", "hausnummer", "nr"],
    "suffix": ["rep", "suffixe", "suffix", "indice", "complement numero", "zusatz"],
    "street": [
        "rue",
        "voie",
        "nom voie",
        "nom de la voie",
        "voie nom",
        "adresse",
        "street",
        "street name",
        "address",
        "strasse",
        "strassenname",
    ],
    "postal_code": ["code postal", "cp", "postcode", "postal code", "zip", "zip code", "plz"],
    "city": ["commune", "ville", "nom commune", "city", "town", "ort", "gemeinde", "stadt"],
    "commune_code": ["code insee", "insee", "code commune", "commune insee", "ags", "gkz"],
    "latitude": ["lat", "latitude", "breite", "breitengrad", "y wgs84"],
    "longitude": ["lon", "lng", "long", "longitude", "laenge", "langengrad", "x wgs84"],
    "doors": [
        "portes",
        "nb portes",
        "logements",
        "nb logements",
        "foyers",
        "menages",
        "boites aux lettres",
        "doors",
        "households",
        "dwellings",
        "wohnungen",
        "haushalte",
        "turen",
    ],
}
_EXACT = {syn: target for target, syns in SYNONYMS.items() for syn in syns}


def suggest(headers: list[str]) -> list[str]:
    """One target per column from its name (FR/EN/DE); each target for one column only."""
    taken: set[str] = set()
    result = []
    for header in headers:
        target = _EXACT.get(normalize_header(header), IGNORE)
        if target in taken:
            target = IGNORE
        taken.add(target)
        result.append(target)
    return result


def mapping_errors(columns: list[str]) -> list[str]:
    errors = []
    labels = dict(TARGETS)
    for target, _label in TARGETS:
        count = columns.count(target)
        if count > 1:
            errors.append(
                _("“%(target)s” is chosen for %(count)s columns; choose it for one column only.")
                % {"target": labels[target], "count": count}
            )
    missing = [str(labels[t]) for t in REQUIRED if t not in columns]
    if missing:
        errors.append(
            _(
                "Choose the column of each of these: %(names)s. An address cannot be placed "
                "without them."
            )
            % {"names": ", ".join(missing)}
        )
    return errors


# --- One row ---------------------------------------------------------------------------------

# Reasons of rejection: a code (counted in the summary) and the message of the report.
NO_COORDINATES = "no_coordinates"
BAD_COORDINATES = "bad_coordinates"
NO_STREET = "no_street"
BAD_DOORS = "bad_doors"
BAD_ID = "bad_id"
NOT_AN_ADDRESS = "not_an_address"
UNREADABLE = "unreadable"
REASON_LABELS = {
    NO_COORDINATES: ngettext_lazy(
        "%(n)s row without coordinates", "%(n)s rows without coordinates", "count"
    ),
    BAD_COORDINATES: ngettext_lazy(
        "%(n)s row with coordinates that cannot be read or are out of range",
        "%(n)s rows with coordinates that cannot be read or are out of range",
        "count",
    ),
    NO_STREET: ngettext_lazy("%(n)s row without a street", "%(n)s rows without a street", "count"),
    BAD_DOORS: ngettext_lazy(
        "%(n)s row with a number of doors that is not a whole number",
        "%(n)s rows with a number of doors that is not a whole number",
        "count",
    ),
    BAD_ID: ngettext_lazy(
        "%(n)s row with a source id longer than 100 characters",
        "%(n)s rows with a source id longer than 100 characters",
        "count",
    ),
    NOT_AN_ADDRESS: ngettext_lazy(
        "%(n)s row naming a place without a number (not an entrance)",
        "%(n)s rows naming a place without a number (not an entrance)",
        "count",
    ),
    UNREADABLE: ngettext_lazy(
        "%(n)s row that cannot be read", "%(n)s rows that cannot be read", "count"
    ),
}


def reasons_text(rejected: dict) -> list[str]:
    """ "3 rows without coordinates"... for the counts of an import, most frequent first."""
    lines = []
    for code, count in sorted(rejected.items(), key=lambda item: -item[1]):
        label = REASON_LABELS.get(code)
        lines.append(label % {"count": count, "n": intcomma(count)} if label else f"{count} {code}")
    return lines


@dataclass(slots=True)
class AddressRow:
    line: int
    raw: list
    values: dict = field(default_factory=dict)
    reason: str = ""  # a code of REASON_LABELS when rejected
    message: str = ""

    @property
    def key(self) -> str:
        return self.values.get("external_id", "")


def address_key(values: dict) -> str:
    """The identity of an address in a file without source ids: its number, street, postal
    code and city, normalized (a re-import of the same file updates instead of duplicating)."""
    text = "|".join(
        normalize_header(values.get(name, ""))
        for name in ("number", "street", "postal_code", "city")
    )
    return "auto:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def _coordinate(raw, low: float, high: float, name: str) -> float:
    try:
        number = parse_number(raw)
    except CellError:
        raise CellError(
            _("%(name)s “%(value)s” is not a number.") % {"name": name, "value": text_of(raw)}
        ) from None
    if not low <= number <= high:
        raise CellError(
            _("%(name)s %(value)s is out of range (%(low)s to %(high)s).")
            % {"name": name, "value": text_of(raw), "low": low, "high": high}
        )
    return number


class RowReader:
    """Reads rows with a column mapping (one target per column)."""

    def __init__(self, columns: list[str], *, file_format: str = ""):
        self.columns = columns
        self.index = {t: i for i, t in enumerate(columns) if t != IGNORE}
        self.bal = file_format == BAL.key

    def _cell(self, cells: list, target: str):
        index = self.index.get(target)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def read(self, line: int, cells: list) -> AddressRow:
        row = AddressRow(line=line, raw=cells)
        values = row.values
        for name in TEXT_LIMITS:
            if name in self.index:
                values[name] = clean_text(text_of(self._cell(cells, name)), 1000)
        suffix = clean_text(text_of(self._cell(cells, "suffix")), 20)
        if self.bal and values.get("number") == BAL_NO_NUMBER:
            return self._reject(
                row, NOT_AN_ADDRESS, _("Number 99999: a named place, not an entrance.")
            )
        if suffix and "number" in values:
            values["number"] = f"{values['number']} {suffix}".strip()
        if len(values.get("external_id", "")) > TEXT_LIMITS["external_id"]:
            return self._reject(row, BAD_ID, _("The source id is longer than 100 characters."))
        for name, limit in TEXT_LIMITS.items():
            if name in values:
                values[name] = values[name][:limit]
        raw_lat, raw_lon = self._cell(cells, "latitude"), self._cell(cells, "longitude")
        if not text_of(raw_lat) or not text_of(raw_lon):
            return self._reject(row, NO_COORDINATES, _("No coordinates (latitude and longitude)."))
        try:
            values["latitude"] = _coordinate(raw_lat, -90, 90, _("Latitude"))
            values["longitude"] = _coordinate(raw_lon, -180, 180, _("Longitude"))
        except CellError as exc:
            return self._reject(row, BAD_COORDINATES, str(exc))
        if values["latitude"] == 0 and values["longitude"] == 0:
            return self._reject(row, NO_COORDINATES, _("Coordinates 0, 0: no position."))
        if not values.get("street"):
            return self._reject(row, NO_STREET, _("No street."))
        if "doors" in self.index:
            raw = self._cell(cells, "doors")
            if text_of(raw):
                try:
                    doors = parse_number(raw)
                except CellError:
                    doors = -1
                if doors != int(doors) or not 0 < doors <= MAX_DOORS:
                    return self._reject(
                        row,
                        BAD_DOORS,
                        _("Doors “%(value)s” is not a whole number from 1 to %(max)s.")
                        % {"value": text_of(raw), "max": MAX_DOORS},
                    )
                values["doors"] = int(doors)
        if not values.get("external_id"):
            values["external_id"] = address_key(values)
        return row

    @staticmethod
    def _reject(row: AddressRow, reason: str, message: str) -> AddressRow:
        row.reason, row.message = reason, message
        return row
