"""Peer-to-peer texting pages: organizers set campaigns up and follow them; texters send the
first messages one by one and answer the replies. Thin views over ``texting``."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import texting
from .forms_texting import (
    CannedResponseForm,
    ReassignForm,
    ReplyForm,
    SurveyQuestionForm,
    TextingCampaignForm,
)
from .models import CannedResponse, Conversation, Message, SurveyQuestion, TextingCampaign
from .quiet_hours import opening_after
from .services import messaging_settings_get
from .texting import TextingError


class TextingMixin(WorkspaceMixin):
    """Any member may text; a campaign is reached by its organizers and its texters only."""

    permission_required = "messaging.text"

    @cached_property
    def is_manager(self) -> bool:
        return self.can("messaging.manage_texting")

    @cached_property
    def campaign(self) -> TextingCampaign:
        campaign = texting.campaign_get(
            organization=self.organization, campaign_id=self.kwargs["texting_id"]
        )
        if not self.is_manager and not campaign.texters.filter(pk=self.request.user.pk).exists():
            raise Http404
        return campaign

    def url(self, name: str, **kwargs) -> str:
        kwargs.setdefault("texting_id", self.campaign.pk)
        return reverse(f"texting:{name}", kwargs={"org_slug": self.organization.slug, **kwargs})

    def posted(self):
        return self.request.POST if self.request.method == "POST" else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_manager"] = self.is_manager
        if "texting_id" in self.kwargs:
            context["campaign"] = self.campaign
        return context


class ManagerMixin(TextingMixin):
    permission_required = "messaging.manage_texting"


# --- Lists and setup ------------------------------------------------------------------------


class CampaignListView(TextingMixin, TemplateView):
    template_name = "messaging/texting/campaigns.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mine"] = texting.campaigns_for_texter(
            organization=self.organization, user=self.request.user
        )
        if self.is_manager:
            context["campaigns"] = texting.campaigns_for_organization(
                organization=self.organization
            )
        return context


class CampaignFormView(ManagerMixin, FormView):
    template_name = "messaging/texting/campaign_form.html"

    def get_instance(self):
        return None

    def get_form(self, form_class=None):
        self.instance = self.get_instance()
        return TextingCampaignForm(
            self.posted(), instance=self.instance, organization=self.organization
        )

    def form_valid(self, form):
        data = form.cleaned_data
        fields = {name: data[name] for name in form.Meta.fields}
        try:
            campaign = texting.texting_campaign_save(
                organization=self.organization,
                actor=self.request.user,
                campaign=self.instance,
                texters=list(data["texters"]),
                script=form.script,
                **fields,
            )
        except TextingError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Texting campaign saved."))
        return redirect("texting:campaign", org_slug=self.organization.slug, texting_id=campaign.pk)


class CampaignCreateView(CampaignFormView):
    pass


class CampaignEditView(CampaignFormView):
    def get_instance(self):
        return self.campaign


class CampaignSetupView(ManagerMixin, TemplateView):
    """Survey questions and canned responses of a campaign."""

    template_name = "messaging/texting/setup.html"

    def forms(self):
        posted = self.posted()
        which = (posted or {}).get("form")
        return (
            SurveyQuestionForm(posted if which == "question" else None, prefix="q"),
            CannedResponseForm(
                posted if which == "canned" else None, campaign=self.campaign, prefix="c"
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question_form, canned_form = kwargs.get("forms") or self.forms()
        context.update(
            question_form=question_form,
            canned_form=canned_form,
            questions=SurveyQuestion.objects.filter(campaign=self.campaign),
            canned=CannedResponse.objects.filter(campaign=self.campaign).select_related(
                "tag", "question"
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        question_form, canned_form = self.forms()
        form = question_form if request.POST.get("form") == "question" else canned_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is question_form:
                    texting.survey_question_add(
                        campaign=self.campaign,
                        actor=request.user,
                        text=data["text"],
                        choices=data["choices"],
                        reveals_opinion=data["reveals_opinion"],
                    )
                    messages.success(request, _("Question added."))
                else:
                    texting.canned_response_add(
                        campaign=self.campaign,
                        actor=request.user,
                        title=data["title"],
                        body=data["body"],
                        tag_name=data["tag_name"],
                        question=data["question"],
                        answer=data["answer_text"],
                        closes=data["closes"],
                        marks_wrong_number=data["marks_wrong_number"],
                    )
                    messages.success(request, _("Canned response added."))
                return redirect(self.url("setup"))
            except TextingError as exc:
                form.add_error(None, str(exc))
        return self.render_to_response(self.get_context_data(forms=(question_form, canned_form)))


class SetupDeleteView(ManagerMixin, View):
    model = None
    kwarg = ""

    def post(self, request, *args, **kwargs):
        obj = get_object_or_404(self.model, campaign=self.campaign, pk=self.kwargs[self.kwarg])
        texting.texting_setup_delete(obj=obj, actor=request.user)
        messages.success(request, _("Deleted."))
        return redirect(self.url("setup"))


class QuestionDeleteView(SetupDeleteView):
    model = SurveyQuestion
    kwarg = "texting_question_id"


class CannedDeleteView(SetupDeleteView):
    model = CannedResponse
    kwarg = "texting_canned_id"


# --- Organizer: progress, lifecycle, reassign, review ---------------------------------------


class CampaignDetailView(ManagerMixin, TemplateView):
    template_name = "messaging/texting/campaign.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        progress = texting.campaign_progress(campaign=self.campaign)
        context["progress"] = progress
        context["status_counts"] = [
            (value, label, progress["conversations"][value])
            for value, label in Conversation.Status.choices
        ]
        return context


class CampaignProgressView(ManagerMixin, View):
    def get(self, request, *args, **kwargs):
        progress = texting.campaign_progress(campaign=self.campaign)
        progress["by_texter"] = {str(entry["id"]): entry for entry in progress["texters"]}
        return JsonResponse(progress)


class CampaignLoadView(ManagerMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            added = texting.texting_contacts_load(campaign=self.campaign, actor=request.user)
        except TextingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext("%(count)d contact loaded.", "%(count)d contacts loaded.", added)
                % {"count": added},
            )
        return redirect(self.url("campaign"))


class CampaignTransitionView(ManagerMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            campaign = texting.texting_campaign_transition(
                campaign=self.campaign, actor=request.user, action=request.POST.get("action", "")
            )
        except TextingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The campaign is now: %(status)s.") % {"status": campaign.get_status_display()},
            )
        return redirect(self.url("campaign"))


class ReassignView(ManagerMixin, FormView):
    template_name = "messaging/texting/reassign.html"

    def get_form(self, form_class=None):
        self.texters = list(self.campaign.texters.order_by("full_name", "email"))
        return ReassignForm(
            self.posted(),
            texters=self.texters,
            initial={"from_texter": self.request.GET.get("from")},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = texting.campaign_progress(campaign=self.campaign)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        to_texter = form.texters.get(data["to_texter"]) if data["to_texter"] else None
        try:
            moved = texting.conversations_reassign(
                campaign=self.campaign,
                actor=self.request.user,
                from_texter_id=data["from_texter"],
                to_texter=to_texter,
                only_unsent=data["only_unsent"],
            )
        except TextingError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext("%(count)d conversation moved.", "%(count)d conversations moved.", moved)
            % {"count": moved},
        )
        return redirect(self.url("reassign"))


class MessageReviewView(ManagerMixin, TemplateView):
    template_name = "messaging/texting/messages.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        filters = {
            "direction": get.get("direction", ""),
            "status": get.get("status", ""),
            "texter": get.get("texter", ""),
            "q": get.get("q", "").strip(),
        }
        rows = texting.campaign_messages(
            campaign=self.campaign,
            direction=filters["direction"],
            status=filters["status"],
            texter_id=filters["texter"],
            query=filters["q"],
        )
        context.update(
            page=Paginator(rows, 50).get_page(get.get("page")),
            filters=filters,
            query="&".join(f"{k}={v}" for k, v in filters.items() if v),
            directions=Message.Direction.choices,
            statuses=Message.Status.choices,
            texters=self.campaign.texters.order_by("full_name", "email"),
        )
        return context


# --- Texter: batches, first messages, conversations -----------------------------------------


class SendView(TextingMixin, TemplateView):
    """One contact at a time, with the rendered first message and a Send button."""

    template_name = "messaging/texting/send.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        conversation = texting.next_to_send(campaign=self.campaign, texter=user)
        context["conversation"] = conversation
        # Outside the organization's sending hours, texters are told before they press Send.
        prefs = messaging_settings_get(organization=self.organization)
        context["opens_at"] = opening_after(prefs.quiet_hours, timezone.now(), prefs.time_zone)
        if conversation is not None:
            conversation.campaign = self.campaign
            context["body"] = texting.initial_message_text(
                conversation=conversation,
                texter=user,
                prefs=messaging_settings_get(organization=self.organization),
            )
            context["remaining"] = Conversation.objects.filter(
                campaign=self.campaign, texter=user, status=Conversation.Status.TO_SEND
            ).count()
        else:
            context["unassigned"] = Conversation.objects.filter(
                campaign=self.campaign, status=Conversation.Status.UNASSIGNED
            ).exists()
            context["needs_reply"] = Conversation.objects.filter(
                campaign=self.campaign, texter=user, status=Conversation.Status.NEEDS_REPLY
            ).count()
        return context

    def post(self, request, *args, **kwargs):
        conversation_id = request.POST.get("conversation", "")
        if not conversation_id.isdigit():
            raise Http404
        conversation = texting.conversation_get(
            campaign=self.campaign,
            conversation_id=int(conversation_id),
            user=request.user,
            see_all=False,
        )
        try:
            texting.texting_initial_send(conversation=conversation, texter=request.user)
        except TextingError as exc:
            messages.error(request, str(exc))
        return redirect(self.url("send"))


class BatchView(TextingMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            count = texting.texting_batch_assign(campaign=self.campaign, texter=request.user)
        except TextingError as exc:
            messages.error(request, str(exc))
        else:
            if count:
                messages.success(
                    request,
                    ngettext("%(count)d new contact.", "%(count)d new contacts.", count)
                    % {"count": count},
                )
            else:
                messages.info(request, _("Everyone has been texted: no contact left."))
        return redirect(self.url("send"))


class ReleaseView(TextingMixin, View):
    def post(self, request, *args, **kwargs):
        count = texting.texting_batch_release(campaign=self.campaign, texter=request.user)
        messages.info(
            request,
            ngettext("%(count)d contact given back.", "%(count)d contacts given back.", count)
            % {"count": count},
        )
        return redirect(self.url("send"))


class ConversationListView(TextingMixin, TemplateView):
    template_name = "messaging/texting/conversations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", Conversation.Status.NEEDS_REPLY)
        rows = Conversation.objects.filter(campaign=self.campaign).select_related(
            "person", "texter"
        )
        if not self.is_manager or self.request.GET.get("mine"):
            rows = rows.filter(texter=self.request.user)
        if status in Conversation.Status.values:
            rows = rows.filter(status=status)
        rows = rows.order_by("-last_message_at", "id")
        context.update(
            page=Paginator(rows, 50).get_page(self.request.GET.get("page")),
            status=status,
            statuses=[(v, label) for v, label in Conversation.Status.choices if v != "unassigned"],
            query=f"status={status}",
        )
        return context


class ConversationView(TextingMixin, TemplateView):
    template_name = "messaging/texting/conversation.html"

    @cached_property
    def conversation(self) -> Conversation:
        return texting.conversation_get(
            campaign=self.campaign,
            conversation_id=self.kwargs["texting_conversation_id"],
            user=self.request.user,
            see_all=self.is_manager,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conversation = self.conversation
        answers = {a.question_id: a.answer for a in conversation.answers.all()}
        questions = list(SurveyQuestion.objects.filter(campaign=self.campaign))
        for question in questions:
            question.current = answers.get(question.pk, "")
        context.update(
            conversation=conversation,
            thread=conversation.messages.order_by("created_at", "id"),
            canned=CannedResponse.objects.filter(campaign=self.campaign).select_related("tag"),
            questions=questions,
            reply_form=kwargs.get("reply_form")
            or ReplyForm(initial={"token": texting.reply_token()}),
            token=texting.reply_token(),
            writable=conversation.status
            not in (Conversation.Status.OPTED_OUT, Conversation.Status.TO_SEND)
            and self.campaign.status != TextingCampaign.Status.DONE,
            next_conversation=Conversation.objects.filter(
                campaign=self.campaign,
                texter=self.request.user,
                status=Conversation.Status.NEEDS_REPLY,
            )
            .exclude(pk=conversation.pk)
            .order_by("last_message_at", "id")
            .values_list("pk", flat=True)
            .first(),
        )
        return context

    def post(self, request, *args, **kwargs):
        conversation = self.conversation
        action = request.POST.get("action", "")
        user = request.user
        try:
            if action == "reply":
                form = ReplyForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reply_form=form))
                texting.texting_reply_send(
                    conversation=conversation,
                    texter=user,
                    body=form.cleaned_data["body"],
                    token=form.cleaned_data["token"],
                )
                messages.success(request, _("Reply sent."))
            elif action == "canned":
                canned = get_object_or_404(
                    CannedResponse, campaign=self.campaign, pk=request.POST.get("canned") or 0
                )
                result = texting.canned_response_apply(
                    conversation=conversation,
                    texter=user,
                    canned=canned,
                    token=(request.POST.get("token") or "")[:64] or texting.reply_token(),
                )
                messages.success(request, self.describe(canned, result))
            elif action == "answer":
                question = get_object_or_404(
                    SurveyQuestion, campaign=self.campaign, pk=request.POST.get("question") or 0
                )
                texting.survey_answer_record(
                    conversation=conversation,
                    question=question,
                    answer=request.POST.get("answer", ""),
                    actor=user,
                )
                messages.success(request, _("Answer recorded."))
            elif action == "close":
                texting.conversation_close(conversation=conversation, actor=user)
                messages.success(request, _("Conversation closed."))
            elif action == "wrong_number":
                texting.wrong_number_mark(conversation=conversation, actor=user)
                messages.success(
                    request, _("Marked as a wrong number: this number will not be texted again.")
                )
            else:
                messages.error(request, _("Unknown action."))
        except TextingError as exc:
            messages.error(request, str(exc))
        return redirect(self.url("conversation", texting_conversation_id=conversation.pk))

    @staticmethod
    def describe(canned: CannedResponse, result) -> str:
        done = []
        if result.sent:
            done.append(_("text sent"))
        if result.tagged:
            done.append(_("tagged “%(tag)s”") % {"tag": canned.tag})
        if result.answered:
            done.append(_("answer “%(answer)s” recorded") % {"answer": canned.answer})
        if result.wrong_number:
            done.append(_("wrong number marked"))
        elif result.closed:
            done.append(_("closed"))
        if not done:
            return _("Already done.")
        return _("“%(title)s”: %(done)s.") % {"title": canned.title, "done": ", ".join(done)}
