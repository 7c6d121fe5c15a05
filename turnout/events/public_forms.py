"""Public forms: the RSVP (with the shifts to choose and the message boxes, each with the
exact consent text shown) and the search by distance."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from turnout.actions.typos import email_typo_suggestion
from turnout.people.models import Channel
from turnout.people.services import PersonData

from . import geo
from .models import Event

HONEYPOT = "website"
ATTRIBUTION_PARAMS = {
    "source": "source_code",
    "utm_source": "utm_source",
    "utm_medium": "utm_medium",
    "utm_campaign": "utm_campaign",
}


def consent_texts(event: Event) -> dict[str, str]:
    """The exact text next to each message box (recorded with the consent)."""
    organization = event.organization.name
    return {
        Channel.EMAIL: str(
            _(
                "Email me invitations to %(organization)s's next events. I can unsubscribe "
                "at any time."
            )
            % {"organization": organization}
        ),
        Channel.SMS: str(
            _(
                "Text me a reminder before this event and %(organization)s's next events. I "
                "can reply STOP at any time."
            )
            % {"organization": organization}
        ),
    }


class RsvpForm(forms.Form):
    shifts = forms.MultipleChoiceField(
        label=_("Shifts"), required=False, widget=forms.CheckboxSelectMultiple
    )
    given_name = forms.CharField(label=_("First name"), max_length=100)
    family_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Mobile phone (optional)"), max_length=40, required=False)
    keep_email = forms.BooleanField(required=False, label=_("Keep the address as I typed it"))
    remind_email = forms.BooleanField(required=False)
    remind_sms = forms.BooleanField(required=False)
    # Hidden from people by CSS and aria-hidden; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, event: Event, shifts=(), language: str = "fr", **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.language = language
        self.shift_rows = {str(s.pk): s for s in shifts}
        self.email_suggestion = None
        self.texts = consent_texts(event)
        self.fields["remind_email"].label = self.texts[Channel.EMAIL]
        self.fields["remind_sms"].label = self.texts[Channel.SMS]
        if self.shift_rows:
            self.fields["shifts"].choices = [(pk, str(s)) for pk, s in self.shift_rows.items()]
            self.fields["shifts"].required = True
            self.fields["shifts"].error_messages["required"] = _("Choose at least one shift.")
        else:
            del self.fields["shifts"]
        for param in ATTRIBUTION_PARAMS:
            self.fields[param] = forms.CharField(
                required=False, max_length=100, widget=forms.HiddenInput
            )

    def clean(self):
        cleaned = super().clean()
        # A likely typo in the domain (gmial.com) is asked about once; "keep" confirms it.
        typo = email_typo_suggestion(cleaned.get("email") or "")
        if typo and not cleaned.get("keep_email"):
            self.email_suggestion = typo
            message = _("Did you mean %(suggestion)s?") % {"suggestion": typo}
            self.add_error("email", forms.ValidationError(message, code="email_typo"))
        if cleaned.get("remind_sms") and not cleaned.get("phone"):
            self.add_error("phone", _("Give your mobile phone number to be reminded by SMS."))
        return cleaned

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def chosen_shifts(self) -> list:
        return [self.shift_rows[pk] for pk in self.cleaned_data.get("shifts") or []]

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            given_name=data["given_name"],
            family_name=data.get("family_name", ""),
            email=data["email"],
            phone=data.get("phone", ""),
            language=self.language,
        )

    def reminders(self) -> dict[str, str]:
        chosen = {}
        if self.cleaned_data.get("remind_email"):
            chosen[Channel.EMAIL] = self.texts[Channel.EMAIL]
        if self.cleaned_data.get("remind_sms"):
            chosen[Channel.SMS] = self.texts[Channel.SMS]
        return chosen

    def attribution(self) -> dict:
        """Where the visitor came from (the page's address parameters), as stored."""
        data = self.cleaned_data
        return {key: data[param] for param, key in ATTRIBUTION_PARAMS.items() if data.get(param)}


class SearchForm(forms.Form):
    near = forms.CharField(
        label=_("Near (postal code)"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    radius = forms.TypedChoiceField(
        label=_("Within"),
        coerce=int,
        choices=[(r, _("%(km)s km") % {"km": r}) for r in geo.RADII_KM],
        initial=25,
        required=False,
    )
    # Filled by "use my location" (the browser's geolocation).
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)

    def clean(self):
        cleaned = super().clean()
        cleaned["radius"] = cleaned.get("radius") or 25
        self.point = None
        if "lat" in self.errors or "lon" in self.errors:
            self.add_error(None, _("Your location could not be read. Type a postal code instead."))
            return cleaned
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if lat is not None and lon is not None:
            self.point = geo.Point(lat, lon, "browser")
        elif cleaned.get("near"):
            self.point = geo.postal_code_point(cleaned["near"])
            if self.point is None:
                self.add_error(
                    "near",
                    _(
                        "We do not know where the postal code %(code)s is. Check it, try a "
                        "neighbouring one, or use your location."
                    )
                    % {"code": geo.normalize_postal_code(cleaned["near"])},
                )
        return cleaned
