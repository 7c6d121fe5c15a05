from django.urls import path

from . import texting_views as views

app_name = "texting"

# Mounted under /<lang>/o/<org_slug>/texting/.
urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaigns"),
    path("new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("<int:texting_id>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("<int:texting_id>/edit/", views.CampaignEditView.as_view(), name="campaign_edit"),
    path("<int:texting_id>/setup/", views.CampaignSetupView.as_view(), name="setup"),
    path(
        "<int:texting_id>/questions/<int:texting_question_id>/delete/",
        views.QuestionDeleteView.as_view(),
        name="question_delete",
    ),
    path(
        "<int:texting_id>/responses/<int:texting_canned_id>/delete/",
        views.CannedDeleteView.as_view(),
        name="canned_delete",
    ),
    path("<int:texting_id>/progress.json", views.CampaignProgressView.as_view(), name="progress"),
    path("<int:texting_id>/load/", views.CampaignLoadView.as_view(), name="load"),
    path("<int:texting_id>/status/", views.CampaignTransitionView.as_view(), name="transition"),
    path("<int:texting_id>/reassign/", views.ReassignView.as_view(), name="reassign"),
    path("<int:texting_id>/messages/", views.MessageReviewView.as_view(), name="messages"),
    path("<int:texting_id>/send/", views.SendView.as_view(), name="send"),
    path("<int:texting_id>/send/batch/", views.BatchView.as_view(), name="batch"),
    path("<int:texting_id>/send/release/", views.ReleaseView.as_view(), name="release"),
    path(
        "<int:texting_id>/conversations/",
        views.ConversationListView.as_view(),
        name="conversations",
    ),
    path(
        "<int:texting_id>/conversations/<int:texting_conversation_id>/",
        views.ConversationView.as_view(),
        name="conversation",
    ),
]
