"""Provider webhooks: delivery reports and inbound messages (SMS), delivery events (email).

Each request is verified by the provider's adapter (signature on the raw body, or the secret
token in the URL for providers that sign nothing) before anything is read; a replayed event
is recognised by its id and changes nothing. A rejected request gets 403 and is logged.
"""

from __future__ import annotations

import logging

from anymail.signals import tracking
from django.conf import settings
from django.dispatch import receiver
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .providers.base import WebhookRejected

logger = logging.getLogger("turnout.messaging")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def provider_webhook(request, provider: str):
    from .providers import get_provider
    from .services import inbound_receive, provider_optout_receive, status_apply

    if provider not in settings.TURNOUT_SMS_PROVIDERS:
        raise Http404
    adapter = get_provider(provider)
    try:
        parsed = adapter.parse_webhook(request)
    except WebhookRejected as exc:
        logger.warning("webhook rejected", extra={"provider": provider, "reason": str(exc)})
        return HttpResponseForbidden("rejected")
    for event in parsed.statuses:
        status_apply(provider=provider, event=event)
    for inbound in parsed.inbound:
        inbound_receive(provider=provider, inbound=inbound)
    for opt_out in parsed.opt_outs:
        provider_optout_receive(provider=provider, opt_out=opt_out)
    return HttpResponse(parsed.response_body, content_type=parsed.response_content_type)


@receiver(tracking, dispatch_uid="turnout-messaging-tracking")
def _anymail_tracking(sender, event, esp_name, **kwargs):
    """Anymail's signal carries the delivery events of every ESP, verified by its webhook."""
    from .services import email_event_apply

    email_event_apply(esp=esp_name, event=event)
