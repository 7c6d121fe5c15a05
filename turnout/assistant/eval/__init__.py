"""The assistant's evaluation: questions written the way people type them, each with its
country and the slug that should answer it, or ``none`` for a question the assistant must not
answer (out of scope). Two sets per language:

- ``fr.txt``, ``en.txt``, ``de.txt`` (``"repository"``): written alongside the entries;
- ``heldout_fr.txt``, ``heldout_en.txt``, ``heldout_de.txt`` (``"heldout"``): written without
  looking at the entries' variants and keywords, with the context, rambling and spelling of
  real messages. Never copy them into the entries: they measure how well the assistant
  copes with wordings nobody prepared for.

``run_evaluation`` asks every question through ``answering.answer`` for an organization that
has the shipped knowledge bases installed, and reports top-1 accuracy per language and the
share of "I don't know" on out-of-scope questions. Used by ``manage.py eval_assistant``
(``make eval-assistant``), by a test and by the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGUAGES = ("fr", "en", "de")
GOAL = 0.9
#: The question sets and their file names.
SETS = {"repository": "{language}.txt", "heldout": "heldout_{language}.txt"}


@dataclass(frozen=True)
class Question:
    language: str
    country: str
    slug: str | None
    text: str


@dataclass
class Result:
    accuracy: dict[str, float] = field(default_factory=dict)
    unknown_share: dict[str, float] = field(default_factory=dict)
    misses: list[tuple[Question, str | None, float]] = field(default_factory=list)

    @property
    def overall_unknown_share(self) -> float:
        return sum(self.unknown_share.values()) / max(len(self.unknown_share), 1)

    @property
    def passed(self) -> bool:
        return all(v >= GOAL for v in self.accuracy.values()) and all(
            v >= GOAL for v in self.unknown_share.values()
        )


def load_questions(languages=LANGUAGES, *, set_name: str = "repository") -> list[Question]:
    questions = []
    for language in languages:
        path = HERE / SETS[set_name].format(language=language)
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            head, _sep, text = line.partition(": ")
            country, slug = head.split()
            questions.append(
                Question(language, country, None if slug == "none" else slug, text.strip())
            )
    return questions


def run_evaluation(*, organization, today: date | None = None, questions=None) -> Result:
    from turnout.assistant.answering import answer

    questions = questions if questions is not None else load_questions()
    result = Result()
    counts: dict[str, list[int]] = {}
    unknown: dict[str, list[int]] = {}
    for question in questions:
        got = answer(
            organization=organization,
            question=question.text,
            language=question.language,
            country=question.country,
            today=today,
        )
        if question.slug is None:
            tally = unknown.setdefault(question.language, [0, 0])
            tally[0] += not got.known
        else:
            tally = counts.setdefault(question.language, [0, 0])
            tally[0] += got.slug == question.slug
        tally[1] += 1
        if got.slug != question.slug:
            result.misses.append((question, got.slug, got.confidence))
    result.accuracy = {lang: ok / total for lang, (ok, total) in counts.items()}
    result.unknown_share = {lang: ok / total for lang, (ok, total) in unknown.items()}
    return result
