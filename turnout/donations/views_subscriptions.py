"""Monthly gifts: the workspace pages (list, one monthly gift with its payments, stopping it,
the test provider's simulated months) and the donor's own page by a signed link. Thin views:
parse, resolve through a selector scoped to the organization, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from turnout.core.money import money_text
from turnout.organizations.mixins import WorkspaceMixin

from . import policies_subscriptions  # noqa: F401  (registers the permissions)
from .forms_subscriptions import SubscriptionCancelForm, SubscriptionFilterForm
from .models import Subscription
from .providers import get_payment_backend
from .providers.base import PaymentError
from .selectors_subscriptions import (
    subscription_counts,
    subscription_get,
    subscription_list,
    subscription_payments,
)
from .services.subscriptions import (
    SubscriptionError,
    donor_reason_text,
    staff_reason_text,
    subscription_cancel,
    subscription_from_token,
    subscription_simulate,
)

Status = Subscription.Status
RUNNING = (Status.ACTIVE, Status.PAST_DUE)


def _provider_label(name: str) -> str:
    try:
        return str(get_payment_backend(name).label)
    except ImproperlyConfigured:
        return name


def _is_test(name: str) -> bool:
    try:
        return get_payment_backend(name).is_test
    except ImproperlyConfigured:
        return False


def _money(cents, currency) -> str:
    return money_text(cents or 0, currency)


class SubscriptionMixin(WorkspaceMixin):
    """Resolves ``subscription_id`` within the organization (404 otherwise)."""

    def get_subscription(self, subscription_id: int) -> Subscription:
        try:
            return subscription_get(organization=self.organization, subscription_id=subscription_id)
        except Subscription.DoesNotExist as exc:
            raise Http404 from exc

    def detail_url(self, subscription: Subscription) -> str:
        return reverse(
            "donations:subscription_detail",
            kwargs={"org_slug": self.organization.slug, "subscription_id": subscription.pk},
        )


class SubscriptionListView(WorkspaceMixin, TemplateView):
    template_name = "donations/subscriptions/list.html"
    permission_required = "donations.view_subscriptions"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SubscriptionFilterForm(self.request.GET or None)
        status = form.cleaned_data["status"] if form.is_valid() else ""
        page = Paginator(
            subscription_list(organization=self.organization, status=status), 50
        ).get_page(self.request.GET.get("page"))
        labels = {}
        for subscription in page.object_list:
            if subscription.provider not in labels:
                labels[subscription.provider] = _provider_label(subscription.provider)
            subscription.provider_label = labels[subscription.provider]
            subscription.amount_text = _money(subscription.amount_cents, subscription.currency)
            subscription.total_text = _money(subscription.paid_total, subscription.currency)
        counts = subscription_counts(organization=self.organization)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=page,
            query=query.urlencode(),
            status=status,
            counts=[
                (value, label, counts.get(value, 0))
                for value, label in form.fields["status"].choices
                if value
            ],
            any_started=any(n for s, n in counts.items() if s != Status.PENDING),
        )
        return context


class SubscriptionDetailView(SubscriptionMixin, TemplateView):
    template_name = "donations/subscriptions/detail.html"
    permission_required = "donations.view_subscriptions"

    def get(self, request, *args, subscription_id: int, **kwargs):
        self.subscription = self.get_subscription(subscription_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subscription = self.subscription
        payments = list(subscription_payments(subscription=subscription))
        for payment in payments:
            payment.amount_text = _money(payment.amount_cents, payment.currency)
            payment.when = payment.paid_at or payment.created_at
        running = subscription.status in RUNNING
        context.update(
            subscription=subscription,
            payments=payments,
            amount=_money(subscription.amount_cents, subscription.currency),
            total=_money(subscription.paid_total, subscription.currency),
            provider_label=_provider_label(subscription.provider),
            can_cancel=running and self.can("donations.cancel_subscription"),
            can_simulate=running
            and _is_test(subscription.provider)
            and self.can("donations.simulate_subscription"),
            can_see_people=self.can("people.view_people"),
        )
        return context


class SubscriptionCancelView(SubscriptionMixin, TemplateView):
    """GET asks for the confirmation and the reason; POST stops the monthly gift."""

    template_name = "donations/subscriptions/cancel.html"
    permission_required = "donations.cancel_subscription"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscription"] = self.subscription
        context["amount"] = _money(self.subscription.amount_cents, self.subscription.currency)
        context.setdefault("form", SubscriptionCancelForm())
        return context

    def get(self, request, *args, subscription_id: int, **kwargs):
        self.subscription = self.get_subscription(subscription_id)
        if self.subscription.status not in RUNNING:
            messages.info(request, _("This monthly gift is not running."))
            return redirect(self.detail_url(self.subscription))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, subscription_id: int, **kwargs):
        self.subscription = self.get_subscription(subscription_id)
        form = SubscriptionCancelForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            stopped = subscription_cancel(
                subscription=self.subscription,
                reason=staff_reason_text(form.cleaned_data["reason"]),
                actor=request.user,
                by="staff",
            )
        except PaymentError as exc:
            form.add_error(
                None,
                _("The monthly gift was not stopped: %(error)s Nothing changed; try again later.")
                % {"error": exc},
            )
            return self.render_to_response(self.get_context_data(form=form), status=503)
        if stopped:
            messages.success(request, _("The monthly gift is stopped: no more payments."))
        else:
            messages.info(request, _("This monthly gift had already stopped."))
        return redirect(self.detail_url(self.subscription))


class SubscriptionSimulateView(SubscriptionMixin, View):
    """The test provider's next month (POST ``outcome`` = "paid" or "failed")."""

    permission_required = "donations.simulate_subscription"
    http_method_names = ["post"]

    def post(self, request, *args, subscription_id: int, **kwargs):
        subscription = self.get_subscription(subscription_id)
        paid = request.POST.get("outcome") != "failed"
        try:
            subscription_simulate(subscription=subscription, paid=paid)
        except SubscriptionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Test payment recorded: next month paid.")
                if paid
                else _("Test payment recorded: next month failed."),
            )
        return redirect(self.detail_url(subscription))


@require_http_methods(["GET", "POST"])
def subscription_public(request, token: str):
    """The donor's page, from the signed link of their emails: what they give each month, and
    a button to stop it (a GET never stops anything)."""
    subscription = subscription_from_token(token)
    if subscription is None or subscription.status == Status.PENDING:
        raise Http404
    error, status = "", 200
    if request.method == "POST" and request.POST.get("stop") == "1":
        try:
            subscription_cancel(subscription=subscription, reason=donor_reason_text(), by="donor")
        except PaymentError:
            error = _(
                "Your monthly gift could not be stopped just now: the payment service is not "
                "answering. Nothing changed; please try again in a moment."
            )
            status = 503
        else:
            return redirect(request.path + "?stopped=1")
        subscription.refresh_from_db()
    return render(
        request,
        "donations/subscriptions/public.html",
        {
            "subscription": subscription,
            # Not "organization": that name draws the workspace navigation.
            "receiver": subscription.organization,
            "amount": _money(subscription.amount_cents, subscription.currency),
            "running": subscription.status in RUNNING,
            "just_stopped": request.GET.get("stopped") == "1"
            and subscription.status == Status.CANCELLED,
            "error": error,
        },
        status=status,
    )
