"""Organizer pages of the assistant, under /<lang>/o/<org_slug>/assistant/ (namespace
``assistant``)."""

from django.urls import path

from . import views, views_channels, views_conversations, views_elections, views_inbox, views_kb

app_name = "assistant"

ENTRY = "kb/<int:kb_entry_id>/"
QUESTION = "inbox/<int:inbox_question_id>/"
CHANNEL = "channels/<int:channel_account_id>/"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("elections/", views_elections.ElectionListView.as_view(), name="elections"),
    path("elections/new/", views_elections.ElectionEditView.as_view(), name="election_new"),
    path(
        "elections/<int:election_id>/",
        views_elections.ElectionEditView.as_view(),
        name="election_edit",
    ),
    path("kb/", views_kb.EntryListView.as_view(), name="entries"),
    path("kb/new/", views_kb.EntryEditView.as_view(), name="entry_new"),
    path("kb/install/", views_kb.InstallView.as_view(), name="install"),
    path("kb/console/", views_kb.ConsoleView.as_view(), name="console"),
    path(ENTRY, views_kb.EntryEditView.as_view(), name="entry_edit"),
    path(f"{ENTRY}action/", views_kb.EntryActionView.as_view(), name="entry_action"),
    path("inbox/", views_inbox.InboxListView.as_view(), name="inbox"),
    path(QUESTION, views_inbox.InboxQuestionView.as_view(), name="inbox_question"),
    path(f"{QUESTION}action/", views_inbox.InboxActionView.as_view(), name="inbox_action"),
    path(f"{QUESTION}entry/", views_kb.EntryEditView.as_view(), name="inbox_entry"),
    path(
        "conversations/", views_conversations.ConversationListView.as_view(), name="conversations"
    ),
    path(
        "conversations/<int:assistant_conversation_id>/",
        views_conversations.ConversationView.as_view(),
        name="conversation",
    ),
    path("channels/", views_channels.ChannelListView.as_view(), name="channels"),
    path("channels/new/", views_channels.ChannelEditView.as_view(), name="channel_new"),
    path(CHANNEL, views_channels.ChannelEditView.as_view(), name="channel_edit"),
    path(f"{CHANNEL}active/", views_channels.ChannelActiveView.as_view(), name="channel_active"),
]
