"""How to make, in another organization, each object that a journeys URL names."""

from .factories import EnrollmentFactory, FollowUpTaskFactory, JourneyFactory, StepFactory

OBJECT_KWARGS = {
    "journey_id": lambda org: JourneyFactory(organization=org).pk,
    "step_id": lambda org: StepFactory(journey__organization=org).pk,
    "enrollment_id": lambda org: EnrollmentFactory(journey__organization=org).pk,
    "task_id": lambda org: FollowUpTaskFactory(organization=org).pk,
}
