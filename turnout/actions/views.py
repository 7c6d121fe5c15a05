"""Workspace pages of actions: list with counters, create and edit (with the questions and
thank-you asks editors), publish and close, and each action's page (counters, chart,
attribution, co-sponsors, deliveries, submissions)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from turnout.core.audit import audit_record
from turnout.organizations.mixins import WorkspaceMixin
from turnout.organizations.models import Organization
from turnout.people.models import CustomField

from . import questions as q
from .asks import AskKind, default_label
from .charts import daily_bars
from .deliveries import delivery_prepare
from .exceptions import SubmissionRefused
from .exports import submissions_export_start
from .forms import (
    ActionForm,
    AskForm,
    QuestionForm,
    SponsorAddForm,
    SponsorForm,
    SubmissionFilterForm,
)
from .intake import intake_retry
from .models import pick_text
from .public_views import embed_urls
from .selectors import (
    action_get,
    action_list,
    action_sponsors,
    action_stats,
    actions_co_sponsored,
    deliveries_for,
    delivery_get,
    intake_status,
    other_actions,
    submissions_for,
)
from .services import action_close, action_create, action_publish, action_update


class ActionsMixin(WorkspaceMixin):
    permission_required = "actions.view_actions"

    def list_url(self) -> str:
        return reverse("actions:list", kwargs={"org_slug": self.organization.slug})

    def detail_url(self, action) -> str:
        return reverse(
            "actions:detail", kwargs={"org_slug": self.organization.slug, "action_id": action.pk}
        )

    def edit_url(self, action) -> str:
        return reverse(
            "actions:edit", kwargs={"org_slug": self.organization.slug, "action_id": action.pk}
        )


class ActionListView(ActionsMixin, TemplateView):
    template_name = "actions/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(action_list(organization=self.organization), 25).get_page(
            self.request.GET.get("page")
        )
        context["co_sponsored"] = list(actions_co_sponsored(organization=self.organization))
        context["can_change"] = self.can("actions.change_actions")
        return context


class ActionFormView(ActionsMixin, FormView):
    """The settings of an action; once it exists, also its extra questions and the asks of
    its thank-you page. An editor form with errors is shown again in place (``bound``)."""

    permission_required = "actions.change_actions"
    template_name = "actions/form.html"
    form_class = ActionForm

    def get_action(self):
        if "action_id" in self.kwargs:
            return action_get(organization=self.organization, action_id=self.kwargs["action_id"])
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.action = self.get_action()
        kwargs["instance"] = self.action
        return kwargs

    def custom_fields(self):
        fields = CustomField.objects.for_organization(self.organization)
        if not self.can("people.view_sensitive"):
            fields = fields.filter(sensitive=False)
        return list(fields)

    def question_form(self, question=None, data=None, custom_fields=()):
        prefix = f"q-{question['key']}" if question else "q-new"
        bound = getattr(self, "bound", {})
        if prefix in bound:
            return bound[prefix]
        return QuestionForm(
            data,
            prefix=prefix,
            question=question,
            custom_fields=custom_fields,
            language=(get_language() or "fr")[:2],
        )

    def ask_form(self, index=None, ask=None, data=None, actions=()):
        prefix = f"ask-{index}" if index is not None else "ask-new"
        bound = getattr(self, "bound", {})
        if prefix in bound:
            return bound[prefix]
        return AskForm(data, prefix=prefix, ask=ask, actions=actions)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = context["action"] = self.action
        if action is None:
            return context
        context["embed"] = embed_urls(action)
        fields = self.custom_fields()
        labels = {f.key: f.label for f in CustomField.objects.for_organization(self.organization)}
        context["questions"] = [
            {
                "question": question,
                "label": q.label(question),
                "kind": q.Kind(question["kind"]).label,
                "field": labels.get(question.get("custom_field", ""), ""),
                "form": self.question_form(question, custom_fields=fields),
            }
            for question in q.active(action.questions)
        ]
        context["removed_questions"] = [
            {"question": question, "label": q.label(question)}
            for question in action.questions or []
            if question.get("removed")
        ]
        context["new_question_form"] = self.question_form(custom_fields=fields)
        actions = list(other_actions(action=action))
        titles = {a.pk: str(a) for a in actions}
        context["asks"] = [
            {
                "index": index,
                "kind": AskKind(ask["kind"]).label,
                "label": pick_text(ask.get("label"))
                or titles.get(ask.get("action"))
                or default_label(ask["kind"]),
                "target": titles.get(ask.get("action")) or ask.get("url", ""),
                "form": self.ask_form(index, ask, actions=actions),
            }
            for index, ask in enumerate(action.next_asks or [])
        ]
        context["new_ask_form"] = self.ask_form(actions=actions)
        return context

    def form_valid(self, form):
        fields = form.action_fields()
        if self.action is None:
            action = action_create(
                organization=self.organization,
                actor=self.request.user,
                slug=form.cleaned_data["slug"],
                **fields,
            )
            messages.success(
                self.request,
                _("Action created as a draft. Add questions or thank-you asks below if needed."),
            )
            return redirect(self.edit_url(action))
        if "slug" in form.changed_data and not form.fields["slug"].disabled:
            fields["slug"] = form.cleaned_data["slug"]
        action_update(action=self.action, actor=self.request.user, fields=fields)
        messages.success(self.request, _("Action saved."))
        return redirect(self.detail_url(self.action))


class ActionStatusView(ActionsMixin, View):
    """POST only: publish or close."""

    permission_required = "actions.change_actions"
    http_method_names = ["post"]
    operation = "publish"

    def post(self, request, *args, **kwargs):
        action = action_get(organization=self.organization, action_id=kwargs["action_id"])
        try:
            if self.operation == "publish":
                action_publish(action=action, actor=request.user)
                messages.success(request, _("The action is published."))
            else:
                action_close(action=action, actor=request.user)
                messages.success(request, _("The action is closed."))
        except SubmissionRefused as exc:
            messages.error(request, str(exc))
        if request.POST.get("next") == "detail":
            return redirect(self.detail_url(action))
        return redirect(self.list_url())


class IntakeRetryView(ActionsMixin, View):
    """POST only: put the submissions the CRM could not record back in the queue."""

    permission_required = "actions.change_actions"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = action_get(organization=self.organization, action_id=kwargs["action_id"])
        count = intake_retry(action=action, actor=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(n)d submission is being recorded again.",
                    "%(n)d submissions are being recorded again.",
                    count,
                )
                % {"n": count},
            )
        return redirect(self.detail_url(action) + "#intake")


class ActionDetailView(ActionsMixin, TemplateView):
    """An action's page: counters, signatures per day, attribution, co-sponsors,
    deliveries and the submissions (paginated, filtered, with answers)."""

    template_name = "actions/detail.html"
    per_page = 50

    def get_action(self):
        return action_get(organization=self.organization, action_id=self.kwargs["action_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.action if hasattr(self, "action") else self.get_action()
        self.action = action
        language = (get_language() or "fr")[:2]
        stats = action_stats(action=action)
        context.update(
            action=action,
            stats=stats,
            chart=daily_bars(stats["per_day"], stats["start"], stats["end"]),
            progress=min(100, round(100 * action.signature_count / action.goal))
            if action.goal
            else None,
            can_change=self.can("actions.change_actions"),
            can_export=self.can("actions.export_submissions"),
            can_see_sensitive=self.can("people.view_sensitive"),
            public_url=reverse("actions_public:action", kwargs={"slug": action.slug}),
            sponsors=[
                {"sponsor": s, "form": self.sponsor_form(s)} for s in action_sponsors(action=action)
            ],
            sponsor_add_form=getattr(self, "bound", {}).get("sponsor-new")
            or SponsorAddForm(prefix="sponsor-new", action=action, mine=self.my_organizations()),
            deliveries=list(deliveries_for(action=action)[:20]),
            intake=intake_status(action=action),
        )
        filters = SubmissionFilterForm(self.request.GET or None)
        status = query = ""
        if filters.is_valid():
            status, query = filters.cleaned_data["status"], filters.cleaned_data["q"]
        page = Paginator(
            submissions_for(action=action, status=status, query=query), self.per_page
        ).get_page(self.request.GET.get("page"))
        sensitive = context["can_see_sensitive"]
        context["submissions"] = [
            {
                "row": submission,
                "email": next(iter(submission.person.emails.all()), None),
                "answers": q.answers_display(
                    action.questions, submission.answers, language, sensitive=sensitive
                ),
            }
            for submission in page.object_list
        ]
        context.update(
            page=page,
            filters=filters,
            query=urlencode({k: v for k, v in (("status", status), ("q", query)) if v}),
        )
        return context

    def my_organizations(self):
        return Organization.objects.filter(memberships__user=self.request.user).exclude(
            pk=self.organization.pk
        )

    def sponsor_form(self, sponsor):
        prefix = f"sponsor-{sponsor.pk}"
        return getattr(self, "bound", {}).get(prefix) or SponsorForm(prefix=prefix, sponsor=sponsor)


class SubmissionsExportView(ActionsMixin, View):
    permission_required = "actions.export_submissions"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = action_get(organization=self.organization, action_id=kwargs["action_id"])
        job = submissions_export_start(action=action, actor=request.user, language=get_language())
        return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)


class DeliveryPrepareView(ActionsMixin, View):
    permission_required = "actions.change_actions"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = action_get(organization=self.organization, action_id=kwargs["action_id"])
        try:
            delivery = delivery_prepare(action=action, actor=request.user)
        except SubmissionRefused as exc:
            messages.error(request, str(exc))
            return redirect(self.detail_url(action))
        return redirect("core:job", org_slug=self.organization.slug, job_uuid=delivery.job.uuid)


class DeliveryFileView(ActionsMixin, View):
    """The PDF or CSV of a delivery: streamed from private storage, never cached, logged."""

    permission_required = "actions.change_actions"
    file_format = "pdf"

    def get(self, request, *args, **kwargs):
        delivery = delivery_get(
            organization=self.organization,
            action_id=kwargs["action_id"],
            delivery_id=kwargs["delivery_id"],
        )
        field = delivery.pdf_file if self.file_format == "pdf" else delivery.csv_file
        if not field:
            raise Http404
        audit_record(
            organization=self.organization,
            actor=request.user,
            action="action.delivery_downloaded",
            target=delivery.action,
            data={"delivery": delivery.pk, "format": self.file_format},
        )
        response = FileResponse(
            field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1]
        )
        response["Cache-Control"] = "no-store"
        return response
