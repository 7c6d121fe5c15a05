"""Workspace forms of events: the event with its shifts, a proposal's answer, a cancellation.

Dates are typed in the event's own time zone: the views activate it (``timezone.override``)
while the form is built, read and shown, so Django's fields read and write local times. The
checks are the services' own (``event_check``, ``shift_check``), shown next to each field.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from turnout.actions.forms import LANGUAGE_NAMES
from turnout.actions.models import LANGUAGES
from turnout.people.models import EmailAddress
from turnout.people.normalize import normalize_email

from .models import TIME_ZONES, Event
from .services.events import (
    EVENT_FIELDS,
    PLACE_TEXT_FIELDS,
    TEXT_FIELDS,
    ShiftInput,
    event_check,
    shift_check,
)

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
TEXTS = {
    "title": (_("Title"), {"max_length": 200}),
    "description": (_("Description"), {"widget": forms.Textarea(attrs={"rows": 5})}),
    "instructions": (
        _("Instructions for the people coming"),
        {
            "widget": forms.Textarea(attrs={"rows": 3}),
            "help_text": _("Sent with the confirmation and reminders: what to bring, who to ask…"),
        },
    ),
}


def local_datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
        **kwargs,
    )


def _coordinate(label) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class EventForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_(
            "Letters, digits and hyphens: the public page is /e/<address>/. Empty: made "
            "from the title."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Event.Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_("Members only: visible to your team, not listed in public."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONES)
    starts_at = local_datetime_field(pgettext_lazy("event", "Starts"))
    ends_at = local_datetime_field(pgettext_lazy("event", "Ends"))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address_lines = forms.CharField(
        label=_("Street address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=16, required=False)
    locality = forms.CharField(label=_("Town or city"), max_length=100, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Two-letter code, e.g. FR, DE, AT."),
    )
    latitude = _coordinate(_("Latitude"))
    longitude = _coordinate(_("Longitude"))
    online_url = forms.URLField(
        label=_("Online meeting address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Given to the people going only (confirmation, reminders, calendar file)."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        help_text=_("Empty: no limit. With shifts, each shift also has its own places."),
    )
    waitlist = forms.BooleanField(label=_("Waiting list when full"), required=False)
    remind_email = forms.BooleanField(label=_("Email a reminder the day before"), required=False)
    remind_sms = forms.BooleanField(
        label=_("Text a reminder two hours before (to people who agreed to texts)"),
        required=False,
    )
    host_email = forms.EmailField(
        label=_("Host (email of a person in your people)"), required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=None,
        required=False,
        help_text=_("The cooperative campaign this event is held for, if any."),
    )

    def __init__(
        self,
        *args,
        organization,
        instance: Event | None = None,
        campaigns=None,
        people_lookup: bool = True,
        **kw,
    ):
        self.organization = organization
        self.instance = instance
        if instance is not None and not kw.get("initial"):
            initial = {
                name: getattr(instance, name) for name in EVENT_FIELDS if name not in TEXT_FIELDS
            }
            initial["slug"] = instance.slug
            initial["campaign"] = instance.campaign_id
            initial["host_email"] = (
                EmailAddress.objects.filter(person=instance.host, primary=True)
                .values_list("address", flat=True)
                .first()
                if instance.host_id
                else ""
            )
            for name in TEXT_FIELDS:
                for code in LANGUAGES:
                    initial[f"{name}_{code}"] = getattr(instance, name).get(code, "")
            kw["initial"] = initial
        super().__init__(*args, **kw)
        texts = {}
        for name, (label, options) in TEXTS.items():
            for code in LANGUAGES:
                texts[f"{name}_{code}"] = forms.CharField(
                    label=f"{label} ({LANGUAGE_NAMES[code]})", required=False, **options
                )
        # The texts first, in the order people read them.
        self.fields = {**texts, **self.fields}
        self.fields["campaign"].queryset = campaigns if campaigns is not None else _no_campaigns()
        if not people_lookup:
            # Volunteers do not see the people: the host field would tell who is in them.
            del self.fields["host_email"]
        if instance is not None and instance.published_at is not None:
            self.fields["slug"].disabled = True  # the public address is fixed once shown

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if not slug:
            return ""
        taken = Event.objects.filter(slug=slug)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This address is already taken."))
        return slug

    def clean_country(self):
        value = (self.cleaned_data.get("country") or "").strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise forms.ValidationError(_("Enter a two-letter country code, e.g. FR."))
        return value

    def clean_host_email(self):
        value = self.cleaned_data.get("host_email") or ""
        if not value:
            self.host = None
            return ""
        found = (
            EmailAddress.objects.filter(
                organization=self.organization,
                address=normalize_email(value),
                person__erased_at__isnull=True,
            )
            .select_related("person")
            .first()
        )
        if found is None:
            raise forms.ValidationError(
                _(
                    "No one in your people has this email address. Add them first, or leave "
                    "it empty."
                )
            )
        self.host = found.person
        return value

    def clean(self):
        cleaned = super().clean()
        fields = self.event_fields(partial=True)
        for name, messages in event_check(fields).items():
            if name in self.fields and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    def event_fields(self, partial: bool = False) -> dict:
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in EVENT_FIELDS
            if name not in TEXT_FIELDS and name not in ("host", "campaign")
        }
        for name in (*PLACE_TEXT_FIELDS, "country"):
            fields[name] = fields[name] or ""
        for name in TEXT_FIELDS:
            fields[name] = {code: data.get(f"{name}_{code}") or "" for code in LANGUAGES}
        fields["waitlist"] = bool(fields["waitlist"])
        fields["remind_email"] = bool(fields["remind_email"])
        fields["remind_sms"] = bool(fields["remind_sms"])
        fields["visibility"] = fields["visibility"] or Event.Visibility.PUBLIC
        fields["time_zone"] = fields["time_zone"] or "Europe/Paris"
        fields["host"] = getattr(self, "host", None)
        fields["campaign"] = data.get("campaign")
        return fields


def _no_campaigns():
    from turnout.campaigns.models import Campaign

    return Campaign.objects.none()


class ShiftForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label_fr = forms.CharField(label=_("Label (French)"), max_length=100, required=False)
    label_en = forms.CharField(label=_("Label (English)"), max_length=100, required=False)
    label_de = forms.CharField(label=_("Label (German)"), max_length=100, required=False)
    starts_at = local_datetime_field(pgettext_lazy("event", "Starts"), required=False)
    ends_at = local_datetime_field(pgettext_lazy("event", "Ends"), required=False)
    capacity = forms.IntegerField(
        label=_("Places"), required=False, help_text=_("Empty: no limit.")
    )

    def shift_input(self) -> ShiftInput | None:
        """What this row says, or None for an empty new row."""
        data = self.cleaned_data
        remove = bool(data.get("DELETE"))
        label = {code: data.get(f"label_{code}") or "" for code in LANGUAGES}
        empty = not any(label.values()) and not data.get("starts_at") and not data.get("ends_at")
        if not data.get("id") and (empty or remove):
            return None
        return ShiftInput(
            pk=data.get("id"),
            label=label,
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            capacity=data.get("capacity"),
            remove=remove,
        )


class BaseShiftFormSet(forms.BaseFormSet):
    """Each row is checked against the event's start and end (given by the view)."""

    def __init__(self, *args, event_starts=None, event_ends=None, **kwargs):
        self.event_starts, self.event_ends = event_starts, event_ends
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        for form in self.forms:
            shift = form.shift_input()
            if shift is None:
                continue
            for name, messages in shift_check(
                shift, starts_at=self.event_starts, ends_at=self.event_ends
            ).items():
                for message in messages:
                    form.add_error(name, message)

    def shift_inputs(self) -> list[ShiftInput]:
        return [s for s in (form.shift_input() for form in self.forms) if s is not None]


ShiftFormSet = forms.formset_factory(
    ShiftForm, formset=BaseShiftFormSet, extra=2, can_delete=True, max_num=50, validate_max=True
)


def shift_initial(shifts) -> list[dict]:
    return [
        {
            "id": shift.pk,
            **{f"label_{code}": shift.label.get(code, "") for code in LANGUAGES},
            "starts_at": shift.starts_at,
            "ends_at": shift.ends_at,
            "capacity": shift.capacity,
        }
        for shift in shifts
    ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Message to the people coming (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
