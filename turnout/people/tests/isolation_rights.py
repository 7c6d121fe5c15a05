"""How to make, in another organization, each object that a duplicates or data-rights URL
names (loaded by tests/isolation.py)."""

from turnout.people.models import DuplicateCandidate

from .factories import PersonFactory


def make_candidate(org, **kwargs) -> DuplicateCandidate:
    a, b = PersonFactory(organization=org), PersonFactory(organization=org)
    low, high = sorted([a, b], key=lambda p: p.pk)
    defaults = {"score": 60, "reasons": [{"code": "email", "points": 60}]}
    return DuplicateCandidate.objects.create(
        organization=org, person_low=low, person_high=high, **{**defaults, **kwargs}
    )


OBJECT_KWARGS = {
    "candidate_id": lambda org: make_candidate(org).pk,
}
