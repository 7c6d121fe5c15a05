"""Workspace pages of the pages area, mounted under /<lang>/o/<org_slug>/donations/ (namespace
``donations``)."""

from django.urls import path

from . import views_pages as views

app_name = "donations"

urlpatterns = [
    path("pages/", views.PageListView.as_view(), name="page_list"),
    path("pages/new/", views.PageFormView.as_view(), name="page_create"),
    path("pages/<int:page_id>/", views.PageFormView.as_view(), name="page_edit"),
    path("pages/<int:page_id>/status/", views.PageStatusView.as_view(), name="page_status"),
    path("pages/<int:page_id>/preview/", views.PagePreviewView.as_view(), name="page_preview"),
]
