"""The shortcuts of the public sign path keep its behaviour: shared form fields follow every
change of the action, referral codes stay those of ``salted_hmac``, a redirect after a
signature carries no policy header while pages still do."""

import pytest
from django.utils.crypto import salted_hmac

from turnout.actions.public_forms import SignForm
from turnout.actions.referral import INTAKE_SALT, SALT, _digest, referral_code, referral_person_id
from turnout.actions.tests.factories import ActionFactory, ActionSponsorFactory

pytestmark = pytest.mark.django_db


def test_referral_digest_is_the_salted_hmac_of_django():
    for value in (1, 42, 10**9):
        for salt in (SALT, INTAKE_SALT):
            expected = salted_hmac(salt, str(value), algorithm="sha256").hexdigest()[:10]
            assert _digest(value, salt) == expected
    assert referral_person_id(referral_code(1234)) == 1234


def test_forms_of_one_action_share_fields_but_not_data(org_a):
    action = ActionFactory(organization=org_a)
    first = SignForm(
        {"given_name": "Ana", "email": "ana@example.org"}, action=action, language="fr"
    )
    second = SignForm({"given_name": "", "email": "x"}, action=action, language="fr")
    assert first.fields["email"] is second.fields["email"]  # built once
    assert first.is_valid()
    assert not second.is_valid()
    assert set(second.errors) == {"given_name", "email"}
    assert first.cleaned_data["given_name"] == "Ana"


def test_a_changed_action_gets_new_labels(org_a, org_b):
    action = ActionFactory(organization=org_a, consent_text={"fr": "Ancien texte"})
    assert SignForm(action=action, language="fr").fields["consent"].label == "Ancien texte"
    action.consent_text = {"fr": "Nouveau texte"}
    action.save()
    assert SignForm(action=action, language="fr").fields["consent"].label == "Nouveau texte"
    ActionSponsorFactory(action=action, organization=org_b, opt_in_label={"fr": "Aussi Jetzt"})
    action.refresh_from_db()
    form = SignForm(action=action, language="fr")
    assert [form.fields[name].label for name, _pk in form.sponsor_fields] == ["Aussi Jetzt"]


def test_languages_have_their_own_labels(org_a):
    action = ActionFactory(organization=org_a)
    french = SignForm(action=action, language="fr").fields["consent"].label
    english = SignForm(action=action, language="en").fields["consent"].label
    assert french != english


def test_redirect_after_signing_has_no_policy_header_but_pages_do(client, org_a):
    action = ActionFactory(organization=org_a)
    page = client.get(f"/fr/a/{action.slug}/")
    assert "Content-Security-Policy" in page
    response = client.post(
        f"/fr/a/{action.slug}/",
        {"given_name": "Ana", "email": "ana@example.org", "consent": "on"},
    )
    assert response.status_code == 302
    assert "Content-Security-Policy" not in response
