from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .asks import AskKind
from .models import LANGUAGES, Action, ActionSponsor, Submission, pick_text
from .questions import CHOICE_KINDS, MAPPABLE, Kind, choice_lines, merge_choices

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
        if instance is not None and not kwargs.get("initial"):  # FormView passes {}
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


# --- Questions, next asks, co-sponsors (workspace editors) -----------------------------------


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


class QuestionForm(forms.Form):
    """One extra question of the form. Choices are one per line, in the same order in every
    language; a choice keeps its identity while its text in some language is unchanged."""

    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Kind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    custom_field = forms.ChoiceField(
        label=_("Also save the answer in the person's field"),
        required=False,
        help_text=_("The answer lands on the person in your people (custom fields)."),
    )

    def __init__(
        self, *args, question: dict | None = None, custom_fields=(), language: str = "fr", **kw
    ):
        self.question = question
        self.language = language
        self.custom_fields = {cf.key: cf for cf in custom_fields}
        if question is not None and "initial" not in kw:
            initial = {
                "kind": question.get("kind"),
                "required": bool(question.get("required")),
                "custom_field": question.get("custom_field", ""),
            }
            for code in LANGUAGES:
                initial[f"label_{code}"] = (question.get("label") or {}).get(code, "")
                initial[f"choices_{code}"] = choice_lines(question, code)
            kw["initial"] = initial
        super().__init__(*args, **kw)
        for code in LANGUAGES:
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Question (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=300,
                required=False,
            )
        for code in LANGUAGES:
            self.fields[f"choices_{code}"] = forms.CharField(
                label=_("Choices (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One per line, in the same order in every language.")
                if code == LANGUAGES[0]
                else "",
            )
        self.fields["custom_field"].choices = [("", _("No, only in the answers"))] + [
            (cf.key, f"{cf.label} ({cf.get_kind_display()})") for cf in custom_fields
        ]
        self.order_fields(
            ["kind", *[f"label_{c}" for c in LANGUAGES], *[f"choices_{c}" for c in LANGUAGES]]
        )
        if question is not None:
            # The kind of an existing question stays: its old answers keep their meaning.
            self.fields["kind"].disabled = True

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not any(cleaned.get(f"label_{code}") for code in LANGUAGES):
            self.add_error(
                f"label_{LANGUAGES[0]}", _("Write the question in at least one language.")
            )
        rows = []
        if kind in CHOICE_KINDS:
            lines = {code: _lines(cleaned.get(f"choices_{code}", "")) for code in LANGUAGES}
            count = max(len(v) for v in lines.values())
            for code, values in lines.items():
                if values and len(values) != count:
                    self.add_error(
                        f"choices_{code}",
                        _(
                            "%(language)s has %(n)s lines and another language %(count)s: give "
                            "each language the same choices, in the same order."
                        )
                        % {"language": LANGUAGE_NAMES[code], "n": len(values), "count": count},
                    )
            rows = [
                {
                    code: lines[code][i]
                    for code in LANGUAGES
                    if i < len(lines[code]) and lines[code][i]
                }
                for i in range(count)
            ]
            if sum(1 for row in rows if row) < 2:
                self.add_error(f"choices_{LANGUAGES[0]}", _("Give at least two choices."))
            elif not all(rows):
                self.add_error(f"choices_{LANGUAGES[0]}", _("A line is empty in every language."))
        self.rows = rows
        key = cleaned.get("custom_field")
        field = self.custom_fields.get(key) if key else None
        if key and field is None:
            self.add_error("custom_field", _("This field no longer exists."))
        elif field is not None and kind and field.kind not in MAPPABLE[kind]:
            self.add_error(
                "custom_field",
                _("A “%(kind)s” answer cannot go in a field of type “%(type)s”.")
                % {"kind": Kind(kind).label, "type": field.get_kind_display()},
            )
        elif field is not None and field.kind == "choice" and rows:
            options = {str(c).casefold(): c for c in field.choices}
            missing = [
                next(iter(row.values()))
                for row in rows
                if not any(v.casefold() in options for v in row.values())
            ]
            if missing:
                self.add_error(
                    "custom_field",
                    _("These choices are not choices of the field %(field)s: %(missing)s.")
                    % {"field": field.label, "missing": ", ".join(missing)},
                )
        return cleaned

    def definition(self) -> dict:
        """The question's definition (without its key) from the cleaned form."""
        data = self.cleaned_data
        kind = self.question["kind"] if self.question else data["kind"]
        definition = {
            "kind": kind,
            "label": {c: data[f"label_{c}"] for c in LANGUAGES if data.get(f"label_{c}")},
            "required": bool(data.get("required")),
        }
        field = self.custom_fields.get(data.get("custom_field") or "")
        if field is not None:
            definition.update(
                custom_field=field.key, custom_field_kind=field.kind, sensitive=field.sensitive
            )
        if kind in CHOICE_KINDS:
            choices = merge_choices((self.question or {}).get("choices") or [], self.rows)
            options = {str(c).casefold(): c for c in field.choices} if field else {}
            for choice in choices:
                labels = choice.get("label") or {}
                if field is not None and field.kind == "choice":
                    choice["cf_value"] = next(
                        (options[v.casefold()] for v in labels.values() if v.casefold() in options),
                        "",
                    )
                elif field is not None:
                    choice["cf_value"] = pick_text(labels, self.language)
            definition["choices"] = choices
        return definition


class AskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Ask"), choices=AskKind.choices)
    url = forms.URLField(
        label=_("Address"),
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("For a donation, volunteering or an event."),
    )
    target_action = forms.TypedChoiceField(
        label=_("Or another of your actions"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, ask: dict | None = None, actions=(), **kwargs):
        if ask is not None and "initial" not in kwargs:
            initial = {
                "kind": ask.get("kind"),
                "url": ask.get("url", ""),
                "target_action": ask.get("action"),
            }
            for code in LANGUAGES:
                initial[f"label_{code}"] = (ask.get("label") or {}).get(code, "")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for code in LANGUAGES:
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Button text (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=120,
                required=False,
            )
        self.fields["target_action"].choices = [("", "—")] + [(a.pk, str(a)) for a in actions]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        url, target = cleaned.get("url"), cleaned.get("target_action")
        if kind in (AskKind.DONATE, AskKind.EVENT) and not url:
            self.add_error("url", _("Give the address of the page."))
        if kind == AskKind.VOLUNTEER and not (url or target):
            self.add_error("url", _("Give an address or choose one of your actions."))
        if kind == AskKind.EVENT and not any(cleaned.get(f"label_{c}") for c in LANGUAGES):
            self.add_error(f"label_{LANGUAGES[0]}", _("Say which event, in at least one language."))
        return cleaned

    def ask(self) -> dict:
        data = self.cleaned_data
        ask = {"kind": data["kind"]}
        labels = {c: data[f"label_{c}"] for c in LANGUAGES if data.get(f"label_{c}")}
        if labels:
            ask["label"] = labels
        if data["kind"] == AskKind.VOLUNTEER and data.get("target_action"):
            ask["action"] = data["target_action"]
        elif data["kind"] != AskKind.SHARE and data.get("url"):
            ask["url"] = data["url"]
        return ask


class SponsorLabelsMixin:
    def add_label_fields(self):
        for code in LANGUAGES:
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Text of its box (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=300,
                required=False,
            )

    def labels(self) -> dict:
        return {c: self.cleaned_data.get(f"label_{c}", "") for c in LANGUAGES}


class SponsorAddForm(SponsorLabelsMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("One of your organizations"), queryset=None, required=False
    )
    address = forms.SlugField(
        label=_("Or the address of the organization"),
        required=False,
        help_text=_("As in its workspace address: /o/<address>/."),
    )

    def __init__(self, *args, action: Action, mine, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["organization"].queryset = mine
        self.add_label_fields()

    def clean(self):
        from turnout.organizations.models import Organization

        cleaned = super().clean()
        organization = cleaned.get("organization")
        address = cleaned.get("address")
        if organization is None and address:
            organization = Organization.objects.filter(slug=address).first()
            if organization is None:
                self.add_error("address", _("No organization has this address."))
        elif organization is None and not self.errors:
            self.add_error(None, _("Pick an organization or type its address."))
        if organization is not None:
            if organization.pk == self.action.organization_id:
                self.add_error(None, _("Your organization already carries this action."))
            elif self.action.sponsors.filter(organization=organization).exists():
                self.add_error(None, _("This organization is already a co-sponsor."))
        cleaned["organization"] = organization
        return cleaned


class SponsorForm(SponsorLabelsMixin, forms.Form):
    hidden = forms.BooleanField(label=_("Hide its box from the form"), required=False)

    def __init__(self, *args, sponsor: ActionSponsor, **kwargs):
        if "initial" not in kwargs:
            initial = {"hidden": sponsor.hidden}
            for code in LANGUAGES:
                initial[f"label_{code}"] = (sponsor.opt_in_label or {}).get(code, "")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.add_label_fields()
        self.order_fields([f"label_{c}" for c in LANGUAGES])


class SubmissionFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Submission.Status.choices],
    )
