"""Live progress of an effort for organizers (the figures and visited addresses, polled by
the effort's page) and the review of rejected visits (attach to a turf, or dismiss)."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import policies  # noqa: F401  (registers the permissions)
from .forms_scripts import AttachForm
from .selectors_turfs import effort_get
from .selectors_visits import (
    effort_progress,
    effort_visited_points,
    rejected_for,
    rejected_get,
    turfs_holding,
)
from .services.scripts import sensitive_keys
from .services.visits import VisitRefused, visit_rejected_attach, visit_rejected_dismiss


class EffortProgressView(WorkspaceMixin, View):
    """The effort's figures and visited addresses as JSON (the page refreshes every 20 s)."""

    permission_required = "canvassing.view_progress"

    def get(self, request, org_slug, effort_id):
        effort = effort_get(organization=self.organization, effort_id=effort_id)
        progress = effort_progress(effort=effort)
        last = progress.pop("last")
        for row in progress["canvassers"]:
            row["last"] = date_format(localtime(row["last"]), "SHORT_DATETIME_FORMAT")
        progress["last"] = date_format(localtime(last), "SHORT_DATETIME_FORMAT") if last else ""
        progress["points"] = effort_visited_points(effort=effort)
        response = JsonResponse(progress)
        response["Cache-Control"] = "no-store"
        return response


class RejectedListView(WorkspaceMixin, TemplateView):
    """Visits the sync could not record, waiting for an organizer."""

    template_name = "canvassing/progress/rejected_list.html"
    permission_required = "canvassing.review_visits"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rejected"] = rejected_for(organization=self.organization)
        return context


class RejectedDetailView(WorkspaceMixin, TemplateView):
    """One rejected visit as the phone sent it, with the form that attaches it to a turf."""

    template_name = "canvassing/progress/rejected_detail.html"
    permission_required = "canvassing.review_visits"

    def load(self):
        self.rejected = rejected_get(
            organization=self.organization, rejected_id=self.kwargs["rejected_id"]
        )
        self.turfs = list(turfs_holding(organization=self.organization, rejected=self.rejected))

    def get(self, request, *args, **kwargs):
        self.load()
        return self.render_to_response(self.get_context_data(form=AttachForm(turfs=self.turfs)))

    def post(self, request, *args, **kwargs):
        self.load()
        form = AttachForm(request.POST, turfs=self.turfs)
        if form.is_valid():
            try:
                visit_rejected_attach(
                    rejected=self.rejected, turf=form.cleaned_data["turf"], actor=request.user
                )
            except VisitRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The visit is recorded in its turf."))
                return redirect("canvassing:rejected_visits", org_slug=self.organization.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        payload = self.rejected.payload or {}
        answers = payload.get("answers") if isinstance(payload.get("answers"), dict) else {}
        shown = answers
        if not self.can("people.view_sensitive"):
            script = self.rejected.effort.script if self.rejected.effort else []
            secret = sensitive_keys(script) | (set(answers) - {q["key"] for q in script})
            shown = {k: v for k, v in answers.items() if k not in secret}
        context.update(
            rejected=self.rejected,
            payload=payload,
            person=payload.get("person") if isinstance(payload.get("person"), dict) else None,
            answers=shown,
            hidden_answers=len(answers) - len(shown),
            turfs=self.turfs,
        )
        return context


class RejectedDismissView(WorkspaceMixin, View):
    permission_required = "canvassing.review_visits"

    def post(self, request, org_slug, rejected_id):
        rejected = rejected_get(organization=self.organization, rejected_id=rejected_id)
        try:
            visit_rejected_dismiss(rejected=rejected, actor=request.user)
        except VisitRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The visit is dismissed."))
        return redirect("canvassing:rejected_visits", org_slug=org_slug)
