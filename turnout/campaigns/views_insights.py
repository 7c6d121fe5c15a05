"""Workspace pages of the insights area, for the initiator's organizers: the impact dashboard
(with CSV and PDF exports), sister campaigns (family roll-up, cloning) and the sales pipeline
(board, lead editing, report). Thin: parse, resolve within the campaign, call one service."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from turnout.core.audit import audit_record
from turnout.core.money import money_text
from turnout.core.spreadsheet import safe_cell
from turnout.organizations.models import ADMIN_ROLES
from turnout.organizations.selectors import memberships_for_user

from . import dashboard
from . import selectors_insights as selectors
from .exceptions import CampaignError
from .forms_insights import LeadForm, LeadMoveForm, LeadUndoForm, SisterForm
from .mixins import CampaignWorkspaceMixin
from .models import Lead, Participation
from .pdf_insights import impact_pdf
from .services import pipeline
from .services.sisters import campaign_clone

UNDO_KEY = "campaigns_insights_undo"


def euros(cents: int) -> str:
    """A deal value for people: "12 500 €", or with cents when there are some."""
    return money_text(cents)


class InsightsMixin(CampaignWorkspaceMixin):
    initiator_only = True
    permission_required = "campaigns.view_insights"

    def url(self, name: str, **kwargs) -> str:
        return reverse(
            f"campaigns:{name}",
            kwargs={
                "org_slug": self.organization.slug,
                "campaign_slug": self.campaign.slug,
                **kwargs,
            },
        )


# --- Impact dashboard -----------------------------------------------------------------------


class DashboardView(InsightsMixin, TemplateView):
    template_name = "campaigns/insights/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["data"] = dashboard.impact(campaign=self.campaign)
        context["section"] = "dashboard"
        return context


class DashboardCsvView(InsightsMixin, View):
    """One line per participating organization (any status: the status is a column)."""

    def get(self, request, org_slug, campaign_slug):
        rows = selectors.organization_rows(campaign=self.campaign)
        audit_record(
            organization=self.organization,
            actor=request.user,
            action="campaign.dashboard_exported",
            target=self.campaign,
            data={"format": "csv"},
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="impact-{self.campaign.slug}-{stamp}.csv"'
        )
        response.write("\ufeff")  # spreadsheets read UTF-8 with a BOM
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Organization"),
                _("Country"),
                _("Sector"),
                _("Size"),
                _("Status"),
                _("Joined"),
                _("Points"),
                _("Quests done"),
                _("Clicks"),
                _("Page views"),
                _("Pledges"),
                _("Declared reach"),
            ]
        )
        for row in rows:
            joined = timezone.localtime(row.joined).date().isoformat() if row.joined else ""
            writer.writerow(
                [
                    safe_cell(c)
                    for c in (
                        row.name,
                        row.country,
                        row.sector_label,
                        row.size_label,
                        row.status_label,
                        joined,
                        row.points,
                        row.quests_done,
                        row.clicks,
                        row.page_views,
                        row.pledges,
                        row.declared,
                    )
                ]
            )
        return response


class DashboardPdfView(InsightsMixin, View):
    def get(self, request, org_slug, campaign_slug):
        data = dashboard.impact(campaign=self.campaign)
        content = impact_pdf(
            campaign=self.campaign,
            data=data,
            organization_name=self.organization.name,
            made_on=timezone.localdate(),
        )
        audit_record(
            organization=self.organization,
            actor=request.user,
            action="campaign.dashboard_exported",
            target=self.campaign,
            data={"format": "pdf"},
        )
        response = HttpResponse(content, content_type="application/pdf")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="impact-{self.campaign.slug}-{stamp}.pdf"'
        )
        return response


# --- Sister campaigns -----------------------------------------------------------------------


class SistersView(InsightsMixin, TemplateView):
    template_name = "campaigns/insights/sisters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["family"] = dashboard.family_rollup(campaign=self.campaign)
        context["section"] = "sisters"
        context["can_clone"] = bool(self._admin_organizations())
        return context

    def _admin_organizations(self):
        return [
            m.organization
            for m in memberships_for_user(user=self.request.user).order_by("organization__name")
            if m.role in ADMIN_ROLES
        ]


class SisterCreateView(SistersView):
    template_name = "campaigns/insights/sister_form.html"

    def _form(self, data=None):
        organizations = self._admin_organizations()
        if not organizations:
            raise PermissionDenied
        default = self.organization if self.organization in organizations else organizations[0]
        campaign = self.campaign
        initial = {
            "slug": f"{campaign.slug}-2"[:80],
            "election_country": campaign.election_country,
            "election_kind": campaign.election_kind,
            "languages": list(campaign.languages),
            "initiator": str(default.pk),
            **{f"name_{code}": text for code, text in campaign.name.items()},
        }
        return SisterForm(data, initial=initial, organizations=organizations)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            target = form.organization()
            try:
                sister = campaign_clone(
                    campaign=self.campaign,
                    actor=request.user,
                    organization=target,
                    slug=form.cleaned_data["slug"],
                    name=form.names(),
                    election_date=form.cleaned_data["election_date"],
                    election_kind=form.cleaned_data["election_kind"],
                    election_country=form.cleaned_data["election_country"],
                    languages=form.cleaned_data["languages"],
                    second_round_date=form.cleaned_data["second_round_date"],
                )
            except CampaignError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The sister campaign “%(name)s” is ready as a draft.")
                    % {"name": sister.name_text()},
                )
                return redirect(
                    "campaigns:sisters", org_slug=target.slug, campaign_slug=sister.slug
                )
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response


# --- Pipeline -------------------------------------------------------------------------------


class PipelineMixin(InsightsMixin):
    def lead(self) -> Lead:
        return selectors.lead_get(campaign=self.campaign, lead_id=self.kwargs["lead_id"])

    def to_board(self, anchor: str = ""):
        return redirect(self.url("pipeline") + (f"#{anchor}" if anchor else ""))

    def check_change(self):
        if not self.can("campaigns.change_pipeline"):
            raise PermissionDenied


class PipelineView(PipelineMixin, TemplateView):
    template_name = "campaigns/insights/pipeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = selectors.pipeline_board(campaign=self.campaign)
        for stage in board["stages"]:
            stage["total_text"] = euros(stage["total_cents"])
            for card in stage["cards"]:
                card.value_text = euros(card.value_cents)
        undo = self.request.session.get(UNDO_KEY) or {}
        context.update(
            board=board,
            undo=undo if undo.get("campaign") == self.campaign.pk else None,
            stage_choices=Lead.Stage.choices,
            section="pipeline",
        )
        return context


class LeadCreateAllView(PipelineMixin, View):
    def post(self, request, org_slug, campaign_slug):
        self.check_change()
        count = pipeline.leads_create_all(campaign=self.campaign, actor=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s organization added to the pipeline.",
                    "%(count)s organizations added to the pipeline.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("Every approved participant is already in your pipeline."))
        return self.to_board()


class LeadCreateView(PipelineMixin, View):
    def post(self, request, org_slug, campaign_slug):
        self.check_change()
        participation = get_object_or_404(
            Participation.objects.visible().select_related("organization"),
            campaign=self.campaign,
            pk=request.POST.get("participation") or 0,
        )
        try:
            lead = pipeline.lead_create(
                campaign=self.campaign, prospect=participation.organization, actor=request.user
            )
        except CampaignError as exc:
            messages.error(request, str(exc))
            return self.to_board()
        messages.success(
            request, _("%(name)s is in the pipeline.") % {"name": participation.organization.name}
        )
        return self.to_board(f"lead-{lead.pk}")


class LeadMoveView(PipelineMixin, View):
    def post(self, request, org_slug, campaign_slug, lead_id):
        self.check_change()
        lead = self.lead()
        form = LeadMoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the stage to move the lead to."))
            return self.to_board(f"lead-{lead.pk}")
        change = pipeline.lead_move(lead=lead, stage=form.cleaned_data["stage"], actor=request.user)
        if change is not None:
            request.session[UNDO_KEY] = {
                "campaign": self.campaign.pk,
                "lead": lead.pk,
                "change": change.pk,
                "name": lead.prospect.name,
                "stage": str(Lead.Stage(change.to_stage).label),
            }
        return self.to_board(f"lead-{lead.pk}")


class LeadUndoView(PipelineMixin, View):
    def post(self, request, org_slug, campaign_slug, lead_id):
        self.check_change()
        lead = self.lead()
        form = LeadUndoForm(request.POST)
        request.session.pop(UNDO_KEY, None)
        if not form.is_valid():
            return self.to_board(f"lead-{lead.pk}")
        try:
            lead = pipeline.lead_move_undo(
                lead=lead, change_id=form.cleaned_data["change"], actor=request.user
            )
        except CampaignError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s is back in “%(stage)s”.")
                % {"name": lead.prospect.name, "stage": lead.get_stage_display()},
            )
        return self.to_board(f"lead-{lead.pk}")


class LeadEditView(PipelineMixin, TemplateView):
    template_name = "campaigns/insights/lead_form.html"

    def _form(self, lead, data=None):
        members = list(selectors.owners_for(organization=self.organization))
        return LeadForm(data, initial=LeadForm.initial_for(lead), members=members)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lead = kwargs.get("lead") or self.lead()
        labels = dict(Lead.Stage.choices)
        history = list(
            lead.stage_changes.select_related("changed_by").order_by("-changed_at", "-id")
        )
        for change in history:
            change.from_label = labels.get(change.from_stage, "")
            change.to_label = labels.get(change.to_stage, change.to_stage)
        context.update(
            lead=lead,
            history=history,
            stage_labels=labels,
            section="pipeline",
        )
        context.setdefault("form", self._form(lead))
        return context

    def post(self, request, *args, **kwargs):
        self.check_change()
        lead = self.lead()
        form = self._form(lead, request.POST)
        if form.is_valid():
            try:
                pipeline.lead_update(
                    lead=lead,
                    actor=request.user,
                    value_cents=form.value_in_cents(),
                    owner=form.owner_user(),
                    next_step=form.cleaned_data["next_step"],
                    next_step_on=form.cleaned_data["next_step_on"],
                    notes=form.cleaned_data["notes"],
                )
            except CampaignError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Lead saved."))
                return self.to_board(f"lead-{lead.pk}")
        response = self.render_to_response(self.get_context_data(lead=lead, form=form))
        response.status_code = 400
        return response


class PipelineReportView(PipelineMixin, TemplateView):
    template_name = "campaigns/insights/pipeline_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = selectors.pipeline_report(campaign=self.campaign)
        for stage in report["stages"]:
            stage["value_text"] = euros(stage["value_cents"])
        chart = dashboard.bar_chart(
            [(str(s["label"]), s["value_cents"] // 100) for s in report["stages"]]
        )
        for row, stage in zip(chart["rows"], report["stages"], strict=True):
            row["text"] = stage["value_text"]
        context.update(
            report=report,
            chart=chart,
            created_text=euros(report["created_cents"]),
            won_text=euros(report["won_cents"]),
            section="pipeline",
        )
        return context
