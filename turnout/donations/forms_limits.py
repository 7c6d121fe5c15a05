"""Forms of the limits area: the legal profile and a donation received offline."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Donation, LegalProfile, ProfileKind
from .services.limits import PROFILE_FIELDS
from .services.offline import OFFLINE_METHODS, parse_amount

ANONYMOUS_PROFILES = (ProfileKind.DE_PARTY, ProfileKind.AT_PARTY)


class LegalProfileForm(forms.ModelForm):
    class Meta:
        model = LegalProfile
        fields = list(PROFILE_FIELDS)
        widgets = {
            "election_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "legal_address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "election_name": _("For a candidate: the election the campaign account is for."),
            "legal_name": _("As it must appear on receipts."),
            "registration": _("RNA or SIREN number, party register entry…"),
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == ProfileKind.FR_CANDIDATE and not data.get("election_date"):
            self.add_error(
                "election_date",
                _("A candidate's campaign account is for one election: give its date."),
            )
        return data


class OfflineDonationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    given_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    amount = forms.CharField(
        label=_("Amount (€)"),
        max_length=20,
        help_text=_("In euros, e.g. 35 or 35,50."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    method = forms.ChoiceField(
        label=_("Received by"),
        choices=[(m.value, m.label) for m in Donation.Method if m in OFFLINE_METHODS],
    )
    received_on = forms.DateField(
        label=_("Date received"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    natural_person = forms.BooleanField(
        label=_("Given by a natural person (not a company or an association)"),
        required=False,
        initial=True,
    )
    nationality = forms.CharField(
        label=_("Nationality"),
        max_length=20,
        required=False,
        help_text=_("Two-letter country code, e.g. FR, DE, AT."),
    )
    address_lines = forms.CharField(
        label=_("Tax address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    locality = forms.CharField(label=_("Town"), max_length=100, required=False)
    country = forms.CharField(
        label=_("Country of the tax address"),
        max_length=20,
        required=False,
        help_text=_("Two-letter country code, e.g. FR."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous gift: the party does not know who gave"),
        required=False,
        help_text=_(
            "A collection box, an envelope without a name… The law limits anonymous gifts. "
            "Leave the donor's name empty if nobody knows it."
        ),
    )

    def __init__(self, *args, profile_kind: str = ProfileKind.NONE, **kwargs):
        super().__init__(*args, **kwargs)
        # Only German and Austrian party law has rules for anonymous gifts.
        if profile_kind not in ANONYMOUS_PROFILES:
            del self.fields["anonymous"]

    def clean_amount(self):
        try:
            return parse_amount(self.cleaned_data["amount"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        return day

    def _country_code(self, name):
        value = self.cleaned_data.get(name, "").strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise forms.ValidationError(_("Enter a two-letter country code, e.g. FR."))
        return value

    def clean_nationality(self):
        return self._country_code("nationality")

    def clean_country(self):
        return self._country_code("country")

    def clean(self):
        data = super().clean()
        if not (
            data.get("email")
            or data.get("phone")
            or data.get("given_name")
            or data.get("family_name")
            or data.get("anonymous")
        ):
            raise forms.ValidationError(
                _("Say who gave: an email, a phone number or a name."), code="no_person"
            )
        return data

    def tax_address(self) -> dict:
        data = self.cleaned_data
        address = {
            "lines": "\n".join(
                line.strip() for line in data["address_lines"].splitlines() if line.strip()
            ),
            "postal_code": data["postal_code"].strip(),
            "locality": data["locality"].strip(),
            "country": data["country"],
        }
        return {k: v for k, v in address.items() if v}
