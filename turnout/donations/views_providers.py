"""Payment provider endpoints: the webhooks (``/hooks/donations/<provider>/``, outside the
language prefix) and the local test provider's checkout page."""

from __future__ import annotations

import logging

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .models import Donation
from .providers import get_payment_backend, payment_backend_names
from .providers.base import PaymentError, WebhookRejected
from .providers.test import TestPaymentBackend
from .services.events import EventNotReady, payment_event_apply

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request, provider: str):
    if provider not in payment_backend_names():
        raise Http404
    try:
        backend = get_payment_backend(provider)
    except ImproperlyConfigured as exc:
        raise Http404 from exc
    try:
        events = backend.parse_webhook(request)
    except WebhookRejected as exc:
        logger.warning("Payment webhook rejected: %s", exc)
        return HttpResponseBadRequest("rejected", content_type="text/plain")
    except PaymentError as exc:  # the provider could not be asked (Mollie fetch)
        logger.warning("Payment webhook of %s not processed: %s", provider, exc)
        return HttpResponse("retry later", status=503, content_type="text/plain")
    for event in events:
        try:
            payment_event_apply(provider=backend.alias, event=event)
        except EventNotReady:
            return HttpResponse("retry later", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_http_methods(["GET", "POST"])
def test_checkout(request, token: str):
    data = TestPaymentBackend.read_token(token)
    if data is None:
        raise Http404
    backend = get_payment_backend(data["p"])
    if not isinstance(backend, TestPaymentBackend):
        raise Http404
    donation = get_object_or_404(
        Donation.objects.select_related("organization"), pk=data["d"], provider=backend.alias
    )
    if request.method == "POST":
        paid = request.POST.get("outcome") == "pay"
        for event in backend.events_for(data, paid=paid):
            payment_event_apply(provider=backend.alias, event=event)
        return redirect(data["ok"] if paid else data["no"])
    return render(
        request,
        "donations/providers/test_checkout.html",
        {
            "donation": donation,
            "amount": donation.amount_cents / 100,
            "monthly": bool(data.get("m")),
            "backend": backend,
        },
    )
