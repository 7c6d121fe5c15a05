from django.urls import path

from . import views_hooks

app_name = "assistant_hooks"

urlpatterns = [
    path("whatsapp/", views_hooks.whatsapp_webhook, name="whatsapp"),
    path("alexa/", views_hooks.alexa_webhook, name="alexa"),
]
