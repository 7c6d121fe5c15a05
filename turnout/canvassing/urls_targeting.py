"""Workspace pages of the targeting area, mounted under /<lang>/o/<org_slug>/canvassing/ (namespace
``canvassing``)."""

from django.urls import path

from . import views_targeting as views

app_name = "canvassing"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/prepare/", views.MapPrepareView.as_view(), name="map_prepare"),
    path("addresses/", views.AddressListView.as_view(), name="addresses"),
    path("addresses/import/", views.AddressImportView.as_view(), name="address_import"),
    path("stations/", views.StationListView.as_view(), name="stations"),
    path("stations/import/", views.StationsImportView.as_view(), name="stations_import"),
    path("stations/<int:station_id>/", views.StationDetailView.as_view(), name="station_detail"),
    path("results/import/", views.ResultsImportView.as_view(), name="results_import"),
    path("imports/", views.ImportListView.as_view(), name="imports"),
    path("imports/<uuid:job_uuid>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("imports/<uuid:job_uuid>/undo/", views.ImportUndoView.as_view(), name="import_undo"),
    path("imports/<uuid:job_uuid>/report/", views.ImportReportView.as_view(), name="import_report"),
]
