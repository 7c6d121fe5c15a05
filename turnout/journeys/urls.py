from django.urls import path

from . import views

app_name = "journeys"

# Mounted under /<lang>/o/<org_slug>/journeys/.
urlpatterns = [
    path("", views.JourneyListView.as_view(), name="list"),
    path("new/", views.JourneyFormView.as_view(), name="create"),
    path("tasks/", views.TaskListView.as_view(), name="tasks"),
    path("tasks/<int:task_id>/done/", views.TaskDoneView.as_view(), name="task_done"),
    path("<int:journey_id>/", views.JourneyDetailView.as_view(), name="detail"),
    path("<int:journey_id>/settings/", views.JourneyFormView.as_view(), name="edit"),
    *[
        path(
            f"<int:journey_id>/{operation}/",
            views.JourneyStatusView.as_view(operation=operation),
            name=operation,
        )
        for operation in ("activate", "pause", "resume", "archive")
    ],
    path("<int:journey_id>/steps/new/", views.StepFormView.as_view(), name="step_new"),
    path("<int:journey_id>/steps/<int:step_id>/", views.StepFormView.as_view(), name="step_edit"),
    path(
        "<int:journey_id>/steps/<int:step_id>/remove/",
        views.StepRemoveView.as_view(),
        name="step_remove",
    ),
    path(
        "<int:journey_id>/people/<int:enrollment_id>/",
        views.EnrollmentView.as_view(),
        name="enrollment",
    ),
    path(
        "<int:journey_id>/people/<int:enrollment_id>/exit/",
        views.EnrollmentExitView.as_view(),
        name="enrollment_exit",
    ),
]
