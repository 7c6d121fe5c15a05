"""How to make, in another organization, each object that a segment or list URL names."""

from .factories import PeopleListFactory, SegmentFactory

OBJECT_KWARGS = {
    "segment_id": lambda org: SegmentFactory(organization=org).pk,
    "list_id": lambda org: PeopleListFactory(organization=org).pk,
}
