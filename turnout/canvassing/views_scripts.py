"""The survey script editor of an effort (organizers): the flow as a readable preview, one
question at a time in its own form, moving and deleting questions, and starting from the
shipped script. Every save checks the whole script (keys, where each answer leads, loops)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import policies  # noqa: F401  (registers the permissions)
from .forms_scripts import QuestionForm
from .selectors_turfs import effort_get
from .services.scripts import (
    ScriptRefused,
    default_script,
    script_flow,
    script_question_delete,
    script_question_move,
    script_question_save,
    script_start_default,
)


class EffortScriptMixin(WorkspaceMixin):
    permission_required = "canvassing.manage_scripts"

    def load(self):
        self.effort = effort_get(organization=self.organization, effort_id=self.kwargs["effort_id"])

    def to_script(self):
        return redirect(
            "canvassing:effort_script", org_slug=self.organization.slug, effort_id=self.effort.pk
        )

    def refused(self, exc: ScriptRefused):
        for message in exc.messages:
            messages.error(self.request, message)


class ScriptView(EffortScriptMixin, TemplateView):
    """The script: its flow, each question with its answers and where they lead."""

    template_name = "canvassing/scripts/script.html"

    def get_context_data(self, **kwargs):
        self.load()
        context = super().get_context_data(**kwargs)
        context.update(
            effort=self.effort,
            flow=script_flow(self.effort.script or []),
            default_flow=script_flow(default_script(election_date=self.effort.ends_on)),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Start from the shipped script (replaces the current one: the page asks first)."""
        self.load()
        if self.effort.script and request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to replace the current script."))
            return self.to_script()
        try:
            script_start_default(effort=self.effort, actor=request.user)
        except ScriptRefused as exc:
            self.refused(exc)
        else:
            messages.success(request, _("The script is ready: adapt its questions."))
        return self.to_script()


class QuestionFormView(EffortScriptMixin, TemplateView):
    """A new question (at the end), or a question of the script (``question_key``)."""

    template_name = "canvassing/scripts/question_form.html"

    def setup_question(self):
        self.load()
        self.key = self.kwargs.get("question_key")
        self.question = None
        if self.key is not None:
            self.question = next(
                (q for q in self.effort.script or [] if q["key"] == self.key), None
            )
            if self.question is None:
                raise Http404

    def form(self, data=None):
        initial = QuestionForm.initial_for(self.question) if self.question else {"kind": "single"}
        return QuestionForm(
            data, initial=initial, script=self.effort.script or [], editing=self.key
        )

    def get(self, request, *args, **kwargs):
        self.setup_question()
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        self.setup_question()
        form = self.form(request.POST)
        if form.is_valid():
            try:
                script_question_save(
                    effort=self.effort,
                    actor=request.user,
                    original_key=self.key,
                    data=form.question_data(),
                )
            except ScriptRefused as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The question is saved."))
                return self.to_script()
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(effort=self.effort, question=self.question)
        return context


class QuestionMoveView(EffortScriptMixin, View):
    def post(self, request, *args, **kwargs):
        self.load()
        step = -1 if request.POST.get("direction") == "up" else 1
        try:
            script_question_move(
                effort=self.effort, actor=request.user, key=kwargs["question_key"], step=step
            )
        except ScriptRefused as exc:
            self.refused(exc)
        return self.to_script()


class QuestionDeleteView(EffortScriptMixin, View):
    def post(self, request, *args, **kwargs):
        self.load()
        try:
            script_question_delete(
                effort=self.effort, actor=request.user, key=kwargs["question_key"]
            )
        except ScriptRefused as exc:
            self.refused(exc)
        else:
            messages.success(request, _("The question is deleted."))
        return self.to_script()
