from django.urls import path

from . import views

app_name = "core"

# Mounted under /o/<org_slug>/jobs/.
urlpatterns = [
    path("", views.JobListView.as_view(), name="jobs"),
    path("<uuid:job_uuid>/", views.JobDetailView.as_view(), name="job"),
    path("<uuid:job_uuid>/status/", views.JobStatusView.as_view(), name="job_status"),
    path("<uuid:job_uuid>/cancel/", views.JobCancelView.as_view(), name="job_cancel"),
    path("<uuid:job_uuid>/download/", views.JobDownloadView.as_view(), name="job_download"),
]
