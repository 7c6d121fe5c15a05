"""Column mapping: the targets a column can go to, suggestions from header names (FR/EN/DE),
and the key under which a mapping is remembered for the next file with the same columns."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

IGNORE = "ignore"
CUSTOM_PREFIX = "cf:"

BASE_TARGETS = [
    ("given_name", gettext_lazy("First name")),
    ("family_name", gettext_lazy("Last name")),
    ("email", gettext_lazy("Email")),
    ("phone", gettext_lazy("Phone")),
    ("address_lines", gettext_lazy("Street address")),
    ("postal_code", gettext_lazy("Postcode")),
    ("locality", gettext_lazy("Town or city")),
    ("region", gettext_lazy("Region")),
    ("country", gettext_lazy("Country")),
    ("latitude", gettext_lazy("Latitude")),
    ("longitude", gettext_lazy("Longitude")),
    ("polling_station", gettext_lazy("Polling station")),
    ("precinct", gettext_lazy("Precinct")),
    ("language", gettext_lazy("Language")),
    ("gender", gettext_lazy("Gender")),
    ("birthdate", gettext_lazy("Date of birth")),
    ("employer", gettext_lazy("Employer")),
    ("support_level", gettext_lazy("Support level (1–5)")),
    ("tags", gettext_lazy("Tags (separated by commas or semicolons)")),
]
# Targets that several columns may share: their values are joined.
REPEATABLE = {IGNORE, "tags", "address_lines"}
IDENTIFYING = {"given_name", "family_name", "email", "phone"}
SENSITIVE = {"support_level"}
ON_MATCH_UPDATE = "update"
ON_MATCH_FILL = "fill"


def targets_for(*, custom_fields, include_sensitive: bool) -> list[tuple[str, str]]:
    """(value, label) pairs for the select of each column."""
    choices = [(IGNORE, _("— Do not import —"))]
    for key, label in BASE_TARGETS:
        if key in SENSITIVE and not include_sensitive:
            continue
        choices.append((key, str(label)))
    for cf in custom_fields:
        if cf.sensitive and not include_sensitive:
            continue
        choices.append((CUSTOM_PREFIX + cf.key, _("Custom field: %(label)s") % {"label": cf.label}))
    return choices


# --- Suggestions ----------------------------------------------------------------------------


def normalize_header(value: str) -> str:
    """'  Prénom ' -> 'prenom'; 'E-Mail-Adresse' -> 'e mail adresse'."""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


SYNONYMS: dict[str, list[str]] = {
    IGNORE: [
        "line",
        "ligne",
        "zeile",
        "reason",
        "raison",
        "grund",
        "motif",
        "outcome",
        "resultat",
        "ergebnis",
        "id",
        "uuid",
    ],
    "email": [
        "email",
        "e mail",
        "mail",
        "courriel",
        "adresse email",
        "adresse e mail",
        "adresse mail",
        "email address",
        "e mail address",
        "e mail adresse",
        "email adresse",
        "mailadresse",
        "emailadresse",
        "mel",
    ],
    "phone": [
        "telephone",
        "tel",
        "phone",
        "mobile",
        "portable",
        "handy",
        "telefon",
        "telefonnummer",
        "mobilnummer",
        "handynummer",
        "numero de telephone",
        "gsm",
        "cell",
        "cellphone",
        "phone number",
        "mobiltelefon",
        "natel",
        "tel portable",
        "telephone portable",
        "mobile phone",
    ],
    "postal_code": [
        "code postal",
        "cp",
        "plz",
        "postleitzahl",
        "zip",
        "zip code",
        "zipcode",
        "postcode",
        "postal code",
    ],
    "birthdate": [
        "date de naissance",
        "naissance",
        "ne le",
        "nee le",
        "geburtsdatum",
        "geboren",
        "date of birth",
        "birthdate",
        "birth date",
        "birthday",
        "dob",
        "geburtstag",
        "ddn",
    ],
    "given_name": [
        "prenom",
        "first name",
        "firstname",
        "given name",
        "givenname",
        "vorname",
        "forename",
        "first",
    ],
    "family_name": [
        "nom",
        "nom de famille",
        "last name",
        "lastname",
        "surname",
        "family name",
        "familyname",
        "nachname",
        "familienname",
        "name",
        "last",
        "nom d usage",
    ],
    "address_lines": [
        "adresse",
        "address",
        "rue",
        "strasse",
        "street",
        "adresse postale",
        "anschrift",
        "street address",
        "adresse 1",
        "adresse 2",
        "address 1",
        "address 2",
        "address line 1",
        "address line 2",
        "complement d adresse",
        "complement adresse",
        "voie",
        "hausnummer",
        "strasse und hausnummer",
        "numero et rue",
    ],
    "locality": [
        "ville",
        "commune",
        "ort",
        "stadt",
        "city",
        "town",
        "localite",
        "wohnort",
        "gemeinde",
        "locality",
    ],
    "region": [
        "region",
        "departement",
        "dept",
        "bundesland",
        "state",
        "province",
        "kanton",
        "county",
    ],
    "country": ["pays", "land", "country", "staat"],
    "latitude": ["latitude", "lat", "breitengrad", "breite"],
    "longitude": ["longitude", "lng", "lon", "long", "langengrad", "laengengrad", "lange"],
    "polling_station": [
        "bureau de vote",
        "bureau",
        "wahllokal",
        "polling station",
        "polling place",
        "num bureau",
        "numero de bureau",
    ],
    "precinct": [
        "circonscription",
        "wahlkreis",
        "precinct",
        "sprengel",
        "wahlsprengel",
        "canton",
        "district",
    ],
    "language": ["langue", "sprache", "language", "lang", "idioma"],
    "gender": ["genre", "sexe", "civilite", "geschlecht", "anrede", "gender", "sex"],
    "employer": [
        "employeur",
        "entreprise",
        "societe",
        "arbeitgeber",
        "firma",
        "employer",
        "company",
        "organisation",
        "organization",
        "unternehmen",
    ],
    "support_level": [
        "soutien",
        "niveau de soutien",
        "support",
        "support level",
        "unterstutzung",
        "unterstuetzung",
    ],
    "tags": [
        "tags",
        "tag",
        "etiquettes",
        "etiquette",
        "schlagworte",
        "schlagwort",
        "labels",
        "label",
        "groupes",
        "gruppen",
        "groups",
        "mots cles",
    ],
}
# When no header matches a synonym exactly, a header that contains one (as whole words) is
# taken, in this order: "Adresse e-mail perso" is an email, not a street address.
CONTAINS_ORDER = [
    "email",
    "phone",
    "postal_code",
    "birthdate",
    "given_name",
    "polling_station",
    "address_lines",
    "locality",
    "country",
    "support_level",
    "language",
    "gender",
    "employer",
    "tags",
    "family_name",
]
_EXACT = {syn: target for target, syns in SYNONYMS.items() for syn in syns}


def suggest(headers: list[str], available: set[str], custom_fields=()) -> list[str]:
    """One target per column; a non-repeatable target is proposed for one column only."""
    custom = {}
    for cf in custom_fields:
        if CUSTOM_PREFIX + cf.key in available:
            custom[normalize_header(cf.key)] = CUSTOM_PREFIX + cf.key
            custom[normalize_header(cf.label)] = CUSTOM_PREFIX + cf.key
    taken: set[str] = set()
    result = []
    for header in headers:
        norm = normalize_header(header)
        target = custom.get(norm) or _EXACT.get(norm)
        if target is None:
            words = norm.split()
            for candidate in CONTAINS_ORDER:
                if candidate in taken and candidate not in REPEATABLE:
                    continue
                if any(_contains(words, syn.split()) for syn in SYNONYMS[candidate]):
                    target = candidate
                    break
        if not target or target not in available or (target in taken and target not in REPEATABLE):
            target = IGNORE
        taken.add(target)
        result.append(target)
    return result


def _contains(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def headers_key(headers: list[str]) -> str:
    """The same columns in any order give the same key."""
    normalized = sorted(normalize_header(h) for h in headers)
    return hashlib.sha256(json.dumps(normalized).encode()).hexdigest()


def mapping_to_remember(headers: list[str], columns: list[str]) -> dict:
    return {"pairs": [[normalize_header(h), t] for h, t in zip(headers, columns, strict=True)]}


def mapping_from_remembered(headers: list[str], stored: dict, available: set[str]) -> list[str]:
    """Apply a remembered mapping to headers that may come in another order."""
    queues: dict[str, list[str]] = {}
    for header, target in stored.get("pairs", []):
        queues.setdefault(header, []).append(target)
    result = []
    for header in headers:
        queue = queues.get(normalize_header(header)) or [IGNORE]
        target = queue.pop(0) if len(queue) > 1 else queue[0]
        result.append(target if target in available else IGNORE)
    return result


def mapping_errors(columns: list[str]) -> list[str]:
    errors = []
    seen: dict[str, int] = {}
    for target in columns:
        seen[target] = seen.get(target, 0) + 1
    labels = dict(BASE_TARGETS)
    for target, count in seen.items():
        if count > 1 and target not in REPEATABLE:
            errors.append(
                _("“%(target)s” is chosen for %(count)s columns; choose it for one column only.")
                % {"target": labels.get(target, target.removeprefix(CUSTOM_PREFIX)), "count": count}
            )
    if not IDENTIFYING & set(columns):
        errors.append(
            _(
                "Choose at least one column for the first name, last name, email or phone "
                "number: without them nobody can be recognized."
            )
        )
    return errors
