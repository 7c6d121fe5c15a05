"""What callers pass to the CRM services, and what they may raise."""

from __future__ import annotations

from dataclasses import dataclass, field

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "additional_name",
    "gender",
    "birthdate",
    "language",
    "employer",
)
ADDRESS_FIELDS = (
    "address_lines",
    "locality",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "polling_station",
    "precinct",
)


class PersonRefused(Exception):
    """The person must not be recreated (erased on request), or the data is unusable."""


@dataclass
class PersonData:
    """What a form, an import row or an API call knows about a person."""

    given_name: str = ""
    family_name: str = ""
    additional_name: str = ""
    email: str = ""
    phone: str = ""
    gender: str = ""
    birthdate: object = None
    language: str = ""
    employer: str = ""
    address: dict = field(default_factory=dict)
    custom_fields: dict = field(default_factory=dict)
    identifiers: list = field(default_factory=list)
    origin_system: str = ""


@dataclass
class ConsentInput:
    channel: str
    purpose: str
    status: str
    notice_text: str = ""
    source_ref: str = ""


# --- Suppression ----------------------------------------------------------------------------
