"""Workspace pages of the engagement ladder and the funnel report. Thin: parse, resolve within
the organization, check the policy, call one service (or selector), render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from turnout.core.spreadsheet import safe_cell
from turnout.organizations.mixins import WorkspaceMixin
from turnout.people.segments.builder import Builder
from turnout.people.segments.filters import people_matching, validate_definition
from turnout.people.segments.ui import builder_context

from . import report, selectors, services
from .forms import ReportForm, RungForm
from .services import LadderError


class FunnelMixin(WorkspaceMixin):
    permission_required = "funnels.view_funnel"

    def to_ladder(self):
        return redirect("funnels:ladder", org_slug=self.organization.slug)

    def render(self, context: dict, *, status: int = 200):
        response = self.render_to_response(self.get_context_data(**context))
        response.status_code = status
        return response


def _choices(request) -> tuple[str, str]:
    form = ReportForm(request.GET or None)
    period, dimension = report.DEFAULT_PERIOD, report.DEFAULT_DIMENSION
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"] or period
        dimension = form.cleaned_data["by"] or dimension
    return period, dimension


class ReportView(FunnelMixin, TemplateView):
    template_name = "funnels/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period, dimension = _choices(self.request)
        funnel = report.funnel(organization=self.organization, period=period)
        context.update(
            form=ReportForm(initial={"period": period, "by": dimension}),
            period=period,
            period_label=report.PERIODS[period],
            dimension=dimension,
            dimension_label=report.DIMENSIONS[dimension],
            funnel=funnel,
            cohorts=report.cohorts(
                organization=self.organization, period=period, dimension=dimension
            )
            if funnel["total"]
            else None,
            job=selectors.recompute_job(organization=self.organization),
            can_change=self.can("funnels.change_ladder"),
        )
        return context


class ReportCsvView(FunnelMixin, View):
    """The report's tables as CSV (``?table=funnel`` or ``?table=cohorts``, same filters as
    the page)."""

    def get(self, request, org_slug):
        period, dimension = _choices(request)
        table = request.GET.get("table", "funnel")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        name = "cohorts" if table == "cohorts" else "funnel"
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{self.organization.slug}-{period}-{stamp}.csv"'
        )
        response.write("\ufeff")  # spreadsheets read UTF-8 with a BOM
        writer = csv.writer(response)
        if table == "cohorts":
            data = report.cohorts(
                organization=self.organization, period=period, dimension=dimension
            )
            header = [str(report.DIMENSIONS[data["dimension"]]), _("People")]
            for _index, before, after in data["transitions"]:
                label = _("%(from)s to %(to)s") % {"from": before, "to": after}
                header += [
                    _("%(step)s: base") % {"step": label},
                    _("%(step)s: converted") % {"step": label},
                    _("%(step)s: conversion (%%)") % {"step": label},
                ]
            writer.writerow([safe_cell(h) for h in header])
            for row in data["cohorts"]:
                cells = [row["cohort"].label, row["cohort"].people]
                for item in row["conversions"]:
                    cells += [item["base"], item["converted"], item["percent"]]
                writer.writerow([safe_cell(c) for c in cells])
            return response
        data = report.funnel(organization=self.organization, period=period)
        writer.writerow(
            [
                _("Position"),
                _("Rung"),
                _("Reached"),
                _("Conversion from the previous rung (%)"),
                _("Median time to convert (seconds)"),
                _("Median time to convert"),
                _("On this rung now"),
            ]
        )
        for index, step in enumerate(data["steps"]):
            median = "" if step.median_seconds is None else round(step.median_seconds)
            writer.writerow(
                [
                    safe_cell(c)
                    for c in (
                        index + 1,
                        step.name,
                        step.reached,
                        step.conversion if index else "",
                        median if index else "",
                        step.median_text if index else "",
                        step.current,
                    )
                ]
            )
        return response


class LadderView(FunnelMixin, TemplateView):
    template_name = "funnels/ladder.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            selectors.ladder_overview(organization=self.organization),
            can_change=self.can("funnels.change_ladder"),
            max_rungs=services.MAX_RUNGS,
        )
        return context


class SuggestedLadderView(FunnelMixin, View):
    permission_required = "funnels.change_ladder"
    http_method_names = ["post"]

    def post(self, request, org_slug):
        try:
            services.ladder_use_suggested(organization=self.organization, actor=request.user)
        except LadderError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "The suggested ladder is ready. Everyone is being placed on it in the "
                    "background; you can rename or change any rung."
                ),
            )
        return self.to_ladder()


class RecomputeView(FunnelMixin, View):
    permission_required = "funnels.change_ladder"
    http_method_names = ["post"]

    def post(self, request, org_slug):
        if selectors.rungs_for(organization=self.organization).exists():
            services.ladder_recompute_start(organization=self.organization, actor=request.user)
            messages.info(request, _("Everyone is being placed on the ladder again."))
        return self.to_ladder()


class RungFormView(FunnelMixin, TemplateView):
    """New and edit. Works without JavaScript, like the segment builder it reuses: "add",
    "remove" and "show the count" post the form back and the rows are drawn again."""

    template_name = "funnels/rung_form.html"
    permission_required = "funnels.change_ladder"

    def setup_rung(self):
        self.rung = (
            selectors.rung_get(organization=self.organization, rung_id=self.kwargs["rung_id"])
            if "rung_id" in self.kwargs
            else None
        )

    def get(self, request, *args, **kwargs):
        self.setup_rung()
        builder = Builder.from_definition(self.rung.definition if self.rung else None)
        count = self.try_count(builder, show=False)
        return self.render_form(RungForm(rung=self.rung), builder, count=count)

    def post(self, request, *args, **kwargs):
        self.setup_rung()
        builder = Builder.from_post(request.POST)
        if "save" not in request.POST:
            form = RungForm(
                initial={
                    k: v for k, v in request.POST.items() if k.startswith(("name_", "description_"))
                }
            )
            pressed = builder.apply(request.POST)
            return self.render_form(form, builder, count=self.try_count(builder, show=not pressed))
        form = RungForm(request.POST)
        definition = builder.definition()
        try:
            validate_definition(
                organization=self.organization, definition=definition, allow_sensitive=False
            )
        except ValidationError as exc:
            builder.attach_errors(exc)
            form.is_valid()
            return self.render_form(form, builder, count=None, status=400)
        if not form.is_valid():
            return self.render_form(form, builder, count=None, status=400)
        texts = form.texts()
        try:
            if self.rung is None:
                rung = services.rung_create(
                    organization=self.organization,
                    actor=request.user,
                    definition=definition,
                    **texts,
                )
                messages.success(
                    request,
                    _("Rung “%(name)s” added at the top of the ladder.")
                    % {"name": rung.name_text()},
                )
            else:
                rung = services.rung_update(
                    rung=self.rung, actor=request.user, definition=definition, **texts
                )
                messages.success(request, _("Rung “%(name)s” saved.") % {"name": rung.name_text()})
        except LadderError as exc:
            form.add_error(None, str(exc))
            return self.render_form(form, builder, count=None, status=400)
        return self.to_ladder()

    def try_count(self, builder: Builder, *, show: bool) -> int | None:
        try:
            cleaned = validate_definition(
                organization=self.organization,
                definition=builder.definition(),
                allow_sensitive=False,
            )
        except ValidationError as exc:
            if show:
                builder.attach_errors(exc)
            return None
        return people_matching(organization=self.organization, definition=cleaned).count()

    def render_form(self, form, builder, *, count, status=200):
        count_text = ""
        if count is not None:
            count_text = ngettext(
                "%(count)s person matches this rule now.",
                "%(count)s people match this rule now.",
                count,
            ) % {"count": number_format(count, force_grouping=True)}
        context = {
            "form": form,
            "rung": self.rung,
            "count_text": count_text,
            **builder_context(
                organization=self.organization, builder=builder, allow_sensitive=False
            ),
        }
        return self.render(context, status=status)


class RungDeleteView(FunnelMixin, TemplateView):
    template_name = "funnels/rung_delete.html"
    permission_required = "funnels.change_ladder"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rung"] = selectors.rung_get(
            organization=self.organization, rung_id=self.kwargs["rung_id"]
        )
        return context

    def post(self, request, *args, **kwargs):
        rung = selectors.rung_get(organization=self.organization, rung_id=kwargs["rung_id"])
        name = rung.name_text()
        services.rung_delete(rung=rung, actor=request.user)
        messages.success(request, _("Rung “%(name)s” deleted.") % {"name": name})
        return self.to_ladder()


class RungMoveView(FunnelMixin, View):
    permission_required = "funnels.change_ladder"
    http_method_names = ["post"]

    def post(self, request, org_slug, rung_id):
        rung = selectors.rung_get(organization=self.organization, rung_id=rung_id)
        direction = "up" if request.POST.get("direction") == "up" else "down"
        if services.rung_move(rung=rung, actor=request.user, direction=direction):
            messages.success(
                request,
                _("“%(name)s” moved up.") % {"name": rung.name_text()}
                if direction == "up"
                else _("“%(name)s” moved down.") % {"name": rung.name_text()},
            )
        return self.to_ladder()
