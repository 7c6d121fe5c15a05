import hashlib
import secrets
from datetime import timedelta

import factory
from django.utils import timezone

from turnout.organizations.choices import Kind, Role
from turnout.organizations.models import Invitation, Membership, Organization


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Association {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Kind.NGO
    country = "FR"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.OWNER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.VOLUNTEER
    token_hash = factory.LazyFunction(
        lambda: hashlib.sha256(secrets.token_urlsafe(16).encode()).hexdigest()
    )
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
