"""The form of one question of a survey script: its key, kind and text in each language, the
answers to choose from (each may lead to another question), where it leads, and whether it
reveals political opinion. The whole script is checked by ``services.scripts`` on save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.scripts import END, LANGUAGES, MAX_TEXT, QuestionData

CHOICE_ROWS = 8
LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}
KIND_CHOICES = [
    ("single", _("One answer among choices")),
    ("multi", _("Several answers among choices")),
    ("text", _("Free text")),
]


class QuestionForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_("Short and unique, e.g. will_vote: it names the answers in exports."),
    )
    kind = forms.ChoiceField(label=_("Answer"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    sensitive = forms.BooleanField(
        label=_("The answer reveals a political opinion (sensitive data)"),
        required=False,
        help_text=_("Only owners and admins see these answers on people's records."),
    )
    next = forms.ChoiceField(label=_("Then go to"), required=False)

    def __init__(self, *args, script: list[dict], editing: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for lang in LANGUAGES:
            self.fields[f"text_{lang}"] = forms.CharField(
                label=_("Question (%(language)s)") % {"language": LANGUAGE_NAMES[lang]},
                max_length=MAX_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        targets = [("", _("The following question")), (END, _("End of the survey"))] + [
            (q["key"], q["key"]) for q in script if q["key"] != editing
        ]
        self.fields["next"].choices = targets
        for i in range(CHOICE_ROWS):
            self.fields[f"choice_{i}_key"] = forms.SlugField(
                label=_("Answer key"), max_length=40, required=False
            )
            for lang in LANGUAGES:
                self.fields[f"choice_{i}_{lang}"] = forms.CharField(
                    label=LANGUAGE_NAMES[lang], max_length=MAX_TEXT, required=False
                )
            self.fields[f"choice_{i}_next"] = forms.ChoiceField(
                label=_("Then"), choices=targets, required=False
            )

    @classmethod
    def initial_for(cls, question: dict) -> dict:
        initial = {
            "key": question["key"],
            "kind": question["kind"],
            "sensitive": question["sensitive"],
            "next": question["next"],
        }
        for lang in LANGUAGES:
            initial[f"text_{lang}"] = question["text"].get(lang, "")
        for i, choice in enumerate(question["choices"][:CHOICE_ROWS]):
            initial[f"choice_{i}_key"] = choice["key"]
            initial[f"choice_{i}_next"] = choice["next"]
            for lang in LANGUAGES:
                initial[f"choice_{i}_{lang}"] = choice["text"].get(lang, "")
        return initial

    def text_fields(self):
        return [self[f"text_{lang}"] for lang in LANGUAGES]

    def choice_rows(self):
        return [
            {
                "key": self[f"choice_{i}_key"],
                "texts": [self[f"choice_{i}_{lang}"] for lang in LANGUAGES],
                "next": self[f"choice_{i}_next"],
            }
            for i in range(CHOICE_ROWS)
        ]

    def question_data(self) -> QuestionData:
        data = self.cleaned_data
        choices = [
            {
                "key": data.get(f"choice_{i}_key", ""),
                "text": {lang: data.get(f"choice_{i}_{lang}", "") for lang in LANGUAGES},
                "next": data.get(f"choice_{i}_next", ""),
            }
            for i in range(CHOICE_ROWS)
        ]
        return QuestionData(
            key=data["key"],
            kind=data["kind"],
            text={lang: data.get(f"text_{lang}", "") for lang in LANGUAGES},
            sensitive=bool(data.get("sensitive")),
            next=data.get("next") or "",
            choices=choices,
        )


class AttachForm(forms.Form):
    """Attach a rejected visit to one of the turfs holding its address."""

    turf = forms.ChoiceField(label=_("Turf"))

    def __init__(self, *args, turfs, **kwargs):
        super().__init__(*args, **kwargs)
        self.turfs = {str(t.pk): t for t in turfs}
        self.fields["turf"].choices = [
            (pk, f"{turf.effort.name} — {turf}") for pk, turf in self.turfs.items()
        ]

    def clean_turf(self):
        return self.turfs[self.cleaned_data["turf"]]
