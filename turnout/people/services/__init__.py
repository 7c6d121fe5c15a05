"""Writes on the CRM. Other apps call these (a signature calls ``person_upsert``), never the
models' write paths directly."""

from .fields import custom_field_create, custom_field_delete
from .suppression import (
    suppress_person_contacts,
    suppression_active,
    suppression_add,
    suppression_lift,
)
from .timeline import (
    access_log_record,
    activity_record,
    consent_record,
    register_activity_hook,
    tag_get_or_create,
    tag_remove,
    tags_add,
)
from .types import ADDRESS_FIELDS, PERSON_FIELDS, ConsentInput, PersonData, PersonRefused
from .upsert import address_upsert, contact_points_update, person_update, person_upsert

__all__ = [
    "ADDRESS_FIELDS",
    "PERSON_FIELDS",
    "ConsentInput",
    "PersonData",
    "PersonRefused",
    "access_log_record",
    "activity_record",
    "address_upsert",
    "consent_record",
    "contact_points_update",
    "custom_field_create",
    "custom_field_delete",
    "person_update",
    "person_upsert",
    "register_activity_hook",
    "suppress_person_contacts",
    "suppression_active",
    "suppression_add",
    "suppression_lift",
    "tag_get_or_create",
    "tag_remove",
    "tags_add",
]
