from django.urls import path

from . import views

app_name = "actions"

# Mounted under /<lang>/o/<org_slug>/actions/.
urlpatterns = [
    path("", views.ActionListView.as_view(), name="list"),
    path("new/", views.ActionFormView.as_view(), name="create"),
    path("<int:action_id>/edit/", views.ActionFormView.as_view(), name="edit"),
    path(
        "<int:action_id>/publish/",
        views.ActionStatusView.as_view(operation="publish"),
        name="publish",
    ),
    path("<int:action_id>/close/", views.ActionStatusView.as_view(operation="close"), name="close"),
]
