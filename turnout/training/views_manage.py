"""Organizer pages of training: the modules (shipped and own, copy), the editor (lessons,
quiz, reorder, publish), the required trainings, and the progress table with its CSV."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.core.audit import audit_record
from turnout.core.spreadsheet import safe_cell
from turnout.people.models import AccessLog
from turnout.people.services import access_log_record

from . import selectors, services
from .forms import LessonForm, ModuleForm, QuestionForm, RequirementForm, languages
from .models import Module
from .views import TrainingMixin

STATUS_LABELS = {
    "not_started": lambda: _("Not started"),
    "in_progress": lambda: _("In progress"),
    "passed": lambda: _("Passed"),
}


def _refused(form, exc: services.TrainingRefused) -> None:
    name = exc.field_name if exc.field_name in form.fields else None
    form.add_error(name, exc.message)


class ManageMixin(TrainingMixin):
    permission_required = "training.manage"

    def own_module(self, kwargs) -> Module:
        self.module = selectors.module_get(
            organization=self.organization, module_id=kwargs["module_id"], own=True
        )
        return self.module

    def to_editor(self):
        return redirect(self.url("module_edit", module_id=self.module.pk))


class ModuleListView(ManageMixin, TemplateView):
    template_name = "training/manage/modules.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.modules_for_organizers(organization=self.organization))
        return context


class ModuleCopyView(ManageMixin, View):
    def post(self, request, *args, **kwargs):
        original = selectors.module_get(
            organization=self.organization, module_id=kwargs["module_id"]
        )
        self.module = services.module_copy(
            module=original, organization=self.organization, actor=request.user
        )
        messages.success(
            request, _("The module is copied: this draft is yours to change, then publish.")
        )
        return self.to_editor()


class ModuleFormView(ManageMixin, TemplateView):
    """A new module (no ``module_id``) or the editor of one of the organization's modules."""

    template_name = "training/manage/editor.html"

    def setup_module(self, kwargs):
        self.module = self.own_module(kwargs) if "module_id" in kwargs else None

    def get(self, request, *args, **kwargs):
        self.setup_module(kwargs)
        form = ModuleForm(module=self.module)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.setup_module(kwargs)
        form = ModuleForm(request.POST, module=self.module)
        if form.is_valid():
            try:
                if self.module is None:
                    self.module = services.module_create(
                        organization=self.organization, actor=request.user, **form.data_fields()
                    )
                else:
                    services.module_update(
                        module=self.module,
                        organization=self.organization,
                        actor=request.user,
                        **form.data_fields(),
                    )
            except services.TrainingRefused as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The module is saved."))
                return self.to_editor()
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["module"] = self.module
        if self.module is not None:
            context["lessons"] = list(self.module.lessons.order_by("position", "id"))
            context["questions"] = list(self.module.questions.order_by("position", "id"))
        return context


class ModulePublishView(ManageMixin, View):
    def post(self, request, *args, **kwargs):
        self.own_module(kwargs)
        publish = request.POST.get("publish") == "1"
        try:
            services.module_publish(
                module=self.module,
                organization=self.organization,
                actor=request.user,
                publish=publish,
            )
        except services.TrainingRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The module is published: volunteers see it in their trainings.")
                if publish
                else _("The module is back to draft: volunteers no longer see it."),
            )
        return self.to_editor()


class _PartView(ManageMixin, TemplateView):
    """A lesson or a question of one of the organization's modules: new or edit."""

    form_class = None
    kind = ""

    def load(self, kwargs):
        self.own_module(kwargs)
        key = f"{self.kind}_id"
        self.part = self.get_part(kwargs[key]) if key in kwargs else None

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        form = self.form_class(**{self.kind: self.part})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        form = self.form_class(request.POST, request.FILES, **{self.kind: self.part})
        if form.is_valid():
            try:
                self.save(form)
            except services.TrainingRefused as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("Saved."))
                return self.to_editor()
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(module=self.module, part=self.part)
        return context


class LessonFormView(_PartView):
    template_name = "training/manage/lesson_form.html"
    form_class = LessonForm
    kind = "lesson"

    def get_part(self, pk):
        return selectors.lesson_get(module=self.module, lesson_id=pk)

    def save(self, form):
        c = form.cleaned_data
        services.lesson_save(
            module=self.module,
            organization=self.organization,
            actor=self.request.user,
            lesson=self.part,
            data=services.LessonData(
                title=languages(c, "title"),
                body=languages(c, "body"),
                video_url=c.get("video_url") or "",
                image=c.get("image"),
                remove_image=c.get("remove_image", False),
            ),
        )


class QuestionFormView(_PartView):
    template_name = "training/manage/question_form.html"
    form_class = QuestionForm
    kind = "question"

    def get_part(self, pk):
        return selectors.question_get(module=self.module, question_id=pk)

    def save(self, form):
        services.question_save(
            module=self.module,
            organization=self.organization,
            actor=self.request.user,
            question=self.part,
            data=services.QuestionData(**form.data_fields()),
        )


class _PartActionView(ManageMixin, View):
    """POST: move a lesson or question up/down, or delete it."""

    def post(self, request, *args, **kwargs):
        self.own_module(kwargs)
        action = request.POST.get("action", "")
        if "lesson_id" in kwargs:
            part = selectors.lesson_get(module=self.module, lesson_id=kwargs["lesson_id"])
            move, delete, name = services.lesson_move, services.lesson_delete, "lesson"
        else:
            part = selectors.question_get(module=self.module, question_id=kwargs["question_id"])
            move, delete, name = services.question_move, services.question_delete, "question"
        common = {name: part, "organization": self.organization, "actor": request.user}
        try:
            if action in ("up", "down"):
                move(**common, direction=-1 if action == "up" else 1)
            elif action == "delete":
                delete(**common)
                messages.success(request, _("Deleted."))
        except services.TrainingRefused as exc:
            messages.error(request, exc.message)
        return self.to_editor()


LessonActionView = _PartActionView
QuestionActionView = _PartActionView


class RequirementsView(ManageMixin, TemplateView):
    template_name = "training/manage/requirements.html"

    def _modules(self):
        return list(Module.objects.for_organization(self.organization).published().order_by("slug"))

    def get(self, request, *args, **kwargs):
        form = RequirementForm(modules=self._modules())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        modules = self._modules()
        form = RequirementForm(request.POST, modules=modules)
        if form.is_valid():
            kind, _sep, value = form.cleaned_data["target"].partition(":")
            module = (
                next((m for m in modules if str(m.pk) == value), None) if kind == "module" else None
            )
            try:
                services.requirement_set(
                    organization=self.organization,
                    actor=request.user,
                    capability=form.cleaned_data["capability"],
                    module=module,
                    skill=value if kind == "skill" else "",
                )
            except services.TrainingRefused as exc:
                form.add_error("target", exc.message)
            else:
                messages.success(request, _("The required training is saved."))
                return redirect(self.url("requirements"))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requirements"] = selectors.requirements_for(organization=self.organization)
        return context


class RequirementDeleteView(ManageMixin, View):
    def post(self, request, *args, **kwargs):
        requirement = selectors.requirement_get(
            organization=self.organization, requirement_id=kwargs["requirement_id"]
        )
        services.requirement_remove(requirement=requirement, actor=request.user)
        messages.success(request, _("The training is no longer required."))
        return redirect(self.url("requirements"))


class ProgressView(ManageMixin, TemplateView):
    template_name = "training/manage/progress.html"
    permission_required = "training.view_progress"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = selectors.progress_table(organization=self.organization)
        for _membership, cells in table.rows:
            for cell in cells:
                cell.label = STATUS_LABELS[cell.status]()
        context["table"] = table
        return context


class ProgressCsvView(ManageMixin, View):
    permission_required = "training.view_progress"

    def get(self, request, *args, **kwargs):
        table = selectors.progress_table(organization=self.organization)
        text = io.StringIO()
        writer = csv.writer(text)
        header = [_("Name"), _("Email"), _("Role")]
        for module in table.modules:
            title = module.title_text()
            header += [title, f"{title} · {_('passed on')}", f"{title} · {_('best score (%)')}"]
        writer.writerow(header)
        for membership, cells in table.rows:
            line = [
                membership.user.get_full_name(),
                membership.user.email,
                membership.get_role_display(),
            ]
            for cell in cells:
                e = cell.enrollment
                line += [
                    STATUS_LABELS[cell.status](),
                    e.passed_at.date().isoformat() if e and e.passed_at else "",
                    e.best_score if e and e.best_score is not None else "",
                ]
            writer.writerow([safe_cell(value) for value in line])
        access_log_record(
            organization=self.organization,
            user=request.user,
            action=AccessLog.Action.EXPORT,
            description="training progress csv",
            record_count=len(table.rows),
        )
        audit_record(
            organization=self.organization,
            actor=request.user,
            action="training.progress_exported",
            data={"rows": len(table.rows)},
        )
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="training-{self.organization.slug}.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
