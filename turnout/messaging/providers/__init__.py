"""SMS provider adapters, chosen by settings like Django's mail backends.

Settings::

    TURNOUT_SMS_PROVIDERS = {
        "outbox": {"BACKEND": "turnout.messaging.providers.outbox.OutboxProvider"},
        "twilio": {
            "BACKEND": "turnout.messaging.providers.twilio.TwilioProvider",
            "OPTIONS": {"account_sid": "AC...", "auth_token": "...", "from_number": "+33..."},
        },
    }
    TURNOUT_SMS_PROVIDER = "outbox"  # the name get_provider() returns when given none

``BACKEND`` is the dotted path of an :class:`~.base.SmsProvider` subclass; ``OPTIONS`` (lower-
case keys) are passed to it as keyword arguments. Options every adapter understands:
``base_url``, ``connect_timeout``, ``read_timeout`` (seconds) and ``rate_per_s``; each
adapter's module lists its own. Instances are created once per process and name (adapters hold
connection pools) and forgotten when these settings change (``override_settings`` in tests).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from .base import SmsProvider

__all__ = ["get_provider", "provider_names"]

_lock = threading.Lock()
_instances: dict[str, SmsProvider] = {}


def provider_names() -> list[str]:
    return list(getattr(settings, "TURNOUT_SMS_PROVIDERS", {}) or {})


def get_provider(name: str | None = None) -> SmsProvider:
    """The configured adapter called ``name`` (default: ``TURNOUT_SMS_PROVIDER``)."""
    if name is None:
        name = getattr(settings, "TURNOUT_SMS_PROVIDER", "") or ""
    instance = _instances.get(name)
    if instance is not None:
        return instance
    with _lock:
        instance = _instances.get(name)
        if instance is None:
            instance = _instances[name] = _build(name)
    return instance


def _build(name: str) -> SmsProvider:
    providers = getattr(settings, "TURNOUT_SMS_PROVIDERS", None) or {}
    if name not in providers:
        known = ", ".join(providers) or "empty"
        raise ImproperlyConfigured(
            f"SMS provider {name!r} is not in TURNOUT_SMS_PROVIDERS ({known})."
        )
    config = providers[name]
    try:
        cls = import_string(config["BACKEND"])
    except (KeyError, ImportError) as exc:
        raise ImproperlyConfigured(
            f"SMS provider {name!r}: bad or missing BACKEND ({exc})."
        ) from exc
    if not (isinstance(cls, type) and issubclass(cls, SmsProvider)):
        raise ImproperlyConfigured(f"SMS provider {name!r}: BACKEND is not an SmsProvider.")
    instance = cls(**dict(config.get("OPTIONS") or {}))
    instance.alias = name
    return instance


def _reset(**kwargs) -> None:
    if kwargs.get("setting") in ("TURNOUT_SMS_PROVIDERS", "TURNOUT_SMS_PROVIDER"):
        with _lock:
            _instances.clear()


setting_changed.connect(_reset, dispatch_uid="turnout.messaging.providers.reset")
