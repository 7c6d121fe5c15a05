"""Demo data of the wall area: for the past, sister and live campaigns, contributions (posts
on every network, pictures, offline placements such as the Austrian sister's 800
billboards), tracked-link clicks and page views per day over the campaign's weeks, pledges
attributed to organizations (people in the initiator's CRM, through the actions' bulk path),
and declared reach (impressions, followers, billboard audiences) so that each campaign's
range reaches millions. Idempotent (a campaign that has contributions is skipped);
deterministic (seeded)."""

from __future__ import annotations

import datetime
import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from turnout.actions.models import Action
from turnout.actions.services import NewSigner, submissions_apply_new_people
from turnout.core.demo import demo_seeder
from turnout.people.services import PersonData

from ..models import Campaign, Contribution, DeclaredReach, MeasuredDay, Participation
from .core import LIVE, PAST, SISTER_AT, SISTER_FR

PLEDGES = {PAST: 2400, SISTER_FR: 450, SISTER_AT: 400, LIVE: 350}
POST_HOSTS = {
    "linkedin": "https://www.linkedin.com/posts/{slug}_vote-{n}",
    "instagram": "https://www.instagram.com/p/{slug}{n}/",
    "x": "https://x.com/{slug}/status/17{n:08d}",
    "facebook": "https://www.facebook.com/{slug}/posts/{n}",
    "tiktok": "https://www.tiktok.com/@{slug}/video/73{n:08d}",
    "mastodon": "https://mastodon.social/@{slug}/11{n:08d}",
    "bluesky": "https://bsky.app/profile/{slug}.bsky.social/post/3k{n}",
    "youtube": "https://www.youtube.com/watch?v={slug}{n}",
}
GIVEN = ["Léa", "Hugo", "Inès", "Lucas", "Chloé", "Jonas", "Mia", "Paul", "Emma", "Felix", "Sofia"]
COLORS = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#c2410c", "#0f766e"]


def _period(campaign: Campaign) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    end = min(campaign.closes_on or today, today)
    start = campaign.opens_on or (end - timedelta(days=60))
    return start, max(end, start)


def _picture(name: str, color: str, label: str) -> ContentFile:
    image = Image.new("RGB", (600, 600), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 570, 570), outline="white", width=6)
    draw.text((60, 260), label, fill="white")
    draw.text((60, 300), name[:40], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="demo.jpg")


RENDERED_PER_CAMPAIGN = 24  # organizations whose personalized visual the demo renders


def _renders(campaign, participations, rng) -> dict:
    """The personalized visual (square PNG, campaign's first template) of a few approved
    organizations, each given a brand kit in its own colors if it has none: real renders, so
    the wall shows what organizations really post. {participation id: Render}."""
    from turnout.visuals.formats import FORMATS
    from turnout.visuals.models import BrandKit

    from ..services.visual import campaign_render

    template = campaign.templates.order_by("name", "id").first()
    if template is None:
        return {}
    chosen = rng.sample(participations, min(RENDERED_PER_CAMPAIGN, len(participations)))
    language = (campaign.languages or ["fr"])[0]
    renders = {}
    for index, participation in enumerate(chosen):
        BrandKit.objects.get_or_create(
            organization=participation.organization,
            defaults={"primary": COLORS[index % len(COLORS)], "secondary": "#fbbf24",
                      "text": "#ffffff"},
        )  # fmt: skip
        renders[participation.pk] = campaign_render(
            participation=participation, template=template, language=language,
            fmt=FORMATS["square"],
        )  # fmt: skip
    return renders


def _when(rng, start, end, tz) -> datetime.datetime:
    span = max((end - start).days, 1)
    day = start + timedelta(days=int(span * (rng.random() ** 0.5)))
    return datetime.datetime.combine(day, datetime.time(rng.randint(7, 21)), tzinfo=tz)


def _contributions(campaign, participations, rng, start, end, tz) -> None:
    rows, declared = [], []
    tagline = campaign.tagline_text() or campaign.name_text()
    renders = _renders(campaign, participations, rng)
    for n, p in enumerate(participations):
        org = p.organization
        networks = list(p.followers) or ["linkedin"]
        for k, network in enumerate(networks[: 1 + (n % 2)]):
            rows.append(
                Contribution(
                    campaign=campaign,
                    participation=p,
                    kind=Contribution.Kind.POST,
                    render=renders.get(p.pk) if k == 0 else None,
                    network=network,
                    url=POST_HOSTS[network].format(slug=org.slug[:20], n=n * 10 + k + campaign.pk),
                    caption=tagline if n % 4 == 0 else "",
                    created_at=_when(rng, start, end, tz),
                )
            )
            declared.append(
                (
                    len(rows) - 1,
                    DeclaredReach.Kind.IMPRESSIONS,
                    rng.randint(2_000, 120_000) * (3 if org.size == "xlarge" else 1),
                    f"{network} statistics of the post, one week after",
                )
            )
        if p.pk in renders:
            rows.append(
                Contribution(
                    campaign=campaign,
                    participation=p,
                    kind=Contribution.Kind.VISUAL,
                    render=renders.get(p.pk),
                    caption=tagline,
                    created_at=_when(rng, start, end, tz),
                )
            )
        if n % 9 == 4:
            placement = rng.choice(["poster", "screen", "print"])
            quantity = rng.randint(5, 120)
            rows.append(
                Contribution(
                    campaign=campaign,
                    participation=p,
                    kind=Contribution.Kind.OFFLINE,
                    placement=placement,
                    quantity=quantity,
                    place=org.name.split()[-2],
                    created_at=_when(rng, start, end, tz),
                )
            )
            declared.append(
                (
                    len(rows) - 1,
                    DeclaredReach.Kind.OTHER,
                    quantity * 400,
                    "Footfall estimate of the places",
                )
            )
    if campaign.slug == SISTER_AT and participations:
        rows.append(
            Contribution(
                campaign=campaign,
                participation=participations[0],
                kind=Contribution.Kind.OFFLINE,
                placement=Contribution.Placement.BILLBOARD,
                quantity=800,
                place="Wien, Graz, Linz, Salzburg, Innsbruck",
                caption="800 Plakate in ganz Österreich",
                created_at=_when(rng, start, end, tz),
            )
        )
        declared.append(
            (
                len(rows) - 1,
                DeclaredReach.Kind.BILLBOARD,
                3_200_000,
                "Outdoor advertiser's audience figures (OSA), two weeks",
            )
        )
    for index, row in enumerate(rows):
        # A visual without a render of its own, and every other offline placement, shows a
        # photo (drawn here).
        needs_picture = row.kind == Contribution.Kind.VISUAL and row.render is None
        if needs_picture or (row.kind == Contribution.Kind.OFFLINE and index % 2 == 0):
            color = COLORS[index % len(COLORS)]
            picture = _picture(row.participation.organization.name, color, tagline[:40])
            row.image.save(f"{campaign.slug}-{index}.jpg", picture, save=False)
    Contribution.objects.bulk_create(rows, batch_size=500)
    DeclaredReach.objects.bulk_create(
        [
            DeclaredReach(
                participation=rows[i].participation,
                contribution=rows[i],
                kind=kind,
                figure=figure,
                method=method,
            )
            for i, kind, figure, method in declared
        ]
        + [
            DeclaredReach(
                participation=p,
                kind=DeclaredReach.Kind.FOLLOWERS,
                figure=sum(p.followers.values()),
                method="Followers of our accounts the day we posted",
            )
            for p in participations[::3]
            if p.followers
        ],
        batch_size=1000,
    )


def _measured(campaign, participations, rng, start, end) -> None:
    rows = []
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    for index, day in enumerate(days):
        ramp = 1 + 3 * index / max(len(days), 1)
        rows.append(
            MeasuredDay(
                campaign=campaign,
                participation=None,
                day=day,
                page_views=int(rng.randint(150, 400) * ramp),
            )
        )
        for p in participations:
            if rng.random() < 0.35:
                rows.append(
                    MeasuredDay(
                        campaign=campaign,
                        participation=p,
                        day=day,
                        clicks=int(rng.randint(1, 25) * ramp),
                        page_views=rng.randint(0, 6),
                    )
                )
    MeasuredDay.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def _pledges(campaign, participations, rng, start, end, tz, total) -> int:
    action = Action.objects.select_related("organization").get(pk=campaign.pledge_action_id)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    weights = [1 + 4 * (i / max(len(days), 1)) ** 2 for i in range(len(days))]
    per_day = [0] * len(days)
    for _ in range(total):
        per_day[rng.choices(range(len(days)), weights)[0]] += 1
    made, serial = 0, 0
    for day, count in zip(days, per_day, strict=True):
        if not count:
            continue
        signers = []
        for _ in range(count):
            serial += 1
            referring = (
                rng.choice(participations) if participations and rng.random() < 0.7 else None
            )
            signers.append(
                NewSigner(
                    data=PersonData(
                        given_name=rng.choice(GIVEN),
                        language=rng.choice(["fr", "en", "de"]),
                        address={"postal_code": f"{rng.randint(10, 95)}{rng.randint(0, 999):03d}"},
                    ),
                    email=f"pledge{serial}.{campaign.slug[:12]}@example.org",
                    phone="",
                    phone_kind="",
                    suppressed={},
                    consent_given=False,
                    consent_text=None,
                    attribution={"vouched_organization": referring.organization}
                    if referring
                    else {},
                )
            )
        moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=tz)
        submissions_apply_new_people(action=action, signers=signers, now=moment)
        made += count
    Action.objects.filter(pk=action.pk).update(signature_count=F("signature_count") + made)
    return made


@demo_seeder(120)
def seed_wall(stdout=None) -> None:
    rng = random.Random(120)
    tz = timezone.get_current_timezone()
    for slug in (PAST, SISTER_FR, SISTER_AT, LIVE):
        campaign = Campaign.objects.select_related("organization").filter(slug=slug).first()
        if campaign is None or campaign.contributions.exists():
            continue
        participations = list(
            Participation.objects.visible()
            .filter(campaign=campaign)
            .select_related("organization")
            .order_by("id")
        )
        start, end = _period(campaign)
        with transaction.atomic():
            _contributions(campaign, participations, rng, start, end, tz)
            _measured(campaign, participations, rng, start, end)
            made = _pledges(campaign, participations, rng, start, end, tz, PLEDGES[slug])
        if stdout is not None:
            stdout.write(f"  wall: {slug}: {len(participations)} organizations, {made} pledges\n")
