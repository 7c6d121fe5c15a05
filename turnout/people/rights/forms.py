from __future__ import annotations

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from ..models import AccessLog, CustomField, Person
from .merge import CHOOSABLE_FIELDS, CUSTOM_PREFIX, SENSITIVE_FIELDS
from .services import ErasureReason

LOW, HIGH = "low", "high"


def _display(person: Person, name: str) -> str:
    value = getattr(person, name)
    if value in (None, ""):
        return ""
    display = getattr(person, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    return str(value)


class MergeForm(forms.Form):
    """The survivor, and for each field where the two records disagree, which value to keep.

    Values are named after the candidate's two people ("low" and "high"), whichever survives.
    """

    survivor = forms.ChoiceField(label=_("Record to keep"), widget=forms.RadioSelect)

    def __init__(self, *args, low: Person, high: Person, custom_fields, show_sensitive, **kw):
        super().__init__(*args, **kw)
        self.low, self.high = low, high
        older = low if low.created_at <= high.created_at else high
        self.fields["survivor"].choices = [
            (LOW, _("Record A")),
            (HIGH, _("Record B")),
        ]
        self.fields["survivor"].initial = LOW if older is low else HIGH
        self.conflicts: list[tuple[str, str]] = []  # (form field name, label)
        self.filled: list[tuple[str, str]] = []  # one side empty: taken without asking
        for name in CHOOSABLE_FIELDS:
            if name in SENSITIVE_FIELDS and not show_sensitive:
                continue
            label = Person._meta.get_field(name).verbose_name
            self._add(name, str(label).capitalize(), _display(low, name), _display(high, name))
        for field in custom_fields:
            if field.sensitive and not show_sensitive:
                continue
            a = low.custom_fields.get(field.key)
            b = high.custom_fields.get(field.key)
            self._add(
                CUSTOM_PREFIX + field.key,
                field.label,
                "" if a in (None, "") else str(a),
                "" if b in (None, "") else str(b),
            )

    def _add(self, key: str, label: str, a: str, b: str) -> None:
        if not a or not b:
            if a or b:
                self.filled.append((label, a or b))
            return
        if a == b:
            return
        name = f"field_{key.replace(':', '__')}"
        self.fields[name] = forms.ChoiceField(
            label=label,
            choices=[(LOW, a), (HIGH, b)],
            widget=forms.RadioSelect,
            initial=self.fields["survivor"].initial,
        )
        self.conflicts.append((name, key))

    def conflict_fields(self):
        return [self[name] for name, _key in self.conflicts]

    def service_choices(self) -> tuple[str, dict]:
        """(survivor side, {field: "survivor" | "other"}) for person_merge."""
        survivor = self.cleaned_data["survivor"]
        choices = {}
        for name, key in self.conflicts:
            choices[key] = "survivor" if self.cleaned_data[name] == survivor else "other"
        return survivor, choices


class DismissForm(forms.Form):
    pass


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Ground for erasure"))
    confirm = forms.BooleanField(
        label=_("I understand that the personal data will be deleted and cannot be restored."),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [
            c for c in ErasureReason.choices() if c[0] != ErasureReason.RETENTION
        ]


class ObjectionForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The person objected to being contacted; I recorded how and when."),
        required=True,
    )


class RetentionForm(forms.Form):
    enabled = forms.BooleanField(label=_("Apply the policy every night"), required=False)
    inactive_months = forms.IntegerField(
        label=_("Erase people inactive for more than (months)"),
        min_value=1,
        max_value=1200,
        initial=36,
        help_text=_(
            "Activity is anything on the timeline (a signature, a donation, a message, a "
            "visit…); people without any count from the day they were added. The CNIL "
            "suggests 3 years after the last contact."
        ),
    )
    keep_donors = forms.BooleanField(
        label=_("Keep people who donated"),
        required=False,
        help_text=_("Donation records must be kept for accounting and legal reporting."),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    SALT = "turnout.people.retention"

    def values(self) -> dict:
        return {
            "enabled": bool(self.cleaned_data["enabled"]),
            "inactive_months": self.cleaned_data["inactive_months"],
            "keep_donors": bool(self.cleaned_data["keep_donors"]),
        }

    @classmethod
    def sign(cls, organization_id: int, values: dict) -> str:
        return signing.dumps({"org": organization_id, **values}, salt=cls.SALT)

    def previewed(self, organization_id: int) -> bool:
        """Whether these exact values were shown in a dry run (the token says so)."""
        try:
            data = signing.loads(self.cleaned_data.get("token") or "", salt=self.SALT, max_age=3600)
        except signing.BadSignature:
            return False
        return data == {"org": organization_id, **self.values()}


class AccessLogFilterForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(
        label=_("What"), required=False, choices=[("", _("All")), *AccessLog.Action.choices]
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Everyone"))] + [
            (m.user_id, str(m.user)) for m in memberships
        ]


def custom_fields_of(organization):
    return list(CustomField.objects.for_organization(organization))
