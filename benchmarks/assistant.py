"""The assistant's answers (``make bench NAME=assistant``).

Set-up: one organization with the shipped knowledge bases of France, Austria and Germany in
French, English and German (144 entries), and an election per country. The evaluation
questions (``turnout/assistant/eval/``: the repository's set, 40 in-scope and 20 out-of-scope
per language, and the held-out set, written without looking at the entries, 50+ in-scope and
25+ out-of-scope per language) are each asked through ``answering.answer`` once to warm up
(the indexes are built on the first question), then BENCH_REPEAT times (5 unless told).

Figures:
- ``median_ms`` and ``p95_ms`` of one ``answer()`` call (retrieval, the placeholders filled
  from the election, the queries: the index version and the next election);
- ``accuracy_fr``/``_en``/``_de``: top-1 accuracy on the repository's in-scope questions;
- ``unknown_share``: share of "I don't know" on its out-of-scope questions;
- ``heldout_accuracy_fr``/``_en``/``_de`` and ``heldout_unknown_share``: the same on the
  held-out set.
Baseline, same run: a plain dictionary lookup of the exact question text among the entries'
questions and variants (``baseline_ms`` per lookup, and its own accuracy and "I don't know"
share). Ratios: ``answer_vs_lookup`` (how many times slower than the lookup) and the accuracy
gained over it. Goal (issue 10): at least 90 % everywhere, median under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date

from benchmarks.common import stopwatch


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(ctx) -> dict:
    from turnout.assistant.answering import answer
    from turnout.assistant.eval import LANGUAGES, load_questions, run_evaluation
    from turnout.assistant.facts import normalize
    from turnout.assistant.models import SHIPPED_COUNTRIES, Entry
    from turnout.assistant.services.knowledge import knowledge_base_install
    from turnout.assistant.tests.factories import ElectionFactory
    from turnout.organizations.tests.factories import OrganizationFactory

    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    org = OrganizationFactory(name="Bench", slug="bench-assistant", country="FR")
    with stopwatch() as installed:
        for country in SHIPPED_COUNTRIES:
            knowledge_base_install(organization=org, country=country)
    for country, day in (("FR", date(2099, 4, 12)), ("AT", date(2099, 9, 27)),
                         ("DE", date(2099, 9, 20))):  # fmt: skip
        ElectionFactory(organization=org, country=country, date=day)
    questions = load_questions()
    heldout = load_questions(set_name="heldout")
    in_scope = [q for q in questions if q.slug]
    ctx.say(
        f"{Entry.objects.filter(organization=org).count()} entries installed in "
        f"{installed['seconds']:.2f} s; {len(questions)} + {len(heldout)} held-out questions "
        f"({len(in_scope)} in scope), {repeat} rounds after a warm-up"
    )

    def ask(question):
        return answer(
            organization=org,
            question=question.text,
            language=question.language,
            country=question.country,
        )

    for question in questions + heldout:  # warm-up: the indexes are built here
        ask(question)
    samples = []
    for _ in range(repeat):
        for question in questions + heldout:
            start = time.perf_counter()
            ask(question)
            samples.append((time.perf_counter() - start) * 1000)
    result = run_evaluation(organization=org, questions=questions)
    held = run_evaluation(organization=org, questions=heldout)

    # Baseline: the exact text of a question or a variant, looked up in a dictionary.
    lookup = {}
    for entry in Entry.objects.filter(organization=org):
        for text in (entry.question, *entry.variants):
            lookup[(entry.country, entry.language, text)] = entry.slug
    base_samples, base_hits, base_unknown = [], {}, {}
    for _ in range(repeat):
        for question in questions:
            start = time.perf_counter()
            found = lookup.get((question.country, question.language, question.text))
            base_samples.append((time.perf_counter() - start) * 1000)
    for question in questions:
        found = lookup.get((question.country, question.language, question.text))
        tally = (base_hits if question.slug else base_unknown).setdefault(question.language, [0, 0])
        tally[0] += (found == question.slug) if question.slug else (found is None)
        tally[1] += 1
    # The same lookup forgiving case and accents, for the curious.
    loose = {(c, lang, normalize(t)): s for (c, lang, t), s in lookup.items()}
    loose_hits = sum(
        loose.get((q.country, q.language, normalize(q.text))) == q.slug for q in in_scope
    )

    median = statistics.median(samples)
    base_median = statistics.median(base_samples)
    figures = {
        "median_ms": median,
        "p95_ms": _percentile(samples, 0.95),
        "max_ms": max(samples),
        **{f"accuracy_{lang}": result.accuracy[lang] for lang in LANGUAGES},
        "unknown_share": result.overall_unknown_share,
        **{f"unknown_share_{lang}": result.unknown_share[lang] for lang in LANGUAGES},
        **{f"heldout_accuracy_{lang}": held.accuracy[lang] for lang in LANGUAGES},
        "heldout_unknown_share": held.overall_unknown_share,
    }
    baseline = {
        "baseline_ms": base_median,
        **{f"accuracy_{lang}": base_hits[lang][0] / base_hits[lang][1] for lang in LANGUAGES},
        "unknown_share": sum(v[0] for v in base_unknown.values())
        / sum(v[1] for v in base_unknown.values()),
        "accuracy_normalized_lookup": loose_hits / len(in_scope),
    }
    accuracy = sum(result.accuracy.values()) / len(LANGUAGES)
    base_accuracy = sum(baseline[f"accuracy_{lang}"] for lang in LANGUAGES) / len(LANGUAGES)
    ctx.say(
        f"answer(): median {median:.2f} ms, p95 {figures['p95_ms']:.2f} ms; accuracy "
        + ", ".join(f"{lang} {result.accuracy[lang]:.1%}" for lang in LANGUAGES)
        + f'; "I don\'t know" on out-of-scope {result.overall_unknown_share:.1%}'
    )
    ctx.say(
        "held-out: accuracy "
        + ", ".join(f"{lang} {held.accuracy[lang]:.1%}" for lang in LANGUAGES)
        + f'; "I don\'t know" on out-of-scope {held.overall_unknown_share:.1%}'
    )
    ctx.say(
        f"exact lookup: {base_median * 1000:.2f} µs, accuracy {base_accuracy:.1%}; "
        f"normalized lookup accuracy {baseline['accuracy_normalized_lookup']:.1%}"
    )
    return {
        "figures": figures,
        "baseline": baseline,
        "ratios": {
            "answer_vs_lookup": median / base_median if base_median else 0.0,
            "accuracy_gain": accuracy - base_accuracy,
            "under_50ms": 1.0 if median < 50 else 0.0,
        },
    }
