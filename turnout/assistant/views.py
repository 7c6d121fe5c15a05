"""Organizer pages of the assistant, under /<lang>/o/<org_slug>/assistant/ (namespace
``assistant``): the home (elections, knowledge-base health, inbox, last week's questions,
channels). The other pages are in views_kb, views_inbox, views_elections,
views_conversations and views_channels. Thin views: resolve within the organization, check
the policy, call one service, render."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from turnout.core.charts import stacked_columns, svg_number
from turnout.organizations.mixins import WorkspaceMixin

from . import (
    policies,  # noqa: F401  (registers the permissions)
    selectors,
)

CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM, CHART_SIDE = 420, 150, 12, 22, 8


class AssistantMixin(WorkspaceMixin):
    permission_required = "assistant.view"
    section = ""

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"assistant:{name}", kwargs={"org_slug": self.organization.slug, **kwargs})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        context["inbox_open"] = selectors.open_inbox_count(organization=self.organization)
        context["can_manage_channels"] = self.can("assistant.manage_channels")
        return context


def questions_chart(days: list[dict]) -> dict:
    """The last days' questions as stacked columns (answered below, not known above)."""
    bars = stacked_columns(
        [[d["answered"] for d in days], [d["unknown"] for d in days]],
        width=CHART_WIDTH, height=CHART_HEIGHT, top=CHART_TOP, bottom=CHART_BOTTOM,
        side=CHART_SIDE, gap=10,
    )  # fmt: skip
    for bar, day in zip(bars, days, strict=True):
        bar["day"] = day["day"]
        bar["answered"], bar["unknown"] = day["answered"], day["unknown"]
        bar["label_x"] = svg_number(float(bar["x"]) + float(bar["width"]) / 2)
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": str(CHART_HEIGHT - CHART_BOTTOM),
        "label_y": str(CHART_HEIGHT - 6),
        "bars": bars,
        "answered": sum(d["answered"] for d in days),
        "unknown": sum(d["unknown"] for d in days),
    }


STATE_LABELS = {
    "present": lambda: _("Present"),
    "stale": lambda: _("Not verified recently"),
    "expired": lambda: _("Validity ended"),
    "draft": lambda: _("Draft only"),
    "missing": lambda: _("Missing"),
    "archived": lambda: _("Archived"),
}


def state_labels() -> dict:
    return {state: label() for state, label in STATE_LABELS.items()}


class HomeView(AssistantMixin, TemplateView):
    template_name = "assistant/home.html"
    section = "home"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        today = timezone.localdate()
        grid = selectors.coverage_grid(organization=org, today=today)
        labels = state_labels()
        for row in grid:
            row.cells = [(slug, state, labels[state]) for slug, state in row.cells]
        context.update(
            elections=selectors.upcoming_elections(organization=org, today=today),
            grid=grid,
            slugs=selectors.REQUIRED_SLUGS,
            legend=[(state, labels[state]) for state in selectors.STATES],
            stale_count=selectors.stale_entry_count(organization=org, today=today),
            stale_days=selectors.stale_after_days(),
            chart=questions_chart(selectors.questions_by_day(organization=org, today=today)),
            channels=selectors.channels_for(organization=org),
            has_entries=any(row.counts["missing"] < len(row.cells) for row in grid),
        )
        return context
