from django.urls import include, path

from . import views

app_name = "people"

# Mounted under /<lang>/o/<org_slug>/people/.
urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("new/", views.PersonCreateView.as_view(), name="create"),
    path("<uuid:person_uuid>/", views.PersonDetailView.as_view(), name="detail"),
    path("<uuid:person_uuid>/edit/", views.PersonEditView.as_view(), name="edit"),
    path("<uuid:person_uuid>/tags/", views.PersonTagView.as_view(), name="person_tags"),
    path("<uuid:person_uuid>/notes/", views.PersonNoteView.as_view(), name="person_note"),
    path("<uuid:person_uuid>/consents/", views.PersonConsentView.as_view(), name="person_consent"),
    path("tags/", views.TagListView.as_view(), name="tags"),
    path("fields/", views.CustomFieldListView.as_view(), name="fields"),
    path(
        "fields/<int:field_id>/delete/", views.CustomFieldDeleteView.as_view(), name="field_delete"
    ),
    path("suppressions/", views.SuppressionListView.as_view(), name="suppressions"),
    path(
        "suppressions/<int:suppression_id>/lift/",
        views.SuppressionLiftView.as_view(),
        name="suppression_lift",
    ),
    path("export/", views.PeopleExportView.as_view(), name="export"),
    path("imports/", include("turnout.people.imports.urls")),
    path("segments/", include("turnout.people.segments.urls")),
    path("", include("turnout.people.rights.urls")),
]
