from django.urls import path

from . import views

app_name = "funnels"

# Mounted under /<lang>/o/<org_slug>/funnel/.
urlpatterns = [
    path("", views.ReportView.as_view(), name="report"),
    path("report.csv", views.ReportCsvView.as_view(), name="report_csv"),
    path("ladder/", views.LadderView.as_view(), name="ladder"),
    path("ladder/suggested/", views.SuggestedLadderView.as_view(), name="suggested"),
    path("ladder/recompute/", views.RecomputeView.as_view(), name="recompute"),
    path("ladder/rungs/new/", views.RungFormView.as_view(), name="rung_new"),
    path("ladder/rungs/<int:rung_id>/", views.RungFormView.as_view(), name="rung_edit"),
    path("ladder/rungs/<int:rung_id>/delete/", views.RungDeleteView.as_view(), name="rung_delete"),
    path("ladder/rungs/<int:rung_id>/move/", views.RungMoveView.as_view(), name="rung_move"),
]
