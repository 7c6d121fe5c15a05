"""The canvassing app: app part, joined by ``urls_canvass`` (namespace ``canvass``): the app
shell, its service worker (served here so that its scope is the app) and its manifest."""

from django.urls import path

from . import views_app as views

app_name = "canvass"

urlpatterns: list = [
    path("", views.AppShellView.as_view(), name="app"),
    path("sw.js", views.ServiceWorkerView.as_view(), name="sw"),
    path("manifest.webmanifest", views.ManifestView.as_view(), name="manifest"),
]
