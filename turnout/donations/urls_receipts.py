"""Mounted under /<lang>/o/<org_slug>/donations/ (namespace "donations")."""

from django.urls import path

from . import views_receipts as views

app_name = "donations"

urlpatterns = [
    path("receipts/", views.ReceiptListView.as_view(), name="receipt_list"),
    path("receipts/export/", views.ReceiptExportView.as_view(), name="receipt_export"),
    path("receipts/annual/", views.ReceiptAnnualView.as_view(), name="receipt_annual"),
    path(
        "receipts/<int:receipt_id>/pdf/",
        views.ReceiptDownloadView.as_view(),
        name="receipt_download",
    ),
    path(
        "receipts/<int:receipt_id>/cancel/",
        views.ReceiptCancelView.as_view(),
        name="receipt_cancel",
    ),
]
