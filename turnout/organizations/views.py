from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from turnout.core.jobs import job_create

from . import selectors, services
from .exceptions import OrganizationError
from .forms import InvitationForm, OrganizationForm, OrganizationSettingsForm, RoleForm
from .mixins import SESSION_KEY, WorkspaceMixin


class HomeView(LoginRequiredMixin, TemplateView):
    """After login: straight to the organization last worked in, or the list."""

    template_name = "organizations/list.html"

    def get(self, request, *args, **kwargs):
        organizations = list(selectors.organizations_for_user(user=request.user))
        last = request.session.get(SESSION_KEY)
        if request.GET.get("all") is None:
            slugs = [org.slug for org in organizations]
            if last in slugs:
                return redirect("organizations:dashboard", org_slug=last)
            if len(organizations) == 1:
                return redirect("organizations:dashboard", org_slug=organizations[0].slug)
        return render(request, self.template_name, {"organizations": organizations})


class OrganizationCreateView(LoginRequiredMixin, FormView):
    template_name = "organizations/create.html"
    form_class = OrganizationForm

    def form_valid(self, form):
        organization = services.organization_create(user=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            _("%(name)s is ready. Invite your team next.") % {"name": organization.name},
        )
        return redirect("organizations:members", org_slug=organization.slug)


class DashboardView(WorkspaceMixin, TemplateView):
    template_name = "organizations/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        context["member_count"] = selectors.members_of(organization=org).count()
        context["open_invitations"] = selectors.invitations_open(organization=org).count()
        if self.can("organizations.view_audit"):
            context["recent_events"] = selectors.audit_events(organization=org)[:8]
        context["recent_jobs"] = selectors.jobs_for(organization=org)[:5]
        return context


class MembersView(WorkspaceMixin, TemplateView):
    template_name = "organizations/members.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_manage = self.can("organizations.manage_members")
        members = list(selectors.members_of(organization=self.organization))
        context["members"] = members
        context["owner_count"] = sum(1 for m in members if m.role == "owner")
        context["can_manage"] = can_manage
        context["can_grant_owner"] = self.can("organizations.grant_owner")
        if can_manage:
            grant_owner = context["can_grant_owner"]
            context["invitations"] = selectors.invitations_open(organization=self.organization)
            context.setdefault("form", InvitationForm(can_grant_owner=grant_owner))
            context["role_form"] = RoleForm(can_grant_owner=grant_owner)
        return context

    def post(self, request, *args, **kwargs):
        if not self.can("organizations.manage_members"):
            return render(request, "403.html", status=403)
        form = InvitationForm(request.POST, can_grant_owner=self.can("organizations.grant_owner"))
        if form.is_valid():
            try:
                invitation, _token = services.invitation_create(
                    organization=self.organization, actor=request.user, **form.cleaned_data
                )
            except OrganizationError as exc:
                form.add_error("email", str(exc))
            else:
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
                )
                return redirect("organizations:members", org_slug=self.organization.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MembershipUpdateView(WorkspaceMixin, View):
    """Change a member's role, or remove the member (POST only)."""

    permission_required = "organizations.manage_members"

    def post(self, request, org_slug, membership_id):
        membership = selectors.membership_get(
            organization=self.organization, membership_id=membership_id
        )
        try:
            if "remove" in request.POST:
                services.membership_remove(membership=membership, actor=request.user)
                messages.success(request, _("%(user)s was removed.") % {"user": membership.user})
            else:
                form = RoleForm(request.POST, can_grant_owner=self.can("organizations.grant_owner"))
                if not form.is_valid():
                    messages.error(request, " ".join(form.errors["role"]))
                else:
                    services.membership_change_role(
                        membership=membership, actor=request.user, role=form.cleaned_data["role"]
                    )
                    messages.success(
                        request, _("Role updated for %(user)s.") % {"user": membership.user}
                    )
        except OrganizationError as exc:
            messages.error(request, str(exc))
        if membership.user_id == request.user.pk and "remove" in request.POST:
            return redirect("organizations:home")
        return redirect("organizations:members", org_slug=self.organization.slug)


class InvitationRevokeView(WorkspaceMixin, View):
    permission_required = "organizations.manage_members"

    def post(self, request, org_slug, invitation_id):
        invitation = selectors.invitation_get(
            organization=self.organization, invitation_id=invitation_id
        )
        services.invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
        return redirect("organizations:members", org_slug=self.organization.slug)


class SettingsView(WorkspaceMixin, FormView):
    template_name = "organizations/settings.html"
    form_class = OrganizationSettingsForm
    permission_required = "organizations.change_organization"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.organization
        return kwargs

    def form_invalid(self, form):
        # The organization object was mutated by the bound ModelForm: reload so the page
        # header and the saved profile stay as they were.
        self.organization.refresh_from_db()
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "logo_upload"}
        image = form.cleaned_data.get("logo_upload")
        self.organization.refresh_from_db()
        services.organization_update(
            organization=self.organization,
            actor=self.request.user,
            logo=services.logo_to_png(image) if image is not None else None,
            **data,
        )
        messages.success(self.request, _("Changes saved."))
        return redirect("organizations:settings", org_slug=self.organization.slug)


class AuditLogView(WorkspaceMixin, TemplateView):
    template_name = "organizations/audit.html"
    permission_required = "organizations.view_audit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = selectors.audit_events(organization=self.organization)
        action = self.request.GET.get("action", "")
        if action:
            events = events.filter(action__startswith=action)
        context["page"] = Paginator(events, 50).get_page(self.request.GET.get("page"))
        context["action"] = action
        return context

    def post(self, request, *args, **kwargs):
        job = job_create(
            organization=self.organization,
            kind="audit_export",
            title=_("Audit log export"),
            user=request.user,
        )
        return redirect(
            reverse("core:job", kwargs={"org_slug": self.organization.slug, "job_uuid": job.uuid})
        )


class InvitationView(View):
    """The link in an invitation email. GET shows the invitation; accepting takes a POST."""

    template_name = "organizations/invitation.html"

    def get(self, request, token):
        try:
            invitation = services.invitation_get_by_token(token=token)
        except OrganizationError as exc:
            return render(request, self.template_name, {"error": str(exc)}, status=404)
        if not request.user.is_authenticated:
            request.session["pending_invitation"] = token
        return render(request, self.template_name, {"invitation": invitation})

    def post(self, request, token):
        if not request.user.is_authenticated:
            request.session["pending_invitation"] = token
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except OrganizationError as exc:
            try:
                invitation = services.invitation_get_by_token(token=token)
            except OrganizationError:
                invitation = None
            return render(
                request,
                self.template_name,
                {"error": str(exc), "invitation": invitation},
                status=400,
            )
        request.session.pop("pending_invitation", None)
        messages.success(request, _("Welcome to %(name)s!") % {"name": membership.organization})
        return redirect("organizations:dashboard", org_slug=membership.organization.slug)
