"""Workspace pages of fundraising pages (organizers): the list with each page's thermometer,
the editor (texts per language, amounts, co-branding, next asks, embedding), publish and
close, and a preview of the public page (drafts included). Thin views: parse the forms, call
one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import policies_pages  # noqa: F401  (registers the permissions)
from .forms_pages import DonateForm, PageAskForm, PageForm
from .selectors_pages import (
    campaigns_for_pages,
    page_donor_counts,
    page_get,
    page_list,
    page_thermometer,
)
from .services.lifecycle import legal_profile_for
from .services.pages import (
    PageRefused,
    checkout_backends,
    page_close,
    page_create,
    page_publish,
    page_update,
)
from .views_pages_public import embed_urls, page_context


class PagesMixin(WorkspaceMixin):
    permission_required = "donations.view_pages"

    def edit_url(self, page) -> str:
        return reverse(
            "donations:page_edit", kwargs={"org_slug": self.organization.slug, "page_id": page.pk}
        )

    def get_page(self):
        return page_get(organization=self.organization, page_id=self.kwargs["page_id"])


class PageListView(PagesMixin, TemplateView):
    template_name = "donations/pages/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = list(page_list(organization=self.organization))
        donors = page_donor_counts(page.pk for page in pages)
        context["rows"] = [
            {"page": page, "thermo": page_thermometer(page, donors.get(page.pk, 0))}
            for page in pages
        ]
        context["can_change"] = self.can("donations.change_pages")
        return context


class PageFormView(PagesMixin, TemplateView):
    """Create (no ``page_id``) or edit a page. The settings and the asks of the thank-you page
    are one form: any error shows it all again, with everything typed."""

    template_name = "donations/pages/form.html"
    permission_required = "donations.change_pages"

    def forms(self, data=None):
        page = self.get_page() if "page_id" in self.kwargs else None
        profile_kind = legal_profile_for(self.organization).kind
        form = PageForm(
            data,
            page=page,
            campaigns=campaigns_for_pages(organization=self.organization),
            profile_kind=profile_kind,
        )
        asks = list(page.next_asks or []) if page else []
        ask_forms = [
            PageAskForm(
                data,
                prefix=f"ask-{index}",
                ask=asks[index] if index < len(asks) else {"kind": ""},
            )
            for index in range(PageAskForm.ASK_SLOTS)
        ]
        return page, form, ask_forms

    def get(self, request, *args, **kwargs):
        page, form, ask_forms = self.forms()
        return self.render_to_response(self.get_context_data(page=page, form=form, asks=ask_forms))

    def post(self, request, *args, **kwargs):
        page, form, ask_forms = self.forms(request.POST)
        if form.is_valid() and all(f.is_valid() for f in ask_forms):
            fields = form.page_fields(next_asks=[a for f in ask_forms if (a := f.ask())])
            try:
                if page is None:
                    page = page_create(
                        organization=self.organization,
                        actor=request.user,
                        slug=form.cleaned_data["slug"],
                        fields=fields,
                    )
                    messages.success(
                        request,
                        _("Page created as a draft: check the preview, then publish it."),
                    )
                else:
                    if not form.fields["slug"].disabled:
                        fields["slug"] = form.cleaned_data["slug"]
                    page_update(page=page, actor=request.user, fields=fields)
                    messages.success(request, _("Page saved."))
                return redirect(self.edit_url(page))
            except PageRefused as exc:
                form.add_error(None, str(exc))
        context = self.get_context_data(page=page, form=form, asks=ask_forms)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page")
        if page is not None:
            context["thermo"] = page_thermometer(page)
            context["urls"] = embed_urls(page)
        return context


class PageStatusView(PagesMixin, View):
    """POST ``op``: publish (a draft, or a closed page again) or close."""

    permission_required = "donations.change_pages"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        page = self.get_page()
        op = request.POST.get("op")
        try:
            if op == "publish" and page_publish(page=page, actor=request.user):
                messages.success(request, _("The page is published: it takes gifts."))
            elif op == "close" and page_close(page=page, actor=request.user):
                messages.success(
                    request, _("The page is closed: it shows its totals and takes no gifts.")
                )
        except PageRefused as exc:
            messages.error(request, str(exc))
        return redirect(self.edit_url(page))


class PagePreviewView(PagesMixin, TemplateView):
    """The public page as donors will see it, drafts included; its form takes no gift."""

    template_name = "donations/public/page.html"

    def get(self, request, *args, **kwargs):
        page = self.get_page()
        profile = legal_profile_for(self.organization)
        backends = checkout_backends()
        form = DonateForm(page=page, profile_kind=profile.kind, backends=backends)
        context = page_context(
            request,
            page,
            form,
            profile=profile,
            backends=backends,
            preview=True,
            is_open=True,
            edit_url=self.edit_url(page),
        )
        return self.render_to_response(context)
