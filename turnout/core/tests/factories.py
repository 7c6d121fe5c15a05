import factory

from turnout.core.models import AuditEvent, Job
from turnout.organizations.tests.factories import OrganizationFactory


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    organization = factory.SubFactory(OrganizationFactory)
    action = "organization.updated"
    target_repr = factory.LazyAttribute(lambda o: o.organization.name)


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    organization = factory.SubFactory(OrganizationFactory)
    kind = "audit_export"
    title = "Audit log export"


class WorkerHeartbeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.WorkerHeartbeat"

    worker_id = factory.Sequence(lambda n: f"worker-{n}")
    hostname = "localhost"
    pid = factory.Sequence(lambda n: 1000 + n)


class PeriodicRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.PeriodicRun"

    name = "retention"
    slot = factory.Sequence(str)
