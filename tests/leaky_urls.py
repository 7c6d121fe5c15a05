"""A deliberately broken URLconf used only by the test of the isolation test."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path
from django.views import View

from turnout.core.models import Job
from turnout.organizations.mixins import WorkspaceMixin
from turnout.urls import urlpatterns as real_urlpatterns


class LeakyJobView(WorkspaceMixin, View):
    def get(self, request, org_slug, job_uuid):
        job = get_object_or_404(Job, uuid=job_uuid)  # forgot .for_organization(...)
        return HttpResponse(job.title)

    post = get


def widget(request, org_slug, widget_id):
    return HttpResponse("ok")


app_patterns = [
    path("o/<slug:org_slug>/jobs/<uuid:job_uuid>/", LeakyJobView.as_view(), name="leaky"),
    path("o/<slug:org_slug>/widgets/<int:widget_id>/", widget, name="widget"),
]

urlpatterns = [path("", include(app_patterns)), *real_urlpatterns]
