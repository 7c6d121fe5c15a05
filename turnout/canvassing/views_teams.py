"""Workspace pages of canvassing teams (organizers and above): the list, a team's form with its
member picker, and the deletion with its confirmation. Thin views: resolve the team within the
organization, parse the form, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import policies  # noqa: F401  (registers the permissions)
from .forms_turfs import TeamForm
from .models import Turf
from .selectors_turfs import canvassers_for, team_get, teams_for
from .services.teams import team_create, team_delete, team_update
from .services.turfs import TurfRefused


class TeamListView(WorkspaceMixin, TemplateView):
    template_name = "canvassing/teams/team_list.html"
    permission_required = "canvassing.view_efforts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["teams"] = teams_for(organization=self.organization)
        context["can_manage"] = self.can("canvassing.manage_turfs")
        return context


class TeamFormView(WorkspaceMixin, TemplateView):
    """New team, or a team's name and members (``team_id`` in the URL)."""

    template_name = "canvassing/teams/team_form.html"
    permission_required = "canvassing.manage_turfs"

    def _load(self) -> None:
        self.team = None
        if "team_id" in self.kwargs:
            self.team = team_get(organization=self.organization, team_id=self.kwargs["team_id"])

    def _form(self, data=None, initial=None) -> TeamForm:
        members = canvassers_for(organization=self.organization)
        return TeamForm(data, initial=initial, members=members)

    def get(self, request, *args, **kwargs):
        self._load()
        initial = None
        if self.team is not None:
            members = canvassers_for(organization=self.organization)
            initial = {
                "name": self.team.name,
                "members": list(members.filter(user__in=self.team.members.all())),
            }
        return self.render_to_response(self.get_context_data(form=self._form(initial=initial)))

    def post(self, request, *args, **kwargs):
        self._load()
        form = self._form(request.POST)
        if form.is_valid():
            values = {"name": form.cleaned_data["name"], "member_ids": form.member_ids()}
            try:
                if self.team is None:
                    team_create(organization=self.organization, actor=request.user, **values)
                    messages.success(request, _("The team is created."))
                else:
                    team_update(team=self.team, actor=request.user, **values)
                    messages.success(request, _("The team is saved."))
            except TurfRefused as exc:
                name = exc.field_name if exc.field_name in form.fields else None
                form.add_error(name, exc.message)
            else:
                return redirect("canvassing:teams", org_slug=self.organization.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["team"] = self.team
        return context


class TeamDeleteView(WorkspaceMixin, TemplateView):
    """Asks first (naming the turfs the team holds, which are taken back), then deletes."""

    template_name = "canvassing/teams/team_delete.html"
    permission_required = "canvassing.manage_turfs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = team_get(organization=self.organization, team_id=kwargs["team_id"])
        context["team"] = team
        context["turfs"] = (
            Turf.objects.for_organization(self.organization)
            .filter(assigned_team=team)
            .select_related("effort")
            .order_by("effort__name", "number")
        )
        return context

    def post(self, request, *args, **kwargs):
        team = team_get(organization=self.organization, team_id=kwargs["team_id"])
        name = team.name
        taken_back = team_delete(team=team, actor=request.user)
        messages.success(
            request,
            _("The team %(name)s is deleted; %(count)s of its turfs are no longer assigned.")
            % {"name": name, "count": taken_back}
            if taken_back
            else _("The team %(name)s is deleted.") % {"name": name},
        )
        return redirect("canvassing:teams", org_slug=self.organization.slug)
