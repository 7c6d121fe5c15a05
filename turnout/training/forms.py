"""Forms of training: module, lesson and question editors (one box per language), the
required trainings, and the quiz."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import LANGUAGES
from turnout.campaigns.quests_badges import BADGE_CHOICES

from .models import Capability, Module, Skill

LANGUAGE_NAMES = {"fr": "Français", "en": "English", "de": "Deutsch"}
CHOICE_KEYS = ("a", "b", "c", "d", "e")


def _add_languages(form, name: str, label, *, textarea: bool = False, rows: int = 3) -> None:
    for lang in LANGUAGES:
        widget = forms.Textarea(attrs={"rows": rows}) if textarea else forms.TextInput()
        form.fields[f"{name}_{lang}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[lang]})",
            required=False,
            widget=widget,
            max_length=8000 if textarea else 300,
        )


def _initial_languages(form, name: str, values: dict) -> None:
    for lang in LANGUAGES:
        form.initial.setdefault(f"{name}_{lang}", (values or {}).get(lang, ""))


def languages(cleaned: dict, name: str) -> dict:
    return {lang: cleaned.get(f"{name}_{lang}", "") for lang in LANGUAGES}


class ModuleForm(forms.Form):
    skill = forms.ChoiceField(label=_("Skill it teaches"), choices=Skill.choices)
    pass_mark = forms.IntegerField(
        label=_("Pass mark (%)"),
        min_value=1,
        max_value=100,
        initial=80,
        help_text=_("The share of right answers needed to pass."),
    )
    points = forms.IntegerField(
        label=_("Points for the volunteer"), min_value=0, max_value=1000, initial=10
    )
    badge = forms.ChoiceField(label=_("Badge"), choices=BADGE_CHOICES, initial="star")

    def __init__(self, *args, module: Module | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _add_languages(self, "title", _("Title"))
        _add_languages(self, "summary", _("Summary"), textarea=True, rows=2)
        if module is not None:
            _initial_languages(self, "title", module.title)
            _initial_languages(self, "summary", module.summary)
            for name in ("skill", "pass_mark", "points", "badge"):
                self.initial[name] = getattr(module, name)
        self.order_fields([f"title_{lang}" for lang in LANGUAGES])

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"title_{lang}") or "").strip() for lang in LANGUAGES):
            self.add_error(f"title_{LANGUAGES[0]}", _("Give the module a title."))
        return cleaned

    def data_fields(self) -> dict:
        c = self.cleaned_data
        return {
            "title": languages(c, "title"),
            "summary": languages(c, "summary"),
            "skill": c["skill"],
            "pass_mark": c["pass_mark"],
            "points": c["points"],
            "badge": c["badge"],
        }


class LessonForm(forms.Form):
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("A YouTube, Vimeo or PeerTube address; it is shown as a link."),
    )
    image = forms.FileField(
        label=_("Picture"), required=False, help_text=_("PNG, JPEG or WebP, up to 5 MB.")
    )
    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)

    def __init__(self, *args, lesson=None, **kwargs):
        super().__init__(*args, **kwargs)
        _add_languages(self, "title", _("Title"))
        _add_languages(self, "body", _("Text"), textarea=True, rows=8)
        for lang in LANGUAGES:
            self.fields[f"body_{lang}"].help_text = _(
                "Plain text: leave a blank line between paragraphs, start a line with “- ” "
                "for a list, write **bold** for bold."
            )
        if lesson is not None:
            _initial_languages(self, "title", lesson.title)
            _initial_languages(self, "body", lesson.body)
            self.initial["video_url"] = lesson.video_url
        self.order_fields(
            [f"{n}_{lang}" for lang in LANGUAGES for n in ("title", "body")]
            + ["video_url", "image", "remove_image"]
        )


class QuestionForm(forms.Form):
    correct = forms.MultipleChoiceField(
        label=_("Right answers"),
        choices=[(k, k.upper()) for k in CHOICE_KEYS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        _add_languages(self, "text", _("Question"))
        for key in CHOICE_KEYS:
            _add_languages(self, f"choice_{key}", _("Answer %(key)s") % {"key": key.upper()})
        _add_languages(
            self, "explanation", _("Explanation shown after the answer"), textarea=True, rows=2
        )
        if question is not None:
            _initial_languages(self, "text", question.text)
            _initial_languages(self, "explanation", question.explanation)
            for choice in question.choices:
                _initial_languages(self, f"choice_{choice['key']}", choice["text"])
            self.initial["correct"] = question.correct

    def choice_rows(self):
        return [
            {
                "key": key.upper(),
                "value": key,
                "fields": [self[f"choice_{key}_{lang}"] for lang in LANGUAGES],
                "checked": key in (self["correct"].value() or []),
            }
            for key in CHOICE_KEYS
        ]

    def data_fields(self) -> dict:
        c = self.cleaned_data
        return {
            "text": languages(c, "text"),
            "choices": [{"key": k, "text": languages(c, f"choice_{k}")} for k in CHOICE_KEYS],
            "correct": c.get("correct") or [],
            "explanation": languages(c, "explanation"),
        }


class RequirementForm(forms.Form):
    capability = forms.ChoiceField(label=_("Before a volunteer may"), choices=Capability.choices)
    target = forms.ChoiceField(label=_("they must pass"))

    def __init__(self, *args, modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        skills = [
            (f"skill:{value}", _("any module that teaches: %(skill)s") % {"skill": label})
            for value, label in Skill.choices
            if value != Skill.OTHER
        ]
        self.fields["target"].choices = [
            (_("A module"), [(f"module:{m.pk}", m.title_text()) for m in modules]),
            (_("A skill"), skills),
        ]


class QuizForm(forms.Form):
    """One field per question: radio buttons, or boxes when several answers are right."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language()
        self.questions = list(questions)
        for question in self.questions:
            choices = question.choice_texts(language)
            label = question.text_for(language)
            messages = {"required": _("Answer this question.")}
            if question.is_multiple:
                self.fields[f"q{question.pk}"] = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages=messages,
                    help_text=_("Several answers are right: tick them all."),
                )
            else:
                self.fields[f"q{question.pk}"] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, error_messages=messages
                )

    def answers(self) -> dict:
        out = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            out[question.pk] = value if isinstance(value, list) else [value]
        return out
