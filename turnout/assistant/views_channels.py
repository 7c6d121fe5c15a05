"""Channel accounts: the list (organizers), create, edit, deactivate (admins), and the web
widget's embed snippet."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import selectors
from .forms import ChannelAccountForm
from .models import Channel
from .services.channel_accounts import channel_account_save, channel_account_set_active
from .services.elections import Refused
from .views import AssistantMixin
from .views_kb import refused_on


def widget_urls(organization) -> dict:
    """The embeddable script and frame of the organization's public chat (the channels'
    public pages, /<lang>/ask/<org_slug>/), as absolute URLs."""
    args = [organization.slug]
    return {
        "script": settings.SITE_URL + reverse("assistant_public:widget", args=args),
        "page": settings.SITE_URL + reverse("assistant_public:embed", args=args),
    }


class ChannelsMixin(AssistantMixin):
    section = "channels"
    permission_required = "assistant.view_channels"


class ChannelListView(ChannelsMixin, TemplateView):
    template_name = "assistant/channels/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accounts = selectors.channels_for(organization=self.organization)
        for account in accounts:
            if account.channel == Channel.WEB:
                account.urls = widget_urls(self.organization)
        context["accounts"] = accounts
        return context


class ChannelEditView(ChannelsMixin, TemplateView):
    template_name = "assistant/channels/form.html"
    permission_required = "assistant.manage_channels"

    def load(self, kwargs):
        self.account = (
            selectors.channel_get(
                organization=self.organization, account_id=kwargs["channel_account_id"]
            )
            if "channel_account_id" in kwargs
            else None
        )
        self.elections = list(selectors.elections_for(organization=self.organization))

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        initial = {}
        if self.account is None:
            initial = {
                "country": getattr(self.organization, "country", ""),
                "language": request.LANGUAGE_CODE[:2],
                "channel": request.GET.get("channel", ""),
            }
        form = ChannelAccountForm(account=self.account, elections=self.elections, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        form = ChannelAccountForm(request.POST, account=self.account, elections=self.elections)
        if form.is_valid():
            try:
                account = channel_account_save(
                    organization=self.organization,
                    actor=request.user,
                    account=self.account,
                    data=form.account_data(),
                )
            except Refused as exc:
                refused_on(form, exc)
                if self.account is not None:
                    self.account.refresh_from_db()
            else:
                messages.success(request, _("The channel is saved."))
                return redirect(self.url("channel_edit", channel_account_id=account.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = self.account
        if self.account is not None and self.account.channel == Channel.WEB:
            context["urls"] = widget_urls(self.organization)
        return context


class ChannelActiveView(ChannelsMixin, View):
    permission_required = "assistant.manage_channels"

    def post(self, request, *args, **kwargs):
        account = selectors.channel_get(
            organization=self.organization, account_id=kwargs["channel_account_id"]
        )
        active = request.POST.get("active") == "1"
        channel_account_set_active(account=account, actor=request.user, active=active)
        messages.success(
            request,
            _("The channel is active again.")
            if active
            else _("The channel is deactivated: the assistant no longer answers there."),
        )
        return redirect(self.url("channels"))
