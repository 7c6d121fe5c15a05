"""The demo data loads, looks like a real deployment, and loading it twice changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from turnout.core.demo import DEMO_LOGINS, DEMO_PASSWORD
from turnout.organizations.models import Invitation, Membership, Organization
from turnout.people.models import Activity, Consent, Person


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_the_demo_logins_work(client):
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Organization.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
        Person.objects.count(),
        Activity.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert (
        Organization.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
        Person.objects.count(),
        Activity.objects.count(),
    ) == counts
    assert Organization.objects.filter(kind="party").exists()
    assert Organization.objects.filter(kind="company", country="DE").exists()
    party = Organization.objects.get(slug="horizon-commun")
    assert Person.objects.filter(organization=party).count() >= 100
    assert Consent.objects.filter(organization=party, channel="email").exists()
    # Messaging: a broadcast really sent, and a texting campaign in progress with an opt-out.
    from turnout.messaging.models import Broadcast, Conversation, Message

    sent = Broadcast.objects.filter(organization=party, status="sent", channel="sms").get()
    assert Message.objects.filter(broadcast=sent, status="delivered").count() > 0
    assert Broadcast.objects.filter(organization=party, status="draft").exists()
    assert Conversation.objects.filter(organization=party, status="opted_out").exists()
    assert Conversation.objects.filter(organization=party, status="needs_reply").exists()
    # Not lorem ipsum: real-looking names.
    assert not Person.objects.filter(given_name__icontains="lorem").exists()
    User = get_user_model()
    for email, _description in DEMO_LOGINS:
        assert User.objects.filter(email=email).exists(), email
    response = client.post(
        "/en/accounts/login/", {"login": DEMO_LOGINS[0][0], "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200
