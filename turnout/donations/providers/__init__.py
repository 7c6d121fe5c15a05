"""Payment backends chosen by settings (``TURNOUT_PAYMENT_PROVIDERS``), like the SMS ones.

``get_payment_backend(name)`` returns the configured backend called ``name`` (default:
``TURNOUT_PAYMENT_PROVIDER``, the local test provider when nothing is configured)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from .base import PaymentBackend

__all__ = ["get_payment_backend", "payment_backend_names"]

DEFAULT_PROVIDERS = {
    "test": {"BACKEND": "turnout.donations.providers.test.TestPaymentBackend", "OPTIONS": {}}
}

_lock = threading.Lock()
_instances: dict[str, PaymentBackend] = {}


def _providers() -> dict:
    return getattr(settings, "TURNOUT_PAYMENT_PROVIDERS", None) or DEFAULT_PROVIDERS


def payment_backend_names() -> list[str]:
    return list(_providers())


def get_payment_backend(name: str | None = None) -> PaymentBackend:
    if name is None:
        name = getattr(settings, "TURNOUT_PAYMENT_PROVIDER", "") or "test"
    instance = _instances.get(name)
    if instance is None:
        with _lock:
            instance = _instances.get(name)
            if instance is None:
                instance = _instances[name] = _build(name)
    return instance


def _build(name: str) -> PaymentBackend:
    providers = _providers()
    if name not in providers:
        known = ", ".join(sorted(providers)) or "none"
        raise ImproperlyConfigured(
            f"Payment provider {name!r} is not in TURNOUT_PAYMENT_PROVIDERS ({known})."
        )
    config = providers[name]
    try:
        cls = import_string(config["BACKEND"])
    except (KeyError, ImportError) as exc:
        raise ImproperlyConfigured(f"Payment provider {name!r}: bad BACKEND ({exc}).") from exc
    if not (isinstance(cls, type) and issubclass(cls, PaymentBackend)):
        raise ImproperlyConfigured(f"Payment provider {name!r}: BACKEND is not a PaymentBackend.")
    instance = cls(**dict(config.get("OPTIONS") or {}))
    instance.alias = name
    return instance


def _reset(**kwargs) -> None:
    if kwargs.get("setting") in ("TURNOUT_PAYMENT_PROVIDERS", "TURNOUT_PAYMENT_PROVIDER"):
        with _lock:
            _instances.clear()


setting_changed.connect(_reset, dispatch_uid="turnout.donations.providers.reset")
