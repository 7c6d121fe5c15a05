"""Test overlay: fast hashing, tasks run immediately, mail into Django's in-memory outbox.

The database comes from DATABASE_URL like in production, so the same suite runs on SQLite
(default) and on PostgreSQL (CI sets DATABASE_URL).
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DATABASE_POOL", "0")
os.environ.setdefault("TURNOUT_VAR_DIR", tempfile.mkdtemp(prefix="turnout-test-"))
# Under pytest-xdist (`make test` runs one worker per core) each worker keeps its own files,
# media and SQLite database in a folder of its own.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and os.path.basename(os.environ["TURNOUT_VAR_DIR"]) != _worker:
    os.environ["TURNOUT_VAR_DIR"] = os.path.join(os.environ["TURNOUT_VAR_DIR"], _worker)

from .base import *  # noqa: E402, F403
from .base import DATABASES, VAR_DIR  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "jobs", "messages"],
    }
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TURNOUT_OUTBOX_UI = True
# Tests mostly run inside one transaction that other connections cannot see: dispatchers send
# from the calling thread. The fault test and the benchmark run real dispatcher processes.
TURNOUT_DISPATCH_CONCURRENCY = 1
TURNOUT_DEMO_SCALE = 0.01
JOB_HEARTBEAT_SECONDS = 0  # tests run jobs inside their own transaction
MEDIA_ROOT = VAR_DIR / "media"
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING_CONFIG = None
if "sqlite" in DATABASES["default"]["ENGINE"]:
    # A file (not :memory:) so live-server and threaded tests share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# Signatures go straight to the queue table; the spool's tests set a directory of their own.
TURNOUT_INTAKE_SPOOL_DIR = ""
# The fold never gives way (its pacing has tests of its own).
TURNOUT_INTAKE_FOLD_PEAK_SHARE = 1.0
