"""Workspace pages of campaign visuals: templates, the brand kit with its live preview,
downloads of one format or a zip of all, and the batch render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.actions.models import LANGUAGES
from turnout.organizations.mixins import WorkspaceMixin

from . import services
from .brand import SAMPLE_BRANDS
from .fonts import FAMILIES
from .formats import FORMATS, PRINT, SOCIAL
from .forms import LANGUAGE_NAMES, BrandKitForm, TemplateForm, per_language_values
from .models import BrandKit
from .selectors import brand_kit_for, template_get, template_list


def _language(request) -> str:
    lang = (request.GET.get("lang") or get_language() or "fr")[:2]
    return lang if lang in LANGUAGES else "fr"


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class VisualsMixin(WorkspaceMixin):
    permission_required = "visuals.view_visuals"

    def home_url(self) -> str:
        return reverse("visuals:home", kwargs={"org_slug": self.organization.slug})


class VisualsHomeView(VisualsMixin, TemplateView):
    template_name = "visuals/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kit = brand_kit_for(organization=self.organization)
        context.update(
            templates=template_list(organization=self.organization),
            kit=kit,
            kit_saved=kit.pk is not None,
            font_name=FAMILIES[kit.font].name if kit.font in FAMILIES else "",
            can_edit_kit=self.can("visuals.change_brand_kit"),
            can_manage=self.can("visuals.manage_templates"),
        )
        return context


class InstallDefaultsView(VisualsMixin, View):
    permission_required = "visuals.manage_templates"

    def post(self, request, org_slug):
        created = services.template_install_defaults(organization=self.organization,
                                                     user=request.user)  # fmt: skip
        if created:
            messages.success(request, _("The default templates were added."))
        return redirect(self.home_url())


class TemplateCreateView(VisualsMixin, TemplateView):
    template_name = "visuals/template_form.html"
    permission_required = "visuals.manage_templates"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TemplateForm(require_file=True))
        return context

    def post(self, request, org_slug):
        form = TemplateForm(request.POST, request.FILES, require_file=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                template = services.template_create(
                    organization=self.organization,
                    user=request.user,
                    name=data["name"],
                    svg_data=data["svg_file"].read(),
                    headline=per_language_values(data, "headline"),
                    tagline=per_language_values(data, "tagline"),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The template was saved."))
                return redirect("visuals:template", org_slug=org_slug, template_id=template.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TemplateDetailView(VisualsMixin, TemplateView):
    template_name = "visuals/template_detail.html"

    def get_template_obj(self):
        return template_get(organization=self.organization, template_id=self.kwargs["template_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = kwargs.get("template_obj") or self.get_template_obj()
        initial = {"name": template.name}
        for code in LANGUAGES:
            initial[f"headline_{code}"] = template.headline.get(code, "")
            initial[f"tagline_{code}"] = template.tagline.get(code, "")
        language = _language(self.request)
        context.update(
            template_obj=template,
            language=language,
            languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            samples=[(i, brand.name) for i, brand in enumerate(SAMPLE_BRANDS)],
            social=SOCIAL,
            print_formats=PRINT,
            can_manage=self.can("visuals.manage_templates"),
            kit_saved=BrandKit.objects.for_organization(self.organization).exists(),
        )
        context.setdefault("form", TemplateForm(initial=initial))
        return context

    def post(self, request, org_slug, template_id):
        if not self.can("visuals.manage_templates"):
            raise PermissionDenied
        template = self.get_template_obj()
        form = TemplateForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.template_update(
                    template=template,
                    user=request.user,
                    name=data["name"],
                    svg_data=data["svg_file"].read() if data.get("svg_file") else None,
                    headline=per_language_values(data, "headline"),
                    tagline=per_language_values(data, "tagline"),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The template was saved."))
                return redirect("visuals:template", org_slug=org_slug, template_id=template.pk)
        template.refresh_from_db()
        context = self.get_context_data(form=form, template_obj=template)
        return self.render_to_response(context, status=400)


def _png_response(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class TemplateSampleView(VisualsMixin, View):
    """A template with one of the sample brands (square format): for the template editor."""

    def get(self, request, org_slug, template_id, sample):
        template = template_get(organization=self.organization, template_id=template_id)
        if not 0 <= sample < len(SAMPLE_BRANDS):
            raise Http404
        render = services.visual_render(
            template=template, organization=self.organization, brand=SAMPLE_BRANDS[sample],
            language=_language(request), fmt=FORMATS["square"],
        )  # fmt: skip
        with render.file.open("rb") as handle:
            return _png_response(handle.read())


class RenderDownloadView(VisualsMixin, View):
    def get(self, request, org_slug, template_id, format_key):
        template = template_get(organization=self.organization, template_id=template_id)
        fmt = FORMATS.get(format_key)
        kit = BrandKit.objects.for_organization(self.organization).first()
        if fmt is None or kit is None:
            raise Http404
        language = _language(request)
        brand = services.brand_for_kit(kit, self.organization)
        render = services.visual_render(template=template, organization=self.organization,
                                        brand=brand, language=language, fmt=fmt)  # fmt: skip
        inline = request.GET.get("inline") == "1" and fmt.kind == "png"
        response = FileResponse(
            render.file.open("rb"),
            as_attachment=not inline,
            filename=services.download_name(template, language, fmt),
            content_type=fmt.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ZipDownloadView(VisualsMixin, View):
    def get(self, request, org_slug, template_id):
        template = template_get(organization=self.organization, template_id=template_id)
        kit = BrandKit.objects.for_organization(self.organization).first()
        if kit is None:
            raise Http404
        languages = [_language(request)] if request.GET.get("lang") else list(LANGUAGES)
        data = services.visuals_zip(
            template=template, organization=self.organization,
            brand=services.brand_for_kit(kit, self.organization),
            languages=languages, formats=services.all_formats(),
        )  # fmt: skip
        name = services.download_name(template, "-".join(languages), FORMATS["square"])
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name.rsplit("-", 1)[0]}.zip"'
        return response


class BatchView(VisualsMixin, View):
    """Render every format and language in the background (later: every approved
    organization of a campaign, issue 7), with a progress bar on the job page."""

    permission_required = "visuals.manage_templates"

    def post(self, request, org_slug, template_id):
        template = template_get(organization=self.organization, template_id=template_id)
        if not BrandKit.objects.for_organization(self.organization).exists():
            messages.error(request, _("Save your brand kit first."))
            return redirect("visuals:template", org_slug=org_slug, template_id=template.pk)
        job = services.batch_start(template=template, organization_ids=[self.organization.pk],
                                   user=request.user)  # fmt: skip
        return redirect("core:job", org_slug=org_slug, job_uuid=job.uuid)


class BrandKitView(VisualsMixin, TemplateView):
    template_name = "visuals/brand_kit.html"
    permission_required = "visuals.change_brand_kit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kit = brand_kit_for(organization=self.organization)
        if "form" not in context:
            initial = {
                "primary": kit.primary, "secondary": kit.secondary, "text": kit.text,
                "font": kit.font, "link": kit.link,
            }  # fmt: skip
            for code in LANGUAGES:
                initial[f"tagline_{code}"] = (kit.tagline or {}).get(code, "")
            context["form"] = BrandKitForm(initial=initial)
        templates = template_list(organization=self.organization)
        context.update(
            kit=kit,
            templates=templates,
            suggested=services.logo_colors(kit) if kit.logo else [],
            preview_url=reverse(
                "visuals:brand_preview", kwargs={"org_slug": self.organization.slug}
            ),
            language=_language(self.request),
        )
        return context

    def post(self, request, org_slug):
        form = BrandKitForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["tagline"] = per_language_values(data, "tagline")
            try:
                services.brand_kit_update(
                    organization=self.organization,
                    user=request.user,
                    data=data,
                    logo_upload=data.get("logo"),
                    remove_logo=data.get("remove_logo", False),
                    photo_upload=data.get("photo"),
                    remove_photo=data.get("remove_photo", False),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your brand kit was saved."))
                return redirect("visuals:brand_kit", org_slug=org_slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BrandKitPreviewView(VisualsMixin, View):
    """GET: the saved kit; POST: the form as it is being edited (nothing is saved)."""

    permission_required = "visuals.change_brand_kit"

    def _template(self, request):
        raw = request.GET.get("template") or request.POST.get("template") or ""
        if raw.isdigit():
            return template_get(organization=self.organization, template_id=int(raw))
        templates = template_list(organization=self.organization)
        return templates[0] if templates else services.default_template()

    def _format(self, request):
        return FORMATS.get(request.GET.get("format") or "square") or FORMATS["square"]

    def get(self, request, org_slug):
        kit = brand_kit_for(organization=self.organization)
        brand = services.brand_for_kit(kit, self.organization)
        data, _overflow = services.render_bytes(
            template=self._template(request), brand=brand, language=_language(request),
            fmt=self._format(request) if self._format(request).kind == "png" else FORMATS["square"],
        )  # fmt: skip
        return _png_response(data)

    def post(self, request, org_slug):
        form = BrandKitForm(request.POST, request.FILES)
        kit = brand_kit_for(organization=self.organization)
        if not form.is_valid():
            return HttpResponse(" ".join(m for ms in form.errors.values() for m in ms),
                                status=422, content_type="text/plain; charset=utf-8")  # fmt: skip
        data = dict(form.cleaned_data)
        data["tagline"] = per_language_values(data, "tagline")
        try:
            cleaned = services.brand_kit_check(data=data)
            logo = services.logo_check(data["logo"]) if data.get("logo") else None
            photo = services.photo_check(data["photo"]) if data.get("photo") else None
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=422,
                                content_type="text/plain; charset=utf-8")  # fmt: skip
        preview = BrandKit(organization=self.organization, **cleaned)
        if photo is None and kit.photo and not data.get("remove_photo"):
            preview.photo = kit.photo
        elif photo is None:
            photo = b""
        if logo:
            preview.logo_kind = logo[1]
            brand = services.brand_for_kit(preview, self.organization, logo=logo[0], photo=photo)
        elif kit.logo and not data.get("remove_logo"):
            preview.logo, preview.logo_kind = kit.logo, kit.logo_kind
            brand = services.brand_for_kit(preview, self.organization, photo=photo)
        else:
            brand = services.brand_for_kit(preview, self.organization, logo=b"", photo=photo)
        data_png, overflow = services.render_bytes(
            template=self._template(request), brand=brand, language=_language(request),
            fmt=FORMATS["square"],
        )  # fmt: skip
        response = _png_response(data_png)
        if overflow:
            response["X-Visual-Overflow"] = ",".join(overflow)
        return response
