# Mounted by turnout/people/urls.py under /<lang>/o/<org_slug>/people/segments/, inside the
# "people" namespace.
from django.urls import path

from . import views

urlpatterns = [
    path("", views.SegmentListView.as_view(), name="segments"),
    path("new/", views.SegmentBuilderView.as_view(), name="segment_new"),
    path("count/", views.SegmentCountView.as_view(), name="segment_count"),
    path("<int:segment_id>/", views.SegmentDetailView.as_view(), name="segment_detail"),
    path("<int:segment_id>/edit/", views.SegmentBuilderView.as_view(), name="segment_edit"),
    path("<int:segment_id>/delete/", views.SegmentDeleteView.as_view(), name="segment_delete"),
    path(
        "<int:segment_id>/snapshot/",
        views.SegmentSnapshotView.as_view(),
        name="segment_snapshot",
    ),
    path("lists/", views.ListListView.as_view(), name="lists"),
    path("lists/<int:list_id>/", views.ListDetailView.as_view(), name="list_detail"),
    path("lists/<int:list_id>/delete/", views.ListDeleteView.as_view(), name="list_delete"),
    path(
        "lists/<int:list_id>/members/<uuid:person_uuid>/remove/",
        views.ListMemberRemoveView.as_view(),
        name="list_member_remove",
    ),
]
