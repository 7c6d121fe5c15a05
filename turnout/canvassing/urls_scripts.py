"""Workspace pages of survey scripts, live progress and the review of rejected visits, mounted
under /<lang>/o/<org_slug>/canvassing/ (namespace ``canvassing``)."""

from django.urls import path

from . import views_progress, views_scripts

app_name = "canvassing"

SCRIPT = "efforts/<int:effort_id>/script/"
QUESTION = f"{SCRIPT}questions/<slug:question_key>/"

urlpatterns = [
    path(SCRIPT, views_scripts.ScriptView.as_view(), name="effort_script"),
    path(
        f"{SCRIPT}questions/new/",
        views_scripts.QuestionFormView.as_view(),
        name="script_question_new",
    ),
    path(QUESTION, views_scripts.QuestionFormView.as_view(), name="script_question"),
    path(f"{QUESTION}move/", views_scripts.QuestionMoveView.as_view(), name="script_question_move"),
    path(
        f"{QUESTION}delete/",
        views_scripts.QuestionDeleteView.as_view(),
        name="script_question_delete",
    ),
    path(
        "efforts/<int:effort_id>/progress.json",
        views_progress.EffortProgressView.as_view(),
        name="effort_progress",
    ),
    path("visits/rejected/", views_progress.RejectedListView.as_view(), name="rejected_visits"),
    path(
        "visits/rejected/<int:rejected_id>/",
        views_progress.RejectedDetailView.as_view(),
        name="rejected_visit",
    ),
    path(
        "visits/rejected/<int:rejected_id>/dismiss/",
        views_progress.RejectedDismissView.as_view(),
        name="rejected_visit_dismiss",
    ),
]
