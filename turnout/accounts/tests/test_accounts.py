import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from turnout.accounts.models import User
from turnout.organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_signup_requires_a_verified_email_and_get_never_confirms(client, mailoutbox):
    response = client.post(
        "/en/accounts/signup/",
        {
            "full_name": " Nolwenn Le Gall ",
            "email": "Nouvelle@Example.org",
            "password1": "a long passphrase 2026",
            "password2": "a long passphrase 2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert user.full_name == "Nolwenn Le Gall"  # teammates see a name, not an address
    assert not EmailAddress.objects.get(user=user).verified
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    # A link scanner opening the link does not confirm the address...
    assert client.get(path).status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    # ...a person clicking the button does.
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified


def test_an_unverified_account_cannot_log_in(client):
    UserFactory(email="pending@example.org", verified=False)
    response = client.post(
        "/en/accounts/login/",
        {"login": "pending@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"] or "verification" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_login_and_weak_passwords(client):
    UserFactory(email="ok@example.org")
    response = client.post("/fr/accounts/login/", {"login": "ok@example.org", "password": "wrong"})
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()
    response = client.post(
        "/en/accounts/login/",
        {"login": "ok@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        "/en/accounts/signup/",
        {"email": "weak@example.org", "password1": "password", "password2": "password"},
    )
    assert "This password is too common." in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.org")
    refused = [
        "Too many failed login attempts"
        in client.post(
            "/en/accounts/login/", {"login": "target@example.org", "password": f"guess-{i}"}
        ).content.decode()
        for i in range(6)
    ]
    assert refused == [False] * 5 + [True]
    # Even the right password is refused while the account is rate limited.
    response = client.post(
        "/en/accounts/login/",
        {"login": "target@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production():
    from turnout.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_two_factor_setup_is_offered(client):
    client.force_login(UserFactory())
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response.status_code in (200, 302)
    response = client.get("/en/accounts/2fa/")
    assert response.status_code == 200
    assert "Authenticator" in response.content.decode()
