"""Workspace pages of monthly gifts, mounted under /<lang>/o/<org_slug>/donations/
(namespace ``donations``)."""

from django.urls import path

from . import views_subscriptions as views

app_name = "donations"

urlpatterns = [
    path("monthly/", views.SubscriptionListView.as_view(), name="subscription_list"),
    path(
        "monthly/<int:subscription_id>/",
        views.SubscriptionDetailView.as_view(),
        name="subscription_detail",
    ),
    path(
        "monthly/<int:subscription_id>/stop/",
        views.SubscriptionCancelView.as_view(),
        name="subscription_cancel",
    ),
    path(
        "monthly/<int:subscription_id>/simulate/",
        views.SubscriptionSimulateView.as_view(),
        name="subscription_simulate",
    ),
]
