from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Channel, CustomField, Person, Purpose
from .normalize import InvalidContact, normalize_email, normalize_phone


def custom_form_field(field: CustomField) -> forms.Field:
    common = {"label": field.label, "required": False}
    if field.kind == CustomField.Kind.NUMBER:
        return forms.DecimalField(**common)
    if field.kind == CustomField.Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if field.kind == CustomField.Kind.BOOLEAN:
        return forms.NullBooleanField(**common)
    if field.kind == CustomField.Kind.CHOICE:
        return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in field.choices], **common)
    return forms.CharField(max_length=500, **common)


def custom_value_to_json(field: CustomField, value):
    if value in (None, ""):
        return None
    if field.kind == CustomField.Kind.NUMBER:
        return float(value)
    if field.kind == CustomField.Kind.DATE:
        return value.isoformat()
    return value


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_(
            "National numbers are read for the organization's country; add +country code otherwise."
        ),
    )
    address_lines = forms.CharField(label=_("Street address"), required=False, max_length=500)
    postal_code = forms.CharField(label=_("Postcode"), required=False, max_length=16)
    locality = forms.CharField(label=_("Town or city"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "—"), *settings.LANGUAGES]
    )
    support_level = forms.TypedChoiceField(
        label=_("Support level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "—"),
            (1, _("1 – strong opponent")),
            (2, _("2 – leaning against")),
            (3, _("3 – undecided")),
            (4, _("4 – leaning for")),
            (5, _("5 – strong supporter")),
        ],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    do_not_contact = forms.BooleanField(label=_("Do not contact this person"), required=False)

    def __init__(self, *args, organization, custom_fields, show_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.custom_fields = [f for f in custom_fields if show_sensitive or not f.sensitive]
        if not show_sensitive:
            del self.fields["support_level"]
        for field in self.custom_fields:
            self.fields[f"cf_{field.key}"] = custom_form_field(field)

    def clean_email(self):
        value = self.cleaned_data["email"]
        if not value:
            return ""
        try:
            return normalize_email(value)
        except InvalidContact as exc:
            raise ValidationError(str(exc)) from None

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        if not value:
            return ""
        try:
            return normalize_phone(value, self.organization.country)[0]
        except InvalidContact as exc:
            raise ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("given_name", "family_name", "email", "phone")):
            raise ValidationError(_("Give at least a name, an email or a phone number."))
        return data

    def custom_values(self) -> dict:
        return {
            f.key: custom_value_to_json(f, self.cleaned_data.get(f"cf_{f.key}"))
            for f in self.custom_fields
        }

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        email = person.emails.first()
        phone = person.phones.first()
        address = person.addresses.first()
        initial = {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "email": email.address if email else "",
            "phone": phone.number if phone else "",
            "language": person.language,
            "support_level": person.support_level,
            "notes": person.notes,
            "do_not_contact": person.do_not_contact,
        }
        if address:
            initial.update(
                address_lines=address.address_lines,
                postal_code=address.postal_code,
                locality=address.locality,
            )
        for key, value in person.custom_fields.items():
            initial[f"cf_{key}"] = value
        return initial


class TagForm(forms.Form):
    name = forms.CharField(label=_("Tag"), max_length=80)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsentForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[("granted", _("Gave consent")), ("withdrawn", _("Withdrew consent"))],
    )
    evidence = forms.CharField(
        label=_("How did the person say so?"),
        max_length=500,
        help_text=_("For example: phone call of 3 March, signed paper form."),
    )


class CustomFieldForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        help_text=_("For a choice field: one per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = CustomField
        fields = ["label", "key", "kind", "sensitive"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_key(self):
        key = self.cleaned_data["key"]
        if CustomField.objects.filter(organization=self.organization, key=key).exists():
            raise ValidationError(_("A field with this key already exists."))
        return key

    def clean(self):
        data = super().clean()
        choices = [c.strip() for c in data.get("choices_text", "").splitlines() if c.strip()]
        if data.get("kind") == CustomField.Kind.CHOICE and len(choices) < 2:
            self.add_error("choices_text", _("Give at least two choices."))
        data["choices"] = choices
        return data


class SuppressionForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.POST]
    )
    value = forms.CharField(label=_("Email address or phone number"), max_length=254)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean(self):
        data = super().clean()
        channel, value = data.get("channel"), data.get("value")
        if channel and value:
            try:
                data["value"] = (
                    normalize_email(value)
                    if channel == Channel.EMAIL
                    else normalize_phone(value, self.organization.country)[0]
                )
            except InvalidContact as exc:
                self.add_error("value", str(exc))
        return data


class LiftForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this lifted?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Keep the person's request: date and how they asked."),
    )


class ExportForm(forms.Form):
    FORMATS = [("csv", "CSV"), ("xlsx", "Excel (XLSX)")]
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="csv")
    segment = forms.ChoiceField(label=_("People"), required=False)
    purpose = forms.CharField(
        label=_("Why do you need this export?"),
        max_length=200,
        help_text=_("Kept in the access log."),
    )

    def __init__(self, *args, segments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [("", _("Everyone"))] + [
            (str(s.pk), s.name) for s in segments
        ]
