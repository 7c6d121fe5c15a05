"""Public pages of the core area (namespace ``campaigns_public``, under /<lang>/c/)."""

from django.urls import path

from .. import views_core as views

urlpatterns = [
    path("<slug:slug>/", views.LandingView.as_view(), name="landing"),
    path("<slug:slug>/visual.png", views.CampaignVisualView.as_view(), name="visual"),
    path("<slug:slug>/charter/", views.PublicCharterView.as_view(), name="charter"),
    path("<slug:slug>/join/", views.JoinView.as_view(), name="join"),
]
