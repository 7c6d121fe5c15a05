"""Webhook endpoints: outside the language prefix, no session, no CSRF (verified by signature)."""

from django.urls import include, path

from . import webhooks

urlpatterns = [
    path("sms/<str:provider>/", webhooks.provider_webhook, name="provider_webhook"),
    path("anymail/", include("anymail.urls")),
]
