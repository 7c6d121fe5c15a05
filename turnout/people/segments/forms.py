from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PeopleList, Segment


class SegmentForm(forms.ModelForm):
    """Name and description; the filters come from the builder rows."""

    class Meta:
        model = Segment
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class PeopleListForm(forms.ModelForm):
    class Meta:
        model = PeopleList
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class SnapshotForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new list"),
        max_length=120,
        help_text=_("The list keeps the people who match now; it does not change afterwards."),
    )
