"""Answers to a module's quiz, for tests."""


def right_answers(module) -> dict:
    return {q.pk: list(q.correct) for q in module.questions.all()}


def wrong_answers(module) -> dict:
    out = {}
    for q in module.questions.all():
        out[q.pk] = [next(c["key"] for c in q.choices if c["key"] not in q.correct)]
    return out
