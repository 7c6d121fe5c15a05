"""Webhooks of the assistant's channels: WhatsApp Cloud API and the Alexa skill.

Thin adapters: the channel modules verify (signature on the raw body, replay window) and
handle; a rejected request gets 403 (WhatsApp) or 400 (Alexa, as Amazon asks) and nothing is
stored.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from turnout.messaging.providers.base import WebhookRejected
from turnout.messaging.providers.whatsapp import (
    verify_subscription,
    whatsapp_enabled,
    whatsapp_settings,
)

from .channels import alexa, whatsapp

logger = logging.getLogger("turnout.assistant")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    if not whatsapp_enabled():
        return HttpResponse("WhatsApp is off", status=404, content_type="text/plain")
    if request.method == "GET":
        try:
            challenge = verify_subscription(
                request.GET, whatsapp_settings().get("verify_token", "")
            )
        except WebhookRejected as exc:
            logger.warning("whatsapp subscription refused", extra={"reason": str(exc)})
            return HttpResponseForbidden("rejected")
        return HttpResponse(challenge, content_type="text/plain")
    try:
        whatsapp.notification_receive(
            body=request.body, signature=request.headers.get("X-Hub-Signature-256", "")
        )
    except WebhookRejected as exc:
        logger.warning("whatsapp webhook rejected", extra={"reason": str(exc)})
        return HttpResponseForbidden("rejected")
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def alexa_webhook(request):
    if not alexa.alexa_settings().get("enabled", True):
        return HttpResponse("Alexa is off", status=404, content_type="text/plain")
    try:
        payload = alexa.request_verify(body=request.body, headers=request.headers)
        answer = alexa.request_handle(payload)
    except alexa.AlexaRejected as exc:
        logger.warning("alexa request rejected", extra={"reason": str(exc)})
        return HttpResponseBadRequest("rejected")
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
