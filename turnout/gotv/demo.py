"""Demo of get out the vote for Voix Citoyennes:

- a running reminder program for the next election in its assistant (one is created when the
  assistant's demo made none), with forty subscribers from the base;
- a ride-code pool: 500 codes of a (fictional) mobility partner, some claimed over the last
  weeks and part of them redeemed;
- two media placements linked to the live cooperative campaign when there is one: an ad in a
  (fictional) dating app and a regional newspaper's WhatsApp bot, with clicks per day.

Idempotent: each part is made once (by its slug or partner name).
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.utils import timezone

from turnout.assistant.models import Election
from turnout.campaigns.models import Campaign
from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization
from turnout.people.models import Person

from .exceptions import GotvError
from .models import PerkClaim, PerkCode, PerkOffer, Placement, PlacementDay, ReminderProgram
from .services import (
    claim_redeem,
    codes_add,
    offer_save,
    perk_claim,
    placement_save,
    program_get_or_create,
    program_transition,
    reminder_subscribe,
)

ORGANIZATION = "voix-citoyennes"
OFFER = "trajets-vers-les-urnes"
LIVE_CAMPAIGN = "presidentielle-je-vote-2027"
CONSENT = (
    "Rappelez-moi la veille et le jour de l'élection, par email. Voix Citoyennes utilise mon "
    "adresse pour ces rappels seulement. Je peux les arrêter à tout moment."
)


def _election(org) -> Election:
    today = timezone.localdate()
    found = Election.objects.filter(organization=org, date__gte=today).order_by("date").first()
    if found:
        return found
    return Election.objects.get_or_create(
        organization=org,
        slug="presidentielle-2027",
        defaults={
            "name": {
                "fr": "Élection présidentielle 2027",
                "en": "2027 presidential election",
                "de": "Präsidentschaftswahl 2027",
            },
            "country": "FR",
            "kind": Election.Kind.PRESIDENTIAL,
            "date": date(2027, 4, 11),
            "second_round_date": date(2027, 4, 25),
            "polls_open": time(8, 0),
            "polls_close": time(19, 0),
            "official_site": "https://www.service-public.fr/particuliers/vosdroits/N47",
        },
    )[0]


def _people(org, count: int):
    return list(
        Person.objects.filter(organization=org, erased_at__isnull=True, emails__primary=True)
        .order_by("id")
        .distinct()[:count]
    )


def _program(org, stdout) -> None:
    election = _election(org)
    program = program_get_or_create(organization=org, election=election)
    for person in _people(org, 40):
        try:
            reminder_subscribe(
                organization=org, person=person, election=election, channel="email",
                source="web", consent_text=CONSENT,
            )  # fmt: skip
        except GotvError:
            continue
    if program.status == ReminderProgram.Status.DRAFT:
        program_transition(program=program, operation="start", actor=None)
    if stdout:
        stdout.write(f"  gotv: reminders of {election.slug} ({program.subscriptions.count()})\n")


def _perks(org, stdout) -> None:
    if PerkOffer.objects.filter(organization=org, slug=OFFER).exists():
        return
    today = timezone.localdate()
    offer = offer_save(
        offer=PerkOffer(
            organization=org,
            slug=OFFER,
            partner_name="Roulez Citoyen (partenaire mobilité)",
            partner_url="https://example.org/roulez-citoyen",
            title={
                "fr": "Un trajet offert vers votre bureau de vote",
                "en": "A free ride to your polling station",
                "de": "Eine kostenlose Fahrt zu Ihrem Wahllokal",
            },
            description={
                "fr": "Un code par personne, pour un trajet aller-retour le jour du vote, "
                "ouvert à tous les électeurs quel que soit leur vote.",
                "en": "One code per person, for a return trip on polling day, open to every "
                "voter whatever their vote.",
                "de": "Ein Code pro Person für Hin- und Rückfahrt am Wahltag, offen für alle "
                "Wählerinnen und Wähler, unabhängig von ihrer Stimme.",
            },
            country="FR",
            starts_on=today - timedelta(days=30),
            status=PerkOffer.Status.PUBLISHED,
            low_stock_at=50,
        ),
        actor=None,
    )
    rng = random.Random(185)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    codes = {"RC-" + "".join(rng.choice(alphabet) for _ in range(8)) for _ in range(520)}
    codes_add(offer=offer, text="\n".join(sorted(codes)[:500]), actor=None)
    claimed = 0
    for index, person in enumerate(_people(org, 140)[40:]):
        claim = perk_claim(offer=offer, person=person, source=PerkClaim.Source.WEB,
                           consent_text="Demo")  # fmt: skip
        moment = timezone.now() - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 10))
        PerkClaim.objects.filter(pk=claim.pk).update(created_at=moment)
        if index % 3 == 0:
            claim_redeem(claim=claim, actor=None, when=moment + timedelta(days=1))
        claimed += 1
    if stdout:
        stdout.write(f"  gotv: perk {OFFER} ({PerkCode.objects.filter(offer=offer).count()} "
                     f"codes, {claimed} claimed)\n")  # fmt: skip


def _placements(org, stdout) -> None:
    campaign = Campaign.objects.filter(slug=LIVE_CAMPAIGN).first()
    rng = random.Random(186)
    today = timezone.localdate()
    for partner, name, kind, audience, method, destination in (
        (
            "Cupidon (application de rencontre)",
            "« Votre match vous attend aussi au bureau de vote »",
            Placement.Kind.IN_APP_AD,
            240_000,
            "Rapport de campagne du partenaire : utilisateurs uniques ayant vu l'annonce",
            "",
        ),
        (
            "L'Écho de l'Ouest (quotidien régional)",
            "Bot WhatsApp « Je vote, mode d'emploi »",
            Placement.Kind.NEWSPAPER_BOT,
            18_500,
            "Abonnés du bot déclarés par le journal au lancement",
            "https://example.org/echo-de-l-ouest/bot-vote",
        ),
    ):
        if Placement.objects.filter(organization=org, partner=partner).exists():
            continue
        placement = placement_save(
            placement=Placement(
                organization=org,
                partner=partner,
                name=name,
                kind=kind,
                declared_audience=audience,
                audience_method=method,
                starts_on=today - timedelta(days=14),
                ends_on=today + timedelta(days=30),
                destination_url=destination or ("" if campaign else "https://example.org/vote"),
                campaign=campaign,
            ),
            actor=None,
        )
        PlacementDay.objects.bulk_create(
            PlacementDay(
                placement=placement, day=today - timedelta(days=d), clicks=rng.randint(20, 400)
            )
            for d in range(14)
        )
    if stdout:
        stdout.write("  gotv: two media placements\n")


@demo_seeder(185)
def seed_gotv(stdout=None) -> None:
    org = Organization.objects.filter(slug=ORGANIZATION).first()
    if org is None:
        return
    _program(org, stdout)
    _perks(org, stdout)
    _placements(org, stdout)
