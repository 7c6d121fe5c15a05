"""Workspace pages of events, under /<lang>/o/<org_slug>/events/ (namespace ``events``)."""

from django.urls import path

from . import views, views_checkin

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("new/", views.EventFormView.as_view(mode="create"), name="create"),
    path("propose/", views.EventFormView.as_view(mode="propose"), name="propose"),
    path("proposals/", views.ProposalListView.as_view(), name="proposals"),
    path(
        "checkin/<str:attendance_token>/",
        views_checkin.CheckinOneView.as_view(),
        name="checkin_one",
    ),
    path("<int:event_id>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:event_id>/edit/", views.EventFormView.as_view(mode="edit"), name="edit"),
    path(
        "<int:event_id>/publish/",
        views.EventStatusView.as_view(operation="publish"),
        name="publish",
    ),
    path(
        "<int:event_id>/approve/",
        views.EventStatusView.as_view(operation="approve"),
        name="approve",
    ),
    path("<int:event_id>/reject/", views.EventRejectView.as_view(), name="reject"),
    path("<int:event_id>/cancel/", views.EventCancelView.as_view(), name="cancel"),
    path("<int:event_id>/export/", views.AttendeesExportView.as_view(), name="export"),
    path("<int:event_id>/checkin/", views_checkin.CheckinListView.as_view(), name="checkin"),
]
