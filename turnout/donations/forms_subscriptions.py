"""Forms of the monthly gifts pages: the list's filter and the reason for stopping one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Subscription

Status = Subscription.Status


class SubscriptionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            (Status.ACTIVE, Status.ACTIVE.label),
            (Status.PAST_DUE, Status.PAST_DUE.label),
            (Status.CANCELLED, Status.CANCELLED.label),
        ],
    )


class SubscriptionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it stops"),
        max_length=200,
        help_text=_("Kept with the monthly gift and on the donor's timeline."),
        error_messages={"required": _("Say why this monthly gift stops.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
