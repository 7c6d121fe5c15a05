from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import LANGUAGES

from .models import FONT_CHOICES

LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}


def _per_language(form: forms.Form, prefix: str, label, *, max_length: int, required=False):
    for code in LANGUAGES:
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[code]})",
            required=required,
            max_length=max_length * 4,  # the service gives the clear message
        )


def per_language_values(data: dict, prefix: str) -> dict:
    return {code: data.get(f"{prefix}_{code}", "") or "" for code in LANGUAGES}


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    svg_file = forms.FileField(
        label=_("SVG file"),
        required=False,
        help_text=_("An SVG with slots (see the user guide). Scripts and outside references "
                    "are refused."),
    )  # fmt: skip

    def __init__(self, *args, require_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["svg_file"].required = require_file
        _per_language(self, "headline", _("Headline"), max_length=120)
        _per_language(self, "tagline", _("Default tagline"), max_length=140)


class BrandKitForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, WebP or SVG, 2 MB at most."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    photo = forms.FileField(
        label=_("Background photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, 8 MB at most. Shown by the templates with a photo "
                    "area; it is cropped to fill it."),
    )  # fmt: skip
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    primary = forms.CharField(
        label=_("Main color"), max_length=20, widget=forms.TextInput(attrs={"type": "color"})
    )
    secondary = forms.CharField(
        label=_("Second color"), max_length=20, widget=forms.TextInput(attrs={"type": "color"})
    )
    text = forms.CharField(
        label=_("Text color"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text=_("Shown on the main color: it needs a contrast of at least 4.5:1."),
    )
    font = forms.ChoiceField(label=_("Font"), choices=FONT_CHOICES)
    link = forms.CharField(
        label=_("Link of the QR code"),
        required=False,
        max_length=300,
        help_text=_("Where the QR code leads, e.g. your campaign link with a source code."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _per_language(self, "tagline", _("Tagline"), max_length=140)
