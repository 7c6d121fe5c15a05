"""The Outbox screen: only while the site sends into the local outbox (development, demo)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from .models import OutboxMessage


class OutboxEnabledMixin:
    def dispatch(self, request, *args, **kwargs):
        if not settings.TURNOUT_OUTBOX_UI:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OutboxView(OutboxEnabledMixin, TemplateView):
    template_name = "messaging/outbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        messages = OutboxMessage.objects.all()
        to = self.request.GET.get("to", "").strip()
        if to:
            messages = messages.filter(to__icontains=to)
        context["page"] = Paginator(messages, 30).get_page(self.request.GET.get("page"))
        context["to"] = to
        return context


class OutboxMessageView(OutboxEnabledMixin, TemplateView):
    template_name = "messaging/outbox_message.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["message"] = get_object_or_404(OutboxMessage, pk=kwargs["message_id"])
        return context
