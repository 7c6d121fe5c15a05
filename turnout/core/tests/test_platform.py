import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from turnout.core.logging import JsonFormatter, RequestIdFilter, request_id_var
from turnout.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("path", ["/", "/fr/", "/en/", "/de/"])
def test_home_answers_in_every_language(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"Turnout" in response.content


def test_pages_carry_the_language_and_links_to_the_others(client):
    body = client.get("/de/").content.decode()
    assert '<html lang="de">' in body
    assert 'hreflang="fr"' in body and 'href="/fr/"' in body


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "jobs"]}
}


@override_settings(TASKS=DB_TASKS)
def test_readyz_needs_a_live_worker(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "alive": 0}
    WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="h", pid=1, last_seen=timezone.now() - timedelta(minutes=5)
    )
    assert client.get("/readyz").status_code == 503
    WorkerHeartbeat.objects.create(worker_id="w2", hostname="h", pid=2)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True


def test_security_headers_and_request_id(client):
    response = client.get("/en/", HTTP_X_REQUEST_ID="abc12345-proxy")
    assert response["X-Request-ID"] == "abc12345-proxy"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "'nonce-" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # A made-up id with odd characters is replaced, not echoed.
    bad = client.get("/en/", HTTP_X_REQUEST_ID="<script>")
    assert bad["X-Request-ID"] != "<script>"


def test_logs_are_json_with_the_request_id():
    record = logging.makeLogRecord(
        {"msg": "import %s done", "args": ("x",), "name": "t", "levelname": "INFO", "rows": 12}
    )
    token = request_id_var.set("req-123456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    payload = json.loads(JsonFormatter().format(record))
    assert payload["message"] == "import x done"
    assert payload["request_id"] == "req-123456"
    assert payload["rows"] == 12


def test_production_settings_pass_the_deploy_check():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(
        DJANGO_SETTINGS_MODULE="turnout.settings.base",
        SECRET_KEY="x7Gq2-very-long-random-production-key-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
        ALLOWED_HOSTS="turnout.example.org",
        TURNOUT_VAR_DIR=str(ROOT / "var" / "deploy-check"),
        EMAIL_URL="smtp+tls://turnout:secret@smtp.example.org:587",
        TURNOUT_HASH_KEY="another-long-random-value-kept-forever-0123456789",
    )
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET"))}
    env.update(
        DJANGO_SETTINGS_MODULE="turnout.settings.base",
        TURNOUT_VAR_DIR=str(ROOT / "var" / "deploy-check"),
    )
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_deploy_check_warns_about_mail_into_the_outbox_and_an_unset_hash_key():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE", "EMAIL", "TURNOUT_HASH"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="turnout.settings.base",
        SECRET_KEY="x7Gq2-very-long-random-production-key-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
        ALLOWED_HOSTS="turnout.example.org",
        TURNOUT_VAR_DIR=str(ROOT / "var" / "deploy-check"),
    )
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "turnout.W001" in result.stderr + result.stdout
    assert "turnout.W002" in result.stderr + result.stdout
