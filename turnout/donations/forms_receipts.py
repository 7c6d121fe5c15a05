from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Receipt


class ReceiptFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Receipt.Kind.choices]
    )


class ReceiptExportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class ReceiptCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this receipt cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
