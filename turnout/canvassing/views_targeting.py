"""Workspace pages of targeting: the canvassing home, the imports (addresses, polling
stations, results) with their reports and undo, the addresses and stations, and the map of
abstention. Thin views: parse the form, call one service or selector, render."""

from __future__ import annotations

import itertools
from dataclasses import asdict

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin
from turnout.people.imports import reader
from turnout.people.imports.cells import text_of

from . import selectors_targeting as selectors
from .forms_targeting import (
    AddressMappingForm,
    AddressUploadForm,
    ResultsImportForm,
    StationsOptionsForm,
    StationsUploadForm,
)
from .imports.address_rows import TARGETS, RowReader, format_label, format_of, reasons_text, suggest
from .imports.addresses import file_info
from .imports.files import upload_open
from .imports.stations import suggest_properties
from .services import targeting as services

PREVIEW_ROWS = 5
PAGE_SIZE = 50


def _job_redirect(organization, job):
    return redirect("core:job", org_slug=organization.slug, job_uuid=job.uuid)


class TargetingMixin(WorkspaceMixin):
    permission_required = "canvassing.view_targeting"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.can("canvassing.import_targeting")
        return context


class ImportMixin(TargetingMixin):
    permission_required = "canvassing.import_targeting"


# --- Home ------------------------------------------------------------------------------------


class HomeView(WorkspaceMixin, TemplateView):
    template_name = "canvassing/home.html"
    permission_required = "canvassing.view_home"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        targeting = self.can("canvassing.view_targeting")
        context["can_target"] = targeting
        context["can_import"] = self.can("canvassing.import_targeting")
        if targeting:
            counts = selectors.targeting_counts(organization=self.organization)
            elections = selectors.elections_for(organization=self.organization)
            context.update(
                counts=counts,
                elections=elections,
                imports=list(selectors.imports_for(organization=self.organization)[:8]),
                steps_done={
                    "addresses": counts["addresses"] > 0,
                    "stations": counts["stations"] > 0 and bool(elections),
                    "efforts": counts["efforts"] > 0,
                },
            )
        return context


# --- Imports ---------------------------------------------------------------------------------


class ImportListView(ImportMixin, TemplateView):
    template_name = "canvassing/targeting/imports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(
            selectors.imports_for(organization=self.organization), 25
        ).get_page(self.request.GET.get("page"))
        return context


class AddressImportView(ImportMixin, TemplateView):
    """Step 1: the file. A file in a recognized format starts at once; any other goes to
    step 2, where each column is given a meaning (with a preview of the first rows)."""

    template_name = "canvassing/targeting/address_import.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=AddressUploadForm()))

    def post(self, request, *args, **kwargs):
        if "draft" in request.POST:
            return self.post_mapping(request)
        form = AddressUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        info = form.file_info
        token, draft = services.import_draft_create(
            organization=self.organization,
            kind=services.ADDRESSES_JOB,
            upload=form.cleaned_data["file"],
            extension=info.file_format,
            info=asdict(info),
        )
        known = format_of(info.headers)
        if known is not None:
            job = services.address_import_start(
                organization=self.organization, user=request.user, draft=draft, columns=None
            )
            messages.success(
                request,
                _("Recognized: %(format)s. The import has started; you can leave this page.")
                % {"format": known.label},
            )
            return _job_redirect(self.organization, job)
        headers = info.headers
        mapping = AddressMappingForm(
            headers=headers, initial_columns=suggest(headers), initial={"draft": token}
        )
        return self.show_mapping(mapping, draft, suggest(headers))

    def post_mapping(self, request):
        try:
            draft = services.import_draft_get(
                organization=self.organization,
                kind=services.ADDRESSES_JOB,
                token=request.POST.get("draft", ""),
            )
        except services.ImportRefused as exc:
            messages.error(request, str(exc))
            return redirect("canvassing:address_import", org_slug=self.organization.slug)
        headers = draft["info"]["headers"]
        form = AddressMappingForm(request.POST, headers=headers, initial_columns=suggest(headers))
        valid = form.is_valid()
        if valid and "start" in request.POST:
            try:
                job = services.address_import_start(
                    organization=self.organization,
                    user=request.user,
                    draft=draft,
                    columns=form.columns(),
                )
            except services.ImportRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("The import has started. You can leave this page: it goes on.")
                )
                return _job_redirect(self.organization, job)
        suggested = suggest(headers)
        columns = [
            form.cleaned_data.get(n) or suggested[i] for i, n in enumerate(form.column_names)
        ]
        return self.show_mapping(form, draft, columns, status=200 if valid else 400)

    def show_mapping(self, form, draft, columns, status=200):
        preview, error = self.preview(draft, columns)
        labels = dict(TARGETS)
        context = self.get_context_data(
            form=form,
            step=2,
            draft=draft,
            column_rows=list(
                zip(form.column_fields, self.samples(preview, len(columns)), strict=True)
            ),
            preview=preview,
            preview_error=error,
            preview_headers=[str(labels.get(c, "")) for c in columns],
        )
        return self.render_to_response(context, status=status)

    def preview(self, draft, columns):
        """The first rows as the import will read them (read only)."""
        rows_reader = RowReader(columns)
        rows = []
        try:
            with upload_open(draft["file"]) as handle:
                records = (r for r in reader.iter_records(handle, file_info(draft)) if not r.blank)
                for record in itertools.islice(records, PREVIEW_ROWS):
                    rows.append(rows_reader.read(record.line, record.cells))
        except (OSError, reader.ImportFileError):
            return [], _("The file could not be read again for the preview.")
        return rows, ""

    @staticmethod
    def samples(preview, width):
        return [
            next((text_of(r.raw[i]) for r in preview if i < len(r.raw) and text_of(r.raw[i])), "")
            for i in range(width)
        ]


class StationsImportView(ImportMixin, TemplateView):
    """Step 1: the GeoJSON file; step 2: which property holds what."""

    template_name = "canvassing/targeting/stations_import.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=StationsUploadForm()))

    def post(self, request, *args, **kwargs):
        if "draft" in request.POST:
            return self.post_options(request)
        form = StationsUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        info = form.info
        token, draft = services.import_draft_create(
            organization=self.organization,
            kind=services.STATIONS_JOB,
            upload=form.cleaned_data["file"],
            extension="geojson",
            properties=info.properties,
            examples=info.examples,
            features=info.features,
        )
        initial = {**suggest_properties(info.properties), "draft": token}
        options = StationsOptionsForm(
            initial=initial, properties=info.properties, examples=info.examples
        )
        return self.render_to_response(self.get_context_data(form=options, step=2, draft=draft))

    def post_options(self, request):
        try:
            draft = services.import_draft_get(
                organization=self.organization,
                kind=services.STATIONS_JOB,
                token=request.POST.get("draft", ""),
            )
        except services.ImportRefused as exc:
            messages.error(request, str(exc))
            return redirect("canvassing:stations_import", org_slug=self.organization.slug)
        form = StationsOptionsForm(
            request.POST, properties=draft["properties"], examples=draft["examples"]
        )
        if form.is_valid():
            try:
                job = services.stations_import_start(
                    organization=self.organization,
                    user=request.user,
                    draft=draft,
                    properties=form.properties(),
                    commune_code=form.cleaned_data["typed_code"],
                    commune_name=form.cleaned_data["typed_name"],
                    communes=form.cleaned_data["communes"],
                )
            except services.ImportRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The import of the polling stations has started."))
                return _job_redirect(self.organization, job)
        return self.render_to_response(
            self.get_context_data(form=form, step=2, draft=draft), status=400
        )


class ResultsImportView(ImportMixin, TemplateView):
    """One step: the file and the election. A file that was accepted is kept while the rest
    of the form is corrected (no need to choose it again)."""

    template_name = "canvassing/targeting/results_import.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ResultsImportForm()))

    def post(self, request, *args, **kwargs):
        form = ResultsImportForm(request.POST, request.FILES)
        valid = form.is_valid()
        draft, token = None, request.POST.get("draft", "")
        if form.cleaned_data.get("file"):  # a new file, accepted: it replaces the kept one
            token, draft = services.import_draft_create(
                organization=self.organization,
                kind=services.RESULTS_JOB,
                upload=form.cleaned_data["file"],
                extension=form.file_info.file_format,
                info=asdict(form.file_info),
            )
        elif token:
            try:
                draft = services.import_draft_get(
                    organization=self.organization, kind=services.RESULTS_JOB, token=token
                )
            except services.ImportRefused as exc:
                form.add_error("file", str(exc))
                token = ""
        elif "file" not in form.errors:
            form.add_error("file", _("Choose the results file."))
        if valid and draft is not None:
            try:
                job = services.results_import_start(
                    organization=self.organization,
                    user=request.user,
                    draft=draft,
                    election=form.cleaned_data["election"],
                    election_date=form.cleaned_data["election_date"],
                    round_=form.cleaned_data["round"],
                    communes=form.cleaned_data["communes"],
                )
            except services.ImportRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The import of the results has started."))
                return _job_redirect(self.organization, job)
        data = request.POST.copy()
        data["draft"] = token
        form.data = data
        context = self.get_context_data(form=form, draft=draft)
        return self.render_to_response(context, status=400)


class ImportDetailView(ImportMixin, TemplateView):
    template_name = "canvassing/targeting/import_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = selectors.import_get(organization=self.organization, job_uuid=kwargs["job_uuid"])
        result = job.result or {}
        rejected = result.get("rejected")
        context.update(
            job=job,
            result=result,
            kind=job.kind.removeprefix("canvassing_"),
            format_label=format_label(result.get("format", job.params.get("format", ""))),
            reasons=reasons_text(rejected) if isinstance(rejected, dict) else [],
            rejected_total=sum(rejected.values()) if isinstance(rejected, dict) else rejected,
            can_undo=services.address_import_can_undo(job),
        )
        return context


class ImportUndoView(ImportMixin, TemplateView):
    template_name = "canvassing/targeting/import_undo.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = selectors.import_get(organization=self.organization, job_uuid=kwargs["job_uuid"])
        context.update(job=job, can_undo=services.address_import_can_undo(job))
        return context

    def post(self, request, *args, **kwargs):
        job = selectors.import_get(organization=self.organization, job_uuid=kwargs["job_uuid"])
        try:
            undo = services.address_import_undo_start(job=job, user=request.user)
        except services.ImportRefused as exc:
            messages.error(request, str(exc))
            return redirect(
                "canvassing:import_detail", org_slug=self.organization.slug, job_uuid=job.uuid
            )
        return _job_redirect(self.organization, undo)


class ImportReportView(ImportMixin, View):
    """The rejected rows of an import, to fix and import again: organizers and above, never
    cached."""

    def get(self, request, *args, **kwargs):
        job = selectors.import_get(organization=self.organization, job_uuid=kwargs["job_uuid"])
        if not job.result_file:
            raise Http404
        stem = (job.params.get("name") or "import").rsplit(".", 1)[0][:80]
        response = FileResponse(
            job.result_file.open("rb"),
            as_attachment=True,
            filename=_("%(name)s - rejected rows.csv") % {"name": stem},
            content_type="text/csv; charset=utf-8",
        )
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- Addresses and stations ------------------------------------------------------------------


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


class AddressListView(TargetingMixin, TemplateView):
    template_name = "canvassing/targeting/addresses.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        station = _int_or_none(self.request.GET.get("station"))
        addresses = selectors.addresses_for(
            organization=self.organization, query=query, station_id=station
        )
        context.update(
            page=Paginator(addresses, PAGE_SIZE).get_page(self.request.GET.get("page")),
            q=query,
            station=station,
            stations=selectors.station_choices(organization=self.organization),
            query=urlencode(
                {k: v for k, v in (("q", query), ("station", station)) if v not in ("", None)}
            ),
        )
        return context


class StationListView(TargetingMixin, TemplateView):
    template_name = "canvassing/targeting/stations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(
            selectors.stations_for(organization=self.organization), 100
        ).get_page(self.request.GET.get("page"))
        return context


class StationDetailView(TargetingMixin, TemplateView):
    template_name = "canvassing/targeting/station.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        station = selectors.station_get(
            organization=self.organization, station_id=kwargs["station_id"]
        )
        context.update(
            station=station,
            results=selectors.station_results(station=station),
            features=selectors.map_features(
                [selectors.MapRow(station, None, station.addresses_n, station.doors_n or 0, None)]
            ),
            map_settings=_map_settings(),
            popup_labels=_popup_labels(),
        )
        return context


# --- The map ---------------------------------------------------------------------------------


def _map_settings() -> dict:
    return {
        "tiles": settings.TURNOUT_MAP_TILE_URL,
        "attribution": settings.TURNOUT_MAP_ATTRIBUTION,
    }


def _popup_labels() -> dict:
    """The figures a station's popup lists, in this order, and its buttons (map.js)."""
    return {
        "fields": {
            "place": _("Polling place"),
            "registered": _("Registered"),
            "abstentions": _("Abstentions"),
            "rate": _("Abstention (%)"),
            "addresses": _("Addresses"),
            "doors": _("Doors"),
        },
        "select": _("Select this station"),
        "unselect": _("Unselect this station"),
    }


def _effort_new_url(organization) -> str:
    try:
        return reverse("canvassing:effort_new", kwargs={"org_slug": organization.slug})
    except NoReverseMatch:
        return ""


class MapView(TargetingMixin, TemplateView):
    template_name = "canvassing/targeting/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        elections = selectors.elections_for(organization=self.organization)
        election = selectors.election_find(elections, self.request.GET.get("election"))
        rows = selectors.map_rows(organization=self.organization, election=election)
        features = selectors.map_features(rows)
        context.update(
            elections=elections,
            election=election,
            rows=rows,
            legend=selectors.legend(rows),
            features=features,
            first=selectors.where_first(rows),
            map_settings=_map_settings(),
            popup_labels=_popup_labels(),
            can_prepare=bool(_effort_new_url(self.organization)),
            # Without any area, the map frames the addresses.
            bounds=None
            if features["features"]
            else selectors.map_bounds(organization=self.organization),
        )
        return context


class MapPrepareView(TargetingMixin, View):
    """The selected stations go to the effort form as ``?stations=1,2,3`` (a plain form
    without script sends them as repeated parameters)."""

    def get(self, request, *args, **kwargs):
        url = _effort_new_url(self.organization)
        if not url:
            raise Http404
        ids = [i for i in (_int_or_none(v) for v in request.GET.getlist("stations")) if i]
        stations = selectors.stations_in(organization=self.organization, ids=ids)
        if not stations:
            messages.error(request, _("Tick at least one polling station in the table."))
            back = reverse("canvassing:map", kwargs={"org_slug": self.organization.slug})
            election = request.GET.get("election", "")
            return redirect(f"{back}?{urlencode({'election': election})}" if election else back)
        return redirect(f"{url}?stations={','.join(str(s.pk) for s in stations)}")
