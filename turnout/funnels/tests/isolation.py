"""How to make, in another organization, each object that a funnels URL names."""

from .factories import RungFactory

OBJECT_KWARGS = {"rung_id": lambda org: RungFactory(organization=org).pk}
