# Mounted by turnout/people/urls.py under /<lang>/o/<org_slug>/people/ (namespace "people").
from django.urls import path

from . import views

urlpatterns = [
    path("duplicates/", views.DuplicateListView.as_view(), name="duplicates"),
    path(
        "duplicates/<int:candidate_id>/merge/",
        views.DuplicateMergeView.as_view(),
        name="duplicate_merge",
    ),
    path(
        "duplicates/<int:candidate_id>/dismiss/",
        views.DuplicateDismissView.as_view(),
        name="duplicate_dismiss",
    ),
    path("<uuid:person_uuid>/rights/", views.PersonRightsView.as_view(), name="person_rights"),
    path("<uuid:person_uuid>/export/", views.PersonDsarView.as_view(), name="person_dsar"),
    path("<uuid:person_uuid>/erase/", views.PersonEraseView.as_view(), name="person_erase"),
    path("<uuid:person_uuid>/object/", views.PersonObjectView.as_view(), name="person_object"),
    path("retention/", views.RetentionView.as_view(), name="retention"),
    path("register/", views.ProcessingRegisterView.as_view(), name="processing_register"),
    path("access-log/", views.AccessLogView.as_view(), name="access_log"),
]
