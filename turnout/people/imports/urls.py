"""Mounted by turnout/people/urls.py under /<lang>/o/<org_slug>/people/imports/ (namespace
"people")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ImportListView.as_view(), name="imports"),
    path("new/", views.ImportNewView.as_view(), name="import_new"),
    path("<int:import_id>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("<int:import_id>/columns/", views.ImportMapView.as_view(), name="import_map"),
    path("<int:import_id>/undo/", views.ImportUndoView.as_view(), name="import_undo"),
    path("<int:import_id>/resume/", views.ImportResumeView.as_view(), name="import_resume"),
    path("<int:import_id>/report/", views.ImportRejectsView.as_view(), name="import_rejects"),
]
