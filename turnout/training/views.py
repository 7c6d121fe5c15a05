"""Volunteer pages of training: "My trainings" (quests with points and badges), the module
page, the lesson reader and the quiz. Organizers may open drafts here too (preview: nothing
is recorded). Thin views: resolve within the organization, check the policy, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.campaigns.quests_badges import badge_svg
from turnout.organizations.mixins import WorkspaceMixin

from . import (
    policies,  # noqa: F401  (registers the permissions)
    selectors,
    services,
)
from .forms import QuizForm
from .models import Module
from .render import lesson_html


class TrainingMixin(WorkspaceMixin):
    permission_required = "training.take"

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"training:{name}", kwargs={"org_slug": self.organization.slug, **kwargs})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = self.can("training.manage")
        return context


class ReaderMixin(TrainingMixin):
    """A module a member may read: published, or a draft of the organization for organizers
    (a preview, where nothing is recorded)."""

    def load(self, kwargs) -> Module:
        module = selectors.module_get(organization=self.organization, module_id=kwargs["module_id"])
        self.preview = module.status != Module.Status.PUBLISHED
        if self.preview and not self.can("training.manage"):
            raise Http404
        self.module = module
        self.lessons = list(module.lessons.order_by("position", "id"))
        self.enrollment = selectors.enrollment_of(
            organization=self.organization, user=self.request.user, module=module
        )
        return module

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        done = set(self.enrollment.lessons_done) if self.enrollment else set()
        context.update(
            module=self.module,
            lessons=[(lesson, lesson.pk in done) for lesson in self.lessons],
            enrollment=self.enrollment,
            preview=self.preview,
            badge_html=badge_svg(self.module.badge, size=40),
            read_count=len(done & {lesson.pk for lesson in self.lessons}),
        )
        return context


class HomeView(TrainingMixin, TemplateView):
    """Everyone's "My trainings": the modules as quests, required ones first."""

    template_name = "training/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.my_trainings(organization=self.organization, user=self.request.user)
        for row in rows:
            row.badge_html = badge_svg(row.module.badge, size=32)
        passed = [row for row in rows if row.status == "passed"]
        context.update(
            rows=rows,
            points=sum(row.module.points for row in passed),
            points_total=sum(row.module.points for row in rows),
            passed_count=len(passed),
        )
        return context


class ModuleView(ReaderMixin, TemplateView):
    template_name = "training/module.html"

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.module.summary_text()
        return context


class LessonView(ReaderMixin, TemplateView):
    """One lesson, with previous/next and the progress bar; "Next" notes it as read."""

    template_name = "training/lesson.html"

    def _lesson(self, kwargs):
        self.load(kwargs)
        lesson = selectors.lesson_get(module=self.module, lesson_id=kwargs["lesson_id"])
        index = next(i for i, item in enumerate(self.lessons) if item.pk == lesson.pk)
        return lesson, index

    def get(self, request, *args, **kwargs):
        self.lesson, self.index = self._lesson(kwargs)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        lesson, index = self._lesson(kwargs)
        if not self.preview:
            services.lesson_mark_done(
                lesson=lesson, organization=self.organization, user=request.user
            )
        if index + 1 < len(self.lessons):
            return redirect(
                self.url("lesson", module_id=self.module.pk, lesson_id=self.lessons[index + 1].pk)
            )
        return redirect(self.url("quiz", module_id=self.module.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lessons, index = self.lessons, self.index
        context.update(
            lesson=self.lesson,
            number=index + 1,
            total=len(lessons),
            title=self.lesson.title_text(),
            body=lesson_html(self.lesson.body_text()),
            previous=lessons[index - 1] if index else None,
            is_last=index + 1 == len(lessons),
        )
        return context


class LessonImageView(ReaderMixin, View):
    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        lesson = selectors.lesson_get(module=self.module, lesson_id=kwargs["lesson_id"])
        if not lesson.image:
            raise Http404
        response = FileResponse(lesson.image.open("rb"), content_type="image/jpeg")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class QuizView(ReaderMixin, TemplateView):
    template_name = "training/quiz.html"

    def _form(self, data=None):
        questions = list(self.module.questions.order_by("position", "id"))
        return QuizForm(data, questions=questions)

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        form = self._form(request.POST)
        if not form.is_valid():
            messages.error(request, _("Answer every question, then send your answers."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if self.preview:
            score, rows = services.quiz_score(form.questions, form.answers())
            result = services.QuizResult(score, score >= self.module.pass_mark, False, rows)
        else:
            result = services.quiz_submit(
                module=self.module,
                organization=self.organization,
                user=request.user,
                answers=form.answers(),
            )
            self.enrollment = result.enrollment
        language = get_language()
        rows = [
            {
                "text": row.question.text_for(language),
                "right": row.right,
                "choices": [
                    (text, key in row.chosen, key in row.question.correct)
                    for key, text in row.question.choice_texts(language)
                ],
                "explanation": row.question.explanation_text(language),
            }
            for row in result.rows
        ]
        return self.render_to_response(self.get_context_data(result=result, rows=rows, form=None))
