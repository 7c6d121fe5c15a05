"""Forms of the GOTV workspace and of the public opt-in and claim pages. Texts per language
are one field per language (``eve_body_fr``...), gathered into ``{language: {...}}``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import LANGUAGES
from turnout.assistant.models import Election
from turnout.campaigns.models import Campaign
from turnout.messaging.templating import TemplateError
from turnout.people.models import Segment

from .models import PerkOffer, Placement, ReminderChannel, ReminderKind, ReminderProgram
from .texts import PLACEHOLDERS, text_check

LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}
HONEYPOT = "website"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def placeholder_help() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS) + ", {first_name|}"


class ProgramForm(forms.ModelForm):
    class Meta:
        model = ReminderProgram
        fields = ["election", "email", "sms", "eve_time", "day_time", "time_zone", "second_round"]
        widgets = {"eve_time": TIME, "day_time": TIME}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        taken = ReminderProgram.objects.filter(organization=organization)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        self.fields["election"].queryset = Election.objects.filter(
            organization=organization
        ).exclude(pk__in=taken.values("election_id"))
        self.fields["election"].empty_label = None
        self.text_fields = []
        for kind, texts in (
            (ReminderKind.EVE, self.instance.eve_text),
            (ReminderKind.DAY, self.instance.day_text),
        ):
            for language in LANGUAGES:
                part = (texts or {}).get(language) or {}
                names = LANGUAGE_NAMES[language]
                subject = f"{kind}_subject_{language}"
                body = f"{kind}_body_{language}"
                self.fields[subject] = forms.CharField(
                    label=_("%(kind)s, email subject (%(language)s)")
                    % {"kind": ReminderKind(kind).label, "language": names},
                    required=False,
                    max_length=200,
                    initial=part.get("subject", ""),
                )
                self.fields[body] = forms.CharField(
                    label=_("%(kind)s, message (%(language)s)")
                    % {"kind": ReminderKind(kind).label, "language": names},
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=part.get("body", ""),
                    help_text=_("Placeholders: %(names)s") % {"names": placeholder_help()},
                )
                self.text_fields += [subject, body]

    def clean(self):
        cleaned = super().clean()
        for name in self.text_fields:
            try:
                text_check(cleaned.get(name) or "")
            except TemplateError as exc:
                self.add_error(name, str(exc))
        if not (cleaned.get("email") or cleaned.get("sms")):
            self.add_error("email", _("Choose at least one channel."))
        for kind in ReminderKind:
            if not any((cleaned.get(f"{kind}_body_{lang}") or "").strip() for lang in LANGUAGES):
                self.add_error(f"{kind}_body_fr", _("Write this message in at least one language."))
            if cleaned.get("email"):
                for lang in LANGUAGES:
                    body = (cleaned.get(f"{kind}_body_{lang}") or "").strip()
                    if body and not (cleaned.get(f"{kind}_subject_{lang}") or "").strip():
                        self.add_error(f"{kind}_subject_{lang}", _("An email needs a subject."))
        return cleaned

    def texts(self, kind: str) -> dict:
        out = {}
        for lang in LANGUAGES:
            body = (self.cleaned_data.get(f"{kind}_body_{lang}") or "").strip()
            if body:
                subject = (self.cleaned_data.get(f"{kind}_subject_{lang}") or "").strip()
                out[lang] = {"subject": subject, "body": body}
        return out

    def program(self) -> ReminderProgram:
        program = self.save(commit=False)
        program.organization = self.organization
        program.eve_text = self.texts(ReminderKind.EVE)
        program.day_text = self.texts(ReminderKind.DAY)
        return program


class SegmentSubscribeForm(forms.Form):
    segment = forms.ModelChoiceField(label=_("Segment"), queryset=Segment.objects.none())
    channel = forms.ChoiceField(label=_("Channel"), choices=ReminderChannel.choices)
    consent_text = forms.CharField(
        label=_("What these people agreed to"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The exact text of the form or conversation where they asked for reminders, "
            "with where and when (it is recorded as their consent)."
        ),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.filter(organization=organization)


class OfferForm(forms.ModelForm):
    class Meta:
        model = PerkOffer
        fields = [
            "partner_name",
            "partner_url",
            "slug",
            "country",
            "election",
            "starts_on",
            "ends_on",
            "status",
            "low_stock_at",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["election"].queryset = Election.objects.filter(organization=organization)
        if not self.instance.pk:
            self.fields["country"].initial = organization.country
        for language in LANGUAGES:
            names = LANGUAGE_NAMES[language]
            self.fields[f"title_{language}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": names},
                max_length=200,
                required=language == "fr",
                initial=(self.instance.title or {}).get(language, ""),
            )
            self.fields[f"description_{language}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": names},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=(self.instance.description or {}).get(language, ""),
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = PerkOffer.objects.filter(organization=self.organization, slug=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another offer already has this short name."))
        return slug

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end comes before the start."))
        return cleaned

    def offer(self) -> PerkOffer:
        offer = self.save(commit=False)
        offer.organization = self.organization
        offer.title = {
            lang: self.cleaned_data[f"title_{lang}"].strip()
            for lang in LANGUAGES
            if self.cleaned_data.get(f"title_{lang}", "").strip()
        }
        offer.description = {
            lang: self.cleaned_data[f"description_{lang}"].strip()
            for lang in LANGUAGES
            if self.cleaned_data.get(f"description_{lang}", "").strip()
        }
        return offer


class CodesForm(forms.Form):
    codes = forms.CharField(
        label=_("Paste the codes, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
    )
    file = forms.FileField(
        label=_("or choose a CSV file (codes in the first column)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("codes") or "").strip() and not cleaned.get("file"):
            self.add_error("codes", _("Paste the codes or choose a CSV file."))
        return cleaned


class RedemptionsForm(forms.Form):
    file = forms.FileField(
        label=_("The partner's file of redeemed codes (CSV)"),
        help_text=_("The code in the first column; the date of use in the second, if any."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = [
            "partner",
            "name",
            "kind",
            "declared_audience",
            "audience_method",
            "starts_on",
            "ends_on",
            "destination_url",
            "campaign",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        help_texts = {
            "declared_audience": _("As the partner states it: people who saw or heard it."),
            "destination_url": _("Empty: the campaign's page, when there is a campaign."),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["campaign"].queryset = (
            Campaign.objects.filter(
                pk__in=Campaign.objects.filter(organization=organization).values("pk")
            )
            | Campaign.objects.filter(
                participations__organization=organization, participations__status="approved"
            )
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end comes before the start."))
        if cleaned.get("declared_audience") and not (cleaned.get("audience_method") or "").strip():
            self.add_error(
                "audience_method",
                _("Say how the audience was counted (for instance: the partner's media kit)."),
            )
        if not cleaned.get("destination_url") and not cleaned.get("campaign"):
            self.add_error(
                "destination_url", _("Give the address the link leads to, or choose a campaign.")
            )
        return cleaned

    def placement(self) -> Placement:
        placement = self.save(commit=False)
        placement.organization = self.organization
        return placement


# --- Public pages -----------------------------------------------------------------------------


class ContactForm(forms.Form):
    """Email or mobile phone, and the consent box whose exact text is recorded."""

    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=40, required=False)
    consent = forms.BooleanField(label="", required=True)
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["consent"].label = consent_text
        self.fields["consent"].error_messages["required"] = _("Tick the box to go on.")

    def clean(self):
        cleaned = super().clean()
        no_contact = not cleaned.get("email") and not (cleaned.get("phone") or "").strip()
        if no_contact and "email" not in self.errors:
            self.add_error("email", _("Give your email address or your mobile phone number."))
        return cleaned

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))
