"""Workspace pages of actions: list with counters, create and edit, publish and close."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from .exceptions import SubmissionRefused
from .forms import ActionForm
from .public_views import embed_urls
from .selectors import action_get, action_list
from .services import action_close, action_create, action_publish, action_update


class ActionsMixin(WorkspaceMixin):
    permission_required = "actions.view_actions"

    def list_url(self) -> str:
        return reverse("actions:list", kwargs={"org_slug": self.organization.slug})


class ActionListView(ActionsMixin, TemplateView):
    template_name = "actions/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(action_list(organization=self.organization), 25).get_page(
            self.request.GET.get("page")
        )
        context["can_change"] = self.can("actions.change_actions")
        return context


class ActionFormView(ActionsMixin, FormView):
    permission_required = "actions.change_actions"
    template_name = "actions/form.html"
    form_class = ActionForm

    def get_action(self):
        if "action_id" in self.kwargs:
            return action_get(organization=self.organization, action_id=self.kwargs["action_id"])
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.action = self.get_action()
        kwargs["instance"] = self.action
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action"] = self.action
        if self.action is not None:
            context["embed"] = embed_urls(self.action)
        return context

    def form_valid(self, form):
        fields = form.action_fields()
        if self.action is None:
            action_create(
                organization=self.organization,
                actor=self.request.user,
                slug=form.cleaned_data["slug"],
                **fields,
            )
            messages.success(self.request, _("Action created as a draft."))
        else:
            if "slug" in form.changed_data and not form.fields["slug"].disabled:
                fields["slug"] = form.cleaned_data["slug"]
            action_update(action=self.action, actor=self.request.user, fields=fields)
            messages.success(self.request, _("Action saved."))
        return redirect(self.list_url())


class ActionStatusView(ActionsMixin, View):
    """POST only: publish or close."""

    permission_required = "actions.change_actions"
    http_method_names = ["post"]
    operation = "publish"

    def post(self, request, *args, **kwargs):
        action = action_get(organization=self.organization, action_id=kwargs["action_id"])
        try:
            if self.operation == "publish":
                action_publish(action=action, actor=request.user)
                messages.success(request, _("The action is published."))
            else:
                action_close(action=action, actor=request.user)
                messages.success(request, _("The action is closed."))
        except SubmissionRefused as exc:
            messages.error(request, str(exc))
        return redirect(self.list_url())
