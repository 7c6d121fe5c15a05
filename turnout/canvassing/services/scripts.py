"""Survey scripts of canvassing efforts: the questions a canvasser asks at a door that opens.

A script is a list of questions kept in ``Effort.script`` (close to OSDI questions: a single
choice, several choices or a free text, with responses that have a key and a title)::

    {"key": "will_vote", "text": {"fr": ..., "en": ..., "de": ...},
     "kind": "single" | "multi" | "text", "sensitive": bool, "next": "",
     "choices": [{"key": "yes", "text": {...}, "next": ""}]}

Where the conversation goes after a question: the ``next`` of the choice picked (single
choice only), else the question's ``next``, else the following question of the list. A
``next`` is a question key, "" (go on) or ``END`` (the survey ends there). Questions marked
``sensitive`` reveal political opinion: their answers are restricted like the CRM's
sensitive fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record

from ..models import Effort

LANGUAGES = ("fr", "en", "de")
KINDS = ("single", "multi", "text")
# OSDI question types, for the public API.
OSDI_TYPES = {"single": "SingleChoice", "multi": "MultiChoice", "text": "Paragraph"}
END = "end"
KEY_RE = re.compile(r"^[a-z0-9_]{1,40}$")
MAX_QUESTIONS = 50
MAX_CHOICES = 12
MAX_TEXT = 500


class ScriptRefused(Exception):
    """A script that cannot be saved, with every reason (one message each)."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _texts(value) -> dict:
    value = value if isinstance(value, dict) else {}
    return {lang: str(value.get(lang) or "").strip()[:MAX_TEXT] for lang in LANGUAGES}


def text_in(texts: dict, language: str | None = None) -> str:
    """The text in ``language`` (the active one by default), else in any language."""
    language = (language or translation.get_language() or "en")[:2]
    texts = texts or {}
    return texts.get(language) or next((texts[lang] for lang in LANGUAGES if texts.get(lang)), "")


def _clean_question(raw, number: int, errors: list[str]) -> dict:
    raw = raw if isinstance(raw, dict) else {}
    key = str(raw.get("key") or "").strip()
    label = key or str(number)
    if not KEY_RE.match(key) or key == END:
        errors.append(
            _(
                "Question %(number)s: its key “%(key)s” must be short, in lower-case letters, "
                "digits and underscores (and not “end”)."
            )
            % {"number": number, "key": key}
        )
    kind = raw.get("kind")
    if kind not in KINDS:
        errors.append(_("Question %(key)s: choose its kind of answer.") % {"key": label})
        kind = "text"
    texts = _texts(raw.get("text"))
    if not any(texts.values()):
        errors.append(
            _("Question %(key)s: write its text in at least one language.") % {"key": label}
        )
    choices = []
    seen = set()
    for raw_choice in raw.get("choices") or []:
        raw_choice = raw_choice if isinstance(raw_choice, dict) else {}
        choice_key = str(raw_choice.get("key") or "").strip()
        choice_texts = _texts(raw_choice.get("text"))
        if not choice_key and not any(choice_texts.values()):
            continue  # an empty row of the form
        if not choice_key:  # a key made from the answer's text
            text = next(t for t in choice_texts.values() if t)
            choice_key = slugify(text).replace("-", "_")[:40]
        if not KEY_RE.match(choice_key):
            errors.append(
                _(
                    "Question %(key)s: the answer key “%(choice)s” must be short, in lower-case "
                    "letters, digits and underscores."
                )
                % {"key": label, "choice": choice_key}
            )
        elif choice_key in seen:
            errors.append(
                _("Question %(key)s: two answers have the key “%(choice)s”.")
                % {"key": label, "choice": choice_key}
            )
        seen.add(choice_key)
        if not any(choice_texts.values()):
            choice_texts = {lang: choice_key for lang in LANGUAGES}
        choices.append(
            {
                "key": choice_key,
                "text": choice_texts,
                "next": str(raw_choice.get("next") or "").strip() if kind == "single" else "",
            }
        )
    if kind == "text":
        choices = []
    elif len(choices) < 2:
        errors.append(
            _("Question %(key)s: give at least two answers to choose from.") % {"key": label}
        )
    elif len(choices) > MAX_CHOICES:
        errors.append(
            _("Question %(key)s: at most %(count)s answers.") % {"key": label, "count": MAX_CHOICES}
        )
    return {
        "key": key,
        "text": texts,
        "kind": kind,
        "sensitive": bool(raw.get("sensitive")),
        "next": str(raw.get("next") or "").strip(),
        "choices": choices,
    }


def _successors(script: list[dict], index: int) -> set[str]:
    question = script[index]
    following = script[index + 1]["key"] if index + 1 < len(script) else END
    default = question["next"] or following
    targets = {default}
    for choice in question["choices"]:
        targets.add(choice["next"] or default)
    return targets - {END}


def _loop(script: list[dict]) -> list[str] | None:
    """A cycle of question keys, if the flow has one (depth-first search)."""
    index = {q["key"]: i for i, q in enumerate(script)}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(key: str) -> list[str] | None:
        state[key] = 1
        path.append(key)
        for target in sorted(_successors(script, index[key])):
            if target not in index:
                continue
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[key] = 2
        return None

    for question in script:
        if question["key"] not in state and (found := visit(question["key"])):
            return found
    return None


def script_clean(script) -> list[dict]:
    """The script in its stored form, or ScriptRefused listing what is wrong: bad or
    duplicate keys, a ``next`` naming no question, a loop, a choice question without
    choices."""
    if not isinstance(script, list):
        raise ScriptRefused([_("The script must be a list of questions.")])
    if len(script) > MAX_QUESTIONS:
        raise ScriptRefused(
            [_("A script has at most %(count)s questions.") % {"count": MAX_QUESTIONS}]
        )
    errors: list[str] = []
    cleaned = [_clean_question(raw, i, errors) for i, raw in enumerate(script, start=1)]
    keys = [q["key"] for q in cleaned]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        errors.append(_("Two questions have the key “%(key)s”: keys must differ.") % {"key": key})
    known = set(keys) | {"", END}
    for question in cleaned:
        targets = [question["next"]] + [c["next"] for c in question["choices"]]
        for target in targets:
            if target not in known:
                errors.append(
                    _(
                        "Question %(key)s leads to “%(next)s”, which is not a question "
                        "of the script."
                    )
                    % {"key": question["key"], "next": target}
                )
            elif target == question["key"]:
                errors.append(_("Question %(key)s leads to itself.") % {"key": question["key"]})
    if not errors:
        loop = _loop(cleaned)
        if loop:
            errors.append(
                _("These questions lead back to each other in a loop: %(loop)s.")
                % {"loop": " → ".join(loop)}
            )
    if errors:
        raise ScriptRefused(list(dict.fromkeys(errors)))
    return cleaned


def script_flow(script: list[dict], language: str | None = None) -> list[dict]:
    """The script as a readable flow for its preview: each question with its answers and
    where each one leads ("Question 3", "End of the survey")."""
    numbers = {q["key"]: i for i, q in enumerate(script, start=1)}

    def target(key: str, index: int) -> dict:
        if key == END or (not key and index + 1 >= len(script)):
            return {"end": True, "key": END, "number": None, "text": ""}
        if not key:
            key = script[index + 1]["key"]
        return {"end": False, "key": key, "number": numbers.get(key), "text": ""}

    rows = []
    for index, question in enumerate(script):
        default = target(question["next"], index)
        rows.append(
            {
                "number": index + 1,
                "key": question["key"],
                "text": text_in(question["text"], language),
                "kind": question["kind"],
                "sensitive": question["sensitive"],
                "next": default,
                "choices": [
                    {
                        "key": c["key"],
                        "text": text_in(c["text"], language),
                        "next": target(c["next"], index) if c["next"] else default,
                        "branches": bool(c["next"]),
                    }
                    for c in question["choices"]
                ],
            }
        )
    return rows


def sensitive_keys(script: list[dict]) -> set[str]:
    return {q["key"] for q in script or [] if q.get("sensitive")}


def _in_languages(make) -> dict:
    texts = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            texts[lang] = str(make())
    return texts


def default_script(*, election_date=None) -> list[dict]:
    """The script organizers can start from: will you vote (on the day), do you know your
    polling station, would you like a reminder, and the issue that matters (sensitive)."""

    def will_vote():
        if election_date:
            return _("Will you vote on %(date)s?") % {
                "date": formats.date_format(election_date, "DATE_FORMAT")
            }
        return _("Will you vote at the next election?")

    def choice(key, make, next_key=""):
        return {"key": key, "text": _in_languages(make), "next": next_key}

    yes, no = (lambda: _("Yes")), (lambda: _("No"))

    def yes_no(key, make):
        return {
            "key": key,
            "text": _in_languages(make),
            "kind": "single",
            "sensitive": False,
            "next": "",
            "choices": [choice("yes", yes), choice("no", no)],
        }

    return [
        {
            "key": "will_vote",
            "text": _in_languages(will_vote),
            "kind": "single",
            "sensitive": False,
            "next": "",
            "choices": [
                choice("yes", yes),
                choice("no", no, "issue"),
                choice("unsure", lambda: _("Not sure yet")),
            ],
        },
        yes_no("polling_station", lambda: _("Do you know where your polling station is?")),
        yes_no("reminder", lambda: _("Would you like a reminder the day before?")),
        {
            "key": "issue",
            "text": _in_languages(lambda: _("Which issue matters most to you?")),
            "kind": "text",
            "sensitive": True,
            "next": END,
            "choices": [],
        },
    ]


def consent_texts(*, organization) -> dict:
    """The consent sentence read to the person before any personal data, in each language."""
    return _in_languages(
        lambda: (
            _(
                "I agree that %(organization)s keeps my name and contact details to contact me "
                "about its campaigns. I can withdraw this consent at any time."
            )
            % {"organization": organization.name}
        )
    )


# --- Writes -----------------------------------------------------------------------------------


@dataclass
class QuestionData:
    key: str
    kind: str
    text: dict
    sensitive: bool = False
    next: str = ""
    choices: list | None = None


@transaction.atomic
def script_save(*, effort: Effort, actor, script: list) -> list[dict]:
    """Replace the effort's script after checking it whole (ScriptRefused otherwise)."""
    effort = Effort.objects.select_for_update().get(pk=effort.pk)
    cleaned = script_clean(script)
    effort.script = cleaned
    effort.save(update_fields=["script", "updated_at"])
    audit_record(
        organization=effort.organization,
        actor=actor,
        action="canvassing.script_saved",
        target=effort,
        data={"questions": [q["key"] for q in cleaned]},
    )
    return cleaned


def script_question_save(*, effort: Effort, actor, original_key: str | None, data: QuestionData):
    """Add a question at the end (``original_key`` None) or replace the question
    ``original_key`` in place; a renamed key is followed by the questions leading to it."""
    question = {
        "key": data.key,
        "kind": data.kind,
        "text": data.text,
        "sensitive": data.sensitive,
        "next": data.next,
        "choices": data.choices or [],
    }
    script = [dict(q) for q in effort.script or []]
    if original_key is None:
        script.append(question)
    else:
        index = next((i for i, q in enumerate(script) if q["key"] == original_key), None)
        if index is None:
            raise ScriptRefused([_("This question is no longer in the script.")])
        script[index] = question
        if data.key != original_key:
            _rename(script, original_key, data.key)
    return script_save(effort=effort, actor=actor, script=script)


def _rename(script: list[dict], old: str, new: str) -> None:
    for question in script:
        if question["next"] == old:
            question["next"] = new
        question["choices"] = [
            {**c, "next": new if c["next"] == old else c["next"]} for c in question["choices"]
        ]


def script_question_delete(*, effort: Effort, actor, key: str) -> list[dict]:
    script = [q for q in effort.script or [] if q["key"] != key]
    leading = [
        q["key"] for q in script if q["next"] == key or any(c["next"] == key for c in q["choices"])
    ]
    if leading:
        raise ScriptRefused(
            [
                _("Questions %(keys)s lead to this one: change where they lead first.")
                % {"keys": ", ".join(leading)}
            ]
        )
    return script_save(effort=effort, actor=actor, script=script)


def script_question_move(*, effort: Effort, actor, key: str, step: int) -> list[dict]:
    """Move a question one place up (-1) or down (+1)."""
    script = list(effort.script or [])
    index = next((i for i, q in enumerate(script) if q["key"] == key), None)
    if index is None:
        raise ScriptRefused([_("This question is no longer in the script.")])
    other = index + step
    if 0 <= other < len(script):
        script[index], script[other] = script[other], script[index]
    return script_save(effort=effort, actor=actor, script=script)


def script_start_default(*, effort: Effort, actor) -> list[dict]:
    """Replace the script by the shipped one (the election day is the effort's last day)."""
    return script_save(
        effort=effort, actor=actor, script=default_script(election_date=effort.ends_on)
    )
