from django.urls import path

from . import editor_views, views

app_name = "actions"

# Mounted under /<lang>/o/<org_slug>/actions/.
urlpatterns = [
    path("", views.ActionListView.as_view(), name="list"),
    path("new/", views.ActionFormView.as_view(), name="create"),
    path("<int:action_id>/", views.ActionDetailView.as_view(), name="detail"),
    path("<int:action_id>/edit/", views.ActionFormView.as_view(), name="edit"),
    path(
        "<int:action_id>/publish/",
        views.ActionStatusView.as_view(operation="publish"),
        name="publish",
    ),
    path("<int:action_id>/close/", views.ActionStatusView.as_view(operation="close"), name="close"),
    path("<int:action_id>/questions/", editor_views.QuestionEditView.as_view(), name="questions"),
    path("<int:action_id>/asks/", editor_views.AskEditView.as_view(), name="asks"),
    path("<int:action_id>/sponsors/", editor_views.SponsorEditView.as_view(), name="sponsors"),
    path("<int:action_id>/export/", views.SubmissionsExportView.as_view(), name="export"),
    path("<int:action_id>/intake/retry/", views.IntakeRetryView.as_view(), name="intake_retry"),
    path("<int:action_id>/deliveries/", views.DeliveryPrepareView.as_view(), name="deliver"),
    path(
        "<int:action_id>/deliveries/<int:delivery_id>/pdf/",
        views.DeliveryFileView.as_view(file_format="pdf"),
        name="delivery_pdf",
    ),
    path(
        "<int:action_id>/deliveries/<int:delivery_id>/csv/",
        views.DeliveryFileView.as_view(file_format="csv"),
        name="delivery_csv",
    ),
]
