"""The public assistant: ``/<lang>/ask/<org>/`` (a page that works without JavaScript), its
JSON endpoint for the small chat script, the embeddable frame and its one-line script, the
"pass my question to a person" form and the reminders opt-in form.

Thin views: forms and the visitor token come from ``channels.web``, every write is a service
of ``services.conversations``. Posts are rate limited per address (429 + Retry-After). No
cookie is used (see ``channels.web``), hence no CSRF cookie either: the forms carry a signed
visitor token instead, and nothing a forged post can do reaches anyone's data.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from turnout.actions.public_views import ORIGIN_RE, widget_js
from turnout.organizations.models import Organization

from .channels import web
from .models import Channel, Election, Turn
from .services.conversations import (
    conversation_for,
    conversation_reply,
    handoff_request,
    reminder_consent_text,
    web_reminder_opt_in,
)


def _language() -> str:
    return (get_language() or "fr")[:2]


def _organization(org_slug: str) -> Organization:
    organization = get_object_or_404(Organization, slug=org_slug)
    if web.web_closed(organization):
        raise Http404
    return organization


def _frame_ancestors(account) -> list[str]:
    origins = (account.options or {}).get("frame_ancestors", []) if account else []
    if isinstance(origins, str):
        origins = origins.split()
    allowed = [o for o in origins if isinstance(o, str) and ORIGIN_RE.match(o)]
    return allowed or ["*"]


def _too_many(request, organization, *, as_json: bool):
    wait = web.rate_limited(request, organization)
    if not wait:
        return None
    message = _("Too many questions at once. Please wait a minute and ask again.")
    if as_json:
        response = JsonResponse({"error": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(wait)
    return response


@method_decorator(csrf_exempt, name="dispatch")
class AskView(View):
    """The conversation page. GET starts a new conversation; each POST asks one question
    and shows the whole conversation again (no redirect: the visitor id travels in the form)."""

    template_name = "assistant/public/ask.html"
    embed = False

    def setup_org(self, org_slug):
        self.organization = _organization(org_slug)
        self.account = web.web_account(self.organization)
        self.language = _language()

    def chooser(self, data=None):
        return web.ChooserForm(
            data,
            organization=self.organization,
            account=self.account,
            language=self.language,
        )

    def get(self, request, organization):
        self.setup_org(organization)
        chooser = self.chooser(request.GET if request.GET else None)
        return self.render_page(
            request, chooser=chooser, visitor=web.visitor_new(self.organization)
        )

    def post(self, request, organization):
        self.setup_org(organization)
        limited = _too_many(request, self.organization, as_json=False)
        if limited is not None:
            return limited
        form = web.QuestionForm(request.POST)
        form.is_valid()
        data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
        chooser = self.chooser({"country": data.get("country"), "election": data.get("election")})
        visitor, token = self.visitor(data.get("visitor", ""))
        reply = conversation_reply(
            account=self.account,
            organization=self.organization,
            channel=Channel.WEB,
            address=visitor,
            text=request.POST.get("question", ""),
            external_id=(data.get("message") or "")[:64],
            language=self.language,
            country=chooser.country,
            election=chooser.election,
        )
        rejected = reply.outcome == Turn.Outcome.REJECTED
        return self.render_page(
            request,
            chooser=chooser,
            visitor=token,
            conversation=reply.conversation,
            typed=request.POST.get("question", "")[:500] if rejected else "",
            question_error=reply.text if rejected else "",
            status=400 if rejected else 200,
        )

    def visitor(self, token: str) -> tuple[str, str]:
        found = web.visitor_id(token, self.organization)
        if found is None:
            token = web.visitor_new(self.organization)
            found = web.visitor_id(token, self.organization)
        return f"web:{found}", token

    def render_page(
        self,
        request,
        *,
        chooser,
        visitor,
        conversation=None,
        typed="",
        question_error="",
        notice="",
        handoff_form=None,
        reminder_form=None,
        status=200,
    ):
        values = chooser.values()
        question_form = web.QuestionForm(
            auto_id="q_%s",
            initial={"visitor": visitor, "message": uuid.uuid4().hex, **values, "question": typed},
        )
        election = chooser.election
        consent = (
            reminder_consent_text(
                organization=self.organization,
                election=election,
                channel=Channel.WEB,
                language=self.language,
            )
            if election is not None and _reminders_open(self.organization, election)
            else ""
        )
        if reminder_form is None and consent:
            reminder_form = web.ReminderForm(
                initial={"visitor": visitor, **values}, consent_text=consent, auto_id="r_%s"
            )
        if handoff_form is None:
            handoff_form = web.HandoffForm(
                initial={"visitor": visitor, **values},
                organization=self.organization,
                auto_id="h_%s",
            )
        name = (self.account.display_name if self.account else "") or self.organization.name
        urls = {
            "page": settings.SITE_URL
            + reverse("assistant_public:ask", args=[self.organization.slug]),
            "embed": settings.SITE_URL
            + reverse("assistant_public:embed", args=[self.organization.slug]),
            "widget": settings.SITE_URL
            + reverse("assistant_public:widget", args=[self.organization.slug]),
        }
        action = reverse(
            "assistant_public:embed" if self.embed else "assistant_public:ask",
            args=[self.organization.slug],
        )
        response = render(
            request,
            "assistant/public/embed.html" if self.embed else self.template_name,
            {
                "asked_organization": self.organization,
                "name": name,
                "partner": self.account.partner if self.account else "",
                "chooser": chooser,
                "chooser_values": values,
                "question_form": question_form,
                "question_error": question_error,
                "history": web.history(conversation),
                "handoff_form": handoff_form,
                "reminder_form": reminder_form,
                "reminder_election": election if consent else None,
                "notice": notice,
                "visitor": visitor,
                "action": action,
                "messages_url": reverse("assistant_public:messages", args=[self.organization.slug]),
                "handoff_url": reverse("assistant_public:handoff", args=[self.organization.slug]),
                "remind_url": reverse("assistant_public:remind", args=[self.organization.slug]),
                "urls": urls,
                "embed": self.embed,
            },
            status=status,
        )
        if self.embed:
            response._csp_replace = {"frame-ancestors": _frame_ancestors(self.account)}
        return response


def _reminders_open(organization, election: Election) -> bool:
    from .services.conversations import _reminder_program

    return _reminder_program(organization, election)


@method_decorator(xframe_options_exempt, name="dispatch")
class EmbedView(AskView):
    """The same conversation, alone, for partner sites' frames."""

    embed = True


class _FormView(AskView):
    """Base of the hand-off and reminder posts: they come back to the conversation page (in
    the partner's frame when posted from it)."""

    def setup_org(self, org_slug):
        super().setup_org(org_slug)
        self.embed = self.request.POST.get("embed") == "1"

    def conversation(self, token: str):
        visitor = web.visitor_id(token, self.organization)
        if visitor is None:
            return None, web.visitor_new(self.organization)
        return (
            conversation_for(
                organization=self.organization, channel=Channel.WEB, address=f"web:{visitor}"
            ),
            token,
        )

    def get(self, request, organization):
        return AskView.get(self, request, organization)


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(xframe_options_exempt, name="dispatch")
class HandoffView(_FormView):
    def post(self, request, organization):
        self.setup_org(organization)
        limited = _too_many(request, self.organization, as_json=False)
        if limited is not None:
            return limited
        form = web.HandoffForm(request.POST, organization=self.organization, auto_id="h_%s")
        valid = form.is_valid()
        data = form.cleaned_data
        chooser = self.chooser({"country": data.get("country"), "election": data.get("election")})
        conversation, token = self.conversation(request.POST.get("visitor", ""))
        turn = (
            conversation.turns.filter(pk=data.get("turn")).first()
            if conversation is not None and data.get("turn")
            else None
        )
        if turn is None:
            return self.render_page(
                request,
                chooser=chooser,
                visitor=token,
                conversation=conversation,
                notice=_("This conversation has expired. Please ask your question again."),
                status=400,
            )
        if valid:
            try:
                handoff_request(
                    conversation=conversation,
                    turn=turn,
                    email=data.get("email", ""),
                    phone=data.get("phone", ""),
                    consent_text=web.handoff_consent_text(self.organization),
                    language=self.language,
                )
            except ValueError as exc:
                field = "email" if data.get("email") else "phone"
                form.add_error(field, str(exc) or _("Check this address."))
                valid = False
        if not valid:
            return self.render_page(
                request,
                chooser=chooser,
                visitor=token,
                conversation=conversation,
                handoff_form=form,
                status=400,
            )
        written_back = bool(data.get("email") or data.get("phone"))
        return self.render_page(
            request,
            chooser=chooser,
            visitor=token,
            conversation=conversation,
            notice=_("Thank you: an organizer will read your question and answer you.")
            if written_back
            else _("Thank you: your question was passed to an organizer."),
        )


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(xframe_options_exempt, name="dispatch")
class RemindView(_FormView):
    def post(self, request, organization):
        from turnout.gotv.exceptions import GotvError

        self.setup_org(organization)
        limited = _too_many(request, self.organization, as_json=False)
        if limited is not None:
            return limited
        chooser = self.chooser(
            {"country": request.POST.get("country"), "election": request.POST.get("election")}
        )
        election = chooser.election
        if election is None or not _reminders_open(self.organization, election):
            raise Http404
        consent = reminder_consent_text(
            organization=self.organization,
            election=election,
            channel=Channel.WEB,
            language=self.language,
        )
        form = web.ReminderForm(request.POST, consent_text=consent, auto_id="r_%s")
        conversation, token = self.conversation(request.POST.get("visitor", ""))
        valid = form.is_valid()
        if valid:
            if conversation is None:
                visitor = web.visitor_id(token, self.organization)
                from .services.conversations import _conversation_get_or_create

                conversation, _created = _conversation_get_or_create(
                    organization=self.organization,
                    account=self.account,
                    channel=Channel.WEB,
                    address=f"web:{visitor}",
                    defaults={"language": self.language, "country": chooser.country},
                )
            try:
                web_reminder_opt_in(
                    conversation=conversation,
                    election=election,
                    consent_text=consent,
                    email=form.cleaned_data.get("email", ""),
                    phone=form.cleaned_data.get("phone", ""),
                    language=self.language,
                )
            except ValueError as exc:
                field = "email" if form.cleaned_data.get("email") else "phone"
                form.add_error(field, str(exc) or _("Check this address."))
                valid = False
            except GotvError as exc:
                form.add_error(None, exc.message)
                valid = False
        if not valid:
            return self.render_page(
                request,
                chooser=chooser,
                visitor=token,
                conversation=conversation,
                reminder_form=form,
                status=400,
            )
        return self.render_page(
            request,
            chooser=chooser,
            visitor=token,
            conversation=conversation,
            notice=_("Done: you will receive reminders before %(election)s.")
            % {"election": election.name_text(self.language) or election.slug},
        )


@method_decorator(csrf_exempt, name="dispatch")
class MessagesView(AskView):
    """``POST {"question", "visitor", "message", "country", "election"}`` -> the reply as
    JSON, for the chat script."""

    def get(self, request, organization):
        raise Http404

    def post(self, request, organization):
        self.setup_org(organization)
        limited = _too_many(request, self.organization, as_json=True)
        if limited is not None:
            return limited
        try:
            payload = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            payload = None
        if not isinstance(payload, dict) or not isinstance(payload.get("question", ""), str):
            return JsonResponse({"error": _("Send a question as JSON.")}, status=400)
        chooser = self.chooser(
            {
                "country": str(payload.get("country") or ""),
                "election": str(payload.get("election") or ""),
            }
        )
        visitor, token = self.visitor(str(payload.get("visitor") or ""))
        reply = conversation_reply(
            account=self.account,
            organization=self.organization,
            channel=Channel.WEB,
            address=visitor,
            text=payload.get("question", ""),
            external_id=str(payload.get("message") or "")[:64],
            language=self.language,
            country=chooser.country,
            election=chooser.election,
        )
        answer = reply.answer
        from .channels import sources_of

        sources = answer.sources if answer is not None else sources_of(reply.turn)
        return JsonResponse(
            {
                "answer": reply.text,
                "entry": (answer.slug if answer is not None else reply.turn.entry_slug) or None,
                "sources": sources if reply.outcome == Turn.Outcome.ANSWERED else [],
                "confidence": answer.confidence if answer is not None else reply.turn.confidence,
                "outcome": reply.outcome,
                "rejected": reply.outcome == Turn.Outcome.REJECTED,
                "handoff": reply.handoff,
                "turn": reply.turn.pk if reply.turn else None,
                "visitor": token,
            },
            status=200,
        )


@method_decorator(cache_control(public=True, max_age=300), name="dispatch")
class WidgetView(View):
    """``<script src=".../widget.js" async></script>`` puts the assistant's frame right after
    itself on a partner's page, fitted to its content."""

    def get(self, request, organization):
        organization = _organization(organization)
        account = web.web_account(organization)
        embed = settings.SITE_URL + reverse("assistant_public:embed", args=[organization.slug])
        title = _("Ask %(name)s about voting") % {
            "name": (account.display_name if account else "") or organization.name
        }
        body = widget_js(embed=embed, title=title, params=())
        return HttpResponse(body, content_type="application/javascript; charset=utf-8")
