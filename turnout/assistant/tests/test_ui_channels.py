"""Channels: admins add, edit, deactivate; the web widget's snippet; an id used elsewhere is
refused without telling by whom."""

import pytest

from turnout.assistant.models import Channel, ChannelAccount
from turnout.core.models import AuditEvent

from .ui_helpers import url

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "channel": "sms",
        "external_id": "vote",
        "display_name": "Voix Citoyennes",
        "partner": "",
        "country": "FR",
        "language": "fr",
        "election": "",
        "active": "on",
    }
    values.update(overrides)
    return values


def test_an_sms_keyword_is_added_in_capitals(client_a, org_a):
    response = client_a.post(url("channel_new", org_a), data())
    account = ChannelAccount.objects.get(organization=org_a)
    assert response.status_code == 302
    assert account.external_id == "VOTE" and account.active
    assert AuditEvent.objects.filter(action="assistant.channel_created").exists()


def test_a_web_widget_gets_a_key_and_its_snippet(client_a, org_a):
    client_a.post(url("channel_new", org_a), data(channel="web", external_id=""))
    account = ChannelAccount.objects.get(organization=org_a)
    assert len(account.external_id) >= 10
    page = client_a.get(url("channels", org_a)).content.decode()
    assert f"/ask/{org_a.slug}/" in page and "&lt;script src=" in page
    assert "data-copy-link" in page


def test_an_id_used_by_another_organization_is_refused_without_naming_it(client_a, org_a, org_b):
    from .factories import ChannelAccountFactory

    ChannelAccountFactory(organization=org_b, channel=Channel.WHATSAPP, external_id="1055")
    response = client_a.post(
        url("channel_new", org_a), data(channel="whatsapp", external_id="1055")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "already in use" in page and org_b.name not in page
    assert 'value="1055"' in page  # kept


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"channel": "whatsapp", "external_id": ""}, "This channel needs its id."),
        ({"external_id": "two words"}, "one word"),
        ({"country": "XX"}, "Select a valid choice"),
    ],
)
def test_bad_input(client_a, org_a, overrides, message):
    response = client_a.post(url("channel_new", org_a), data(**overrides))
    assert response.status_code == 400 and message in response.content.decode()


def test_deactivate_and_reactivate(client_a, org_a):
    from .factories import ChannelAccountFactory

    account = ChannelAccountFactory(organization=org_a, channel=Channel.VOICE, active=True)
    target = url("channel_active", org_a, channel_account_id=account.pk)
    client_a.post(target, {"active": "0"})
    account.refresh_from_db()
    assert not account.active
    client_a.post(target, {"active": "1"})
    account.refresh_from_db()
    assert account.active
    assert AuditEvent.objects.filter(action="assistant.channel_deactivated").count() == 1


def test_the_channel_of_an_account_cannot_change(client_a, org_a):
    from .factories import ChannelAccountFactory

    account = ChannelAccountFactory(organization=org_a, channel=Channel.SMS, external_id="WAHL")
    client_a.post(
        url("channel_edit", org_a, channel_account_id=account.pk),
        data(channel="voice", external_id="WAHL", display_name="Renamed"),
    )
    account.refresh_from_db()
    assert account.channel == Channel.SMS and account.display_name == "Renamed"


def test_a_web_widget_may_be_limited_to_the_partners_sites(client_a, org_a):
    bad = client_a.post(
        url("channel_new", org_a),
        data(
            channel="web", external_id="", frame_ancestors="https://www.ouest.example\nnot a site"
        ),
    )
    assert bad.status_code == 400 and "Not a site address: not a site" in bad.content.decode()
    client_a.post(
        url("channel_new", org_a),
        data(channel="web", external_id="", frame_ancestors="https://www.ouest.example/\n"),
    )
    account = ChannelAccount.objects.get(organization=org_a)
    assert account.options["frame_ancestors"] == ["https://www.ouest.example"]
    page = client_a.get(url("channel_edit", org_a, channel_account_id=account.pk)).content.decode()
    assert "https://www.ouest.example</textarea>" in page and "widget.js" in page
