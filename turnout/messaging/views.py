"""The Outbox screen: only while the site sends into the local outbox (development, demo)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
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

    def post(self, request, message_id):
        """Simulate the person's reply to an SMS, as if the outbox provider had received it:
        it reaches the conversation, and a STOP opts the number out."""
        from .providers.base import InboundSms
        from .services import inbound_receive

        message = get_object_or_404(OutboxMessage, pk=message_id, channel=OutboxMessage.Channel.SMS)
        body = request.POST.get("body", "").strip()
        if not body or not message.to:
            flash.error(request, _("Write the reply."))
            return redirect("messaging:outbox_message", message_id=message.pk)
        received = inbound_receive(
            provider="outbox",
            inbound=InboundSms(
                event_id=str(uuid.uuid4()),
                sender=message.to[0],
                recipient=message.sender,
                body=body[:1600],
            ),
        )
        if received is None:
            flash.error(request, _("The reply could not be matched to an organization."))
        else:
            flash.success(request, _("Reply received from %(number)s.") % {"number": message.to[0]})
        return redirect("messaging:outbox_message", message_id=message.pk)
