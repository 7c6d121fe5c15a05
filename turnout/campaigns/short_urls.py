"""Short tracked links /r/<code> (no language prefix)."""

from django.urls import path

from .views_wall import tracked_link

app_name = "campaigns_short"
urlpatterns: list = [path("<str:code>", tracked_link, name="go")]
