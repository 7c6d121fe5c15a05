"""Signatures as a receiver checks them: the reference ``signature_verify``, and the Python
snippet of docs/guide/api-webhooks.md run as is against a real delivery."""

from __future__ import annotations

import re
import time
from pathlib import Path

from turnout.api.webhooks.signing import secret_new, signature_header, signature_verify

from .webhooks_helpers import receiver_fixture, subscribe  # noqa: F401

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "guide" / "api-webhooks.md"
SECRET = "whsec_test"
BODY = b'{"type":"person.created","id":"1"}'


def test_a_signature_verifies_and_any_change_breaks_it():
    header = signature_header(secret=SECRET, body=BODY)
    assert signature_verify(secret=SECRET, body=BODY, header=header)
    assert not signature_verify(secret=SECRET, body=BODY + b" ", header=header)
    assert not signature_verify(secret="whsec_other", body=BODY, header=header)
    assert not signature_verify(secret=SECRET, body=BODY, header=header.replace("v1=", "v1=0"))
    assert not signature_verify(secret=SECRET, body=BODY, header="garbage")
    assert not signature_verify(secret=SECRET, body=BODY, header="")


def test_an_old_or_future_timestamp_is_a_replay():
    now = time.time()
    old = signature_header(secret=SECRET, body=BODY, timestamp=int(now) - 301)
    assert not signature_verify(secret=SECRET, body=BODY, header=old, now=now)
    future = signature_header(secret=SECRET, body=BODY, timestamp=int(now) + 301)
    assert not signature_verify(secret=SECRET, body=BODY, header=future, now=now)
    recent = signature_header(secret=SECRET, body=BODY, timestamp=int(now) - 299)
    assert signature_verify(secret=SECRET, body=BODY, header=recent, now=now)


def test_secrets_are_long_and_distinct():
    secrets = {secret_new() for _ in range(50)}
    assert len(secrets) == 50
    assert all(s.startswith("whsec_") and len(s) > 40 for s in secrets)


def test_the_snippet_of_the_guide_verifies_a_real_delivery(
    org_a, receiver, django_capture_on_commit_callbacks
):
    from turnout.people.services import PersonData, person_upsert

    code = re.search(r"```python\n(.*?)```", GUIDE.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(GUIDE), "exec"), namespace)  # noqa: S102  (our own documentation)
    verify = namespace["verify_turnout_signature"]

    _subscription, secret = subscribe(org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        person_upsert(organization=org_a, data=PersonData(given_name="Léa"), source="test")
    got = receiver.requests[0]
    header = got.headers["Turnout-Signature"]
    assert verify(secret, got.body, header)
    assert not verify(secret, got.body.replace(b"L", b"M"), header)
    assert not verify("whsec_someone_else", got.body, header)
