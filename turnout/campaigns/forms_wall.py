"""Forms of the wall area: the pledge on the campaign page, a contribution, a declared
reach figure, the wall's filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from turnout.actions.models import LANGUAGES
from turnout.organizations.choices import Country, Sector
from turnout.people.services import PersonData
from turnout.visuals.models import Render

from .models import MAX_DECLARED, Contribution, DeclaredReach
from .services.wall import declared_check, post_url_check, wall_image_check

PNG_FORMATS = ("square", "portrait", "story", "linkedin", "x", "banner")
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "de": "Deutsch"}


def reminder_texts(campaign, language: str) -> dict[str, str]:
    """The exact consent text shown next to each reminder box."""
    day = formats.date_format(campaign.election_date, "DATE_FORMAT")
    initiator = campaign.organization.name
    return {
        "email": str(
            _(
                "Remind me by email to vote on %(date)s. %(org)s uses my address only for "
                "this campaign's election reminders; I can unsubscribe at any time."
            )
        )
        % {"date": day, "org": initiator},
        "sms": str(
            _(
                "Remind me by SMS to vote on %(date)s. %(org)s uses my number only for this "
                "campaign's election reminders; I can reply STOP at any time."
            )
        )
        % {"date": day, "org": initiator},
    }


class PledgeForm(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=40, required=False)
    postal_code = forms.CharField(label=_("Postal code (optional)"), max_length=20, required=False)
    remind_email = forms.BooleanField(required=False)
    remind_sms = forms.BooleanField(required=False)
    language = forms.ChoiceField(label=_("Language of the reminders"))
    r = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    # Hidden from people by CSS and aria-hidden; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, campaign, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.texts = reminder_texts(campaign, language)
        self.fields["remind_email"].label = self.texts["email"]
        self.fields["remind_sms"].label = self.texts["sms"]
        choices = [(code, LANGUAGE_NAMES[code]) for code in campaign.languages if code in LANGUAGES]
        self.fields["language"].choices = choices or [(c, LANGUAGE_NAMES[c]) for c in LANGUAGES]
        self.fields["language"].initial = (
            language
            if language in dict(self.fields["language"].choices)
            else choices[0][0]
            if choices
            else "fr"
        )
        self.fields["email"].help_text = _("An email address or a mobile phone number.")

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise ValidationError(_("Give an email address or a mobile phone number."))
        if data.get("remind_email") and not data.get("email"):
            self.add_error("email", _("Give your email address to be reminded by email."))
        if data.get("remind_sms") and not data.get("phone"):
            self.add_error("phone", _("Give your mobile phone number to be reminded by SMS."))
        return data

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            given_name=data["given_name"].strip(),
            email=data.get("email") or "",
            phone=(data.get("phone") or "").strip(),
            language=data.get("language") or "",
            address={"postal_code": data["postal_code"].strip()} if data.get("postal_code") else {},
        )

    def reminders(self) -> dict[str, str]:
        data = self.cleaned_data
        chosen = {}
        if data.get("remind_email"):
            chosen["email"] = self.texts["email"]
        if data.get("remind_sms"):
            chosen["sms"] = self.texts["sms"]
        return chosen


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you adding?"), choices=Contribution.Kind.choices, widget=forms.RadioSelect
    )
    network = forms.ChoiceField(
        label=_("Network"),
        choices=[("", "—"), *Contribution.Network.choices],
        required=False,
    )
    url = forms.CharField(
        label=_("Address of the post"),
        max_length=500,
        required=False,
        help_text=_("Open the post, copy its address and paste it here."),
    )
    render = forms.ModelChoiceField(
        label=_("Your personalized visual"), queryset=Render.objects.none(), required=False
    )
    image = forms.FileField(
        label=_("…or a picture (PNG, JPEG or WebP, up to 8 MB)"),
        required=False,
        help_text=_("A photo of your billboard or poster, or your own visual."),
    )
    placement = forms.ChoiceField(
        label=_("Placement"), choices=[("", "—"), *Contribution.Placement.choices], required=False
    )
    quantity = forms.IntegerField(
        label=_("How many"), required=False, min_value=1, max_value=1_000_000
    )
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    caption = forms.CharField(label=_("Caption (optional)"), max_length=300, required=False)
    reach_kind = forms.ChoiceField(
        label=_("Reach you declare (optional)"),
        choices=[("", "—"), *DeclaredReach.Kind.choices],
        required=False,
    )
    reach_figure = forms.IntegerField(
        label=pgettext_lazy("reach", "People reached"), required=False
    )
    reach_method = forms.CharField(
        label=_("How it was counted"),
        max_length=300,
        required=False,
        help_text=_("For instance: impressions from LinkedIn statistics, 3 days after posting."),
    )

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        campaign = participation.campaign
        self.fields["render"].queryset = (
            Render.objects.filter(
                organization_id=participation.organization_id,
                template__in=campaign.templates.all(),
                format__in=PNG_FORMATS,
            )
            .select_related("template")
            .order_by("-created_at")
        )
        self.fields["render"].label_from_instance = lambda r: (
            f"{r.template.name} · {r.language.upper()} · {r.format}"
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Contribution.Kind.POST:
            if not data.get("network"):
                self.add_error("network", _("Choose the network the post was published on."))
            else:
                try:
                    data["url"] = post_url_check(data["network"], data.get("url") or "")
                except ValidationError as exc:
                    self.add_error("url", exc)
        if data.get("image"):
            try:
                wall_image_check(data["image"])
            except ValidationError as exc:
                self.add_error("image", exc)
        no_picture = not data.get("render") and not data.get("image")
        if kind == Contribution.Kind.VISUAL and no_picture and "image" not in self.errors:
            self.add_error(
                "render", _("Pick one of your personalized visuals or upload a picture.")
            )
        if kind == Contribution.Kind.OFFLINE:
            if not data.get("placement"):
                self.add_error("placement", _("Choose the kind of placement."))
            if not data.get("quantity") and "quantity" not in self.errors:
                self.add_error("quantity", _("How many were shown? At least 1."))
        wants_reach = (
            data.get("reach_kind")
            or data.get("reach_figure") is not None
            or data.get("reach_method")
        )
        if wants_reach and "reach_figure" not in self.errors:
            try:
                declared_check(
                    data.get("reach_kind"), data.get("reach_figure"), data.get("reach_method")
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field, messages)
        return data

    def declared(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("reach_kind"):
            return None
        return {
            "kind": data["reach_kind"],
            "figure": data["reach_figure"],
            "method": data["reach_method"],
        }


class DeclaredReachForm(forms.Form):
    reach_kind = forms.ChoiceField(
        label=_("What the figure counts"), choices=DeclaredReach.Kind.choices
    )
    reach_figure = forms.IntegerField(
        label=pgettext_lazy("reach", "People reached"), max_value=MAX_DECLARED
    )
    reach_method = forms.CharField(label=_("How it was counted"), max_length=300)

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                declared_check(data["reach_kind"], data["reach_figure"], data["reach_method"])
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field, messages)
        return data


class WallFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Contribution.Kind.choices], required=False
    )
    network = forms.ChoiceField(
        label=_("Network"),
        choices=[("", _("All")), *Contribution.Network.choices],
        required=False,
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("All")), *Country.choices], required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("All")), *Sector.choices], required=False
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
