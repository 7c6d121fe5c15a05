"""Workspace pages of the insights area (initiator only): impact dashboard and exports, sister
campaigns, sales pipeline."""

from django.urls import path

from .. import views_insights as views

urlpatterns: list = [
    path("<slug:campaign_slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "<slug:campaign_slug>/dashboard/organizations.csv",
        views.DashboardCsvView.as_view(),
        name="dashboard_csv",
    ),
    path(
        "<slug:campaign_slug>/dashboard/report.pdf",
        views.DashboardPdfView.as_view(),
        name="dashboard_pdf",
    ),
    path("<slug:campaign_slug>/sisters/", views.SistersView.as_view(), name="sisters"),
    path(
        "<slug:campaign_slug>/sisters/new/", views.SisterCreateView.as_view(), name="sister_create"
    ),
    path("<slug:campaign_slug>/pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path(
        "<slug:campaign_slug>/pipeline/report/",
        views.PipelineReportView.as_view(),
        name="pipeline_report",
    ),
    path(
        "<slug:campaign_slug>/pipeline/add-all/",
        views.LeadCreateAllView.as_view(),
        name="lead_create_all",
    ),
    path("<slug:campaign_slug>/pipeline/add/", views.LeadCreateView.as_view(), name="lead_create"),
    path(
        "<slug:campaign_slug>/pipeline/<int:lead_id>/",
        views.LeadEditView.as_view(),
        name="lead_edit",
    ),
    path(
        "<slug:campaign_slug>/pipeline/<int:lead_id>/move/",
        views.LeadMoveView.as_view(),
        name="lead_move",
    ),
    path(
        "<slug:campaign_slug>/pipeline/<int:lead_id>/undo/",
        views.LeadUndoView.as_view(),
        name="lead_undo",
    ),
]
