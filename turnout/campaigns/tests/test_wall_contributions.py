"""Contributions: added by approved organizations, checked (network, URL, picture, declared
figure) with clear messages, shown on the public wall unless hidden or suspended."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from turnout.campaigns.models import Contribution, DeclaredReach, Participation
from turnout.campaigns.services.wall import contribution_hide
from turnout.campaigns.tests.factories import (
    CampaignFactory,
    ContributionFactory,
    ParticipationFactory,
)
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org_a):
    return CampaignFactory(organization=org_a, slug="vote-anyway")


@pytest.fixture
def participation(campaign, org_b):
    return ParticipationFactory(campaign=campaign, organization=org_b)


@pytest.fixture
def client_b(client, owner_b):
    client.force_login(owner_b)
    return client


def url_for(participation, name="wall_contributions", **kwargs):
    return reverse(
        f"campaigns:{name}",
        kwargs={
            "org_slug": participation.organization.slug,
            "campaign_slug": participation.campaign.slug,
            **kwargs,
        },
    )


def png(size=(60, 40), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#c00").save(buffer, fmt)
    return buffer.getvalue()


def test_post_is_added_and_shown_on_the_wall(client_b, participation, campaign):
    response = client_b.post(
        url_for(participation),
        {
            "kind": "post",
            "network": "linkedin",
            "caption": "Nous votons",
            "url": "https://www.linkedin.com/posts/dj_vote-123",
            "reach_kind": "impressions",
            "reach_figure": "12000",
            "reach_method": "LinkedIn statistics",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.participation == participation
    declared = DeclaredReach.objects.get()
    assert (declared.figure, declared.contribution) == (12000, contribution)
    assert AuditEvent.objects.filter(action="campaign.contribution_add").exists()
    wall = client_b.get(reverse("campaigns_public:wall", kwargs={"slug": campaign.slug}))
    assert "Nous votons" in wall.content.decode()


@pytest.mark.parametrize(
    ("network", "url", "message"),
    [
        ("instagram", "not a url", "This is not a web address"),
        ("instagram", "https://www.linkedin.com/posts/x", "This address is not on Instagram"),
        ("x", "https://evil-x.com/status/1", "This address is not on X"),
        ("mastodon", "https://mastodon.social/about", "A Mastodon post address looks like"),
    ],
)
def test_bad_post_url_is_refused_and_fields_kept(client_b, participation, network, url, message):
    response = client_b.post(
        url_for(participation),
        {
            "kind": "post",
            "network": network,
            "url": url,
            "caption": "Gardé",
            "reach_kind": "followers",
            "reach_figure": "300",
            "reach_method": "Compte",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Gardé"' in page and 'value="300"' in page
    assert not Contribution.objects.exists() and not DeclaredReach.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/org/status/1",
        "https://twitter.com/org/status/2",
        "https://m.facebook.com/story/3",
        "https://youtu.be/abc",
        "https://bsky.app/profile/org.bsky.social/post/3k",
        "https://mastodon.social/@org/112233",
    ],
)
def test_accepted_network_urls(client_b, participation, url):
    network = {
        "x.com": "x",
        "twitter.com": "x",
        "m.facebook.com": "facebook",
        "youtu.be": "youtube",
        "bsky.app": "bluesky",
        "mastodon.social": "mastodon",
    }[url.split("/")[2]]
    response = client_b.post(
        url_for(participation), {"kind": "post", "network": network, "url": url}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_same_url_twice_gets_a_clear_message(client_b, participation):
    data = {"kind": "post", "network": "linkedin", "url": "https://linkedin.com/posts/a-1"}
    client_b.post(url_for(participation), data)
    response = client_b.post(url_for(participation), data)
    assert response.status_code == 400
    assert "This post is already on the wall of this campaign." in response.content.decode()
    assert Contribution.objects.count() == 1


def test_negative_or_absurd_figure_is_refused(client_b, participation):
    base = {
        "kind": "offline",
        "placement": "billboard",
        "quantity": "800",
        "place": "Wien",
        "reach_kind": "billboard",
        "reach_method": "Affichage",
    }
    response = client_b.post(url_for(participation), {**base, "reach_figure": "-5"})
    assert "A number of people cannot be negative." in response.content.decode()
    assert 'value="Wien"' in response.content.decode()
    response = client_b.post(url_for(participation), {**base, "reach_figure": "99999999999"})
    assert "More people than live on Earth" in response.content.decode()
    response = client_b.post(
        url_for(participation), {**base, "reach_figure": "5", "reach_method": ""}
    )
    assert "Say how the figure was counted" in response.content.decode()
    assert not Contribution.objects.exists()
    response = client_b.post(url_for(participation), {**base, "reach_figure": "2400000"})
    assert response.status_code == 302
    assert Contribution.objects.get().quantity == 800


def test_uploaded_picture_is_checked_and_reencoded(
    client_b, participation, campaign, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    not_image = SimpleUploadedFile("x.png", b"<html>hello</html>", content_type="image/png")
    response = client_b.post(
        url_for(participation), {"kind": "visual", "image": not_image, "caption": "Affiche"}
    )
    assert "This file is not an image we can read" in response.content.decode()
    assert 'value="Affiche"' in response.content.decode()
    from turnout.campaigns.services import wall

    huge = SimpleUploadedFile("big.png", b"0" * (wall.WALL_IMAGE_MAX_BYTES + 1))
    response = client_b.post(url_for(participation), {"kind": "visual", "image": huge})
    assert "the limit is" in response.content.decode()
    good = SimpleUploadedFile("photo.png", png(), content_type="image/png")
    response = client_b.post(url_for(participation), {"kind": "visual", "image": good})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    image = client_b.get(
        reverse(
            "campaigns_public:contribution_image",
            kwargs={"slug": campaign.slug, "pk": contribution.pk},
        )
    )
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    page = client_b.get(
        reverse(
            "campaigns_public:contribution", kwargs={"slug": campaign.slug, "pk": contribution.pk}
        )
    ).content.decode()
    assert 'property="og:image" content="http' in page
    assert f"/c/{campaign.slug}/wall/{contribution.pk}/image/" in page
    assert 'name="twitter:card" content="summary_large_image"' in page


def test_only_approved_organizations_contribute(client_b, participation):
    Participation.objects.filter(pk=participation.pk).update(status="applied")
    response = client_b.post(
        url_for(participation),
        {"kind": "post", "network": "linkedin", "url": "https://linkedin.com/posts/a-2"},
    )
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_volunteers_cannot_add(client, participation):
    volunteer = MembershipFactory(organization=participation.organization, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(url_for(participation)).status_code == 200
    response = client.post(
        url_for(participation), {"kind": "post", "network": "x", "url": "https://x.com/a/status/1"}
    )
    assert response.status_code == 403


def test_hidden_and_suspended_contributions_are_gone_from_the_public(
    client, campaign, participation
):
    shown = ContributionFactory(participation=participation, caption="Visible one")
    hidden = ContributionFactory(participation=participation, caption="Hidden one")
    contribution_hide(contribution=hidden, actor=None)
    other = ParticipationFactory(campaign=campaign, status=Participation.Status.SUSPENDED)
    suspended = ContributionFactory(participation=other, caption="Suspended one")
    wall = client.get(reverse("campaigns_public:wall", kwargs={"slug": campaign.slug}))
    page = wall.content.decode()
    assert "Visible one" in page and "Hidden one" not in page and "Suspended one" not in page
    for item in (hidden, suspended):
        for name in ("contribution", "contribution_image"):
            url = reverse(f"campaigns_public:{name}", kwargs={"slug": campaign.slug, "pk": item.pk})
            assert client.get(url).status_code == 404
    page_url = reverse(
        "campaigns_public:contribution", kwargs={"slug": campaign.slug, "pk": shown.pk}
    )
    assert client.get(page_url).status_code == 200
    # Another campaign's address for the same contribution: not found.
    other_campaign = CampaignFactory()
    url = reverse(
        "campaigns_public:contribution", kwargs={"slug": other_campaign.slug, "pk": shown.pk}
    )
    assert client.get(url).status_code == 404


def test_initiator_hides_and_shows_again(client_a, campaign, participation):
    item = ContributionFactory(participation=participation)
    url = reverse(
        "campaigns:wall_contribution_hide",
        kwargs={
            "org_slug": "voix-citoyennes",
            "campaign_slug": campaign.slug,
            "contribution_id": item.pk,
        },
    )
    client_a.post(url, {"hidden": "1"})
    item.refresh_from_db()
    assert item.hidden_at is not None
    client_a.post(url, {"hidden": "0"})
    item.refresh_from_db()
    assert item.hidden_at is None
    listing = client_a.get(url_for(participation).replace("demokratie-jetzt", "voix-citoyennes"))
    assert listing.status_code == 200


def test_other_tenants_get_404(client, campaign, participation):
    item = ContributionFactory(participation=participation)
    stranger = OrganizationFactory(slug="stranger")
    user = MembershipFactory(organization=stranger, role=Role.OWNER).user
    client.force_login(user)
    kwargs = {"org_slug": "stranger", "campaign_slug": campaign.slug}
    assert client.get(reverse("campaigns:wall_contributions", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("campaigns:wall_reach", kwargs=kwargs)).status_code == 404
    # A participant of another campaign cannot delete this contribution through its own one.
    mine = ParticipationFactory(organization=stranger)
    url = reverse(
        "campaigns:wall_contribution_delete",
        kwargs={
            "org_slug": "stranger",
            "campaign_slug": mine.campaign.slug,
            "contribution_id": item.pk,
        },
    )
    assert client.post(url).status_code == 404
    hide = reverse(
        "campaigns:wall_contribution_hide", kwargs={**kwargs, "contribution_id": item.pk}
    )
    assert client.post(hide).status_code == 404
    assert Contribution.objects.filter(pk=item.pk, hidden_at__isnull=True).exists()


def test_participant_deletes_its_contribution(client_b, participation):
    item = ContributionFactory(participation=participation)
    response = client_b.post(
        url_for(participation, "wall_contribution_delete", contribution_id=item.pk)
    )
    assert response.status_code == 302
    assert not Contribution.objects.exists()


def test_wall_filters_and_query_budget(client, campaign, django_assert_max_num_queries):
    countries = ["FR", "DE", "AT"]
    for n in range(30):
        org = OrganizationFactory(country=countries[n % 3], sector="tech" if n % 2 else "finance")
        p = ParticipationFactory(campaign=campaign, organization=org)
        if n % 3 == 0:
            ContributionFactory(
                participation=p,
                kind="offline",
                network="",
                url="",
                placement="billboard",
                quantity=10 + n,
            )
        else:
            ContributionFactory(
                participation=p,
                network="x" if n % 3 == 1 else "linkedin",
                url=f"https://x.com/o/status/{n}"
                if n % 3 == 1
                else f"https://linkedin.com/posts/{n}",
            )
    url = reverse("campaigns_public:wall", kwargs={"slug": campaign.slug})
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 24
    with django_assert_max_num_queries(8):
        response = client.get(url, {"page": 2})
    assert len(response.context["page"].object_list) == 6
    response = client.get(url, {"kind": "offline"})
    assert {c.kind for c in response.context["page"].object_list} == {"offline"}
    assert response.context["page"].paginator.count == 10
    response = client.get(url, {"network": "x"})
    assert {c.network for c in response.context["page"].object_list} == {"x"}
    response = client.get(url, {"country": "AT"})
    assert {c.participation.organization.country for c in response.context["page"].object_list} == {
        "AT"
    }
    response = client.get(url, {"sector": "tech", "country": "FR"})
    rows = response.context["page"].object_list
    assert rows and all(c.participation.organization.sector == "tech" for c in rows)
    assert all(c.participation.organization.country == "FR" for c in rows)


def test_a_post_shows_the_personalized_visual_it_published(
    client, client_b, campaign, participation, org_a
):
    from turnout.campaigns.services.visual import campaign_render
    from turnout.visuals.formats import FORMATS
    from turnout.visuals.tests.factories import VisualTemplateFactory

    template = VisualTemplateFactory(organization=org_a)
    campaign.templates.add(template)
    render = campaign_render(
        participation=participation, template=template, language="fr", fmt=FORMATS["square"]
    )
    other = ParticipationFactory(campaign=campaign)
    foreign = campaign_render(
        participation=other, template=template, language="fr", fmt=FORMATS["square"]
    )
    post = {
        "kind": "post",
        "network": "linkedin",
        "url": "https://www.linkedin.com/posts/jetzt_vote-1",
    }
    refused = client_b.post(url_for(participation), {**post, "render": foreign.pk})
    assert refused.status_code == 400 and not Contribution.objects.exists()
    assert 'value="https://www.linkedin.com/posts/jetzt_vote-1"' in refused.content.decode()
    client_b.post(url_for(participation), {**post, "render": render.pk})
    contribution = Contribution.objects.get()
    assert contribution.kind == "post" and contribution.render == render
    client.logout()
    image = client.get(
        reverse(
            "campaigns_public:contribution_image",
            kwargs={"slug": campaign.slug, "pk": contribution.pk},
        )
    )
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content if image.streaming else [image.content])[:4] == (
        b"\x89PNG"
    )
