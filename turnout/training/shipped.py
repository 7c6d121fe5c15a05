"""The modules shipped with Turnout, in French, English and German, and their loader.

``shipped_sync`` is idempotent by slug: it creates a missing module and refreshes the texts,
lessons and questions of an existing one (organizations edit copies, never these). It takes a
model registry so that the data migration can run it with the historical models.
"""

from __future__ import annotations

from django.utils import timezone

from .shipped_content import CANVASSING, DATA_PROTECTION, TEXTING

SHIPPED_MODULES = (CANVASSING, TEXTING, DATA_PROTECTION)


def shipped_sync(apps=None) -> int:
    """Create or refresh the shipped modules; returns how many were created."""
    if apps is None:
        from django.apps import apps
    Module = apps.get_model("training", "Module")
    Lesson = apps.get_model("training", "Lesson")
    QuizQuestion = apps.get_model("training", "QuizQuestion")
    created = 0
    for spec in SHIPPED_MODULES:
        module = Module.objects.filter(organization__isnull=True, slug=spec["slug"]).first()
        if module is None:
            module = Module(organization=None, slug=spec["slug"], published_at=timezone.now())
            created += 1
        module.title, module.summary = spec["title"], spec["summary"]
        module.skill, module.badge = spec["skill"], spec["badge"]
        module.points, module.pass_mark = spec["points"], spec["pass_mark"]
        module.status = "published"
        module.save()
        _sync_rows(Lesson, module, spec["lessons"], ("title", "body"))
        questions = [
            {
                "text": q["text"],
                "choices": [{"key": key, "text": text} for key, text in q["choices"]],
                "correct": q["correct"],
                "explanation": q["explanation"],
            }
            for q in spec["questions"]
        ]
        _sync_rows(QuizQuestion, module, questions, ("text", "choices", "correct", "explanation"))
    return created


def _sync_rows(model, module, specs: list[dict], fields: tuple[str, ...]) -> None:
    """Rows by position: update in place (ids stay, so progress stays), add, drop extras."""
    existing = {row.position: row for row in model.objects.filter(module=module)}
    for position, spec in enumerate(specs, start=1):
        row = existing.pop(position, None) or model(module=module, position=position)
        for name in fields:
            setattr(row, name, spec[name])
        row.save()
    model.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
