"""How to make, in another organization, each object that an import URL names."""

from .factories import PeopleImportFactory

OBJECT_KWARGS = {
    "import_id": lambda org: PeopleImportFactory(organization=org).pk,
}
