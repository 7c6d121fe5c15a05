import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from turnout.core.models import AuditEvent
from turnout.organizations import services
from turnout.organizations.choices import Role
from turnout.organizations.models import Invitation, Membership, Organization

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 32), color=(30, 58, 138)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares a huge canvas (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def settings_url(org):
    return reverse("organizations:settings", kwargs={"org_slug": org.slug})


def profile(org, **extra):
    data = {
        "name": org.name,
        "kind": org.kind,
        "country": org.country,
        "sector": "",
        "size": "",
        "website": "",
        "description": "",
    }
    data.update(extra)
    return data


def test_create_form_errors_are_in_the_users_language(client):
    client.force_login(UserFactory())
    response = client.post("/de/o/new/", {"name": "", "kind": "nonsense"})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    response = client.post("/fr/o/new/", {"name": "", "kind": "nonsense"})
    assert "Ce champ est obligatoire." in response.content.decode()


def test_creating_an_organization_leads_to_its_team_page(client):
    client.force_login(UserFactory())
    response = client.post(
        "/fr/o/new/", {"name": "Les Jeunes Votent", "kind": "ngo", "country": "FR"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/fr/o/les-jeunes-votent/members/"
    assert "Les Jeunes Votent" in response.content.decode()


def test_home_goes_to_the_only_organization(client_a, org_a):
    response = client_a.get("/fr/o/")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/o/{org_a.slug}/"


def test_dashboard_shows_team_and_history(client_a, org_a, owner_a):
    MembershipFactory(organization=org_a, role=Role.VOLUNTEER)
    services.invitation_create(organization=org_a, actor=owner_a, email="new@example.org")
    body = client_a.get(f"/en/o/{org_a.slug}/").content.decode()
    assert "2</span>" in body  # two team members
    assert "invited new@example.org" in body


def test_an_admin_invites_from_the_team_page(
    client_a, org_a, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("organizations:members", kwargs={"org_slug": org_a.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            url, {"email": "lea@example.org", "role": "organizer"}, follow=True
        )
    assert (
        "Invitation sent to lea@example.org" in response.content.decode()
        or "Invitation envoyée" in response.content.decode()
    )
    assert Invitation.objects.get(organization=org_a).role == Role.ORGANIZER
    assert mailoutbox[0].to == ["lea@example.org"]


def test_an_invalid_invitation_shows_field_errors(client_a, org_a, owner_a):
    url = f"/en/o/{org_a.slug}/members/"
    response = client_a.post(url, {"email": "not-an-email", "role": "volunteer"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    response = client_a.post(url, {"email": owner_a.email, "role": "volunteer"})
    assert "already a member" in response.content.decode()


def test_an_admin_cannot_make_owners_but_an_owner_can(client, org_a, owner_a):
    admin = MembershipFactory(organization=org_a, role=Role.ADMIN).user
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER)
    url = f"/en/o/{org_a.slug}/members/{volunteer.pk}/"
    client.force_login(admin)
    client.post(url, {"role": "owner"})
    assert Membership.objects.get(pk=volunteer.pk).role == Role.VOLUNTEER
    client.force_login(owner_a)
    client.post(url, {"role": "owner"})
    assert Membership.objects.get(pk=volunteer.pk).role == Role.OWNER


def test_volunteers_and_organizers_cannot_manage_the_team(client, org_a):
    target = MembershipFactory(organization=org_a, role=Role.VOLUNTEER)
    for role in (Role.VOLUNTEER, Role.ORGANIZER):
        client.force_login(MembershipFactory(organization=org_a, role=role).user)
        response = client.post(f"/en/o/{org_a.slug}/members/{target.pk}/", {"remove": "1"})
        assert response.status_code == 403
        assert client.get(f"/en/o/{org_a.slug}/settings/").status_code == 403
        assert client.get(f"/en/o/{org_a.slug}/audit/").status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


def test_a_logo_is_cleaned_and_stored(client_a, org_a):
    buffer = io.BytesIO()
    image = Image.new("RGB", (400, 200), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    upload = SimpleUploadedFile("logo.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client_a.post(settings_url(org_a), {**profile(org_a), "logo_upload": upload})
    assert response.status_code == 302
    org_a.refresh_from_db()
    stored = org_a.logo.read()
    assert stored.startswith(b"\x89PNG")
    assert b"SecretCameraMaker" not in stored
    assert AuditEvent.objects.filter(organization=org_a, action="organization.updated").exists()


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("logo.png", b"just some text, not an image", "not an image we can read"),
        (
            "logo.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "not an image we can read",
        ),
        ("huge.png", png_header_only(50_000, 50_000), "too many pixels"),
        ("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 10), "the limit is 2.0"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "PNG, JPEG or WebP"),
    ],
)
def test_bad_logos_are_refused_and_the_profile_is_kept(client_a, org_a, filename, content, message):
    good = SimpleUploadedFile("good.png", png_bytes(), content_type="image/png")
    client_a.post(settings_url(org_a), {**profile(org_a), "logo_upload": good})
    org_a.refresh_from_db()
    previous_logo = org_a.logo.name
    upload = SimpleUploadedFile(filename, content, content_type="image/png")
    response = client_a.post(
        "/en" + settings_url(org_a)[3:],
        {**profile(org_a, name="Renamed"), "logo_upload": upload},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.logo.name == previous_logo
    assert org_a.name != "Renamed"
    assert Organization.objects.get(pk=org_a.pk).name == org_a.name


def test_invitation_page_for_an_anonymous_visitor_asks_to_log_in(client, org_a, owner_a):
    _, token = services.invitation_create(
        organization=org_a, actor=owner_a, email="anon@example.org"
    )
    response = client.get(f"/en/invitations/{token}/")
    assert response.status_code == 200
    assert "anon@example.org" in response.content.decode()
    response = client.post(f"/en/invitations/{token}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_expired_and_wrong_email_invitations_say_so(client, org_a, owner_a):
    invitation, token = services.invitation_create(
        organization=org_a, actor=owner_a, email="someone@example.org"
    )
    client.force_login(UserFactory(email="else@example.org"))
    response = client.post(f"/en/invitations/{token}/")
    assert response.status_code == 400
    assert "was sent to someone@example.org" in response.content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    response = client.get(f"/en/invitations/{token}/")
    assert "expired" in response.content.decode()
    assert client.get("/en/invitations/forged-token/").status_code == 404


def test_accepting_an_invitation_opens_the_workspace(client, org_a, owner_a):
    _, token = services.invitation_create(
        organization=org_a, actor=owner_a, email="joiner@example.org"
    )
    client.force_login(UserFactory(email="joiner@example.org"))
    response = client.post(f"/en/invitations/{token}/")
    assert response["Location"] == f"/en/o/{org_a.slug}/"
    assert client.get(response["Location"]).status_code == 200


def test_the_switcher_lists_every_organization_of_the_user(client, org_a, org_b, owner_a):
    MembershipFactory(organization=org_b, user=owner_a, role=Role.VOLUNTEER)
    client.force_login(owner_a)
    body = client.get(f"/en/o/{org_a.slug}/").content.decode()
    assert f'href="/en/o/{org_b.slug}/"' in body
    assert f'href="/en/o/{org_a.slug}/" aria-current="true"' in body
