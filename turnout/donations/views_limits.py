"""Workspace pages of the limits area: the legal profile (admins) and donations received
offline (organizers). Thin views: parse the form, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from turnout.core.money import money_text
from turnout.organizations.mixins import WorkspaceMixin
from turnout.people.models import EmailAddress
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonData, PersonRefused

from . import policies_limits  # noqa: F401  (registers the permissions)
from .forms_limits import LegalProfileForm, OfflineDonationForm
from .models import LegalProfile, ProfileKind
from .services.lifecycle import DonationRefused, DonorDetails, legal_profile_for
from .services.limits import PROFILE_FIELDS, legal_profile_save, limits_in_force
from .services.offline import offline_donation_record, offline_recent

RULE_NAMES = {
    "yearly_cap_per_person": gettext_lazy("Most a person may give in a calendar year"),
    "election_cap_per_person": gettext_lazy("Most a person may give for one election"),
    "cash_max": gettext_lazy("Largest gift in cash"),
    "anonymous_max": gettext_lazy("Largest anonymous gift"),
    "foreign_max": gettext_lazy("Largest gift from a donor outside the European Union"),
    "report_yearly_over": gettext_lazy("Donors named in the annual report above (a year)"),
    "report_at_once_over": gettext_lazy("Gifts reported at once above"),
}


def _rule_name(key: str) -> str:
    return str(RULE_NAMES.get(key, key))


class LegalProfileView(WorkspaceMixin, TemplateView):
    template_name = "donations/limits/profile.html"
    permission_required = "donations.change_legal_profile"

    def _profile(self):
        return LegalProfile.objects.filter(organization=self.organization).first() or LegalProfile(
            organization=self.organization
        )

    def get(self, request, *args, **kwargs):
        form = LegalProfileForm(instance=self._profile())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = LegalProfileForm(request.POST, instance=self._profile())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        legal_profile_save(
            organization=self.organization,
            actor=request.user,
            **{key: form.cleaned_data[key] for key in PROFILE_FIELDS},
        )
        messages.success(request, _("The legal profile is saved."))
        return redirect("donations:settings_profile", org_slug=self.organization.slug)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        kind = form["kind"].value() or ProfileKind.NONE
        if kind not in ProfileKind.values:
            kind = ProfileKind.NONE
        context["chosen_kind"] = ProfileKind(kind)
        context["rules"] = [
            {
                "name": _rule_name(row.key),
                "amount": money_text(row.amount_cents, row.currency),
                "since": row.valid_from,
                "source": row.source,
            }
            for row in sorted(limits_in_force(kind, timezone.now()), key=lambda r: r.key)
        ]
        return context


class OfflineNewView(WorkspaceMixin, TemplateView):
    template_name = "donations/limits/offline_new.html"
    permission_required = "donations.record_offline"

    def get(self, request, *args, **kwargs):
        prefill = {k: request.GET.get(k, "") for k in ("email", "given_name", "family_name")}
        initial = {"received_on": timezone.localdate(), "natural_person": True}
        initial.update({k: v for k, v in prefill.items() if v})
        form = OfflineDonationForm(initial=initial, profile_kind=self._profile_kind())
        return self.render_to_response(self.get_context_data(form=form))

    def _profile_kind(self) -> str:
        return legal_profile_for(self.organization).kind

    def post(self, request, *args, **kwargs):
        form = OfflineDonationForm(request.POST, profile_kind=self._profile_kind())
        if form.is_valid():
            data = form.cleaned_data
            try:
                donation = offline_donation_record(
                    organization=self.organization,
                    actor=request.user,
                    data=PersonData(
                        given_name=data["given_name"],
                        family_name=data["family_name"],
                        email=data["email"],
                        phone=data["phone"],
                    ),
                    amount_cents=data["amount"],
                    method=data["method"],
                    received_on=data["received_on"],
                    donor=DonorDetails(
                        natural_person=data["natural_person"],
                        nationality=data["nationality"],
                        tax_address=form.tax_address(),
                        anonymous=data.get("anonymous", False),
                    ),
                    note=data["note"],
                )
            except DonationRefused as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except (InvalidContact, PersonRefused) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(amount)s from %(person)s is recorded.")
                    % {"amount": money_text(donation.amount_cents), "person": donation.person},
                )
                return redirect("donations:offline_list", org_slug=self.organization.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["q"] = query
        if query:
            context["matches"] = (
                EmailAddress.objects.filter(
                    organization=self.organization,
                    address__icontains=query,
                    person__erased_at__isnull=True,
                )
                .select_related("person")
                .order_by("address")[:10]
            )
        return context


class OfflineListView(WorkspaceMixin, TemplateView):
    template_name = "donations/limits/offline_list.html"
    permission_required = "donations.record_offline"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["donations"] = [
            {"donation": d, "amount": money_text(d.amount_cents, d.currency)}
            for d in offline_recent(organization=self.organization)
        ]
        return context
