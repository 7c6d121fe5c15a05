"""Conversations with the assistant: the list (channel, partner, language, outcome counts)
and one conversation's turns. Who the person is shows only when they agreed to be
remembered, and that view is written in the access log like a person's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from turnout.people.models import AccessLog
from turnout.people.services import access_log_record

from . import selectors
from .forms import LANGUAGE_NAMES
from .models import Channel
from .views import AssistantMixin

PAGE_SIZE = 50


class ConversationsMixin(AssistantMixin):
    section = "conversations"
    permission_required = "assistant.view_conversations"


class ConversationListView(ConversationsMixin, TemplateView):
    template_name = "assistant/conversations/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        channel = self.request.GET.get("channel", "")
        channel = channel if channel in Channel.values else ""
        language = self.request.GET.get("language", "")
        language = language if language in LANGUAGE_NAMES else ""
        rows = selectors.conversations_list(
            organization=self.organization, channel=channel, language=language
        )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = "&".join(f"{k}={v}" for k, v in (("channel", channel), ("language", language)) if v)
        context.update(
            page=page,
            channel=channel,
            language=language,
            channels=Channel.choices,
            languages=LANGUAGE_NAMES.items(),
            query=query,
        )
        return context


class ConversationView(ConversationsMixin, TemplateView):
    template_name = "assistant/conversations/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conversation = selectors.conversation_get(
            organization=self.organization, conversation_id=self.kwargs["assistant_conversation_id"]
        )
        personal = conversation.remember and conversation.person_id is not None
        if personal:
            access_log_record(
                organization=self.organization,
                user=self.request.user,
                action=AccessLog.Action.VIEW,
                person=conversation.person,
                description=f"assistant conversation {conversation.pk}",
            )
        context.update(
            conversation=conversation,
            personal=personal,
            turns=selectors.conversation_turns(conversation=conversation),
            can_view_people=self.can("people.view_people"),
        )
        return context
