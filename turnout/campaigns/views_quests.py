"""Views of the quests area: editor, quest board, evidence review, campaign visual (workspace)
and leaderboard, shareable badge (public). Thin: parse, resolve scoped, check, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.actions.models import LANGUAGES
from turnout.visuals.formats import FORMATS, PRINT, SOCIAL
from turnout.visuals.services import download_name

from . import selectors_quests as selectors
from .exceptions import CampaignError
from .forms_quests import LANGUAGE_NAMES, EvidenceForm, LeaderboardFilterForm, QuestForm
from .mixins import CampaignWorkspaceMixin
from .models import Participation, Quest
from .quests_badges import badge_drawing, badge_svg
from .services import quests as services
from .services import visual as visual_services


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _language(request, campaign) -> str:
    wanted = (request.GET.get("lang") or get_language() or "fr")[:2]
    allowed = [c for c in (campaign.languages or LANGUAGES) if c in LANGUAGES] or ["fr"]
    return wanted if wanted in allowed else allowed[0]


class QuestsMixin(CampaignWorkspaceMixin):
    permission_required = "campaigns.quests_view"

    def url(self, name: str, **kwargs) -> str:
        return reverse(
            f"campaigns:{name}",
            kwargs={
                "org_slug": self.organization.slug,
                "campaign_slug": self.campaign.slug,
                **kwargs,
            },
        )

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_work"] = self.can("campaigns.quests_work")
        context["can_manage"] = self.can("campaigns.quests_manage")
        return context


# --- Initiator: the quest editor ------------------------------------------------------------


class QuestEditorView(QuestsMixin, TemplateView):
    template_name = "campaigns/quests/editor.html"
    initiator_only = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", QuestForm(initial={"verification": "self", "badge": "star"}))
        context["tiers"] = selectors.quests_by_tier(campaign=self.campaign)
        for _tier, quests in context["tiers"]:
            for quest in quests:
                quest.badge_html = badge_svg(quest.badge, size=28)
        return context

    def post(self, request, *args, **kwargs):
        self.require("campaigns.quests_manage")
        form = QuestForm(request.POST)
        if form.is_valid():
            try:
                quest = services.quest_create(
                    campaign=self.campaign, actor=request.user, values=form.values()
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("The quest “%(title)s” was added.") % {"title": quest.title_text()}
                )
                return redirect(self.url("quest_editor"))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class QuestEditView(QuestsMixin, TemplateView):
    template_name = "campaigns/quests/quest_form.html"
    initiator_only = True
    permission_required = "campaigns.quests_manage"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quest = selectors.quest_get(campaign=self.campaign, quest_id=self.kwargs["quest_id"])
        context["quest"] = quest
        context.setdefault("form", QuestForm(initial=QuestForm.initial_for(quest)))
        return context

    def post(self, request, *args, **kwargs):
        quest = selectors.quest_get(campaign=self.campaign, quest_id=kwargs["quest_id"])
        form = QuestForm(request.POST)
        if form.is_valid():
            try:
                services.quest_update(quest=quest, actor=request.user, values=form.values())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The quest was saved."))
                return redirect(self.url("quest_editor"))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class QuestDeleteView(QuestsMixin, TemplateView):
    template_name = "campaigns/quests/quest_delete.html"
    initiator_only = True
    permission_required = "campaigns.quests_manage"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quest = selectors.quest_get(campaign=self.campaign, quest_id=self.kwargs["quest_id"])
        context.update(quest=quest, completions=services.quest_completions(quest=quest))
        return context

    def post(self, request, *args, **kwargs):
        quest = selectors.quest_get(campaign=self.campaign, quest_id=kwargs["quest_id"])
        completions = services.quest_completions(quest=quest)
        if completions and request.POST.get("confirm") != "yes":
            return redirect(self.url("quest_delete", quest_id=quest.pk))
        title = quest.title_text()
        services.quest_delete(quest=quest, actor=request.user)
        messages.success(request, _("The quest “%(title)s” was deleted.") % {"title": title})
        return redirect(self.url("quest_editor"))


# --- Participant: the quest board ---------------------------------------------------------


class QuestBoardView(QuestsMixin, TemplateView):
    template_name = "campaigns/quests/board.html"
    participant_only = True

    def get(self, request, *args, **kwargs):
        # Clicks are not pushed to quests: refresh the click quests when the board is seen.
        if self.participation.status == Participation.Status.APPROVED:
            services.quest_progress_refresh(
                participation=self.participation, rules=[Quest.Rule.LINK_CLICKS]
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.participation.refresh_from_db(fields=["points", "status"])
        tiers = selectors.quest_board(participation=self.participation)
        forms = kwargs.get("evidence_forms", {})
        for tier in tiers:
            for row in tier.rows:
                row.form = forms.get(row.quest.pk) or EvidenceForm(
                    initial={"url": row.progress.evidence_url, "text": row.progress.evidence_text}
                    if row.progress
                    else None
                )
                row.badge_html = badge_svg(row.quest.badge, size=32)
        total = sum(t.total for t in tiers)
        done = sum(t.done for t in tiers)
        context.update(
            tiers=tiers,
            quests_total=total,
            quests_done=done,
            points_total=sum(r.quest.points for t in tiers for r in t.rows),
            approved=self.participation.status == Participation.Status.APPROVED,
            badge_url=self.request.build_absolute_uri(
                reverse(
                    "campaigns_public:badge_page",
                    kwargs={
                        "campaign_slug": self.campaign.slug,
                        "link_code": self.participation.link_code,
                    },
                )
            ),
        )
        return context


def _board_quest(view, quest_id) -> Quest:
    return selectors.quest_get(campaign=view.campaign, quest_id=quest_id)


class QuestSelfView(QuestsMixin, View):
    participant_only = True
    permission_required = "campaigns.quests_work"

    def post(self, request, *args, **kwargs):
        quest = _board_quest(self, kwargs["quest_id"])
        try:
            if request.POST.get("undo"):
                services.quest_self_undo(
                    participation=self.participation, quest=quest, actor=request.user
                )
                messages.success(request, _("The quest is marked as not done."))
            else:
                services.quest_self_declare(
                    participation=self.participation, quest=quest, actor=request.user
                )
                messages.success(request, _("Well done! The quest is marked as done."))
        except CampaignError as exc:
            messages.error(request, str(exc))
        return redirect(self.url("quest_board") + f"#quest-{quest.pk}")


class QuestEvidenceView(QuestBoardView):
    participant_only = True
    permission_required = "campaigns.quests_work"

    def post(self, request, *args, **kwargs):
        quest = _board_quest(self, kwargs["quest_id"])
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.quest_evidence_submit(
                    participation=self.participation,
                    quest=quest,
                    actor=request.user,
                    url=data.get("url") or "",
                    photo=data.get("photo"),
                    text=data.get("text") or "",
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            except CampaignError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Thank you! Your evidence is waiting for review."))
                return redirect(self.url("quest_board") + f"#quest-{quest.pk}")
        context = self.get_context_data(evidence_forms={quest.pk: form})
        return self.render_to_response(context, status=400)


class EvidencePhotoView(QuestsMixin, View):
    """The photo sent as evidence: for the initiator, and for the organization that sent it."""

    def get(self, request, *args, **kwargs):
        progress = selectors.progress_get(campaign=self.campaign, progress_id=kwargs["progress_id"])
        if not self.is_initiator and progress.participation_id != self.participation.pk:
            raise Http404
        if not progress.evidence_file:
            raise Http404
        response = FileResponse(progress.evidence_file.open("rb"), content_type="image/jpeg")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-cache"
        return response


# --- Initiator: the review queue ------------------------------------------------------------


class ReviewQueueView(QuestsMixin, TemplateView):
    template_name = "campaigns/quests/reviews.html"
    initiator_only = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue"] = list(selectors.review_queue(campaign=self.campaign))
        context["errors"] = kwargs.get("errors", {})
        context["notes"] = kwargs.get("notes", {})
        return context

    def post(self, request, *args, **kwargs):
        self.require("campaigns.quests_work")
        raw = request.POST.get("progress", "")
        if not raw.isdigit():
            raise Http404
        progress = selectors.progress_get(campaign=self.campaign, progress_id=int(raw))
        approve = request.POST.get("decision") == "approve"
        note = request.POST.get("note", "")
        try:
            services.quest_evidence_review(
                progress=progress, actor=request.user, approve=approve, note=note
            )
        except ValidationError as exc:
            context = self.get_context_data(
                errors={progress.pk: exc.messages}, notes={progress.pk: note}
            )
            return self.render_to_response(context, status=400)
        except CampaignError as exc:
            messages.error(request, str(exc))
        else:
            name = progress.participation.organization.name
            if approve:
                messages.success(request, _("Approved for %(name)s.") % {"name": name})
            else:
                messages.success(
                    request, _("Sent back to %(name)s with your note.") % {"name": name}
                )
        return redirect(self.url("quest_reviews"))


# --- The campaign visual ----------------------------------------------------------------------


class VisualMixin(QuestsMixin):
    participant_only = True

    def template_or_404(self, raw):
        template = visual_services.campaign_template_get(self.campaign, raw)
        if template is None:
            raise Http404
        return template

    def require_approved(self):
        if self.participation.status != Participation.Status.APPROVED:
            raise Http404


class VisualView(VisualMixin, TemplateView):
    template_name = "campaigns/quests/visual.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        templates = visual_services.campaign_templates(self.campaign)
        chosen = visual_services.campaign_template_get(
            self.campaign, self.request.GET.get("template")
        )
        chosen = chosen or (templates[0] if templates else None)
        fmt = FORMATS.get(self.request.GET.get("format") or "square") or FORMATS["square"]
        language = _language(self.request, self.campaign)
        languages = [c for c in (self.campaign.languages or LANGUAGES) if c in LANGUAGES]
        context.update(
            templates=templates,
            chosen=chosen,
            fmt=fmt,
            language=language,
            languages=[(c, LANGUAGE_NAMES[c]) for c in languages],
            social=SOCIAL,
            print_formats=PRINT,
            approved=self.participation.status == Participation.Status.APPROVED,
            tracked_link=visual_services.tracked_link(self.participation),
            can_edit_kit=self.can("visuals.change_brand_kit"),
        )
        return context


class VisualPreviewView(VisualMixin, View):
    def get(self, request, *args, **kwargs):
        self.require_approved()
        template = self.template_or_404(kwargs["template_id"])
        fmt = FORMATS.get(request.GET.get("format") or "square") or FORMATS["square"]
        if fmt.kind != "png":
            fmt = FORMATS["square"]
        render = visual_services.campaign_render(
            participation=self.participation,
            template=template,
            language=_language(request, self.campaign),
            fmt=fmt,
        )
        with render.file.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type="image/png")
        response["Cache-Control"] = "private, no-cache"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class VisualDownloadView(VisualMixin, View):
    permission_required = "campaigns.quests_work"

    def get(self, request, *args, **kwargs):
        self.require_approved()
        template = self.template_or_404(kwargs["template_id"])
        fmt = FORMATS.get(kwargs["format_key"])
        if fmt is None:
            raise Http404
        language = _language(request, self.campaign)
        render = visual_services.campaign_render(
            participation=self.participation, template=template, language=language, fmt=fmt
        )
        services.visual_download_record(
            participation=self.participation, actor=request.user, template=template, fmt_key=fmt.key
        )
        response = FileResponse(
            render.file.open("rb"),
            as_attachment=True,
            filename=download_name(template, language, fmt),
            content_type=fmt.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class VisualZipView(VisualMixin, View):
    permission_required = "campaigns.quests_work"

    def get(self, request, *args, **kwargs):
        self.require_approved()
        template = self.template_or_404(kwargs["template_id"])
        language = _language(request, self.campaign)
        data = visual_services.campaign_zip(
            participation=self.participation,
            template=template,
            languages=[language],
            formats=list(FORMATS.values()),
        )
        services.visual_download_record(
            participation=self.participation, actor=request.user, template=template, fmt_key="zip"
        )
        name = download_name(template, language, FORMATS["square"]).rsplit("-", 1)[0]
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
        return response


class BatchRenderView(QuestsMixin, View):
    initiator_only = True
    permission_required = "campaigns.quests_manage"

    def post(self, request, *args, **kwargs):
        raw = request.POST.get("template", "")
        template = visual_services.campaign_template_get(self.campaign, raw)
        if template is None:
            raise Http404
        try:
            job, without_kit = visual_services.campaign_batch_start(
                campaign=self.campaign, template=template, actor=request.user
            )
        except CampaignError as exc:
            messages.error(request, str(exc))
            return redirect(self.url("quest_editor"))
        if without_kit:
            messages.info(
                request,
                ngettext(
                    "%(n)s approved organization has no brand kit yet and is left out.",
                    "%(n)s approved organizations have no brand kit yet and are left out.",
                    without_kit,
                )
                % {"n": without_kit},
            )
        return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)


# --- Public: leaderboard and badge ------------------------------------------------------------


class LeaderboardView(TemplateView):
    template_name = "campaigns/public/quests/leaderboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = selectors.public_campaign(slug=kwargs["campaign_slug"])
        form = LeaderboardFilterForm(self.request.GET or None)
        filters = form.filters() if self.request.GET else {}
        page_obj, rows = selectors.leaderboard_page(
            campaign=campaign, page=self.request.GET.get("page") or 1, **filters
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            campaign=campaign,
            form=form,
            page_obj=page_obj,
            rows=rows,
            query=query.urlencode(),
            filtered=bool(filters),
        )
        return context


def _badge_lines(participation, campaign) -> dict:
    return {
        "name": participation.organization.name,
        "campaign": campaign.name_text(),
        "points": participation.points,
        "badges": participation.badges,
    }


class BadgeSvgView(View):
    def get(self, request, campaign_slug, link_code):
        campaign = selectors.public_campaign(slug=campaign_slug)
        participation = selectors.badge_participation(campaign=campaign, link_code=link_code)
        lines = _badge_lines(participation, campaign)
        icons = "".join(
            f'<g transform="translate({24 + i * 40} 150)" fill="none" stroke="#1d4ed8" '
            f'stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">'
            f"<title>{escape(b['title'])}</title>{badge_drawing(b['key'])}</g>"
            for i, b in enumerate(lines["badges"][:10])
        )
        points = _("%(n)s points") % {"n": lines["points"]}
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="460" height="200" '
            'viewBox="0 0 460 200" role="img" font-family="Inter, Arial, sans-serif">'
            f"<title>{escape(lines['name'])} · {escape(lines['campaign'])}</title>"
            '<rect width="460" height="200" rx="16" fill="#ffffff" stroke="#1d4ed8" '
            'stroke-width="3"/>'
            f'<text x="24" y="44" font-size="15" fill="#475569">'
            f"{escape(lines['campaign'][:60])}</text>"
            f'<text x="24" y="86" font-size="26" font-weight="700" fill="#0f172a">'
            f"{escape(lines['name'][:34])}</text>"
            f'<text x="24" y="124" font-size="20" fill="#1d4ed8" font-weight="700">'
            f"{escape(points)}</text>{icons}</svg>"
        )
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "public, max-age=300"
        return response


class BadgePageView(TemplateView):
    template_name = "campaigns/public/quests/badge.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = selectors.public_campaign(slug=kwargs["campaign_slug"])
        participation = selectors.badge_participation(
            campaign=campaign, link_code=kwargs["link_code"]
        )
        url_kwargs = {"campaign_slug": campaign.slug, "link_code": participation.link_code}
        context.update(
            campaign=campaign,
            participation=participation,
            badges=[
                dict(b, html=badge_svg(b["key"], size=36, title=b["title"]))
                for b in participation.badges
            ],
            svg_url=self.request.build_absolute_uri(
                reverse("campaigns_public:badge", kwargs=url_kwargs)
            ),
            page_url=self.request.build_absolute_uri(
                reverse("campaigns_public:badge_page", kwargs=url_kwargs)
            ),
        )
        return context
