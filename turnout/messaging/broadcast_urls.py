from django.urls import path

from . import broadcast_views as views

app_name = "broadcasts"

urlpatterns = [
    path("", views.BroadcastListView.as_view(), name="list"),
    path("new/", views.BroadcastFormView.as_view(), name="create"),
    path("settings/", views.MessagingSettingsView.as_view(), name="settings"),
    path("<int:broadcast_id>/", views.BroadcastDetailView.as_view(), name="detail"),
    path("<int:broadcast_id>/edit/", views.BroadcastFormView.as_view(), name="edit"),
    path("<int:broadcast_id>/stats/", views.BroadcastStatsView.as_view(), name="stats"),
    path("<int:broadcast_id>/send/", views.BroadcastSendView.as_view(), name="send"),
    path("<int:broadcast_id>/cancel/", views.BroadcastCancelView.as_view(), name="cancel"),
    path("<int:broadcast_id>/test/", views.BroadcastTestView.as_view(), name="test"),
    path("<int:broadcast_id>/duplicate/", views.BroadcastDuplicateView.as_view(), name="duplicate"),
]
