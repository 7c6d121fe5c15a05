"""The public API: OSDI 1.1 at /api/v1/, the Action Network flavour at /api/v2/ (same views,
``action_network:`` identifiers, only for tokens marked Action Network compatible)."""

from django.urls import include, path

from .osdi.urls import osdi_patterns

app_name = "api"

urlpatterns: list = [
    path("v1/", include((osdi_patterns(), "v1"))),
    path("v2/", include((osdi_patterns(), "v2"))),
]
