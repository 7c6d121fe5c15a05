"""How to make, in another organization, each object that a CRM URL names."""

from .factories import CustomFieldFactory, PersonFactory, SuppressionFactory

OBJECT_KWARGS = {
    "person_uuid": lambda org: PersonFactory(organization=org).uuid,
    "field_id": lambda org: CustomFieldFactory(organization=org).pk,
    "suppression_id": lambda org: SuppressionFactory(organization=org).pk,
}
