"""Forms of the quests area. Forms parse input; the services validate the rules."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import LANGUAGES
from turnout.organizations.choices import Country, Sector, Size

from .models import Quest
from .quests_badges import BADGE_CHOICES, badge_svg
from .services.quests import EVIDENCE_MAX_BYTES, OFFERED_RULES, REPORT_MAX

LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}


class QuestForm(forms.Form):
    tier = forms.IntegerField(
        label=_("Tier"),
        min_value=1,
        max_value=5,
        initial=1,
        help_text=_("1 is the first step; 5 the most demanding."),
    )
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=10_000, initial=10)
    badge = forms.ChoiceField(
        label=_("Badge"), choices=BADGE_CHOICES, initial="star", widget=forms.RadioSelect
    )
    verification = forms.ChoiceField(
        label=_("How it is verified"), choices=Quest.Verification.choices, widget=forms.RadioSelect
    )
    rule = forms.ChoiceField(
        label=_("What the platform watches"),
        required=False,
        choices=[("", "—")] + [(r.value, r.label) for r in OFFERED_RULES],
        help_text=_(
            "For automatic quests. “Event held” is not offered yet: events do not exist "
            "in Turnout yet; use evidence (a photo) for events meanwhile."
        ),
    )
    threshold = forms.IntegerField(
        label=_("Target"),
        min_value=1,
        max_value=10_000_000,
        initial=1,
        required=False,
        help_text=_(
            "For automatic quests: how many downloads, posts, clicks or pledges complete it."
        ),
    )
    evidence = forms.ChoiceField(
        label=_("Evidence asked"), required=False, choices=[("", "—"), *Quest.Evidence.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge"].choices = [
            (key, format_html("{} {}", badge_svg(key, size=22), label))
            for key, label in BADGE_CHOICES
        ]
        for code in LANGUAGES:
            name = LANGUAGE_NAMES[code]
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=150,
                required=False,
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def text_fields(self):
        return [(self[f"title_{c}"], self[f"description_{c}"]) for c in LANGUAGES]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": {c: data.get(f"title_{c}", "") for c in LANGUAGES},
            "description": {c: data.get(f"description_{c}", "") for c in LANGUAGES},
            **{
                k: data.get(k)
                for k in (
                    "tier",
                    "points",
                    "badge",
                    "verification",
                    "rule",
                    "threshold",
                    "evidence",
                )
            },
        }

    @classmethod
    def initial_for(cls, quest: Quest) -> dict:
        initial = {
            k: getattr(quest, k)
            for k in ("tier", "points", "badge", "verification", "rule", "threshold", "evidence")
        }
        for code in LANGUAGES:
            initial[f"title_{code}"] = quest.title.get(code, "")
            initial[f"description_{code}"] = quest.description.get(code, "")
        return initial


class EvidenceForm(forms.Form):
    url = forms.URLField(
        label=_("Link to the post"), required=False, max_length=500, assume_scheme="https"
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, up to %(mb)s MB.") % {"mb": EVIDENCE_MAX_BYTES >> 20},
    )
    text = forms.CharField(
        label=_("Short report"),
        required=False,
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(
        label=_("Note to the organization"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LeaderboardFilterForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries")), *Country.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("All sizes")), *Size.choices]
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
