"""Workspace pages of journeys: the list, a journey's settings, its flow editor, the people
in it and each person's step log, and the follow-up tasks."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from turnout.organizations.mixins import WorkspaceMixin
from turnout.people.services import tag_get_or_create

from . import steps as flow
from .forms import JourneyForm, PeopleFilterForm, StepForm
from .models import Journey, Step
from .selectors import (
    enrollment_get,
    enrollment_log,
    enrollment_place,
    journey_counts,
    journey_flow,
    journey_get,
    journey_list,
    journey_people,
    step_get,
    task_get,
    tasks_for,
    trigger_text,
)
from .services import (
    JourneyError,
    enrollment_exit,
    journey_activate,
    journey_archive,
    journey_create,
    journey_pause,
    journey_problems,
    journey_resume,
    journey_update,
    step_add,
    step_remove,
    step_update,
    task_done,
    task_reopen,
)

Kind = Step.Kind
#: The order kinds are offered in when adding a step.
KIND_ORDER = [
    Kind.SEND_EMAIL,
    Kind.SEND_SMS,
    Kind.WAIT,
    Kind.BRANCH,
    Kind.SPLIT,
    Kind.TAG_ADD,
    Kind.TAG_REMOVE,
    Kind.TASK,
    Kind.GOTO,
    Kind.EXIT,
]


class JourneysMixin(WorkspaceMixin):
    permission_required = "journeys.view_journeys"

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"journeys:{name}", kwargs={"org_slug": self.organization.slug, **kwargs})

    def get_journey(self) -> Journey:
        return journey_get(organization=self.organization, journey_id=self.kwargs["journey_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.can("journeys.change_journeys")
        return context


class JourneyListView(JourneysMixin, TemplateView):
    template_name = "journeys/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(journey_list(organization=self.organization), 25).get_page(
            self.request.GET.get("page")
        )
        context["page"] = page
        context["rows"] = [{"journey": j, "trigger": trigger_text(j)} for j in page.object_list]
        context["open_tasks"] = tasks_for(
            organization=self.organization, user=self.request.user
        ).count()
        return context


class JourneyFormView(JourneysMixin, FormView):
    permission_required = "journeys.change_journeys"
    template_name = "journeys/form.html"
    form_class = JourneyForm

    def dispatch(self, request, *args, **kwargs):
        self.journey = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "journey_id" in self.kwargs:
            self.journey = self.get_journey()
        kwargs.update(organization=self.organization, journey=self.journey)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["journey"] = self.journey
        return context

    def form_valid(self, form):
        fields = form.journey_fields()
        try:
            if self.journey is None:
                journey = journey_create(
                    organization=self.organization, actor=self.request.user, **fields
                )
                messages.success(
                    self.request, _("Journey created as a draft. Now add its steps below.")
                )
            else:
                if self.journey.status in (Journey.Status.ACTIVE, Journey.Status.ARCHIVED):
                    fields.pop("trigger_kind")
                    fields.pop("trigger_config")
                journey = journey_update(journey=self.journey, actor=self.request.user, **fields)
                messages.success(self.request, _("Journey saved."))
        except JourneyError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return redirect(self.url("detail", journey_id=journey.pk))


class JourneyDetailView(JourneysMixin, TemplateView):
    template_name = "journeys/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        journey = context["journey"] = self.get_journey()
        cards, flow_errors = journey_flow(journey=journey)
        context["cards"] = cards
        context["problems"] = (
            journey_problems(journey=journey)
            if journey.status in (Journey.Status.DRAFT, Journey.Status.PAUSED)
            else flow_errors
        )
        context["trigger"] = trigger_text(journey)
        context["counts"] = journey_counts(journey=journey)
        context["editable"] = context["can_change"] and journey.status in (
            Journey.Status.DRAFT,
            Journey.Status.PAUSED,
        )
        context["texts_editable"] = (
            context["can_change"] and journey.status == Journey.Status.ACTIVE
        )
        context["kinds"] = [(k.value, k.label) for k in KIND_ORDER]
        context["ends"] = (Kind.EXIT, Kind.GOTO)
        filters = PeopleFilterForm(self.request.GET or None)
        status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
        page = Paginator(journey_people(journey=journey, status=status), 50).get_page(
            self.request.GET.get("page")
        )
        context["filters"] = filters
        context["page"] = page
        context["query"] = urlencode({"status": status}) if status else ""
        context["now_time"] = timezone.now()
        context["people"] = [{"enrollment": e, "place": enrollment_place(e)} for e in page]
        return context


class JourneyStatusView(JourneysMixin, View):
    """POST only: activate, pause, resume, archive."""

    permission_required = "journeys.change_journeys"
    http_method_names = ["post"]
    operation = "activate"
    OPERATIONS = {
        "activate": (
            journey_activate,
            gettext_lazy("The journey is active: its trigger takes effect within a few seconds."),
        ),
        "pause": (
            journey_pause,
            gettext_lazy("Journey paused: nobody moves on until you resume it."),
        ),
        "resume": (journey_resume, gettext_lazy("Journey resumed.")),
        "archive": (journey_archive, gettext_lazy("Journey archived.")),
    }

    def post(self, request, *args, **kwargs):
        journey = self.get_journey()
        service, done = self.OPERATIONS[self.operation]
        try:
            service(journey=journey, actor=request.user)
        except JourneyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(done))
        return redirect(self.url("detail", journey_id=journey.pk))


class StepFormView(JourneysMixin, FormView):
    """Add a step (``?after=<key>&arm=next|alt&kind=<kind>``) or change one."""

    permission_required = "journeys.change_journeys"
    template_name = "journeys/step_form.html"
    form_class = StepForm

    def setup_objects(self):
        self.journey = self.get_journey()
        self.step = None
        if "step_id" in self.kwargs:
            self.step = step_get(journey=self.journey, step_id=self.kwargs["step_id"])
            self.kind = self.step.kind
        else:
            params = self.request.POST if self.request.method == "POST" else self.request.GET
            self.kind = params.get("kind", "")
            self.after = params.get("after", "")
            self.arm = params.get("arm", "next") if params.get("arm") in ("next", "alt") else "next"

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        if self.kind not in Kind.values:
            return self.render_to_response(self.get_context_data(pick_kind=True))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        if self.kind not in Kind.values:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.kind not in Kind.values:
            return None
        return StepForm(**self.get_form_kwargs())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(kind=self.kind, journey=self.journey, step=self.step)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["journey"] = self.journey
        context["step"] = self.step
        context["kind"] = self.kind
        context["kind_label"] = Kind(self.kind).label if self.kind in Kind.values else ""
        context["kinds"] = [(k.value, k.label) for k in KIND_ORDER]
        context["after"] = getattr(self, "after", "")
        context["arm"] = getattr(self, "arm", "next")
        context["activity_kinds"] = flow.ACTIVITY_SUGGESTIONS.items()
        if self.step is not None:
            context["step_text"] = flow.describe(self.step, self.organization)
            context["nothing_editable"] = self.journey.structure_locked and not flow.TEXT_KEYS.get(
                self.kind
            )
        return context

    def form_valid(self, form):
        config = form.config()
        if self.kind == Kind.TAG_ADD and form.cleaned_data.get("new_tag", "").strip():
            tag = tag_get_or_create(
                organization=self.organization, name=form.cleaned_data["new_tag"]
            )
            config["tag"] = tag.pk
        try:
            if self.step is None:
                step_add(
                    journey=self.journey,
                    actor=self.request.user,
                    kind=self.kind,
                    config=config,
                    after=self.after,
                    arm=self.arm,
                )
                messages.success(self.request, _("Step added."))
            else:
                step_update(step=self.step, actor=self.request.user, config=config)
                messages.success(self.request, _("Step saved."))
        except JourneyError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return redirect(self.url("detail", journey_id=self.journey.pk) + "#flow")


class StepRemoveView(JourneysMixin, View):
    permission_required = "journeys.change_journeys"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        journey = self.get_journey()
        step = step_get(journey=journey, step_id=kwargs["step_id"])
        try:
            step_remove(step=step, actor=request.user)
        except JourneyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Step removed."))
        return redirect(self.url("detail", journey_id=journey.pk) + "#flow")


class EnrollmentView(JourneysMixin, TemplateView):
    """One person's way through the journey: every step, when, and what it did."""

    template_name = "journeys/enrollment.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        journey = context["journey"] = self.get_journey()
        enrollment = enrollment_get(journey=journey, enrollment_id=self.kwargs["enrollment_id"])
        context["enrollment"] = enrollment
        context["place"] = enrollment_place(enrollment)
        context["log"] = enrollment_log(enrollment=enrollment)
        context["can_see_person"] = self.can("people.view_people")
        return context


class EnrollmentExitView(JourneysMixin, View):
    permission_required = "journeys.change_journeys"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        journey = self.get_journey()
        enrollment = enrollment_get(journey=journey, enrollment_id=kwargs["enrollment_id"])
        if enrollment_exit(enrollment=enrollment, actor=request.user):
            messages.success(request, _("The person left the journey."))
        return redirect(self.url("enrollment", journey_id=journey.pk, enrollment_id=enrollment.pk))


class TaskListView(JourneysMixin, TemplateView):
    permission_required = "journeys.view_tasks"
    template_name = "journeys/tasks.html"
    VIEWS = ("mine", "all", "done")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view = self.request.GET.get("show", "mine")
        view = view if view in self.VIEWS else "mine"
        rows = tasks_for(
            organization=self.organization,
            user=self.request.user if view == "mine" else None,
            done=view == "done",
        )
        context["show"] = view
        context["today"] = timezone.localdate()
        context["page"] = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        return context


class TaskDoneView(JourneysMixin, View):
    """POST only: mark a task done (or open again). Goes back to ``next`` when it is ours."""

    permission_required = "journeys.view_tasks"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        task = task_get(organization=self.organization, task_id=kwargs["task_id"])
        if request.POST.get("op") == "reopen":
            task_reopen(task=task, actor=request.user)
        elif task_done(task=task, actor=request.user):
            messages.success(request, _("Task done: “%(title)s”.") % {"title": task.title})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = self.url("tasks")
        return redirect(target)
