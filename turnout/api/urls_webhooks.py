"""Workspace pages of outgoing webhooks, under /<lang>/o/<org_slug>/api/webhooks/
(namespace ``api_webhooks``)."""

from django.urls import path

from .webhooks import views

app_name = "api_webhooks"

ONE = "<int:webhook_id>/"
DELIVERY = f"{ONE}deliveries/<int:webhook_delivery_id>/"

urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("new/", views.FormView.as_view(), name="new"),
    path(ONE, views.DetailView.as_view(), name="detail"),
    path(f"{ONE}edit/", views.FormView.as_view(), name="edit"),
    path(f"{ONE}test/", views.PingView.as_view(), name="ping"),
    path(f"{ONE}secret/", views.RotateView.as_view(), name="rotate"),
    path(f"{ONE}enable/", views.EnableView.as_view(), name="enable"),
    path(f"{ONE}disable/", views.DisableView.as_view(), name="disable"),
    path(f"{ONE}delete/", views.DeleteView.as_view(), name="delete"),
    path(f"{ONE}replay/", views.ReplayFailedView.as_view(), name="replay_failed"),
    path(DELIVERY, views.DeliveryView.as_view(), name="delivery"),
    path(f"{DELIVERY}replay/", views.ReplayOneView.as_view(), name="replay"),
]
