from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import WebhookDelivery
from .events import EVENT_TYPES, PING, event_type_choices


class SubscriptionForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("For you, to tell your webhooks apart (e.g. “Data warehouse”)."),
    )
    target_url = forms.CharField(
        label=_("URL that receives the events"),
        max_length=2000,
        help_text=_("An https:// address of your system. We POST each event to it, signed."),
        widget=forms.URLInput(attrs={"placeholder": "https://example.org/hooks/turnout"}),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=event_type_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def __init__(self, *args, subscription=None, **kwargs):
        if subscription is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": subscription.name,
                "target_url": subscription.target_url,
                "event_types": subscription.event_types,
            }
        super().__init__(*args, **kwargs)

    def event_options(self):
        """(code, label, help, checked) for the checkboxes, in the registry's order."""
        chosen = set(self["event_types"].value() or [])
        return [(e.code, e.label, e.help, e.code in chosen) for e in EVENT_TYPES.values()]


def _status_choices():
    return [
        ("", _("All")),
        ("failed", _("Failed or gave up")),
        *[(value, label) for value, label in WebhookDelivery.Status.choices],
    ]


def _type_choices():
    return [("", _("All")), *event_type_choices(), (PING, _("Test"))]


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=_status_choices, required=False)
    type = forms.ChoiceField(label=_("Event"), choices=_type_choices, required=False)
    since = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReplayForm(forms.Form):
    since = forms.DateField(
        label=_("Failed deliveries since"), widget=forms.DateInput(attrs={"type": "date"})
    )
