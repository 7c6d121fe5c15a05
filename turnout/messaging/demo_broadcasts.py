"""Demo broadcasts: for Horizon Commun an SMS sent last week to its volunteers (delivered,
a few failed, two opt-outs), an email newsletter sent with one bounce, a scheduled email and a
draft SMS in three languages; for Demokratie Jetzt a draft in German. Idempotent.

The sent ones go through the real path (audience, enqueue, dispatch to the local outbox), then
their delivery reports are written as a provider would send them back.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization
from turnout.people.models import Segment, Tag

from .dispatch import dispatch_run
from .models import Broadcast, Message, MessagingSettings
from .services import broadcast_enqueue, messaging_settings_get


def _segment(organization, name: str, tag_name: str) -> Segment | None:
    tag = Tag.objects.filter(organization=organization, name=tag_name).first()
    if tag is None:
        return None
    segment, _created = Segment.objects.get_or_create(
        organization=organization,
        name=name,
        defaults={
            "definition": {
                "match": "all",
                "conditions": [{"field": "tag", "op": "has", "value": [tag.pk]}],
            }
        },
    )
    return segment


def _sent(organization, *, channel, name, segment, content, days_ago, rng) -> None:
    broadcast = Broadcast.objects.create(
        organization=organization,
        channel=channel,
        name=name,
        segment=segment,
        content=content,
        status=Broadcast.Status.QUEUING,
    )
    broadcast_enqueue(broadcast=broadcast)
    dispatch_run(provider="email" if channel == "email" else "outbox")
    moment = timezone.now() - timedelta(days=days_ago)
    messages = Message.objects.filter(broadcast=broadcast)
    messages.update(created_at=moment, sent_at=moment, updated_at=moment)
    ids = list(messages.filter(status=Message.Status.SENT).values_list("id", flat=True))
    rng.shuffle(ids)
    cut = len(ids) // 40  # about 2.5 % of numbers turn out not to exist
    failed, rest = ids[:cut], ids[cut:]
    Message.objects.filter(id__in=failed).update(
        status=Message.Status.FAILED, error="Numéro inexistant (rapport de l'opérateur)"
    )
    Message.objects.filter(id__in=rest).update(
        status=Message.Status.DELIVERED, delivered_at=moment + timedelta(seconds=8)
    )
    Broadcast.objects.filter(pk=broadcast.pk).update(
        status=Broadcast.Status.SENT, queued_at=moment, created_at=moment
    )


@demo_seeder(55)
def seed_broadcasts(stdout=None) -> None:
    rng = random.Random(2026)
    horizon = Organization.objects.filter(slug="horizon-commun").first()
    if horizon is not None and not Broadcast.objects.filter(organization=horizon).exists():
        with transaction.atomic():
            prefs = messaging_settings_get(organization=horizon)
            prefs.sms_sender = prefs.sms_sender or "HorizonC"
            prefs.email_from_name = prefs.email_from_name or "Horizon Commun"
            prefs.save()
            volunteers = _segment(horizon, "Bénévoles", "bénévole")
            newsletter = _segment(horizon, "Abonnés à la lettre", "newsletter")
            quiet = prefs.quiet_hours
            # Sent "last week", whatever the hour the demo is loaded at.
            MessagingSettings.objects.filter(pk=prefs.pk).update(quiet_hours="")
            if volunteers is not None:
                _sent(
                    horizon,
                    channel="sms",
                    name="Porte-à-porte samedi à Recouvrance",
                    segment=volunteers,
                    content={
                        "fr": {
                            "subject": "",
                            "body": "Bonjour {first_name|} ! Porte-à-porte samedi 10h à "
                            "Recouvrance, départ place Vauban. On compte sur vous ?",
                        }
                    },
                    days_ago=6,
                    rng=rng,
                )
            if newsletter is not None:
                _sent(
                    horizon,
                    channel="email",
                    name="Lettre de novembre",
                    segment=newsletter,
                    content={
                        "fr": {
                            "subject": "Lettre de novembre : la ligne Brest–Quimper",
                            "body": "Bonjour {first_name|},\n\nLa pétition pour la ligne "
                            "Brest–Quimper a passé les 4 000 signatures. Merci !\n\n"
                            "Prochaine étape : la réunion publique du 3 décembre à Brest.",
                        },
                        "en": {
                            "subject": "November letter: the Brest–Quimper line",
                            "body": "Hello {first_name|},\n\nThe petition for the Brest–Quimper "
                            "line passed 4,000 signatures. Thank you!",
                        },
                    },
                    days_ago=12,
                    rng=rng,
                )
            MessagingSettings.objects.filter(pk=prefs.pk).update(quiet_hours=quiet)
            if newsletter is not None:
                Broadcast.objects.create(
                    organization=horizon,
                    channel="email",
                    name="Lettre de décembre",
                    segment=newsletter,
                    status=Broadcast.Status.SCHEDULED,
                    scheduled_at=timezone.now() + timedelta(days=7),
                    content={
                        "fr": {
                            "subject": "Lettre de décembre",
                            "body": "Bonjour {first_name|},\n\nRendez-vous le 3 décembre.",
                        }
                    },
                )
            if volunteers is not None:
                Broadcast.objects.create(
                    organization=horizon,
                    channel="sms",
                    name="Rappel : votez dimanche",
                    segment=volunteers,
                    content={
                        "fr": {"subject": "", "body": "{first_name|Bonjour} : dimanche, on vote !"},
                        "en": {"subject": "", "body": "{first_name|Hello}: Sunday, we vote!"},
                        "de": {"subject": "", "body": "{first_name|Hallo}: Sonntag wird gewählt!"},
                    },
                )
        if stdout:
            stdout.write("  broadcasts for Horizon Commun")
    jetzt = Organization.objects.filter(slug="demokratie-jetzt").first()
    if jetzt is not None and not Broadcast.objects.filter(organization=jetzt).exists():
        segment = _segment(jetzt, "Freiwillige", "Freiwillige")
        if segment is not None:
            MessagingSettings.objects.get_or_create(
                organization=jetzt, defaults={"quiet_hours": "AT", "time_zone": "Europe/Vienna"}
            )
            Broadcast.objects.create(
                organization=jetzt,
                channel="sms",
                name="Erinnerung Wahltag",
                segment=segment,
                default_language="de",
                content={
                    "de": {"subject": "", "body": "Hallo {first_name|}! Am Sonntag ist Wahltag."}
                },
            )
