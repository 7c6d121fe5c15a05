"""Workspace pages of the limits area, mounted under /<lang>/o/<org_slug>/donations/
(namespace ``donations``)."""

from django.urls import path

from . import views_limits as views

app_name = "donations"

urlpatterns = [
    path("settings/legal/", views.LegalProfileView.as_view(), name="settings_profile"),
    path("offline/", views.OfflineListView.as_view(), name="offline_list"),
    path("offline/new/", views.OfflineNewView.as_view(), name="offline_new"),
]
