"""Import pages: history, upload, column mapping with preview, detail, report, undo."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from ..views import PeopleMixin
from . import reader, selectors, services
from .cells import text_of
from .forms import MappingForm, UploadForm
from .mapping import IGNORE, mapping_from_remembered, suggest, targets_for


class ImportMixin(PeopleMixin):
    permission_required = "people.import_people"

    def get_import(self):
        return selectors.import_get(
            organization=self.organization, import_id=self.kwargs["import_id"]
        )

    def detail_redirect(self, imp):
        return redirect("people:import_detail", org_slug=self.organization.slug, import_id=imp.pk)


class ImportListView(ImportMixin, TemplateView):
    template_name = "people/imports/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(
            selectors.imports_for(organization=self.organization), 25
        ).get_page(self.request.GET.get("page"))
        return context


class ImportNewView(ImportMixin, FormView):
    template_name = "people/imports/new.html"
    form_class = UploadForm

    def form_valid(self, form):
        imp = services.import_create(
            organization=self.organization,
            user=self.request.user,
            upload=form.cleaned_data["file"],
            info=form.file_info,
        )
        return redirect("people:import_map", org_slug=self.organization.slug, import_id=imp.pk)


class ImportMapView(ImportMixin, TemplateView):
    template_name = "people/imports/map.html"

    def setup_mapping(self, imp):
        self.custom_fields = selectors.import_custom_fields(organization=self.organization)
        self.targets = targets_for(
            custom_fields=self.custom_fields, include_sensitive=self.can("people.view_sensitive")
        )
        available = {value for value, _label in self.targets}
        self.remembered = False
        saved = (imp.mapping or {}).get("columns")
        if saved and len(saved) == len(imp.headers):
            return [c if c in available else IGNORE for c in saved]
        stored = selectors.mapping_remembered(organization=self.organization, headers=imp.headers)
        if stored is not None:
            self.remembered = True
            return mapping_from_remembered(imp.headers, stored.mapping, available)
        return suggest(imp.headers, available, self.custom_fields)

    def get(self, request, *args, **kwargs):
        imp = self.get_import()
        if imp.status != imp.Status.DRAFT:
            return self.detail_redirect(imp)
        initial = self.setup_mapping(imp)
        form = MappingForm(headers=imp.headers, targets=self.targets, initial_columns=initial)
        return self.show(imp, form, initial)

    def post(self, request, *args, **kwargs):
        imp = self.get_import()
        if imp.status != imp.Status.DRAFT:
            return self.detail_redirect(imp)
        initial = self.setup_mapping(imp)
        start = "start" in request.POST
        form = MappingForm(
            request.POST,
            headers=imp.headers,
            targets=self.targets,
            initial_columns=initial,
            require_basis=start,
        )
        valid = form.is_valid()
        if valid and start:
            try:
                job = services.import_start(
                    people_import=imp,
                    user=request.user,
                    columns=form.columns(),
                    tag_names=form.cleaned_data["tags"],
                    consent_basis=form.cleaned_data["consent_basis"],
                    on_match=form.cleaned_data["on_match"],
                )
            except services.ImportStateError as exc:
                messages.error(request, str(exc))
                return self.detail_redirect(imp)
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The import has started. You can leave this page: it goes on without you."),
                )
                return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)
        columns = [
            (form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None) or initial[i]
            for i, name in enumerate(form.column_names)
        ]
        return self.show(imp, form, columns)

    def show(self, imp, form, columns):
        try:
            preview = services.import_preview(
                people_import=imp, columns=columns, custom_fields=self.custom_fields
            )
            preview_error = ""
        except (OSError, reader.ImportFileError):  # the stored file vanished or changed
            preview, preview_error = [], _("The file could not be read again for the preview.")
        labels = dict(self.targets)
        samples = []
        for index in range(len(imp.headers)):
            values = (text_of(p.row.raw[index]) for p in preview if index < len(p.row.raw))
            samples.append(next((v for v in values if v), ""))
        context = self.get_context_data(
            people_import=imp,
            form=form,
            column_rows=list(zip(form.column_fields, samples, strict=True)),
            remembered=self.remembered,
            preview=preview,
            preview_error=preview_error,
            preview_headers=[
                (header, labels.get(target, ""))
                for header, target in zip(imp.headers, columns, strict=True)
            ],
            ignored=[i for i, target in enumerate(columns) if target == IGNORE],
        )
        return self.render_to_response(context)


class ImportDetailView(ImportMixin, TemplateView):
    template_name = "people/imports/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        imp = self.get_import()
        targets = dict(
            targets_for(
                custom_fields=selectors.import_custom_fields(organization=self.organization),
                include_sensitive=True,
            )
        )
        columns = (imp.mapping or {}).get("columns") or []
        context.update(
            people_import=imp,
            job=imp.job,
            job_running=imp.job is not None and not imp.job.is_finished,
            can_undo=services.import_can_undo(imp),
            can_resume=imp.status == imp.Status.FAILED and (imp.job is None or imp.job.is_finished),
            stuck=services.import_is_stuck(imp),
            blank_lines=max(0, imp.rows_done - imp.total_rows)
            if imp.status == imp.Status.DONE
            else 0,
            encoding_label={"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252"}.get(
                imp.encoding, imp.encoding
            ),
            mapping=[
                (header, targets.get(target, target))
                for header, target in zip(imp.headers, columns, strict=False)
                if target != IGNORE
            ],
        )
        return context


class ImportUndoView(ImportMixin, TemplateView):
    template_name = "people/imports/undo.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        imp = self.get_import()
        context.update(people_import=imp, can_undo=services.import_can_undo(imp))
        return context

    def post(self, request, *args, **kwargs):
        imp = self.get_import()
        try:
            job = services.import_undo_start(people_import=imp, user=request.user)
        except services.ImportStateError as exc:
            messages.error(request, str(exc))
            return self.detail_redirect(imp)
        return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)


class ImportResumeView(ImportMixin, View):
    def post(self, request, *args, **kwargs):
        imp = self.get_import()
        try:
            job = services.import_resume(people_import=imp, user=request.user)
        except services.ImportStateError as exc:
            messages.error(request, str(exc))
            return self.detail_redirect(imp)
        return redirect("core:job", org_slug=self.organization.slug, job_uuid=job.uuid)


class ImportRejectsView(ImportMixin, View):
    """The report holds rows of the uploaded file: served to organizers and above only (the
    permission of this mixin), never cached."""

    def get(self, request, *args, **kwargs):
        imp = self.get_import()
        if not imp.rejects_file:
            raise Http404
        stem = imp.original_name.rsplit(".", 1)[0][:80] or "import"
        response = FileResponse(
            imp.rejects_file.open("rb"),
            as_attachment=True,
            filename=_("%(name)s - report.csv") % {"name": stem},
            content_type="text/csv; charset=utf-8",
        )
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
