"""Workspace pages of the analytics area, mounted under /<lang>/o/<org_slug>/donations/ (namespace
``donations``): every donation (list, one donation, its refund), donor analytics and the
accounting export."""

from django.urls import path

from . import views_analytics, views_list

app_name = "donations"

urlpatterns = [
    path("list/", views_list.DonationListView.as_view(), name="donation_list"),
    path(
        "list/<int:donation_id>/", views_list.DonationDetailView.as_view(), name="donation_detail"
    ),
    path(
        "list/<int:donation_id>/refund/",
        views_list.DonationRefundView.as_view(),
        name="donation_refund",
    ),
    path("analytics/", views_analytics.AnalyticsView.as_view(), name="analytics"),
    path("export/", views_analytics.ExportView.as_view(), name="export"),
]
