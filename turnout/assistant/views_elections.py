"""Elections: the list, create and edit (audited). The registration deadline is either set
or computed from the country's rule (assistant.facts), and the computed date is shown."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import selectors
from .forms import ElectionForm
from .services.elections import Refused, election_create, election_update
from .views import AssistantMixin
from .views_kb import refused_on


def computed_deadline(election):
    """The registration deadline from the country's rule (None when there is no rule)."""
    from .facts import registration_deadline

    if election is None:
        return None
    saved = election.registration_deadline
    election.registration_deadline = None
    try:
        return registration_deadline(election)
    finally:
        election.registration_deadline = saved


class ElectionListView(AssistantMixin, TemplateView):
    template_name = "assistant/elections/list.html"
    section = "elections"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        elections = list(selectors.elections_for(organization=self.organization))
        for election in elections:
            election.deadline = election.registration_deadline or computed_deadline(election)
            election.deadline_computed = election.registration_deadline is None
        context.update(elections=elections, can_edit=self.can("assistant.manage_elections"))
        return context


class ElectionEditView(AssistantMixin, TemplateView):
    template_name = "assistant/elections/form.html"
    section = "elections"
    permission_required = "assistant.manage_elections"

    def load(self, kwargs):
        self.election = (
            selectors.election_get(
                organization=self.organization, election_id=kwargs["election_id"]
            )
            if "election_id" in kwargs
            else None
        )

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        initial = {}
        if self.election is None and getattr(self.organization, "country", ""):
            initial["country"] = self.organization.country
        form = ElectionForm(election=self.election, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        form = ElectionForm(request.POST, election=self.election)
        if form.is_valid():
            try:
                if self.election is None:
                    self.election = election_create(
                        organization=self.organization,
                        actor=request.user,
                        data=form.election_data(),
                    )
                else:
                    election_update(
                        election=self.election, actor=request.user, data=form.election_data()
                    )
            except Refused as exc:
                refused_on(form, exc)
                if self.election is not None:
                    self.election.refresh_from_db()
            else:
                messages.success(request, _("The election is saved."))
                return redirect(self.url("election_edit", election_id=self.election.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["election"] = self.election
        context["computed_deadline"] = computed_deadline(self.election)
        return context
