"""Workspace pages of outgoing webhooks (admins): the subscriptions, a subscription's form,
its delivery log (filters, replays, test, secret rotation, on/off), one delivery's detail.
Thin views: resolve within the organization, check the policy, call one service."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import (
    policies,  # noqa: F401  (registers the permissions)
    selectors,
    services,
)
from .events import event_label
from .forms import DeliveryFilterForm, ReplayForm, SubscriptionForm

SESSION_SECRET = "webhooks:secret:{}"  # noqa: S105 (a session key name)


class WebhooksMixin(WorkspaceMixin):
    permission_required = "api.manage_webhooks"

    def url(self, name: str, **kwargs) -> str:
        kwargs = {"org_slug": self.organization.slug, **kwargs}
        return reverse(f"api_webhooks:{name}", kwargs=kwargs)

    def load(self, kwargs):
        self.subscription = selectors.subscription_get(
            organization=self.organization, webhook_id=kwargs["webhook_id"]
        )
        return self.subscription

    def to_detail(self):
        return redirect(self.url("detail", webhook_id=self.subscription.pk))

    def remember_secret(self, secret: str) -> None:
        self.request.session[SESSION_SECRET.format(self.subscription.pk)] = secret


def _refused(form, exc: services.WebhookRefused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class ListView(WebhooksMixin, TemplateView):
    template_name = "api/webhooks/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscriptions"] = selectors.subscriptions_list(organization=self.organization)
        return context


class FormView(WebhooksMixin, TemplateView):
    """A new subscription (no ``webhook_id``) or the form of an existing one."""

    template_name = "api/webhooks/form.html"

    def setup_subscription(self, kwargs):
        self.subscription = self.load(kwargs) if "webhook_id" in kwargs else None

    def get(self, request, *args, **kwargs):
        self.setup_subscription(kwargs)
        form = SubscriptionForm(subscription=self.subscription)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.setup_subscription(kwargs)
        form = SubscriptionForm(request.POST, subscription=self.subscription)
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "name": data["name"],
                "target_url": data["target_url"],
                "event_types": data["event_types"],
            }
            try:
                if self.subscription is None:
                    self.subscription, secret = services.subscription_create(
                        organization=self.organization, actor=request.user, **fields
                    )
                    self.remember_secret(secret)
                    messages.success(request, _("The webhook is added and active."))
                else:
                    services.subscription_update(
                        subscription=self.subscription, actor=request.user, **fields
                    )
                    messages.success(request, _("The webhook is saved."))
            except services.WebhookRefused as exc:
                _refused(form, exc)
            else:
                return self.to_detail()
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscription"] = self.subscription
        return context


class DetailView(WebhooksMixin, TemplateView):
    """The delivery log of one subscription, with its actions."""

    template_name = "api/webhooks/detail.html"

    def get(self, request, *args, **kwargs):
        self.load(kwargs)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = DeliveryFilterForm(self.request.GET or None)
        values = filters.cleaned_data if filters.is_valid() else {}
        rows = selectors.deliveries_for(
            subscription=self.subscription,
            status=values.get("status") or "",
            event_type=values.get("type") or "",
            since=values.get("since"),
        )
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        for delivery in page:
            delivery.event_label = event_label(delivery.event.type)
        query = {k: v for k, v in self.request.GET.items() if k != "page" and v}
        context.update(
            subscription=self.subscription,
            event_labels=[event_label(code) for code in self.subscription.event_types],
            secret=self.request.session.pop(SESSION_SECRET.format(self.subscription.pk), None),
            filters=filters,
            page=page,
            query=urlencode(query),
            counts=selectors.delivery_counts(subscription=self.subscription),
            replay_form=kwargs.get("replay_form") or ReplayForm(),
        )
        return context


class DeliveryView(WebhooksMixin, TemplateView):
    template_name = "api/webhooks/delivery.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subscription = self.load(kwargs)
        delivery = selectors.delivery_get(
            subscription=subscription, delivery_id=kwargs["webhook_delivery_id"]
        )
        body = services.delivery_body(delivery.event)
        context.update(
            subscription=subscription,
            delivery=delivery,
            event_label=event_label(delivery.event.type),
            body=body.decode(),
        )
        return context


class _ActionView(WebhooksMixin, View):
    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        try:
            self.act(request, kwargs)
        except services.WebhookRefused as exc:
            messages.error(request, exc.message)
        return self.to_detail()


class PingView(_ActionView):
    def act(self, request, kwargs):
        delivery = services.subscription_ping(subscription=self.subscription, actor=request.user)
        delivery.refresh_from_db()
        if delivery.status == delivery.Status.SUCCEEDED:
            messages.success(request, _("The test was delivered."))
        elif delivery.status == delivery.Status.PENDING:
            messages.success(request, _("The test is on its way; its result will show below."))
        else:
            messages.error(request, _("The test failed: %(error)s") % {"error": delivery.error})


class RotateView(_ActionView):
    def act(self, request, kwargs):
        secret = services.subscription_secret_rotate(
            subscription=self.subscription, actor=request.user
        )
        self.remember_secret(secret)
        messages.success(
            request,
            _("The secret is changed: the next deliveries are signed with the new one."),
        )


class EnableView(_ActionView):
    def act(self, request, kwargs):
        if services.subscription_enable(subscription=self.subscription, actor=request.user):
            messages.success(request, _("The webhook is back on."))


class DisableView(_ActionView):
    def act(self, request, kwargs):
        if services.subscription_disable(subscription=self.subscription, actor=request.user):
            messages.success(request, _("The webhook is off: nothing more is sent."))


class DeleteView(WebhooksMixin, View):
    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        services.subscription_delete(subscription=self.subscription, actor=request.user)
        messages.success(request, _("The webhook is deleted."))
        return redirect(self.url("list"))


class ReplayOneView(_ActionView):
    def act(self, request, kwargs):
        delivery = selectors.delivery_get(
            subscription=self.subscription, delivery_id=kwargs["webhook_delivery_id"]
        )
        delivery = services.delivery_replay(delivery=delivery, actor=request.user)
        if delivery.status == delivery.Status.SUCCEEDED:
            messages.success(request, _("Sent again: delivered."))
        elif delivery.status == delivery.Status.PENDING:
            messages.success(request, _("Sent again: on its way."))
        else:
            messages.error(
                request, _("Sent again, and failed: %(error)s") % {"error": delivery.error}
            )


class ReplayFailedView(DetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.load(kwargs)
        form = ReplayForm(request.POST)
        if form.is_valid():
            try:
                count = services.deliveries_replay_failed(
                    subscription=self.subscription,
                    since=form.cleaned_data["since"],
                    actor=request.user,
                )
            except services.WebhookRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Failed deliveries sent again: %(count)s.") % {"count": count},
                )
                return self.to_detail()
        return self.render_to_response(self.get_context_data(replay_form=form), status=400)
