"""Workspace pages of the turfs area, mounted under /<lang>/o/<org_slug>/canvassing/ (namespace
``canvassing``)."""

from django.urls import path

from . import views_teams
from . import views_turfs as views

app_name = "canvassing"

TURF = "efforts/<int:effort_id>/turfs/<int:turf_id>/"

urlpatterns = [
    path("efforts/", views.EffortListView.as_view(), name="efforts"),
    path("efforts/new/", views.EffortFormView.as_view(), name="effort_new"),
    path("efforts/<int:effort_id>/", views.EffortDetailView.as_view(), name="effort_detail"),
    path("efforts/<int:effort_id>/edit/", views.EffortFormView.as_view(), name="effort_edit"),
    path("efforts/<int:effort_id>/cut/", views.EffortCutView.as_view(), name="effort_cut"),
    path("efforts/<int:effort_id>/map.json", views.EffortMapView.as_view(), name="effort_map"),
    path(TURF, views.TurfDetailView.as_view(), name="turf_detail"),
    path(f"{TURF}move/", views.TurfMoveView.as_view(), name="turf_move"),
    path(f"{TURF}split/", views.TurfSplitView.as_view(), name="turf_split"),
    path(f"{TURF}merge/", views.TurfMergeView.as_view(), name="turf_merge"),
    path(f"{TURF}assign/", views.TurfAssignView.as_view(), name="turf_assign"),
    path("teams/", views_teams.TeamListView.as_view(), name="teams"),
    path("teams/new/", views_teams.TeamFormView.as_view(), name="team_new"),
    path("teams/<int:team_id>/", views_teams.TeamFormView.as_view(), name="team_edit"),
    path("teams/<int:team_id>/delete/", views_teams.TeamDeleteView.as_view(), name="team_delete"),
]
