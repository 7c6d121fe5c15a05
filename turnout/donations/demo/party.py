"""Parti de l'Avenir Citoyen, a French party: supporters, gifts, party receipts, and a donor
who reached the 7,500 € yearly cap and whose next gift was refused."""

from __future__ import annotations

import datetime
import random
import unicodedata

from django.contrib.auth import get_user_model
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.choices import Kind, Sector, Size
from turnout.organizations.models import Organization
from turnout.organizations.services import organization_create
from turnout.people.models import Consent, Person
from turnout.people.services import PersonData, person_upsert

from ..models import (
    Donation,
    FundraisingPage,
    ProfileKind,
)
from ..services import receipts as receipt_services
from ..services.lifecycle import DonorDetails, donation_paid, donation_start
from ..services.limits import legal_profile_save
from .bulk import Gift, Method, moment_in, pick, scaled, tax_addresses, write_gifts

PARTY = "avenir-citoyen"
PARTY_PAGE = "soutenez-avenir-citoyen"
PARTY_OWNER = "lea.morvan@horizon-commun.fr"
PARTY_GIFTS = {20: 15, 30: 10, 50: 20, 100: 20, 150: 8, 200: 8, 300: 4, 500: 4, 1000: 1}
PARTY_PROFILE = {
    "kind": ProfileKind.FR_PARTY,
    "legal_name": "Association de financement du Parti de l'Avenir Citoyen",
    "legal_address": "8 place de la République\n35000 Rennes",
    "registration": "Agrément CNCCFP n° 2024-117",
    "treasurer": "Yann Le Du, mandataire financier",
}

PARTY_PEOPLE = [
    ("Hélène", "Marchand"), ("Yann", "Le Du"), ("Sophie", "Guillou"), ("Marc", "Tanguy"),
    ("Anaïs", "Riou"), ("Pierre", "Cariou"), ("Claire", "Le Goff"), ("Julien", "Morvan"),
    ("Lucie", "Kerbrat"), ("Thomas", "Le Bras"), ("Manon", "Quéméner"), ("Nicolas", "Jaouen"),
]  # fmt: skip
PARTY_DOMAIN = "@exemple-bzh.fr"
STREETS = ["rue de Saint-Malo", "boulevard de la Liberté", "rue d'Antrain", "quai Lamartine"]


def _party_donor(organization, rng, given, family, n) -> Person:
    local = unicodedata.normalize("NFKD", f"{given}.{family}{n or ''}").encode("ascii", "ignore")
    email = local.decode().lower().replace(" ", "") + PARTY_DOMAIN
    person, _created = person_upsert(
        organization=organization,
        data=PersonData(
            given_name=given,
            family_name=family,
            email=email,
            language="fr",
            address={
                "address_lines": f"{rng.randint(1, 90)} {rng.choice(STREETS)}",
                "postal_code": "35000",
                "locality": "Rennes",
                "country": "FR",
            },
        ),
        source=Consent.Source.FORM,
    )
    return person


def _capped_donor(organization, page, person, now) -> None:
    """3 × 2,500 € this year (the 7,500 € cap reached), then 100 € more, refused when paid:
    the donation stays, cancelled, with the rule in its note. Through the services."""
    year_start = timezone.make_aware(datetime.datetime(now.year, 1, 1, 9))
    elapsed = now - year_start
    data = PersonData(email=person.emails.first().address)
    donor = DonorDetails(
        natural_person=True,
        nationality="FR",
        tax_address={"lines": "7 rue d'Antrain", "postal_code": "35000", "locality": "Rennes",
                     "country": "FR"},
    )  # fmt: skip

    def start(amount):
        return donation_start(
            organization=organization, data=data, amount_cents=amount, method=Method.CARD,
            provider="test", donor=donor, page=page,
        )  # fmt: skip

    paid = []
    for share in (0.15, 0.5):
        donation = start(250_000)
        donation_paid(donation=donation, paid_at=year_start + elapsed * share)
        paid.append(donation)
    attempt = start(10_000)  # allowed when started: 5,000 € so far
    last = start(250_000)
    donation_paid(donation=last, paid_at=year_start + elapsed * 0.8)
    paid.append(last)
    refused_at = year_start + elapsed * 0.9
    Donation.objects.filter(pk=attempt.pk).update(created_at=refused_at)
    donation_paid(donation=attempt, paid_at=refused_at)  # the cap is reached: cancelled
    for donation in paid:
        receipt_services.receipt_issue(donation=donation)


@demo_seeder(15)
def seed_party(stdout=None) -> None:
    """The party and its supporters, before the seeders that give every organization with
    people its own data (the engagement ladder at 80): loading the demo again then finds the
    party complete. Its gifts come with the other donations (``seed_donations``)."""
    owner = get_user_model().objects.filter(email=PARTY_OWNER).first()
    if owner is None or Organization.objects.filter(slug=PARTY).exists():
        return
    organization = organization_create(
        user=owner,
        name="Parti de l'Avenir Citoyen",
        kind=Kind.PARTY,
        country="FR",
        slug=PARTY,
        sector=Sector.POLITICS,
        size=Size.SMALL,
        website="https://avenir-citoyen.example.fr",
        description="Parti politique régional : démocratie locale, transports publics, "
        "budget participatif.",
    )
    legal_profile_save(organization=organization, actor=owner, **PARTY_PROFILE)
    rng = random.Random("turnout-demo-party")
    for n in range(scaled(60, len(PARTY_PEOPLE))):
        given, family = PARTY_PEOPLE[n % len(PARTY_PEOPLE)]
        _party_donor(organization, rng, given, family, n // len(PARTY_PEOPLE))
    if stdout:
        stdout.write(f"  {organization.name}")


def seed_party_gifts(organization, *, now) -> None:
    """The party's page, its supporters' gifts, the capped donor and the refused gift."""
    owner = get_user_model().objects.filter(email=PARTY_OWNER).first()
    page = FundraisingPage.objects.create(
        organization=organization,
        slug=PARTY_PAGE,
        title={"fr": "Soutenez l'Avenir Citoyen", "en": "Support Avenir Citoyen"},
        story={
            "fr": "Un parti financé par ses adhérents et sympathisants, dans la limite "
            "légale de 7 500 € par personne et par an."
        },
        goal_cents=2_500_000,
        suggested_cents=[2000, 5000, 10000, 20000],
        allow_monthly=False,
        status=FundraisingPage.Status.PUBLISHED,
        created_by=owner,
    )
    rng = random.Random("turnout-demo-party-gifts")
    supporters = Person.objects.filter(
        organization=organization, emails__address__endswith=PARTY_DOMAIN
    ).order_by("pk")
    capped, *others = supporters
    gifts = []
    for person in others:
        for _g in range(rng.choice([1, 1, 2])):
            offline = rng.random() < 0.25
            gifts.append(
                Gift(
                    person_id=person.pk,
                    amount_cents=pick(rng, PARTY_GIFTS) * 100,
                    paid_at=moment_in(rng, now),
                    method=rng.choice([Method.CHEQUE, Method.TRANSFER]) if offline else Method.CARD,
                    provider="offline" if offline else "test",
                    page=None if offline else page,
                )
            )
    write_gifts(
        organization, gifts, addresses=tax_addresses(organization), key=PARTY, recorded_by=owner
    )
    _capped_donor(organization, page, capped, now)
