"""Writing modules: create, copy a shipped (or own) module, edit lessons and questions,
reorder, publish; and the organization's required trainings."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.uploads import open_raster_image

from ..models import Lesson, Module, QuizQuestion, RoleRequirement

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_MAX_SIDE = 1600
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com")


class TrainingRefused(Exception):
    """A training change that cannot be made, with the message to show (and the form field)."""

    def __init__(self, message: str, *, field_name: str | None = None):
        super().__init__(message)
        self.message = message
        self.field_name = field_name


@dataclass
class LessonData:
    title: dict
    body: dict = field(default_factory=dict)
    video_url: str = ""
    image: object = None  # an uploaded file, or None to keep the current one
    remove_image: bool = False


@dataclass
class QuestionData:
    text: dict
    choices: list  # [{"key": "a", "text": {lang: text}}]
    correct: list
    explanation: dict = field(default_factory=dict)


def _own(module: Module, organization) -> None:
    if module.organization_id != organization.pk:
        raise TrainingRefused(_("Shipped modules are read-only: copy the module to change it."))


def _free_slug(organization, wanted: str) -> str:
    base = slugify(wanted)[:70] or "module"
    slug, n = base, 2
    while Module.objects.filter(organization=organization, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _texts(values: dict) -> dict:
    return {lang: text.strip() for lang, text in (values or {}).items() if (text or "").strip()}


@transaction.atomic
def module_create(*, organization, actor, title: dict, **fields) -> Module:
    title = _texts(title)
    if not title:
        raise TrainingRefused(_("Give the module a title."), field_name="title_fr")
    module = Module.objects.create(
        organization=organization,
        slug=_free_slug(organization, next(iter(title.values()))),
        title=title,
        **fields,
    )
    audit_record(
        organization=organization, actor=actor, action="training.module_created", target=module
    )
    return module


@transaction.atomic
def module_copy(*, module: Module, organization, actor) -> Module:
    """A draft copy, owned by the organization, of a module it can see (shipped or its own):
    lessons (with their images) and questions are copied; progress is not."""
    if module.organization_id not in (None, organization.pk):
        raise TrainingRefused(_("This module cannot be copied."))
    copy = Module.objects.create(
        organization=organization,
        slug=_free_slug(organization, module.slug),
        title=dict(module.title),
        summary=dict(module.summary),
        skill=module.skill,
        pass_mark=module.pass_mark,
        points=module.points,
        badge=module.badge,
        copied_from=module,
        status=Module.Status.DRAFT,
    )
    for lesson in module.lessons.all():
        new = Lesson(
            module=copy,
            position=lesson.position,
            title=dict(lesson.title),
            body=dict(lesson.body),
            video_url=lesson.video_url,
        )
        if lesson.image:
            with lesson.image.open("rb") as handle:
                new.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(handle.read()), save=False)
        new.save()
    QuizQuestion.objects.bulk_create(
        QuizQuestion(
            module=copy,
            position=q.position,
            text=dict(q.text),
            choices=[dict(c) for c in q.choices],
            correct=list(q.correct),
            explanation=dict(q.explanation),
        )
        for q in module.questions.all()
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="training.module_copied",
        target=copy,
        data={"from": module.slug},
    )
    return copy


@transaction.atomic
def module_update(*, module: Module, organization, actor, title: dict, **fields) -> Module:
    _own(module, organization)
    title = _texts(title)
    if not title:
        raise TrainingRefused(_("Give the module a title."), field_name="title_fr")
    module.title = title
    if "summary" in fields:
        fields["summary"] = _texts(fields["summary"])
    for name, value in fields.items():
        setattr(module, name, value)
    module.save()
    audit_record(
        organization=organization, actor=actor, action="training.module_updated", target=module
    )
    return module


@transaction.atomic
def module_publish(*, module: Module, organization, actor, publish: bool = True) -> Module:
    """Publish (volunteers see it) or take back to draft. A module is published only with at
    least one lesson and one question whose right answers are among its choices."""
    _own(module, organization)
    if publish:
        if not module.lessons.exists():
            raise TrainingRefused(_("Add at least one lesson before publishing."))
        if not module.questions.exists():
            raise TrainingRefused(_("Add at least one quiz question before publishing."))
    elif RoleRequirement.objects.filter(organization=organization, module=module).exists():
        raise TrainingRefused(
            _("This module is required for a role: change the requirement before unpublishing.")
        )
    module.status = Module.Status.PUBLISHED if publish else Module.Status.DRAFT
    if publish and module.published_at is None:
        module.published_at = timezone.now()
    module.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        organization=organization,
        actor=actor,
        action="training.module_published" if publish else "training.module_unpublished",
        target=module,
    )
    return module


def lesson_image_check(upload) -> bytes:
    """An uploaded lesson picture checked by content, size and pixels, re-encoded as JPEG
    (metadata dropped). Raises ValidationError with a clear message."""
    image = open_raster_image(upload, max_bytes=IMAGE_MAX_BYTES, max_pixels=IMAGE_MAX_PIXELS)
    image = image.convert("RGB")
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def video_url_check(url: str) -> str:
    """A video link: https, on YouTube, Vimeo or a PeerTube instance (``/w/`` or
    ``/videos/watch/`` addresses). It is shown as a link, never embedded."""
    url = (url or "").strip()
    if not url:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    peertube = parts.path.startswith(("/w/", "/videos/watch/"))
    known = any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS)
    if parts.scheme != "https" or not host or not (known or peertube):
        raise TrainingRefused(
            _("Paste the https:// address of a YouTube, Vimeo or PeerTube video."),
            field_name="video_url",
        )
    return url


@transaction.atomic
def lesson_save(
    *, module: Module, organization, actor, data: LessonData, lesson: Lesson | None = None
) -> Lesson:
    _own(module, organization)
    title = _texts(data.title)
    if not title:
        raise TrainingRefused(_("Give the lesson a title."), field_name="title_fr")
    video_url = video_url_check(data.video_url)
    content = None
    if data.image is not None:
        try:
            content = lesson_image_check(data.image)
        except ValidationError as exc:
            raise TrainingRefused(exc.messages[0], field_name="image") from exc
    if lesson is None:
        last = module.lessons.order_by("-position").values_list("position", flat=True).first()
        lesson = Lesson(module=module, position=(last or 0) + 1)
    lesson.title, lesson.body, lesson.video_url = title, _texts(data.body), video_url
    if data.remove_image and lesson.image:
        lesson.image.delete(save=False)
    if content is not None:
        lesson.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
    lesson.save()
    _touch(module)
    return lesson


@transaction.atomic
def lesson_delete(*, lesson: Lesson, organization, actor) -> None:
    _own(lesson.module, organization)
    if lesson.module.status == Module.Status.PUBLISHED and lesson.module.lessons.count() == 1:
        raise TrainingRefused(_("A published module keeps at least one lesson."))
    if lesson.image:
        lesson.image.delete(save=False)
    lesson.delete()
    _renumber(lesson.module.lessons.all())
    _touch(lesson.module)


def _move(row, rows, direction: int) -> None:
    ordered = list(rows.select_for_update().order_by("position", "id"))
    index = next(i for i, r in enumerate(ordered) if r.pk == row.pk)
    other = index + direction
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)


def _renumber(rows) -> None:
    for position, item in enumerate(rows.order_by("position", "id"), start=1):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)


def _touch(module: Module) -> None:
    Module.objects.filter(pk=module.pk).update(updated_at=timezone.now())


@transaction.atomic
def lesson_move(*, lesson: Lesson, organization, actor, direction: int) -> None:
    """Move the lesson one place up (-1) or down (+1)."""
    _own(lesson.module, organization)
    _move(lesson, lesson.module.lessons.all(), direction)


@transaction.atomic
def question_save(
    *,
    module: Module,
    organization,
    actor,
    data: QuestionData,
    question: QuizQuestion | None = None,
) -> QuizQuestion:
    _own(module, organization)
    text = _texts(data.text)
    if not text:
        raise TrainingRefused(_("Write the question."), field_name="text_fr")
    choices = [
        {"key": c["key"], "text": _texts(c["text"])} for c in data.choices if _texts(c["text"])
    ]
    if len(choices) < 2:
        raise TrainingRefused(_("Give at least two answers to choose from."), field_name="choices")
    keys = {c["key"] for c in choices}
    correct = [key for key in data.correct if key in keys]
    if not correct:
        raise TrainingRefused(_("Tick at least one right answer."), field_name="correct")
    if question is None:
        last = module.questions.order_by("-position").values_list("position", flat=True).first()
        question = QuizQuestion(module=module, position=(last or 0) + 1)
    question.text, question.choices, question.correct = text, choices, sorted(correct)
    question.explanation = _texts(data.explanation)
    question.save()
    _touch(module)
    return question


@transaction.atomic
def question_delete(*, question: QuizQuestion, organization, actor) -> None:
    module = question.module
    _own(module, organization)
    if module.status == Module.Status.PUBLISHED and module.questions.count() == 1:
        raise TrainingRefused(_("A published module keeps at least one quiz question."))
    question.delete()
    _renumber(module.questions.all())
    _touch(module)


@transaction.atomic
def question_move(*, question: QuizQuestion, organization, actor, direction: int) -> None:
    _own(question.module, organization)
    _move(question, question.module.questions.all(), direction)


@transaction.atomic
def requirement_set(
    *, organization, actor, capability: str, module: Module | None = None, skill: str = ""
) -> RoleRequirement:
    """Require a published module (shipped or own), or any module teaching ``skill``, before
    members get ``capability``. One requirement per capability: setting it again replaces it."""
    if (module is None) == (not skill):
        raise TrainingRefused(_("Choose a module or a skill."), field_name="module")
    if module is not None and (
        module.organization_id not in (None, organization.pk)
        or module.status != Module.Status.PUBLISHED
    ):
        raise TrainingRefused(_("Choose a published module."), field_name="module")
    if (
        skill
        and not Module.objects.for_organization(organization)
        .published()
        .filter(skill=skill)
        .exists()
    ):
        raise TrainingRefused(_("No published module teaches this skill yet."), field_name="skill")
    requirement, _created = RoleRequirement.objects.update_or_create(
        organization=organization,
        capability=capability,
        defaults={"module": module, "skill": skill if module is None else ""},
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="training.requirement_set",
        target=requirement,
    )
    return requirement


@transaction.atomic
def requirement_remove(*, requirement: RoleRequirement, actor) -> None:
    audit_record(
        organization=requirement.organization,
        actor=actor,
        action="training.requirement_removed",
        target=requirement,
    )
    requirement.delete()
