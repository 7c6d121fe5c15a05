"""Demo organizations and their teams, modelled on a real cooperative-campaign deployment."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from turnout.core.demo import DEMO_PASSWORD, demo_seeder
from turnout.core.models import AuditEvent

from . import services
from .choices import Kind, Role, Sector, Size
from .models import Invitation, Membership, Organization

ORGANIZATIONS = [
    # slug, name, kind, country, sector, size, website, description, days ago
    (
        "voix-citoyennes",
        "Voix Citoyennes",
        Kind.NGO,
        "FR",
        Sector.CIVIC,
        Size.SMALL,
        "https://voix-citoyennes.example.org",
        "Association non partisane qui lutte contre l'abstention depuis 2016 : campagnes "
        "coopératives, forums jeunesse et accompagnement au premier vote.",
        420,
    ),
    (
        "demokratie-jetzt",
        "Demokratie Jetzt Österreich",
        Kind.NGO,
        "AT",
        Sector.CIVIC,
        Size.MICRO,
        "https://demokratie-jetzt.example.at",
        "Überparteilicher Verein für Wahlbeteiligung in Wien, Graz und Linz.",
        300,
    ),
    (
        "horizon-commun",
        "Horizon Commun",
        Kind.PARTY,
        "FR",
        Sector.POLITICS,
        Size.MEDIUM,
        "https://horizon-commun.example.fr",
        "Mouvement politique régional breton : écologie, services publics de proximité.",
        250,
    ),
    (
        "nordwind-energie",
        "Nordwind Energie GmbH",
        Kind.COMPANY,
        "DE",
        Sector.INDUSTRY,
        Size.LARGE,
        "https://nordwind-energie.example.de",
        "Genossenschaftlicher Ökostromanbieter aus Bremen.",
        120,
    ),
    (
        "brasserie-ty-coz",
        "Brasserie Ty Coz",
        Kind.COMPANY,
        "FR",
        Sector.FOOD,
        Size.SMALL,
        "https://tycoz.example.fr",
        "Brasserie artisanale à Morlaix.",
        90,
    ),
    (
        "atelier-pixel-voix",
        "Atelier Pixel & Voix",
        Kind.AGENCY,
        "FR",
        Sector.CONSULTING,
        Size.MICRO,
        "https://pixel-voix.example.fr",
        "Agence de design d'intérêt général : identités visuelles et campagnes.",
        200,
    ),
    (
        "ouest-ondes",
        "Ouest Ondes",
        Kind.MEDIA,
        "FR",
        Sector.MEDIA,
        Size.MEDIUM,
        "https://ouest-ondes.example.fr",
        "Radio associative du Finistère.",
        150,
    ),
    (
        "conseil-jeunes-landerneau",
        "Conseil des jeunes de Landerneau",
        Kind.PUBLIC_BODY,
        "FR",
        Sector.PUBLIC,
        Size.MICRO,
        "",
        "Instance consultative des 15-25 ans.",
        60,
    ),
]

PEOPLE = [
    # email, full name, organization slug, role
    ("camille.laurent@voix-citoyennes.fr", "Camille Laurent", "voix-citoyennes", Role.OWNER),
    ("thomas.legall@voix-citoyennes.fr", "Thomas Le Gall", "voix-citoyennes", Role.ADMIN),
    ("ines.garnier@voix-citoyennes.fr", "Inès Garnier", "voix-citoyennes", Role.ORGANIZER),
    ("yanis.benali@voix-citoyennes.fr", "Yanis Benali", "voix-citoyennes", Role.VOLUNTEER),
    ("jonas.berger@demokratie-jetzt.at", "Jonas Berger", "demokratie-jetzt", Role.OWNER),
    ("katharina.huber@demokratie-jetzt.at", "Katharina Huber", "demokratie-jetzt", Role.ORGANIZER),
    ("lea.morvan@horizon-commun.fr", "Léa Morvan", "horizon-commun", Role.OWNER),
    ("erwan.kerjean@horizon-commun.fr", "Erwan Kerjean", "horizon-commun", Role.ORGANIZER),
    ("maelle.quere@horizon-commun.fr", "Maëlle Quéré", "horizon-commun", Role.VOLUNTEER),
    ("felix.wagner@nordwind-energie.de", "Felix Wagner", "nordwind-energie", Role.OWNER),
    ("nora.schmidt@nordwind-energie.de", "Nora Schmidt", "nordwind-energie", Role.ADMIN),
    ("gwenaelle.lebihan@tycoz.fr", "Gwenaëlle Le Bihan", "brasserie-ty-coz", Role.OWNER),
    ("hugo.perrin@pixel-voix.fr", "Hugo Perrin", "atelier-pixel-voix", Role.OWNER),
    ("sarah.kervella@ouest-ondes.fr", "Sarah Kervella", "ouest-ondes", Role.OWNER),
    ("lucas.abiven@landerneau-jeunes.fr", "Lucas Abiven", "conseil-jeunes-landerneau", Role.OWNER),
    # People in more than one organization (the switcher shows both).
    ("camille.laurent@voix-citoyennes.fr", "Camille Laurent", "demokratie-jetzt", Role.ADMIN),
    ("hugo.perrin@pixel-voix.fr", "Hugo Perrin", "voix-citoyennes", Role.ORGANIZER),
]


def demo_user(email: str, full_name: str = "", *, staff: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": staff, "is_superuser": staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@demo_seeder(10)
def seed_organizations(stdout=None) -> None:
    now = timezone.now()
    demo_user("admin@turnout.localhost", "Platform admin", staff=True)
    owners = {}
    for email, name, slug, role in PEOPLE:
        if role == Role.OWNER and slug not in owners:
            owners[slug] = demo_user(email, name)
    for slug, name, kind, country, sector, size, website, description, days in ORGANIZATIONS:
        if Organization.objects.filter(slug=slug).exists():
            continue
        org = services.organization_create(
            user=owners[slug],
            name=name,
            kind=kind,
            country=country,
            slug=slug,
            sector=sector,
            size=size,
            website=website,
            description=description,
        )
        created = now - timedelta(days=days)
        Organization.objects.filter(pk=org.pk).update(created_at=created)
        Membership.objects.filter(organization=org).update(created_at=created)
        AuditEvent.objects.filter(organization=org).update(created_at=created)
        for email, full_name, member_slug, role in PEOPLE:
            if member_slug != slug or (role == Role.OWNER and owners[slug].email == email):
                continue
            user = demo_user(email, full_name)
            invitation, token = services.invitation_create(
                organization=org, actor=owners[slug], email=email, role=role
            )
            services.invitation_accept(token=token, user=user)
            joined = created + timedelta(days=min(days - 1, 3 + len(email) % 20))
            Membership.objects.filter(organization=org, user=user).update(created_at=joined)
            AuditEvent.objects.filter(organization=org, target_id=str(invitation.pk)).update(
                created_at=joined
            )
        if slug == "voix-citoyennes":
            services.invitation_create(
                organization=org,
                actor=owners[slug],
                email="claire.dubois@example.org",
                role=Role.ORGANIZER,
            )
            expired, _ = services.invitation_create(
                organization=org, actor=owners[slug], email="paul.martin@example.org"
            )
            Invitation.objects.filter(pk=expired.pk).update(expires_at=now - timedelta(days=2))
        if stdout:
            stdout.write(f"  organization {name}")
