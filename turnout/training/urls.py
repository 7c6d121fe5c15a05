"""Workspace pages of training, under /<lang>/o/<org_slug>/training/ (namespace ``training``)."""

from django.urls import path

from . import views, views_manage

app_name = "training"

MODULE = "m/<int:module_id>/"
EDIT = f"manage/{MODULE}"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(MODULE, views.ModuleView.as_view(), name="module"),
    path(f"{MODULE}lesson/<int:lesson_id>/", views.LessonView.as_view(), name="lesson"),
    path(
        f"{MODULE}lesson/<int:lesson_id>/image/",
        views.LessonImageView.as_view(),
        name="lesson_image",
    ),
    path(f"{MODULE}quiz/", views.QuizView.as_view(), name="quiz"),
    path("manage/", views_manage.ModuleListView.as_view(), name="modules"),
    path("manage/new/", views_manage.ModuleFormView.as_view(), name="module_new"),
    path(f"{EDIT}", views_manage.ModuleFormView.as_view(), name="module_edit"),
    path(f"{EDIT}copy/", views_manage.ModuleCopyView.as_view(), name="module_copy"),
    path(f"{EDIT}publish/", views_manage.ModulePublishView.as_view(), name="module_publish"),
    path(f"{EDIT}lessons/new/", views_manage.LessonFormView.as_view(), name="lesson_new"),
    path(
        f"{EDIT}lessons/<int:lesson_id>/", views_manage.LessonFormView.as_view(), name="lesson_edit"
    ),
    path(
        f"{EDIT}lessons/<int:lesson_id>/action/",
        views_manage.LessonActionView.as_view(),
        name="lesson_action",
    ),
    path(f"{EDIT}questions/new/", views_manage.QuestionFormView.as_view(), name="question_new"),
    path(
        f"{EDIT}questions/<int:question_id>/",
        views_manage.QuestionFormView.as_view(),
        name="question_edit",
    ),
    path(
        f"{EDIT}questions/<int:question_id>/action/",
        views_manage.QuestionActionView.as_view(),
        name="question_action",
    ),
    path("requirements/", views_manage.RequirementsView.as_view(), name="requirements"),
    path(
        "requirements/<int:requirement_id>/delete/",
        views_manage.RequirementDeleteView.as_view(),
        name="requirement_delete",
    ),
    path("progress/", views_manage.ProgressView.as_view(), name="progress"),
    path("progress.csv", views_manage.ProgressCsvView.as_view(), name="progress_csv"),
]
