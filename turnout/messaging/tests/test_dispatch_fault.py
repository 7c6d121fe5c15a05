"""Dispatchers die; messages are still sent exactly once.

A real dispatcher process (``manage.py dispatch``) sends 10,000 queued SMS through the Vonage
adapter to the local fake Vonage server; it is killed with SIGKILL in the middle, then a new
one settles what the dead one left (``--recover-after 0``) and finishes. The fake provider
must have received every message exactly once.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from turnout.messaging.dispatch import dispatch_recover, dispatch_run
from turnout.messaging.fakeproviders import FakeProviderServer, dispatcher_env
from turnout.messaging.models import Message, MessagingSettings

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_clock]

ROOT = Path(settings.BASE_DIR)
COUNT = 10_000


def _dispatcher(fake: FakeProviderServer, *extra: str) -> subprocess.Popen:
    providers = {"vonage": fake.settings()["vonage"]}
    # The fake's delivery records are complete at once: a message missing from them a moment
    # after the attempt never reached it (reports_settle_seconds=0).
    providers["vonage"]["OPTIONS"] = {
        **providers["vonage"]["OPTIONS"],
        "lookup_with_reports": True,
        "reports_settle_seconds": 0,
        "rate_per_s": 0,
    }
    env = dispatcher_env(providers)
    return subprocess.Popen(
        [sys.executable, "manage.py", "dispatch", "--provider", "vonage", "--batch", "50", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _queue(org, count: int) -> list[str]:
    Message.objects.bulk_create(
        [
            Message(
                organization=org,
                channel="sms",
                idempotency_key=f"fault:{i}",
                to_address=f"+336{20000000 + i:08d}",
                body=f"Message {i}",
                provider="vonage",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    return [f"fault:{i}" for i in range(count)]


def test_a_dispatcher_killed_mid_batch_never_causes_a_second_send(org_a):
    MessagingSettings.objects.create(organization=org_a, quiet_hours="")  # send at any hour
    keys = _queue(org_a, COUNT)
    with FakeProviderServer() as fake:
        first = _dispatcher(fake)
        deadline = time.monotonic() + 120
        while fake.total() < COUNT // 3 and time.monotonic() < deadline:
            if first.poll() is not None:
                pytest.fail(f"dispatcher ended early: {first.communicate()}")
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        received_before = fake.total()
        assert COUNT // 3 <= received_before < COUNT, "the kill must land mid-dispatch"
        in_flight = Message.objects.filter(status__in=["claimed", "sending"]).count()
        assert in_flight > 0  # the dead dispatcher left work behind

        second = _dispatcher(fake, "--recover-after", "0")
        _out, err = second.communicate(timeout=300)
        assert second.returncode == 0, err[-3000:]

        counts = fake.counts()
        assert sorted(counts) == sorted(keys)  # every message reached the provider
        assert max(counts.values()) == 1  # and none twice
    assert Message.objects.filter(status="sent").count() == COUNT


def test_a_provider_that_times_out_gets_the_message_once(org_a):
    """A read timeout may hide an accepted message: it is not resent blindly; recovery asks
    the provider, which has it."""
    MessagingSettings.objects.create(organization=org_a, quiet_hours="")
    _queue(org_a, 3)
    with FakeProviderServer() as fake:
        options = {**fake.options("vonage"), "read_timeout": 0.3, "lookup_with_reports": True}
        providers = {
            "vonage": {
                "BACKEND": "turnout.messaging.providers.vonage.VonageProvider",
                "OPTIONS": options,
            }
        }
        with override_settings(TURNOUT_SMS_PROVIDERS=providers):
            fake.delay_next(1, seconds=1.0, provider="vonage")
            dispatch_run(provider="vonage")
            time.sleep(1.0)  # the slow request completes at the provider
            assert Message.objects.filter(status="sending").count() == 1
            dispatch_recover(stale_seconds=0)
            dispatch_run(provider="vonage")
        assert max(fake.counts().values()) == 1 and len(fake.counts()) == 3
    assert Message.objects.filter(status="sent").count() == 3


def test_a_provider_error_500_is_retried_later_and_sent_once(org_a):
    MessagingSettings.objects.create(organization=org_a, quiet_hours="")
    _queue(org_a, 2)
    with FakeProviderServer() as fake:
        with override_settings(TURNOUT_SMS_PROVIDERS=fake.settings()):
            fake.fail_next(1, status=500, provider="vonage")
            dispatch_run(provider="vonage")
            waiting = Message.objects.get(status="queued")
            assert waiting.attempts == 1 and waiting.error
            Message.objects.filter(pk=waiting.pk).update(not_before=waiting.created_at)
            dispatch_run(provider="vonage")
        assert sorted(fake.counts().values()) == [1, 1]
