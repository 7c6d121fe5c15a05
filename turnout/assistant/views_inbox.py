"""The organizers' shared inbox: open questions, answer (sent back when possible), dismiss,
reopen, and turn an answer into a knowledge-base entry (views_kb.EntryEditView)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import selectors
from .forms import InboxAnswerForm
from .models import InboxQuestion
from .services.elections import Refused
from .services.inbox import inbox_answer, inbox_dismiss, inbox_reopen, reply_channel
from .views import AssistantMixin

PAGE_SIZE = 30

NOT_SENT = {
    "no_reply_to": lambda: _("The person left no address or number: nothing was sent."),
    "no_person": lambda: _("The person did not agree to be remembered: nothing was sent."),
    "whatsapp": lambda: _(
        "WhatsApp answers cannot be sent from here: the answer is saved. Turn it into an "
        "entry so that the assistant answers it next time."
    ),
}


def not_sent_text(reason: str) -> str:
    label = NOT_SENT.get(reason)
    if label is not None:
        return label()
    return _("The answer could not be sent (%(reason)s); it is saved.") % {"reason": reason}


class InboxMixin(AssistantMixin):
    section = "inbox"
    permission_required = "assistant.answer_inbox"


class InboxListView(InboxMixin, TemplateView):
    template_name = "assistant/inbox/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", InboxQuestion.Status.OPEN)
        if status not in InboxQuestion.Status.values:
            status = InboxQuestion.Status.OPEN
        rows = selectors.inbox_list(organization=self.organization, status=status)
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            status=status,
            statuses=InboxQuestion.Status.choices,
            query=f"status={status}",
        )
        return context


class InboxQuestionView(InboxMixin, TemplateView):
    template_name = "assistant/inbox/question.html"

    def load(self, kwargs):
        self.question = selectors.inbox_get(
            organization=self.organization, question_id=kwargs["inbox_question_id"]
        )

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        return self.render_to_response(self.get_context_data(form=InboxAnswerForm()))

    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        form = InboxAnswerForm(request.POST)
        if form.is_valid():
            try:
                done = inbox_answer(
                    question=self.question, actor=request.user, answer=form.cleaned_data["answer"]
                )
            except Refused as exc:
                if exc.field_name != "answer":
                    messages.error(request, exc.message)
                    return redirect(self.url("inbox_question", inbox_question_id=self.question.pk))
                form.add_error("answer", exc.message)
            else:
                if done.sent_on:
                    messages.success(request, _("The answer is saved and sent to the person."))
                else:
                    messages.warning(request, not_sent_text(done.not_sent))
                return redirect(self.url("inbox_question", inbox_question_id=self.question.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.question
        context.update(
            question=question,
            excerpt=selectors.conversation_excerpt(question=question),
            reply_channel=reply_channel(question),
        )
        return context


class InboxActionView(InboxMixin, View):
    """POST: dismiss, or reopen a dismissed question."""

    def post(self, request, *args, **kwargs):
        question = selectors.inbox_get(
            organization=self.organization, question_id=kwargs["inbox_question_id"]
        )
        action = request.POST.get("action", "")
        try:
            if action == "dismiss":
                inbox_dismiss(question=question, actor=request.user)
                messages.success(request, _("The question is dismissed."))
                return redirect(self.url("inbox"))
            if action == "reopen":
                inbox_reopen(question=question, actor=request.user)
                messages.success(request, _("The question is back in the inbox."))
        except Refused as exc:
            messages.error(request, exc.message)
        return redirect(self.url("inbox_question", inbox_question_id=question.pk))
