"""Workspace pages of the turfs area (organizers and above): canvassing efforts, cutting their
area into turfs, each turf's page where it is adjusted and assigned. Thin views: resolve the
effort and turf within the organization, parse the form, call one service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import policies  # noqa: F401  (registers the permissions)
from .forms_turfs import AssignForm, CutForm, EffortForm, MergeForm, MoveForm
from .models import Turf
from .selectors_targeting import map_bounds, map_features, map_rows
from .selectors_turfs import (
    canvassers_for,
    effort_get,
    effort_map_geojson,
    effort_totals,
    effort_turfs,
    efforts_for,
    neighbour_turfs,
    stations_for,
    teams_for,
    turf_assignments,
    turf_colour,
    turf_get,
    turf_route_geojson,
    turf_stops,
)
from .services.turfs import (
    TurfRefused,
    effort_create,
    effort_update,
    turf_assign,
    turf_assign_team,
    turf_merge,
    turf_move_stops,
    turf_split,
    turf_unassign,
)
from .services.turfs_cut import effort_addresses, effort_cut_job, kept_turf_ids, turfs_cut_start


def _map_settings() -> dict:
    return {
        "map_tiles": settings.TURNOUT_MAP_TILE_URL,
        "map_attribution": settings.TURNOUT_MAP_ATTRIBUTION,
    }


def _refused(form, exc: TurfRefused) -> None:
    name = exc.field_name if exc.field_name in form.fields else None
    form.add_error(name, exc.message)


class EffortListView(WorkspaceMixin, TemplateView):
    template_name = "canvassing/turfs/effort_list.html"
    permission_required = "canvassing.view_efforts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["efforts"] = efforts_for(organization=self.organization)
        return context


class EffortFormView(WorkspaceMixin, TemplateView):
    """New effort, or an effort's settings (``effort_id`` in the URL)."""

    template_name = "canvassing/turfs/effort_form.html"
    permission_required = "canvassing.manage_turfs"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.effort = None

    def _load(self):
        if "effort_id" in self.kwargs:
            self.effort = effort_get(
                organization=self.organization, effort_id=self.kwargs["effort_id"]
            )

    def _form(self, data=None, initial=None) -> EffortForm:
        return EffortForm(
            data, initial=initial, stations=stations_for(organization=self.organization)
        )

    def get(self, request, *args, **kwargs):
        self._load()
        if self.effort is not None:
            initial = EffortForm.initial_for(self.effort)
        else:
            initial = {"status": "draft", "stations": self._stations_from_query()}
        return self.render_to_response(self.get_context_data(form=self._form(initial=initial)))

    def _stations_from_query(self) -> list:
        """``?stations=1,2,3`` from the targeting map: the organization's stations among them."""
        ids = [
            int(v) for v in self.request.GET.get("stations", "").split(",") if v.strip().isdigit()
        ]
        return list(stations_for(organization=self.organization).filter(pk__in=ids)) if ids else []

    def post(self, request, *args, **kwargs):
        self._load()
        form = self._form(request.POST)
        if form.is_valid():
            try:
                if self.effort is None:
                    effort = effort_create(
                        organization=self.organization, actor=request.user, data=form.effort_data()
                    )
                    messages.success(request, _("The effort is created: now cut it into turfs."))
                    return redirect(
                        "canvassing:effort_cut",
                        org_slug=self.organization.slug,
                        effort_id=effort.pk,
                    )
                effort_update(effort=self.effort, actor=request.user, data=form.effort_data())
            except TurfRefused as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The effort is saved."))
                return redirect(
                    "canvassing:effort_detail",
                    org_slug=self.organization.slug,
                    effort_id=self.effort.pk,
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_map_settings())
        context["effort"] = self.effort
        context["has_turfs"] = self.effort is not None and self.effort.turfs.exists()
        box = map_bounds(organization=self.organization)
        context["bounds"] = ",".join(f"{v:.6f}" for v in box) if box else ""
        context["station_areas"] = map_features(
            map_rows(organization=self.organization, election=None)
        )
        return context


class EffortDetailView(WorkspaceMixin, TemplateView):
    template_name = "canvassing/turfs/effort_detail.html"
    permission_required = "canvassing.view_efforts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        effort = effort_get(organization=self.organization, effort_id=kwargs["effort_id"])
        rows = effort_turfs(effort=effort)
        context.update(_map_settings())
        context.update(
            effort=effort,
            rows=rows,
            totals=effort_totals(rows),
            job=effort_cut_job(effort=effort),
            stations=effort.stations.all(),
            can_manage=self.can("canvassing.manage_turfs"),
        )
        return context


class EffortMapView(WorkspaceMixin, View):
    """The effort's turfs as GeoJSON, fetched by the map of the effort's page."""

    permission_required = "canvassing.view_efforts"

    def get(self, request, org_slug, effort_id):
        effort = effort_get(organization=self.organization, effort_id=effort_id)
        data = effort_map_geojson(
            effort=effort,
            turf_url=lambda turf: reverse(
                "canvassing:turf_detail",
                kwargs={"org_slug": org_slug, "effort_id": effort.pk, "turf_id": turf.pk},
            ),
        )
        response = JsonResponse(data)
        response["Cache-Control"] = "no-store"
        return response


class EffortCutView(WorkspaceMixin, TemplateView):
    """What a cut will do (addresses, doors, turfs kept), and the form that starts it."""

    template_name = "canvassing/turfs/effort_cut.html"
    permission_required = "canvassing.manage_turfs"

    def get(self, request, *args, **kwargs):
        self.effort = effort_get(organization=self.organization, effort_id=kwargs["effort_id"])
        form = CutForm(initial={"doors_per_turf": self.effort.doors_per_turf})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.effort = effort_get(organization=self.organization, effort_id=kwargs["effort_id"])
        form = CutForm(request.POST)
        if form.is_valid():
            try:
                turfs_cut_start(
                    effort=self.effort,
                    actor=request.user,
                    doors_per_turf=form.cleaned_data["doors_per_turf"],
                )
            except TurfRefused as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("The turfs are being cut: the bar shows how far."))
                return redirect(
                    "canvassing:effort_detail",
                    org_slug=self.organization.slug,
                    effort_id=self.effort.pk,
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        effort = self.effort
        selected = effort_addresses(effort=effort)
        kept = kept_turf_ids(effort=effort)
        turfs = effort.turfs.all()
        context.update(
            effort=effort,
            address_count=int(selected["id"].size),
            door_count=int(selected["doors"].sum()),
            turf_count=turfs.count(),
            kept=turfs.filter(pk__in=kept).order_by("number"),
            replaced_assigned=turfs.exclude(pk__in=kept)
            .filter(Q(assigned_to__isnull=False) | Q(assigned_team__isnull=False))
            .select_related("assigned_to", "assigned_team")
            .order_by("number"),
            job=effort_cut_job(effort=effort),
        )
        return context


class TurfDetailView(WorkspaceMixin, TemplateView):
    """A turf: its addresses in walking order and its route on a map, with the forms that
    move addresses, split, merge and assign it. The action views below render it again with
    their form's errors when the input is wrong."""

    template_name = "canvassing/turfs/turf_detail.html"
    permission_required = "canvassing.view_efforts"
    status = 200

    def _load(self, kwargs) -> None:
        self.effort = effort_get(organization=self.organization, effort_id=kwargs["effort_id"])
        self.turf = turf_get(
            organization=self.organization, effort=self.effort, turf_id=kwargs["turf_id"]
        )
        self.stops = turf_stops(turf=self.turf)

    def get(self, request, *args, **kwargs):
        self._load(kwargs)
        return self.render_to_response(self.get_context_data())

    def _others(self):
        return (
            Turf.objects.for_organization(self.organization)
            .filter(effort=self.effort)
            .exclude(pk=self.turf.pk)
            .select_related("assigned_to", "assigned_team")
            .order_by("number")
        )

    def _members(self):
        return canvassers_for(organization=self.organization)

    def forms(self, data=None, which: str = "") -> dict:
        """Every form of the page; the one named ``which`` is bound to ``data``."""
        stops = self.stops
        return {
            "move_form": MoveForm(
                data if which == "move" else None,
                address_ids=[s["address"].pk for s in stops],
                turfs=self._others(),
            ),
            "merge_form": MergeForm(data if which == "merge" else None, turfs=self._others()),
            "assign_form": AssignForm(
                data if which == "assign" else None,
                members=self._members(),
                teams=teams_for(organization=self.organization),
                initial={
                    "member": self._members().filter(user=self.turf.assigned_to_id).first(),
                    "team": self.turf.assigned_team_id,
                },
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name, form in self.forms().items():
            context.setdefault(name, form)
        neighbours = neighbour_turfs(turf=self.turf)
        checked = set()
        if context["move_form"].is_bound:
            checked = {str(v) for v in context["move_form"].data.getlist("addresses")}
        context.update(_map_settings())
        context.update(
            effort=self.effort,
            turf=self.turf,
            stops=self.stops,
            checked=checked,
            km=self.turf.route_m / 1000,
            colour=turf_colour(self.turf.number),
            neighbours=neighbours[:6],
            assignments=turf_assignments(turf=self.turf),
            route_geojson=turf_route_geojson(turf=self.turf, stops=self.stops),
            can_manage=self.can("canvassing.manage_turfs"),
        )
        return context


class TurfActionView(TurfDetailView):
    """POST only: one change of the turf, then back to its page (or the page again with the
    form's errors, everything typed kept)."""

    http_method_names = ["post"]
    permission_required = "canvassing.manage_turfs"
    form_name = ""

    def post(self, request, *args, **kwargs):
        self._load(kwargs)
        form = self.forms(request.POST, which=self.form_name)[f"{self.form_name}_form"]
        if form.is_valid():
            try:
                message, target = self.act(form)
            except TurfRefused as exc:
                _refused(form, exc)
            else:
                messages.success(request, message)
                return redirect(
                    "canvassing:turf_detail",
                    org_slug=self.organization.slug,
                    effort_id=self.effort.pk,
                    turf_id=target.pk,
                )
        context = self.get_context_data(**{f"{self.form_name}_form": form})
        return self.render_to_response(context, status=400)

    def act(self, form) -> tuple[str, Turf]:
        raise NotImplementedError


class TurfMoveView(TurfActionView):
    form_name = "move"

    def act(self, form):
        to_turf = form.cleaned_data["to_turf"]
        moved = turf_move_stops(
            turf=self.turf,
            to_turf=to_turf,
            address_ids=form.cleaned_data["addresses"],
            actor=self.request.user,
        )
        return (
            _("%(count)s addresses moved to turf %(number)s; both routes are recomputed.")
            % {"count": moved, "number": to_turf.number},
            self.turf,
        )


class TurfSplitView(TurfDetailView):
    """POST only, no fields: halve the turf; a refusal comes back as a message."""

    http_method_names = ["post"]
    permission_required = "canvassing.manage_turfs"

    def post(self, request, *args, **kwargs):
        self._load(kwargs)
        try:
            new = turf_split(turf=self.turf, actor=request.user)
        except TurfRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Turf %(number)s is split: the other half is the new turf %(new)s.")
                % {"number": self.turf.number, "new": new.number},
            )
        return redirect(
            "canvassing:turf_detail",
            org_slug=self.organization.slug,
            effort_id=self.effort.pk,
            turf_id=self.turf.pk,
        )


class TurfMergeView(TurfActionView):
    form_name = "merge"

    def act(self, form):
        other = form.cleaned_data["other"]
        number = other.number
        turf = turf_merge(turf=self.turf, other=other, actor=self.request.user)
        return (
            _("Turf %(other)s is merged into turf %(number)s.")
            % {"other": number, "number": turf.number},
            turf,
        )


class TurfAssignView(TurfActionView):
    form_name = "assign"

    def act(self, form):
        member, team = form.cleaned_data["member"], form.cleaned_data["team"]
        if team is not None:
            turf_assign_team(turf=self.turf, team=team, actor=self.request.user)
            return (
                _("Turf %(number)s is given to the team %(name)s: each member gets an email.")
                % {"number": self.turf.number, "name": team.name},
                self.turf,
            )
        if member is None:
            turf_unassign(turf=self.turf, actor=self.request.user)
            return _("Turf %(number)s is no longer assigned.") % {
                "number": self.turf.number
            }, self.turf
        turf_assign(turf=self.turf, user=member.user, actor=self.request.user)
        return (
            _("Turf %(number)s is assigned to %(name)s, who gets an email.")
            % {"number": self.turf.number, "name": member.user.get_full_name()},
            self.turf,
        )
