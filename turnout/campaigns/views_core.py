"""Views of the core area: campaign list, setup and overview, charter, partners, moderation
(workspace), and the public landing, charter and joining pages. Thin: parse, resolve through a
selector, check the policy, call one service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import reach, selectors_core, selectors_quests, selectors_wall
from .exceptions import CampaignError
from .forms_core import CampaignForm, CharterForm, DecisionForm, JoinForm, PartnerForm
from .mixins import CampaignWorkspaceMixin
from .models import Participation
from .reminders import REMINDER_HOUR, reminder_counts
from .services import joining, setup
from .services.campaigns import (
    campaign_close,
    campaign_create,
    campaign_open,
    charter_current,
    charter_publish,
)

Status = Participation.Status


def _language() -> str:
    return (translation.get_language() or "fr")[:2]


def _url(name: str, view, **extra) -> str:
    kwargs = {"org_slug": view.organization.slug, "campaign_slug": view.campaign.slug, **extra}
    return reverse(f"campaigns:{name}", kwargs=kwargs)


# --- workspace ------------------------------------------------------------------------------


class CampaignListView(WorkspaceMixin, TemplateView):
    template_name = "campaigns/core/list.html"
    permission_required = "campaigns.view_campaigns"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiated"] = selectors_core.campaigns_initiated(organization=self.organization)
        context["participations"] = selectors_core.participations_of(organization=self.organization)
        return context


class CampaignCreateView(WorkspaceMixin, TemplateView):
    template_name = "campaigns/core/form.html"
    permission_required = "campaigns.manage_campaign"

    def get(self, request, *args, **kwargs):
        form = CampaignForm(organization=self.organization)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = CampaignForm(request.POST, organization=self.organization)
        if form.is_valid():
            try:
                with transaction.atomic():
                    campaign = campaign_create(
                        organization=self.organization,
                        actor=request.user,
                        slug=form.cleaned_data["slug"],
                        **form.service_values(),
                    )
                    setup.campaign_update(
                        campaign=campaign,
                        actor=request.user,
                        templates=form.cleaned_data["templates"],
                    )
            except CampaignError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Campaign created as a draft: open it when it is ready.")
                )
                return redirect(
                    "campaigns:detail", org_slug=self.organization.slug, campaign_slug=campaign.slug
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CampaignEditView(CampaignWorkspaceMixin, TemplateView):
    template_name = "campaigns/core/form.html"
    permission_required = "campaigns.manage_campaign"
    initiator_only = True

    def get(self, request, *args, **kwargs):
        form = CampaignForm(organization=self.organization, campaign=self.campaign)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = CampaignForm(request.POST, organization=self.organization, campaign=self.campaign)
        if form.is_valid():
            try:
                setup.campaign_update(
                    campaign=self.campaign,
                    actor=request.user,
                    templates=form.cleaned_data["templates"],
                    **form.service_values(),
                )
            except CampaignError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Changes saved."))
                return redirect(_url("detail", self))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CampaignStatusView(CampaignWorkspaceMixin, View):
    """Open or close the campaign (POST ``to=open|closed``)."""

    permission_required = "campaigns.manage_campaign"
    initiator_only = True

    def post(self, request, *args, **kwargs):
        target = request.POST.get("to")
        try:
            if target == "open":
                campaign_open(campaign=self.campaign, actor=request.user)
                messages.success(request, _("The campaign is open: organizations can join."))
            elif target == "closed":
                campaign_close(campaign=self.campaign, actor=request.user)
                messages.success(request, _("The campaign is closed."))
        except CampaignError as error:
            messages.error(request, str(error))
        return redirect(_url("detail", self))


class CampaignDetailView(CampaignWorkspaceMixin, TemplateView):
    template_name = "campaigns/core/detail.html"
    permission_required = "campaigns.view_participation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.campaign
        current = charter_current(campaign)
        context["charter"] = current
        context["landing_url"] = reverse("campaigns_public:landing", kwargs={"slug": campaign.slug})
        if self.is_initiator:
            context["counts"] = selectors_core.status_counts(campaign=campaign)
            context["pending"] = list(
                selectors_core.moderation_queue(campaign=campaign, status=Status.APPLIED)[:5]
            )
            context["reach"] = reach.campaign_reach(campaign)
            context["reminders"] = reminder_counts(campaign)
            context["reminder_hour"] = REMINDER_HOUR
        else:
            context["join_url"] = (
                reverse("campaigns_public:join", kwargs={"slug": campaign.slug})
                + f"?organization={self.organization.pk}"
            )
            context["newer_charter"] = (
                current if current and current.pk != self.participation.charter_id else None
            )
        return context


class CharterView(CampaignWorkspaceMixin, TemplateView):
    template_name = "campaigns/core/charter.html"
    permission_required = "campaigns.view_participation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = selectors_core.charter_versions(campaign=self.campaign)
        if self.is_initiator and "form" not in context:
            context["form"] = CharterForm(current=charter_current(self.campaign))
        return context

    def post(self, request, *args, **kwargs):
        if not self.is_initiator:
            raise Http404
        form = CharterForm(request.POST)
        if form.is_valid():
            try:
                version = charter_publish(
                    campaign=self.campaign,
                    actor=request.user,
                    text=form.translated_values("text"),
                )
            except CampaignError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Version %(n)s of the charter is published. New organizations sign it; "
                      "those who signed an earlier version keep their record.")
                    % {"n": version.number},
                )  # fmt: skip
                return redirect(_url("charter", self))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PartnersView(CampaignWorkspaceMixin, TemplateView):
    template_name = "campaigns/core/partners.html"
    permission_required = "campaigns.manage_campaign"
    initiator_only = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partners"] = list(self.campaign.partners.all())
        context.setdefault("form", PartnerForm())
        return context

    def post(self, request, *args, **kwargs):
        form = PartnerForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                setup.partner_create(
                    campaign=self.campaign, actor=request.user, **form.service_values()
                )
            except CampaignError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Partner added."))
                return redirect(_url("partners", self))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PartnerEditView(CampaignWorkspaceMixin, TemplateView):
    template_name = "campaigns/core/partner_form.html"
    permission_required = "campaigns.manage_campaign"
    initiator_only = True

    def get_partner(self):
        return selectors_core.partner_get(
            campaign=self.campaign, partner_id=self.kwargs["partner_id"]
        )

    def get(self, request, *args, **kwargs):
        partner = self.get_partner()
        form = PartnerForm(partner=partner)
        return self.render_to_response(self.get_context_data(form=form, partner=partner))

    def post(self, request, *args, **kwargs):
        partner = self.get_partner()
        form = PartnerForm(request.POST, request.FILES, partner=partner)
        if form.is_valid():
            try:
                setup.partner_update(
                    partner=partner,
                    actor=request.user,
                    remove_logo=form.cleaned_data.get("remove_logo", False),
                    **form.service_values(),
                )
            except CampaignError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Partner saved."))
                return redirect(_url("partners", self))
        return self.render_to_response(
            self.get_context_data(form=form, partner=partner), status=400
        )


class PartnerActionView(CampaignWorkspaceMixin, View):
    """Move a partner up or down, or remove it (POST ``do=up|down|delete``)."""

    permission_required = "campaigns.manage_campaign"
    initiator_only = True

    def post(self, request, *args, **kwargs):
        partner = selectors_core.partner_get(
            campaign=self.campaign, partner_id=kwargs["partner_id"]
        )
        action = request.POST.get("do")
        if action in ("up", "down"):
            setup.partner_move(
                partner=partner, actor=request.user, offset=-1 if action == "up" else 1
            )
        elif action == "delete":
            setup.partner_delete(partner=partner, actor=request.user)
            messages.success(request, _("Partner removed."))
        return redirect(_url("partners", self))


class ModerationView(CampaignWorkspaceMixin, TemplateView):
    template_name = "campaigns/core/moderation.html"
    permission_required = "campaigns.manage_campaign"
    initiator_only = True
    page_size = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", Status.APPLIED)
        if status not in Status.values and status != "all":
            status = Status.APPLIED
        rows = selectors_core.moderation_queue(
            campaign=self.campaign, status="" if status == "all" else status
        )
        try:
            page = max(1, int(self.request.GET.get("page", 1)))
        except ValueError:
            page = 1
        start = (page - 1) * self.page_size
        items = list(rows[start : start + self.page_size + 1])
        counts = selectors_core.status_counts(campaign=self.campaign)
        context.update(
            status=status,
            statuses=[(value, label, counts[value]) for value, label in Status.choices],
            items=items[: self.page_size],
            page=page,
            has_next=len(items) > self.page_size,
            networks=joining.NETWORKS,
            kept=self.request.session.pop("campaigns_note", None),
        )
        return context


class DecisionView(CampaignWorkspaceMixin, View):
    permission_required = "campaigns.manage_campaign"
    initiator_only = True

    def post(self, request, *args, **kwargs):
        participation = selectors_core.participation_for_initiator(
            campaign=self.campaign, participation_id=kwargs["participation_id"]
        )
        form = DecisionForm(request.POST)
        back = _url("moderation", self) + "?status=" + request.POST.get("back", Status.APPLIED)
        if not form.is_valid():
            messages.error(request, _("Choose a decision."))
            return redirect(back)
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        service = {
            "approve": joining.participation_approve,
            "reject": joining.participation_reject,
            "changes": joining.participation_request_changes,
            "suspend": joining.participation_suspend,
            "reinstate": joining.participation_reinstate,
        }[decision]
        try:
            service(participation=participation, actor=request.user, note=note)
        except CampaignError as error:
            messages.error(request, f"{participation.organization.name}: {error}")
            request.session["campaigns_note"] = {"id": participation.pk, "note": note}
            return redirect(back + f"#p{participation.pk}")
        done = {
            "approve": _("%(org)s is approved and notified by email."),
            "reject": _("%(org)s's application is rejected; the organization is told why."),
            "changes": _("%(org)s is asked for changes."),
            "suspend": _("%(org)s is suspended: its contributions are hidden."),
            "reinstate": _("%(org)s is reinstated."),
        }[decision]
        messages.success(request, done % {"org": participation.organization.name})
        return redirect(back)


# --- public -----------------------------------------------------------------------------------


def _language_links(request, campaign) -> list[dict]:
    current = _language()
    names = dict(settings.LANGUAGES)
    return [
        {
            "code": code,
            "name": names.get(code, code),
            "url": translate_url(request.path, code),
            "current": code == current,
        }
        for code in campaign.languages
    ]


class LandingView(View):
    template_name = "campaigns/public/landing.html"

    def get(self, request, slug):
        campaign = selectors_core.campaign_public_get(slug=slug)
        language = _language()
        reach.measured_add(campaign_id=campaign.pk, participation_id=None, page_views=1)
        counters = selectors_core.landing_counters(campaign=campaign)
        today = timezone.localdate()
        context = {
            "campaign": campaign,
            "name": campaign.name_text(language),
            "message": campaign.message_text(language),
            "tagline": campaign.tagline_text(language),
            "counters": counters,
            "reach": counters["reach"],
            "days_left": (campaign.election_date - today).days,
            "second_days_left": (
                (campaign.second_round_date - today).days if campaign.second_round_date else None
            ),
            "partners": list(campaign.partners.all()),
            "language": language,
            "campaign_languages": _language_links(request, campaign),
            "og_url": settings.SITE_URL
            + reverse("campaigns_public:landing", kwargs={"slug": campaign.slug}),
            "og_locale": {"fr": "fr_FR", "en": "en_GB", "de": "de_DE"}.get(language, "fr_FR"),
            "has_visual": campaign.templates.exists(),
        }
        context.update(selectors_quests.landing_context(campaign=campaign, request=request))
        context.update(selectors_wall.landing_context(campaign=campaign, request=request))
        return render(request, self.template_name, context)


class CampaignVisualView(View):
    """The campaign's own visual (PNG), shown on its public page and in share previews."""

    def get(self, request, slug):
        from .services.visual import campaign_master_render

        campaign = selectors_core.campaign_public_get(slug=slug)
        render = campaign_master_render(campaign=campaign, language=_language())
        if render is None:
            raise Http404
        response = FileResponse(render.file.open("rb"), content_type="image/png")
        response["Cache-Control"] = "public, max-age=3600"
        return response


class PublicCharterView(View):
    template_name = "campaigns/public/core/charter.html"

    def get(self, request, slug):
        campaign = selectors_core.campaign_public_get(slug=slug)
        number = request.GET.get("version")
        version = selectors_core.charter_public(
            campaign=campaign, number=int(number) if number and number.isdigit() else None
        )
        return render(
            request,
            self.template_name,
            {
                "campaign": campaign,
                "name": campaign.name_text(_language()),
                "version": version,
                "text": version.text_for(_language()),
                "latest": charter_current(campaign),
            },
        )


class JoinView(View):
    """Join in three steps on one page: the organization (picked or created), the charter
    (ticked), the audience. Visitors not logged in are sent to sign up or log in first."""

    template_name = "campaigns/public/core/join.html"

    def setup_campaign(self, request, slug):
        self.campaign = selectors_core.campaign_public_get(slug=slug)
        self.charter = charter_current(self.campaign)
        self.organizations = list(
            selectors_core.organizations_to_apply_with(user=request.user)
            if request.user.is_authenticated
            else []
        )

    def render_page(self, request, form=None, status=200, **extra):
        campaign = self.campaign
        context = {
            "campaign": campaign,
            "name": campaign.name_text(_language()),
            "charter": self.charter,
            "charter_text": self.charter.text_for(_language()) if self.charter else "",
            "form": form,
            "next": request.get_full_path(),
            **extra,
        }
        if request.user.is_authenticated:
            context["existing"] = selectors_core.participations_by_organization(
                campaign=campaign, organizations=self.organizations
            )
        return render(request, self.template_name, context, status=status)

    def get(self, request, slug):
        self.setup_campaign(request, slug)
        if not request.user.is_authenticated or not self.campaign.is_open:
            return self.render_page(request)
        initial = {}
        wanted = request.GET.get("organization")
        for org in self.organizations:
            if str(org.pk) == wanted:
                existing = selectors_core.participations_by_organization(
                    campaign=self.campaign, organizations=[org]
                ).get(org.pk)
                initial = JoinForm.initial_from(existing) if existing else {"organization": wanted}
        form = JoinForm(organizations=self.organizations, initial=initial)
        return self.render_page(request, form)

    def post(self, request, slug):
        self.setup_campaign(request, slug)
        if not request.user.is_authenticated:
            return redirect(reverse("account_login") + "?next=" + request.path)
        form = JoinForm(request.POST, organizations=self.organizations)
        if not self.campaign.is_open:
            return self.render_page(request, status=400)
        if form.is_valid():
            organization = form.chosen_organization()
            if organization is not None and not request.user.has_perm(
                "campaigns.apply", organization
            ):
                raise PermissionDenied
            try:
                participation = joining.participation_join(
                    campaign=self.campaign,
                    actor=request.user,
                    organization=organization,
                    new_organization=form.new_organization(),
                    charter_version=self.charter,
                    followers=form.followers(),
                    employees=form.cleaned_data["employees"],
                    motivation=form.cleaned_data["motivation"],
                )
            except joining.AlreadyJoined as error:
                return self.render_page(
                    request, form, status=400, already=error.participation, error=str(error)
                )
            except CampaignError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Your application is sent. The initiator reviews it and answers you by "
                      "email; meanwhile, here is your campaign page."),
                )  # fmt: skip
                return redirect(
                    "campaigns:detail",
                    org_slug=participation.organization.slug,
                    campaign_slug=self.campaign.slug,
                )
        return self.render_page(request, form, status=400)
