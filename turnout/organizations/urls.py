from django.urls import include, path

from . import views

app_name = "organizations"

# Under /o/<org_slug>/: the workspace of one organization.
workspace_urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("members/", views.MembersView.as_view(), name="members"),
    path("members/<int:membership_id>/", views.MembershipUpdateView.as_view(), name="membership"),
    path(
        "invitations/<int:invitation_id>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("audit/", views.AuditLogView.as_view(), name="audit"),
]

urlpatterns = [
    path("o/", views.HomeView.as_view(), name="home"),
    path("o/new/", views.OrganizationCreateView.as_view(), name="create"),
    path("invitations/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("o/<slug:org_slug>/", include(workspace_urlpatterns)),
]
