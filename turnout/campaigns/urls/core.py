"""Workspace pages of the core area (namespace ``campaigns``)."""

from django.urls import path

from .. import views_core as views

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="list"),
    path("new/", views.CampaignCreateView.as_view(), name="create"),
    path("<slug:campaign_slug>/", views.CampaignDetailView.as_view(), name="detail"),
    path("<slug:campaign_slug>/edit/", views.CampaignEditView.as_view(), name="edit"),
    path("<slug:campaign_slug>/status/", views.CampaignStatusView.as_view(), name="core_status"),
    path("<slug:campaign_slug>/charter/", views.CharterView.as_view(), name="charter"),
    path("<slug:campaign_slug>/partners/", views.PartnersView.as_view(), name="partners"),
    path(
        "<slug:campaign_slug>/partners/<int:partner_id>/",
        views.PartnerEditView.as_view(),
        name="core_partner_edit",
    ),
    path(
        "<slug:campaign_slug>/partners/<int:partner_id>/do/",
        views.PartnerActionView.as_view(),
        name="core_partner_action",
    ),
    path("<slug:campaign_slug>/moderation/", views.ModerationView.as_view(), name="moderation"),
    path(
        "<slug:campaign_slug>/moderation/<int:participation_id>/",
        views.DecisionView.as_view(),
        name="core_decide",
    ),
]
