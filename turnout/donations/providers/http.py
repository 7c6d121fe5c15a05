"""A small HTTP helper for the payment adapters: timeouts, no proxies picked up by surprise,
no automatic retries (a retried POST could start a second checkout), transport errors, 429 and
5xx turned into transient ``PaymentError``."""

from __future__ import annotations

import requests
from django.utils.translation import gettext

from .base import PaymentError, option


def send(provider: str, options: dict, method: str, url: str, **kwargs) -> requests.Response:
    kwargs.setdefault(
        "timeout",
        (
            float(option(options, "connect_timeout", 5.0)),
            float(option(options, "read_timeout", 15.0)),
        ),
    )
    with requests.Session() as session:
        session.trust_env = False
        try:
            response = session.request(method, url, **kwargs)
        except requests.exceptions.RequestException as exc:
            raise PaymentError(
                gettext("Could not reach %(provider)s.") % {"provider": provider},
                transient=True,
                code="connection",
            ) from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise PaymentError(
            gettext("%(provider)s is unavailable (HTTP %(status)s).")
            % {"provider": provider, "status": response.status_code},
            transient=True,
            code=str(response.status_code),
        )
    return response


def json_of(response: requests.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
