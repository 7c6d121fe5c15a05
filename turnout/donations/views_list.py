"""Workspace pages of every donation of the organization: the list (filters, pages of 50),
one donation's page (donor, page, monthly gift, provider, history, receipts, attribution) and
its refund (admins, after a confirmation). Thin: parse, select within the organization, call
one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from turnout.core.money import money_text
from turnout.organizations.mixins import WorkspaceMixin

from . import policies_analytics  # noqa: F401  (registers the permissions)
from .exports import donation_reference
from .forms_analytics import DonationFilterForm, provider_label
from .models import Donation
from .selectors_analytics import (
    donation_activities,
    donation_events,
    donation_get,
    donation_list,
    donation_receipts,
    donations_shown,
)
from .services.refunds import OFFLINE, RefundError, donation_refund, refund_left

PER_PAGE = 50


def donation_row(donation: Donation) -> dict:
    """What the list and the donation's page show of a donation."""
    emails = list(donation.person.emails.all())
    refunded = donation.refunded_cents
    return {
        "donation": donation,
        "reference": donation_reference(donation.pk),
        "email": emails[0].address if emails and not donation.person.erased_at else "",
        "amount": money_text(donation.amount_cents, donation.currency),
        "refunded": money_text(refunded, donation.currency) if refunded else "",
        "net": money_text(donation.amount_cents - refunded, donation.currency),
        "partly_refunded": bool(refunded) and donation.status == Donation.Status.SUCCEEDED,
        "provider": provider_label(donation.provider),
        "day": getattr(donation, "day", None) or donation.paid_at or donation.created_at,
    }


class DonationListView(WorkspaceMixin, TemplateView):
    template_name = "donations/list/list.html"
    permission_required = "donations.view_donations"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DonationFilterForm(self.request.GET or None, organization=self.organization)
        filters = form.filters() if form.is_bound else {"query": ""}
        ids = donation_list(organization=self.organization, **filters).values_list("pk", flat=True)
        page = Paginator(ids, PER_PAGE).get_page(self.request.GET.get("page"))
        shown = donations_shown(organization=self.organization, ids=list(page.object_list))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=page,
            rows=[donation_row(d) for d in shown],
            query=query.urlencode(),
            filtered=any(value for value in filters.values()),
            can_analytics=self.can("donations.view_analytics"),
        )
        return context


class DonationMixin(WorkspaceMixin):
    permission_required = "donations.view_donations"

    def get_donation(self) -> Donation:
        if not hasattr(self, "_donation"):
            self._donation = donation_get(
                organization=self.organization, donation_id=self.kwargs["donation_id"]
            )
        return self._donation

    def detail_redirect(self):
        return redirect(
            "donations:donation_detail",
            org_slug=self.organization.slug,
            donation_id=self.get_donation().pk,
        )


def _history(donation: Donation) -> list[dict]:
    """The donation's life in order: started or entered, each provider event (what it said,
    whether it changed anything), each line it wrote on the donor's timeline."""
    if donation.provider == OFFLINE:
        started = _("Entered by hand by %(who)s") % {
            "who": donation.recorded_by.email if donation.recorded_by else _("someone")
        }
    else:
        started = _("Checkout started")
    lines = [{"at": donation.created_at, "what": started, "detail": "", "source": "site"}]
    for event in donation_events(donation=donation):
        lines.append(
            {
                "at": event.received_at,
                "what": _("Provider event “%(kind)s”") % {"kind": event.kind or event.event_id},
                "detail": event.get_outcome_display()
                + (f" — {event.error}" if event.error else ""),
                "source": "provider",
            }
        )
    for activity in donation_activities(donation=donation):
        lines.append(
            {"at": activity.occurred_at, "what": activity.summary, "detail": "", "source": "site"}
        )
    return sorted(lines, key=lambda line: line["at"])


class DonationDetailView(DonationMixin, TemplateView):
    template_name = "donations/list/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        donation = self.get_donation()
        subscription = donation.subscription
        context.update(
            row=donation_row(donation),
            donation=donation,
            person=donation.person,
            history=_history(donation),
            receipts=donation_receipts(donation=donation),
            subscription=subscription,
            subscription_amount=(
                money_text(subscription.amount_cents, subscription.currency) if subscription else ""
            ),
            attribution=[
                (label, value)
                for label, value in (
                    (_("Source code"), donation.source_code),
                    ("utm_source", donation.utm_source),
                    ("utm_medium", donation.utm_medium),
                    ("utm_campaign", donation.utm_campaign),
                )
                if value
            ],
            refund_left=money_text(refund_left(donation), donation.currency)
            if refund_left(donation)
            else "",
            can_refund=self.can("donations.refund_donation"),
            can_receipts=self.can("donations.view_receipts"),
        )
        return context


class DonationRefundView(DonationMixin, TemplateView):
    template_name = "donations/list/refund.html"
    permission_required = "donations.refund_donation"

    def get(self, request, *args, **kwargs):
        donation = self.get_donation()
        if not refund_left(donation):
            messages.error(request, _("There is nothing to refund on this donation."))
            return self.detail_redirect()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        donation = self.get_donation()
        context.update(
            donation=donation,
            row=donation_row(donation),
            left=money_text(refund_left(donation), donation.currency),
            offline=donation.provider == OFFLINE,
        )
        return context

    def post(self, request, *args, **kwargs):
        donation = self.get_donation()
        left = money_text(refund_left(donation), donation.currency)
        try:
            recorded = donation_refund(donation=donation, actor=request.user)
        except RefundError as exc:
            messages.error(request, str(exc))
        else:
            if recorded:
                messages.success(request, _("%(amount)s refunded.") % {"amount": left})
            else:
                messages.info(
                    request,
                    _(
                        "Refund of %(amount)s asked, waiting for the provider's confirmation: "
                        "the donation shows it as refunded once the provider confirms."
                    )
                    % {"amount": left},
                )
        return self.detail_redirect()
