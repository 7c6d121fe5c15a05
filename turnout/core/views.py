"""Job pages: a live progress bar in the browser (polling a small JSON endpoint)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.core.audit import audit_record
from turnout.core.jobs import job_cancel
from turnout.organizations.mixins import WorkspaceMixin
from turnout.organizations.selectors import job_get, jobs_for


def job_payload(job) -> dict:
    return {
        "id": str(job.uuid),
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "error": job.error if job.status == job.Status.FAILED else "",
        "finished": job.is_finished,
        "has_file": bool(job.result_file),
        "result_url": result_url(job),
    }


def result_url(job) -> str:
    """Where the outcome of a finished job is shown (set by its handler), if anywhere."""
    url = (job.result or {}).get("url", "") if job.status == job.Status.SUCCEEDED else ""
    return url if isinstance(url, str) and url.startswith("/") and not url.startswith("//") else ""


class JobListView(WorkspaceMixin, TemplateView):
    template_name = "core/job_list.html"
    permission_required = "organizations.run_jobs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = jobs_for(organization=self.organization)
        context["page"] = Paginator(jobs, 25).get_page(self.request.GET.get("page"))
        return context


class JobDetailView(WorkspaceMixin, TemplateView):
    template_name = "core/job_detail.html"
    permission_required = "organizations.run_jobs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = job_get(organization=self.organization, job_uuid=kwargs["job_uuid"])
        context["job"] = job
        context["result_url"] = result_url(job)
        return context


class JobStatusView(WorkspaceMixin, View):
    permission_required = "organizations.run_jobs"

    def get(self, request, org_slug, job_uuid):
        job = job_get(organization=self.organization, job_uuid=job_uuid)
        response = JsonResponse(job_payload(job))
        response["Cache-Control"] = "no-store"
        return response


class JobCancelView(WorkspaceMixin, View):
    permission_required = "organizations.run_jobs"

    def post(self, request, org_slug, job_uuid):
        job = job_get(organization=self.organization, job_uuid=job_uuid)
        if job_cancel(job=job):
            messages.info(request, _("The job was cancelled."))
        return redirect("core:job", org_slug=org_slug, job_uuid=job.uuid)


class JobDownloadView(WorkspaceMixin, View):
    """Files made by jobs may hold personal data: only the person who started the job, or an
    admin, may download them; every download is in the audit log and is never cached."""

    permission_required = "organizations.run_jobs"

    def get(self, request, org_slug, job_uuid):
        job = job_get(organization=self.organization, job_uuid=job_uuid)
        if not job.result_file:
            raise Http404
        if job.created_by_id != request.user.pk and not self.can("organizations.view_audit"):
            raise Http404
        audit_record(
            organization=self.organization,
            actor=request.user,
            action="job.file_downloaded",
            target=job,
            data={"kind": job.kind},
        )
        response = FileResponse(
            job.result_file.open("rb"),
            as_attachment=True,
            filename=job.result_file.name.rsplit("/", 1)[-1],
        )
        response["Cache-Control"] = "no-store"
        return response
