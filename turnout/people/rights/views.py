"""Duplicates, merge, and the data-subject rights pages. Admins only (people.manage_rights)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from ..models import AccessLog
from ..services import access_log_record
from ..views import PeopleMixin
from . import selectors, services
from .duplicates import reason_text
from .forms import (
    HIGH,
    AccessLogFilterForm,
    ErasureForm,
    MergeForm,
    ObjectionForm,
    RetentionForm,
    custom_fields_of,
)
from .merge import MergeError, person_merge


class RightsMixin(PeopleMixin):
    permission_required = "people.manage_rights"

    def rights_url(self, person) -> str:
        return reverse(
            "people:person_rights",
            kwargs={"org_slug": self.organization.slug, "person_uuid": person.uuid},
        )

    def job_redirect(self, job):
        return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)


# --- Duplicates ------------------------------------------------------------------------------


class DuplicateListView(RightsMixin, TemplateView):
    template_name = "people/rights/duplicates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(
            selectors.duplicate_candidates(organization=self.organization), 20
        ).get_page(self.request.GET.get("page"))
        for candidate in page.object_list:
            candidate.reason_texts = [reason_text(r) for r in candidate.reasons]
        if page.object_list:
            access_log_record(
                organization=self.organization,
                user=self.request.user,
                action=AccessLog.Action.VIEW,
                description="duplicates page",
                record_count=2 * len(page.object_list),
            )
        context.update(
            page=page,
            last_scan=selectors.last_duplicate_scan(organization=self.organization),
            show_sensitive=self.show_sensitive,
        )
        return context

    def post(self, request, *args, **kwargs):
        job = services.duplicates_scan_start(organization=self.organization, actor=request.user)
        return self.job_redirect(job)


class DuplicateDismissView(RightsMixin, View):
    def post(self, request, org_slug, candidate_id):
        candidate = selectors.duplicate_candidate_get(
            organization=self.organization, candidate_id=candidate_id
        )
        services.duplicate_dismiss(candidate=candidate, actor=request.user)
        messages.success(request, _("Noted: these two will not be proposed again."))
        return redirect("people:duplicates", org_slug=org_slug)


class DuplicateMergeView(RightsMixin, FormView):
    template_name = "people/rights/merge.html"

    def dispatch(self, request, *args, **kwargs):
        self.candidate = None
        return super().dispatch(request, *args, **kwargs)

    def get_candidate(self):
        if self.candidate is None:
            self.candidate = selectors.duplicate_candidate_get(
                organization=self.organization, candidate_id=self.kwargs["candidate_id"]
            )
        return self.candidate

    def get_form(self, form_class=None):
        candidate = self.get_candidate()
        return MergeForm(
            self.request.POST or None,
            low=candidate.person_low,
            high=candidate.person_high,
            custom_fields=custom_fields_of(self.organization),
            show_sensitive=self.show_sensitive,
        )

    def get(self, request, *args, **kwargs):
        candidate = self.get_candidate()
        for person in (candidate.person_low, candidate.person_high):
            access_log_record(
                organization=self.organization,
                user=request.user,
                action=AccessLog.Action.VIEW,
                person=person,
                description="merge screen",
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        candidate = self.get_candidate()
        candidate.reason_texts = [reason_text(r) for r in candidate.reasons]
        context.update(candidate=candidate, show_sensitive=self.show_sensitive)
        return context

    def form_valid(self, form):
        candidate = self.get_candidate()
        side, choices = form.service_choices()
        survivor, other = candidate.person_low, candidate.person_high
        if side == HIGH:
            survivor, other = other, survivor
        try:
            person_merge(survivor=survivor, other=other, choices=choices, actor=self.request.user)
        except MergeError as exc:
            messages.error(self.request, str(exc))
            return redirect("people:duplicates", org_slug=self.organization.slug)
        messages.success(
            self.request, _("The two records were merged. The merge is in the person's history.")
        )
        return redirect(self.person_url(survivor))


# --- One person's rights ---------------------------------------------------------------------


class PersonRightsView(RightsMixin, TemplateView):
    template_name = "people/rights/person.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_person()
        access_log_record(
            organization=self.organization,
            user=self.request.user,
            action=AccessLog.Action.VIEW,
            person=person,
            description="data rights page",
        )
        context.update(
            person=person,
            summary=selectors.person_rights_summary(person=person),
            merges=selectors.person_merges(person=person),
            dsar_jobs=selectors.person_dsar_jobs(person=person),
            suppressions=selectors.person_active_suppressions(person=person),
        )
        return context


class PersonDsarView(RightsMixin, View):
    def post(self, request, org_slug, person_uuid):
        person = self.get_person()
        job = services.dsar_export_start(person=person, actor=request.user)
        messages.info(
            request,
            _("The export is being prepared. Only you and the admins can download it."),
        )
        return self.job_redirect(job)


class PersonEraseView(RightsMixin, FormView):
    template_name = "people/rights/erase.html"
    form_class = ErasureForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_person()
        context.update(person=person, summary=selectors.person_rights_summary(person=person))
        return context

    def form_valid(self, form):
        person = self.get_person()
        services.person_erase(
            person=person, actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            _(
                "The person's data was erased. Their contacts stay on the suppression list so "
                "that no import brings them back."
            ),
        )
        return redirect("people:list", org_slug=self.organization.slug)


class PersonObjectView(RightsMixin, FormView):
    template_name = "people/rights/object.html"
    form_class = ObjectionForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.get_person()
        return context

    def form_valid(self, form):
        person = self.get_person()
        result = services.person_object(person=person, actor=self.request.user)
        messages.success(
            self.request,
            _(
                "Objection recorded: %(suppressions)s contact points suppressed, "
                "%(consents)s consents withdrawn."
            )
            % {
                "suppressions": result["suppressions"],
                "consents": result["consents_withdrawn"],
            },
        )
        return redirect(self.rights_url(person))


# --- Organization-wide pages -----------------------------------------------------------------


class RetentionView(RightsMixin, FormView):
    """Edit the retention policy. Turning it on (or changing it while on) needs a dry run of
    exactly these settings first: the report is shown and a signed token carries the values
    to the confirmation."""

    template_name = "people/rights/retention.html"

    def get_form(self, form_class=None):
        policy = services.retention_policy_get(organization=self.organization)
        return RetentionForm(
            self.request.POST or None,
            initial={
                "enabled": policy.enabled,
                "inactive_months": policy.inactive_months,
                "keep_donors": policy.keep_donors,
            },
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["policy"] = services.retention_policy_get(organization=self.organization)
        return context

    def form_valid(self, form):
        values = form.values()
        if "preview" in self.request.POST or (
            values["enabled"] and not form.previewed(self.organization.pk)
        ):
            report = services.retention_run(
                organization=self.organization,
                dry_run=True,
                inactive_months=values["inactive_months"],
                keep_donors=values["keep_donors"],
            )
            access_log_record(
                organization=self.organization,
                user=self.request.user,
                action=AccessLog.Action.VIEW,
                description="retention dry run",
                record_count=len(report["sample"]),
            )
            confirm = RetentionForm(
                initial={**values, "token": RetentionForm.sign(self.organization.pk, values)}
            )
            return self.render_to_response(
                self.get_context_data(form=confirm, report=report, values=values)
            )
        services.retention_policy_save(
            organization=self.organization, actor=self.request.user, **values
        )
        if values["enabled"]:
            messages.success(
                self.request,
                _("The retention policy is on: it runs every night."),
            )
        else:
            messages.success(self.request, _("The retention policy is off."))
        return redirect("people:retention", org_slug=self.organization.slug)


class ProcessingRegisterView(RightsMixin, TemplateView):
    template_name = "people/rights/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["register"] = selectors.processing_register(organization=self.organization)
        context["policy"] = services.retention_policy_get(organization=self.organization)
        return context


class AccessLogView(RightsMixin, TemplateView):
    template_name = "people/rights/access_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AccessLogFilterForm(
            self.request.GET or None,
            memberships=selectors.access_log_users(organization=self.organization),
        )
        user_id, action = None, ""
        if form.is_valid():
            user_id = form.cleaned_data["user"]
            action = form.cleaned_data["action"]
        logs = selectors.access_logs(organization=self.organization, user_id=user_id, action=action)
        query = "&".join(f"{k}={v}" for k, v in (("user", user_id or ""), ("action", action)) if v)
        context.update(
            form=form,
            page=Paginator(logs, 50).get_page(self.request.GET.get("page")),
            query=query,
        )
        return context
