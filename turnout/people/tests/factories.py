import factory
from django.utils import timezone

from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people import models
from turnout.people.services.timeline import activity_counters_bump


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    organization = factory.SubFactory(OrganizationFactory)
    given_name = factory.Faker("first_name", locale="fr_FR")
    family_name = factory.Faker("last_name", locale="fr_FR")


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EmailAddress

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    address = factory.Sequence(lambda n: f"person{n}@example.org")
    primary = True


class PhoneNumberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PhoneNumber

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    number = factory.Sequence(lambda n: f"+336{12000000 + n:08d}")
    number_type = "mobile"
    sms_capable = True
    primary = True


class PostalAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PostalAddress

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    primary = True
    address_lines = "12 rue de Siam"
    locality = "Brest"
    postal_code = "29200"
    country = "FR"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tag

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"tag-{n}")


class CustomFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CustomField

    organization = factory.SubFactory(OrganizationFactory)
    key = factory.Sequence(lambda n: f"field_{n}")
    label = factory.Sequence(lambda n: f"Field {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Activity

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    kind = "note"
    occurred_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Like every write path of Activity, keep the person's activity counter exact.
        activity = super()._create(model_class, *args, **kwargs)
        activity_counters_bump(
            activity.organization_id,
            [(activity.person_id, activity.kind, 1, activity.occurred_at)],
        )
        return activity


class ActivityCountFactory(factory.django.DjangoModelFactory):
    """A counter row on its own (tests of the counter itself); activities made with
    ActivityFactory or the services keep their counters already."""

    class Meta:
        model = models.ActivityCount

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    kind = "note"
    count = 1
    last_at = factory.LazyFunction(timezone.now)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Consent

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    channel = "email"
    purpose = "campaigns"
    status = "granted"
    source = "form"


class SuppressionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Suppression

    organization = factory.SubFactory(OrganizationFactory)
    channel = "email"
    value_hash = factory.Sequence(lambda n: f"{n:064x}")
    reason = "opt_out"


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Segment

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Segment {n}")
    definition = factory.LazyFunction(lambda: {"match": "all", "conditions": []})


class PeopleListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PeopleList

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"List {n}")


class PeopleImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PeopleImport

    organization = factory.SubFactory(OrganizationFactory)
    file = factory.django.FileField(filename="people.csv", data=b"email\na@example.org\n")
    original_name = "people.csv"
    file_format = "csv"


class PersonMergeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PersonMerge

    organization = factory.SubFactory(OrganizationFactory)
    survivor = factory.SubFactory(
        PersonFactory, organization=factory.SelfAttribute("..organization")
    )
    merged_uuid = factory.Faker("uuid4")


class AccessLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AccessLog

    organization = factory.SubFactory(OrganizationFactory)
    action = "view"


class RetentionPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RetentionPolicy

    organization = factory.SubFactory(OrganizationFactory)


class TaggingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tagging

    person = factory.SubFactory(PersonFactory)
    tag = factory.SubFactory(
        TagFactory, organization=factory.SelfAttribute("..person.organization")
    )


class ListMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ListMembership

    people_list = factory.SubFactory(PeopleListFactory)
    person = factory.SubFactory(
        PersonFactory, organization=factory.SelfAttribute("..people_list.organization")
    )


class ImportChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportChange

    people_import = factory.SubFactory(PeopleImportFactory)
    person = factory.SubFactory(
        PersonFactory, organization=factory.SelfAttribute("..people_import.organization")
    )
    created = True


class ImportMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportMapping

    organization = factory.SubFactory(OrganizationFactory)
    headers_key = factory.Sequence(lambda n: f"{n:064x}")
    mapping = factory.LazyFunction(lambda: {"email": "email"})


class DuplicateCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DuplicateCandidate

    organization = factory.SubFactory(OrganizationFactory)
    person_low = factory.SubFactory(
        PersonFactory, organization=factory.SelfAttribute("..organization")
    )
    person_high = factory.SubFactory(
        PersonFactory, organization=factory.SelfAttribute("..organization")
    )
    score = 60
    reasons = factory.LazyFunction(lambda: [{"code": "email", "points": 60}])


class DuplicateDismissalFactory(DuplicateCandidateFactory):
    class Meta:
        model = models.DuplicateDismissal
        exclude = ("score", "reasons")
