from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .report import DIMENSIONS, PERIODS
from .services import LANGUAGES

LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}


class RungForm(forms.Form):
    """A rung's name and description in each language; its rule comes from the builder rows
    (turnout/people/segments/builder.py)."""

    def __init__(self, *args, rung=None, **kwargs):
        if rung is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = {
                f"{name}_{code}": getattr(rung, name).get(code, "")
                for name in ("name", "description")
                for code in LANGUAGES
            }
        super().__init__(*args, **kwargs)
        for code in LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=80,
                required=False,
            )
        for code in LANGUAGES:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=300,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}") for code in LANGUAGES):
            self.add_error("name_fr", _("Give the rung a name in at least one language."))
        return cleaned

    def texts(self) -> dict:
        data = self.cleaned_data
        return {
            name: {code: data.get(f"{name}_{code}", "") for code in LANGUAGES}
            for name in ("name", "description")
        }


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=list(PERIODS.items()), required=False)
    by = forms.ChoiceField(label=_("Cohorts by"), choices=list(DIMENSIONS.items()), required=False)
