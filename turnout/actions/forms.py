from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LANGUAGES, Action

TEXT_FIELDS = {
    "title": (_("Title"), forms.CharField, {"max_length": 200}),
    "description": (
        _("Description"),
        forms.CharField,
        {"widget": forms.Textarea(attrs={"rows": 5})},
    ),
    "thank_you": (
        _("Thank-you text"),
        forms.CharField,
        {"widget": forms.Textarea(attrs={"rows": 3})},
    ),
    "consent_text": (
        _("Consent text shown next to the box"),
        forms.CharField,
        {"widget": forms.Textarea(attrs={"rows": 2})},
    ),
}
LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}


class ActionForm(forms.Form):
    """An action's settings, with one field per language for each text."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Action.Kind.choices)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Letters, digits and hyphens; the public page is /a/<address>/."),
    )
    targets = forms.CharField(
        label=_("Targets"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    goal = forms.IntegerField(label=_("Goal"), required=False, min_value=1)
    double_opt_in = forms.BooleanField(
        label=_("Confirm signatures by email (double opt-in)"), required=False
    )
    frame_ancestors = forms.CharField(
        label=_("Sites allowed to embed the widget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One origin per line (https://example.org); empty: any site."),
    )

    def __init__(self, *args, instance: Action | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            initial = {
                name: getattr(instance, name)
                for name in ("kind", "slug", "targets", "goal", "double_opt_in", "frame_ancestors")
            }
            for name in TEXT_FIELDS:
                for code in LANGUAGES:
                    initial[f"{name}_{code}"] = getattr(instance, name).get(code, "")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for name, (label, field_class, options) in TEXT_FIELDS.items():
            for code in LANGUAGES:
                self.fields[f"{name}_{code}"] = field_class(
                    label=f"{label} ({LANGUAGE_NAMES[code]})", required=False, **options
                )
        if instance is not None and instance.status != Action.Status.DRAFT:
            # The public address is fixed once people may have seen it.
            self.fields["slug"].disabled = True

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = Action.objects.filter(slug=slug)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This address is already taken."))
        return slug

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{code}") for code in LANGUAGES):
            self.add_error("title_fr", _("Give the action a title in at least one language."))
        return cleaned

    def action_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in ("kind", "targets", "goal", "double_opt_in", "frame_ancestors")
        }
        for name in TEXT_FIELDS:
            fields[name] = {code: data.get(f"{name}_{code}", "") for code in LANGUAGES}
        return fields
