"""The workspace mixin: the organization is resolved once per request, from the URL slug,
among the organizations the user belongs to. Views then look every id up within it."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .selectors import organization_for_member

SESSION_KEY = "current_organization"


class WorkspaceMixin(LoginRequiredMixin):
    permission_required: str = "organizations.view_workspace"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization, self.membership = organization_for_member(
            user=request.user, slug=kwargs["org_slug"]
        )
        request.organization = self.organization
        request.membership = self.membership
        if request.session.get(SESSION_KEY) != self.organization.slug:
            request.session[SESSION_KEY] = self.organization.slug
        if not request.user.has_perm(self.permission_required, self.organization):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def can(self, permission: str) -> bool:
        return self.request.user.has_perm(permission, self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organization"] = self.organization
        context["membership"] = self.membership
        return context
