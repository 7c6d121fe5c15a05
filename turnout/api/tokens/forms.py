from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..osdi.registry import scope_choices


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses this token, e.g. “Data warehouse sync”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=_("Read and write includes read."),
    )
    action_network_compatible = forms.BooleanField(
        label=_("Action Network compatible"),
        required=False,
        help_text=_(
            "Also answers under /api/v2/ with Action Network identifiers, so that tools written "
            "for Action Network's API work once pointed at this site."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scope_choices()
