from django.urls import path

from . import api

app_name = "assistant_api"

urlpatterns = [
    path("ask", api.ask, name="ask"),
]
