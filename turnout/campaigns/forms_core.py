"""Forms of the core area: campaign setup, charter, partners, joining, moderation."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import LANGUAGES
from turnout.core.uploads import open_raster_image
from turnout.organizations.choices import Country, Kind, Sector, Size
from turnout.visuals.models import VisualTemplate

from .models import Campaign, Participation, Partner
from .services.joining import MAX_AUDIENCE, NETWORKS

LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}
NETWORK_NAMES = {
    "linkedin": "LinkedIn",
    "instagram": "Instagram",
    "x": "X",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "youtube": "YouTube",
}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TranslatedFieldsMixin:
    """Adds ``<name>_<lang>`` fields for each translated field, grouped per language."""

    translated: tuple = ()
    required_translated: tuple = ()

    def add_translated(self, instance_values: dict) -> None:
        for code in LANGUAGES:
            for name, label, widget, max_length in self.translated:
                field = forms.CharField(
                    label=label, required=False, max_length=max_length, widget=widget
                )
                self.fields[f"{name}_{code}"] = field
                if not self.is_bound:
                    self.initial.setdefault(
                        f"{name}_{code}", (instance_values.get(name) or {}).get(code, "")
                    )

    def language_groups(self):
        return [
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "fields": [self[f"{name}_{code}"] for name, *_rest in self.translated],
            }
            for code in LANGUAGES
        ]

    def translated_values(self, name: str) -> dict:
        return {
            code: self.cleaned_data.get(f"{name}_{code}", "").strip()
            for code in LANGUAGES
            if self.cleaned_data.get(f"{name}_{code}", "").strip()
        }


class CampaignForm(TranslatedFieldsMixin, forms.Form):
    translated = (
        ("name", _("Name"), forms.TextInput, 150),
        ("tagline", _("Tagline"), forms.TextInput, 150),
        ("message", _("Message"), forms.Textarea(attrs={"rows": 3}), 2000),
    )
    slug = forms.SlugField(
        label=_("Address of the public page"),
        max_length=80,
        help_text=_("Letters, digits and hyphens: /c/<address>/. It cannot change later."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The name is required in each language of the campaign."),
    )
    election_country = forms.ChoiceField(
        label=_("Country of the election"),
        required=False,
        choices=[("", _("Several countries")), *list(Country.choices)],
    )
    election_kind = forms.ChoiceField(
        label=_("Kind of election"), choices=Campaign.ElectionKind.choices
    )
    election_date = forms.DateField(label=_("Election day"), widget=DATE)
    second_round_date = forms.DateField(label=_("Second round"), required=False, widget=DATE)
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DATE)
    templates = forms.ModelMultipleChoiceField(
        label=_("Visual templates"),
        queryset=VisualTemplate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The visuals participating organizations personalize with their brand."),
    )

    def __init__(self, *args, organization, campaign: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["templates"].queryset = VisualTemplate.objects.filter(organization=organization)
        values = {}
        if campaign is not None:
            del self.fields["slug"]
            values = {
                "name": campaign.name,
                "tagline": campaign.tagline,
                "message": campaign.message,
            }
            if not self.is_bound:
                for name in (
                    "languages",
                    "election_country",
                    "election_kind",
                    "election_date",
                    "second_round_date",
                    "opens_on",
                    "closes_on",
                ):
                    self.initial[name] = getattr(campaign, name)
                self.initial["templates"] = list(campaign.templates.values_list("pk", flat=True))
        elif not self.is_bound:
            self.initial.setdefault("languages", list(LANGUAGES))
        self.add_translated(values)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug == "new":
            raise ValidationError(_("This address is reserved: choose another one."))
        if Campaign.objects.filter(slug=slug).exists():
            raise ValidationError(_("This address is already taken by another campaign."))
        return slug

    def clean(self):
        data = super().clean()
        for code in data.get("languages") or []:
            if not (data.get(f"name_{code}") or "").strip():
                self.add_error(
                    f"name_{code}",
                    _("The name in %(language)s is required: it is one of the campaign's "
                      "languages.") % {"language": LANGUAGE_NAMES[code]},
                )  # fmt: skip
        election, second = data.get("election_date"), data.get("second_round_date")
        if election and second and second <= election:
            self.add_error("second_round_date", _("The second round comes after the election."))
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The campaign cannot close before it opens."))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": self.translated_values("name"),
            "tagline": self.translated_values("tagline"),
            "message": self.translated_values("message"),
            "languages": [code for code in LANGUAGES if code in data["languages"]],
            "election_country": data["election_country"],
            "election_kind": data["election_kind"],
            "election_date": data["election_date"],
            "second_round_date": data["second_round_date"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
        }


class CharterForm(TranslatedFieldsMixin, forms.Form):
    translated = (("text", _("Charter text"), forms.Textarea(attrs={"rows": 8}), 10000),)

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated({"text": current.text if current else {}})

    def clean(self):
        data = super().clean()
        if not self.translated_values("text"):
            raise ValidationError(_("Write the charter in at least one language."))
        return data


class PartnerForm(TranslatedFieldsMixin, forms.Form):
    translated = (("credit", _("Credit"), forms.TextInput, 200),)
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Partner.Role.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 2 MB. We keep a cleaned copy."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args, partner: Partner | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner is not None and not self.is_bound:
            self.initial.update(name=partner.name, role=partner.role, website=partner.website)
        if partner is None or not partner.logo:
            del self.fields["remove_logo"]
        self.add_translated({"credit": partner.credit if partner else {}})

    def clean_logo_upload(self):
        uploaded = self.cleaned_data.get("logo_upload")
        return open_raster_image(uploaded) if uploaded else None

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "role": data["role"],
            "website": data["website"],
            "credit": self.translated_values("credit"),
            "logo": data.get("logo_upload"),
        }


NEW = "new"


class JoinForm(forms.Form):
    organization = forms.ChoiceField(label=_("Your organization"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name of the organization"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *list(Kind.choices)], required=False
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", "—"), *list(Country.choices)], required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "—"), *list(Sector.choices)], required=False
    )
    size = forms.ChoiceField(
        label=_("Size"), choices=[("", "—"), *list(Size.choices)], required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    charter_accepted = forms.BooleanField(
        label=_("I have read the charter and commit my organization to it."),
        required=False,
    )
    employees = forms.IntegerField(
        label=_("Employees or members"),
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(10_000_000)],
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    motivation = forms.CharField(
        label=_("Why do you join?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(org.pk): org for org in organizations}
        self.fields["organization"].choices = [(str(org.pk), org.name) for org in organizations] + [
            (NEW, _("A new organization"))
        ]
        if not self.is_bound and "organization" not in self.initial:
            self.initial["organization"] = str(organizations[0].pk) if organizations else NEW
        for network in NETWORKS:
            self.fields[f"followers_{network}"] = forms.IntegerField(
                label=NETWORK_NAMES[network],
                required=False,
                validators=[
                    MinValueValidator(0, _("A number of followers cannot be negative.")),
                    MaxValueValidator(
                        MAX_AUDIENCE, _("This number is not plausible (more than a billion).")
                    ),
                ],
                widget=forms.NumberInput(attrs={"min": 0}),
            )

    def follower_fields(self):
        return [self[f"followers_{network}"] for network in NETWORKS]

    def new_organization_fields(self):
        return [self[name] for name in ("name", "kind", "country", "sector", "size", "website")]

    def clean(self):
        data = super().clean()
        if data.get("organization") == NEW:
            for name in ("name", "kind", "country"):
                if not data.get(name):
                    self.add_error(name, _("Needed to create your organization."))
        if not data.get("charter_accepted"):
            self.add_error(
                "charter_accepted",
                _("Tick the box to sign the charter: a campaign only gathers organizations "
                  "that commit to it."),
            )  # fmt: skip
        return data

    def chosen_organization(self):
        return self.organizations.get(self.cleaned_data["organization"])

    def new_organization(self) -> dict | None:
        data = self.cleaned_data
        if data["organization"] != NEW:
            return None
        return {
            name: data[name] for name in ("name", "kind", "country", "sector", "size", "website")
        }

    def followers(self) -> dict:
        return {
            network: self.cleaned_data[f"followers_{network}"]
            for network in NETWORKS
            if self.cleaned_data.get(f"followers_{network}")
        }

    @staticmethod
    def initial_from(participation: Participation) -> dict:
        initial = {
            "organization": str(participation.organization_id),
            "employees": participation.employees,
            "motivation": participation.motivation,
        }
        for network, value in (participation.followers or {}).items():
            initial[f"followers_{network}"] = value
        return initial


class DecisionForm(forms.Form):
    DECISIONS = ("approve", "reject", "changes", "suspend", "reinstate")
    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS])
    note = forms.CharField(
        label=_("Message to the organization"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
