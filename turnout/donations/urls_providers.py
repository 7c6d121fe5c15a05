"""Mounted at /hooks/donations/ (outside the language prefix)."""

from django.urls import path

from . import views_providers

app_name = "donation_hooks"

urlpatterns = [path("<slug:provider>/", views_providers.webhook, name="webhook")]
