"""Forms of the insights area: cloning into a sister campaign, editing and moving a lead."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import LANGUAGES
from turnout.organizations.choices import Country

from .models import Campaign, Lead

LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}
MAX_EUROS = Decimal("10000000000")


class SisterForm(forms.Form):
    """A sister campaign: address, name per language, election, languages, initiator."""

    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Letters, digits and hyphens: the public page will be /c/<address>/."),
    )
    election_country = forms.ChoiceField(
        label=_("Country of the election"),
        required=False,
        choices=[("", _("Several countries")), *Country.choices],
    )
    election_kind = forms.ChoiceField(
        label=_("Kind of election"), choices=Campaign.ElectionKind.choices
    )
    election_date = forms.DateField(
        label=_("Election day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    second_round_date = forms.DateField(
        label=_("Second round"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=list(LANGUAGE_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    initiator = forms.ChoiceField(
        label=_("Initiator"),
        help_text=_(
            "The organization that will own the sister campaign: one where you are an "
            "administrator or owner."
        ),
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for code in LANGUAGES:
            fields[f"name_{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=150,
                required=False,
            )
        # Names first, in the order of the page.
        self.fields = {"slug": self.fields.pop("slug"), **fields, **self.fields}
        self.organizations = {str(org.pk): org for org in organizations}
        self.fields["initiator"].choices = [(str(o.pk), o.name) for o in organizations]

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Campaign.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This address is already taken by another campaign."))
        return slug

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}") for code in LANGUAGES):
            self.add_error(
                "name_fr", _("Give the sister campaign a name in at least one language.")
            )
        first, second = cleaned.get("election_date"), cleaned.get("second_round_date")
        if first and second and second <= first:
            self.add_error("second_round_date", _("The second round comes after the first."))
        return cleaned

    def names(self) -> dict:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code in LANGUAGES}

    def organization(self):
        return self.organizations[self.cleaned_data["initiator"]]


def euros_to_cents(value: Decimal | None) -> int:
    if value is None:
        return 0
    return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class LeadForm(forms.Form):
    value = forms.DecimalField(
        label=_("Deal value (EUR)"),
        min_value=0,
        max_value=MAX_EUROS,
        decimal_places=2,
        max_digits=14,
        required=False,
        localize=True,
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_step_on = forms.DateField(
        label=_("Next step date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.user_id): m.user for m in members}
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [
            (str(m.user_id), m.user.get_full_name() or m.user.email) for m in members
        ]

    @classmethod
    def initial_for(cls, lead: Lead) -> dict:
        return {
            "value": Decimal(lead.value_cents) / 100,
            "owner": str(lead.owner_id or ""),
            "next_step": lead.next_step,
            "next_step_on": lead.next_step_on,
            "notes": lead.notes,
        }

    def owner_user(self):
        return self.members.get(self.cleaned_data.get("owner") or "")

    def value_in_cents(self) -> int:
        return euros_to_cents(self.cleaned_data.get("value"))


class LeadMoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Lead.Stage.choices)


class LeadUndoForm(forms.Form):
    change = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
