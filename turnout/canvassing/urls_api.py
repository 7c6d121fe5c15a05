"""The canvassing app: api part, joined by ``urls_canvass`` (namespace ``canvass``)."""

from django.urls import path

from . import api

app_name = "canvass"

urlpatterns = [
    path("api/turfs/", api.TurfsApi.as_view(), name="api_turfs"),
    path("api/turfs/<uuid:turf_uuid>/", api.TurfApi.as_view(), name="api_turf"),
    path("api/visits/", api.VisitsApi.as_view(), name="api_visits"),
]
