"""Workspace pages of API tokens (admins): list, create (the secret shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from turnout.accounts.models import ApiToken
from turnout.organizations.mixins import WorkspaceMixin

from . import policies  # noqa: F401  (registers api.manage_tokens)
from .forms import ApiTokenForm
from .services import api_token_create, api_token_revoke


class TokenMixin(WorkspaceMixin):
    permission_required = "api.manage_tokens"


class TokenListView(TokenMixin, TemplateView):
    template_name = "api/tokens/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = ApiToken.objects.for_organization(self.organization).select_related(
            "created_by"
        )
        return context


@method_decorator(never_cache, name="dispatch")
class TokenCreateView(TokenMixin, View):
    template_name = "api/tokens/create.html"

    def get(self, request, *args, **kwargs):
        return self.page(ApiTokenForm(initial={"scopes": ["people:read"]}))

    def post(self, request, *args, **kwargs):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        token, secret = api_token_create(
            organization=self.organization,
            actor=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            action_network_compatible=form.cleaned_data["action_network_compatible"],
        )
        base = request.build_absolute_uri(reverse("api:v1:entry"))
        return render(
            request,
            "api/tokens/created.html",
            {
                "organization": self.organization,
                "membership": self.membership,
                "token": token,
                "secret": secret,
                "base_url": base,
                "v2_url": request.build_absolute_uri(reverse("api:v2:entry")),
            },
        )

    def page(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"organization": self.organization, "membership": self.membership, "form": form},
            status=status,
        )


class TokenRevokeView(TokenMixin, View):
    def post(self, request, *args, token_id, **kwargs):
        token = get_object_or_404(ApiToken.objects.for_organization(self.organization), pk=token_id)
        api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("api_tokens:list", org_slug=self.organization.slug)
