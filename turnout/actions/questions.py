"""Extra questions on an action's form: their definitions, the fields they make on the public
form, the answers they accept and how answers read back.

Definitions live on ``Action.questions`` as a list of dicts, in the order shown::

    {"key": "availability", "kind": "single", "required": True,
     "label": {"fr": "...", "en": "..."},
     "choices": [{"key": "weekends", "label": {...}, "cf_value": "Weekends"}],
     "custom_field": "availability", "custom_field_kind": "choice", "sensitive": False}

Keys never change: answers are stored under them in ``Submission.answers`` (choice questions
store choice keys). A removed question or choice stays in the list with ``"removed": True``
so that old answers still read back with their label. Everything here is pure: no query.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import LANGUAGES, pick_text


class Kind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes/no")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")


CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE}
# Which CRM custom-field types (people.CustomField.Kind) an answer of each kind may fill.
MAPPABLE = {
    Kind.SHORT_TEXT: {"text"},
    Kind.LONG_TEXT: {"text"},
    Kind.SINGLE: {"choice", "text"},
    Kind.MULTIPLE: {"text"},
    Kind.YES_NO: {"boolean"},
    Kind.NUMBER: {"number", "text"},
    Kind.DATE: {"date", "text"},
}
FIELD_PREFIX = "q_"
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 3000


def active(questions: list | None) -> list[dict]:
    """The questions shown on the form, in order."""
    return [q for q in questions or [] if isinstance(q, dict) and not q.get("removed")]


def by_key(questions: list | None) -> dict[str, dict]:
    return {q["key"]: q for q in questions or [] if isinstance(q, dict) and q.get("key")}


def label(question: dict, language: str | None = None) -> str:
    return pick_text(question.get("label"), language) or question.get("key", "")


def active_choices(question: dict) -> list[dict]:
    return [c for c in question.get("choices") or [] if not c.get("removed")]


def new_key(text: str, taken: set[str], fallback: str = "q") -> str:
    """A readable key made from a label, unique among ``taken`` (which keeps removed ones)."""
    base = slugify(text)[:40].strip("-") or fallback
    key, n = base, 2
    while key in taken:
        key = f"{base[:36]}-{n}"
        n += 1
    return key


# --- Public form ----------------------------------------------------------------------------


def field_name(question: dict) -> str:
    return FIELD_PREFIX + question["key"]


def form_field(question: dict, language: str) -> forms.Field:
    """The form field of one question, labelled in ``language``."""
    kind = question.get("kind")
    options = {"label": label(question, language), "required": bool(question.get("required"))}
    if kind == Kind.LONG_TEXT:
        return forms.CharField(
            max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}), **options
        )
    if kind in CHOICE_KINDS:
        choices = [
            (c["key"], pick_text(c.get("label"), language)) for c in active_choices(question)
        ]
        if kind == Kind.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **options
        )
    if kind == Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **options
        )
    if kind == Kind.NUMBER:
        return forms.DecimalField(max_digits=15, decimal_places=4, **options)
    if kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    return forms.CharField(max_length=SHORT_TEXT_MAX, **options)


def answer_value(question: dict, value):
    """The JSON value stored for a cleaned form value; None when nothing was answered."""
    kind = question.get("kind")
    if value in (None, "", []):
        return None
    if kind == Kind.YES_NO:
        return value == "yes"
    if kind == Kind.NUMBER:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == Kind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == Kind.MULTIPLE:
        return [str(v) for v in value]
    return str(value).strip() or None


# --- Reading answers back -------------------------------------------------------------------


def _choice_label(question: dict, key, language) -> str:
    for choice in question.get("choices") or []:
        if choice.get("key") == key:
            return pick_text(choice.get("label"), language) or str(key)
    return str(key)


def answer_text(question: dict | None, value, language: str | None = None) -> str:
    """An answer as a person reads it, in ``language``; works for removed questions and
    choices too (and for an answer with no question: its raw value)."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if question is not None and question.get("kind") in CHOICE_KINDS:
        keys = value if isinstance(value, list) else [value]
        return ", ".join(_choice_label(question, key, language) for key in keys)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def answers_display(
    questions: list | None, answers: dict | None, language: str | None = None, *, sensitive=True
) -> list[tuple[str, str]]:
    """(label, answer) pairs in the questions' order, then answers to unknown keys; answers to
    questions that fill a sensitive CRM field only when ``sensitive`` is allowed."""
    answers = answers or {}
    shown, seen = [], set()
    for question in questions or []:
        key = question.get("key")
        seen.add(key)
        if key not in answers or (question.get("sensitive") and not sensitive):
            continue
        text = answer_text(question, answers[key], language)
        if text:
            shown.append((label(question, language), text))
    for key, value in answers.items():
        if key not in seen:
            text = answer_text(None, value, language)
            if text:
                shown.append((key, text))
    return shown


def custom_field_values(questions: list | None, answers: dict | None) -> dict:
    """What the answers write on the person's CRM custom fields (mapped questions only)."""
    if not answers:
        return {}
    values = {}
    for question in active(questions):
        target = question.get("custom_field")
        value = answers.get(question.get("key"))
        if not target or value is None or value == "" or value == []:
            continue
        kind, target_kind = question.get("kind"), question.get("custom_field_kind")
        if kind in CHOICE_KINDS:
            chosen = {c["key"]: c for c in question.get("choices") or []}
            keys = value if isinstance(value, list) else [value]
            texts = [
                chosen[k].get("cf_value") or pick_text(chosen[k].get("label"))
                for k in keys
                if k in chosen
            ]
            if not texts:
                continue
            values[target] = texts[0] if target_kind == "choice" else ", ".join(texts)
        elif target_kind == "text":
            values[target] = answer_text(question, value, "fr")[:500]
        else:
            values[target] = value
    return values


# --- Editing definitions ------------------------------------------------------------------


def choice_lines(question: dict | None, language: str) -> str:
    """The choices of a question in one language, one per line (for the editor)."""
    if not question:
        return ""
    return "\n".join(
        (c.get("label") or {}).get(language, "") for c in active_choices(question)
    ).rstrip("\n")


def merge_choices(previous: list[dict], rows: list[dict[str, str]]) -> list[dict]:
    """New choices from the editor's rows (one {language: text} per choice, in order), keeping
    the key of an existing choice that has the same text in some language. Choices no longer
    listed are kept, marked removed, so that old answers still read back."""
    remaining = [dict(c) for c in previous]
    taken = {c["key"] for c in previous}
    merged = []
    for row in rows:
        match = None
        for choice in remaining:
            labels = choice.get("label") or {}
            if any(
                row.get(code) and labels.get(code, "").casefold() == row[code].casefold()
                for code in LANGUAGES
            ):
                match = choice
                break
        if match is not None:
            remaining.remove(match)
            key = match["key"]
        else:
            key = new_key(next((row[c] for c in LANGUAGES if row.get(c)), ""), taken, "choice")
            taken.add(key)
        merged.append({"key": key, "label": {c: row[c] for c in LANGUAGES if row.get(c)}})
    merged += [{**c, "removed": True} for c in remaining]
    return merged
