"""Uploaded files of the imports, kept in the private storage under a random name until the
import has run, and the signed "draft" that carries an upload from the upload step to the
options step (no table needed: the draft is signed for one organization and expires)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core import signing
from django.utils import timezone

from turnout.core.storage import private_storage

UPLOAD_DIR = "canvassing/uploads"
DRAFT_MAX_AGE = 24 * 3600  # seconds: an upload left at the options step for a day expires


class DraftExpired(ValueError):
    """The upload is too old, signed for another organization, or was tampered with."""


def upload_store(upload, *, extension: str) -> str:
    """Save an upload under a random name (imports may hold personal data: nobody can guess
    the name); return its storage name."""
    upload.seek(0)
    name = f"{UPLOAD_DIR}/{secrets.token_urlsafe(18)}.{extension}"
    return private_storage().save(name, upload)


def upload_open(name: str):
    return private_storage().open(name, "rb")


def upload_delete(name: str) -> None:
    if name and name.startswith(f"{UPLOAD_DIR}/"):
        storage = private_storage()
        if storage.exists(name):
            storage.delete(name)


def _salt(organization) -> str:
    return f"turnout.canvassing.import-draft.{organization.pk}"


def draft_sign(*, organization, data: dict) -> str:
    return signing.dumps(data, salt=_salt(organization), compress=True)


def draft_load(*, organization, token: str) -> dict:
    try:
        data = signing.loads(token or "", salt=_salt(organization), max_age=DRAFT_MAX_AGE)
    except signing.BadSignature:
        raise DraftExpired from None
    if not isinstance(data, dict) or not private_storage().exists(data.get("file", "")):
        raise DraftExpired
    return data


def uploads_purge(*, keep: set[str], older_than: timedelta | None = None) -> int:
    """Delete the uploads older than a day (or ``older_than``) that no unfinished import
    needs (``keep``): drafts abandoned at the options step."""
    storage = private_storage()
    cutoff = timezone.now() - (older_than or timedelta(seconds=DRAFT_MAX_AGE))
    try:
        names = storage.listdir(UPLOAD_DIR)[1]
    except FileNotFoundError:
        return 0
    purged = 0
    for short in names:
        name = f"{UPLOAD_DIR}/{short}"
        if name in keep:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified, timezone.get_default_timezone())
        if modified < cutoff:
            storage.delete(name)
            purged += 1
    return purged
