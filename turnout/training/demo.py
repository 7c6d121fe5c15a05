"""Demo data of training: the shipped modules; Voix Citoyennes' own copy of "Canvassing
basics" (a French title and a lesson on its local rules added), published and required for
canvassing turfs; Yanis and Inès (who got turfs from the turfs demo, order 165) passed it,
Hugo is under way, Thomas has not started. The requirement is added after the passes and
after the turfs demo, so the demo's assignments stand. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Membership, Organization

from .models import Capability, Enrollment, Module
from .services import (
    LessonData,
    lesson_mark_done,
    lesson_save,
    module_copy,
    module_publish,
    module_update,
    quiz_submit,
    requirement_set,
)
from .shipped import shipped_sync

ORGANIZATION = "voix-citoyennes"
PASSED = ("yanis.benali@voix-citoyennes.fr", "ines.garnier@voix-citoyennes.fr")
UNDER_WAY = "hugo.perrin@pixel-voix.fr"
LOCAL_LESSON = {
    "title": {
        "fr": "Nos règles à Voix Citoyennes",
        "en": "Our rules at Voix Citoyennes",
        "de": "Unsere Regeln bei Voix Citoyennes",
    },
    "body": {
        "fr": "Rendez-vous au local à 17 h 30 pour prendre votre secteur et votre badge.\n\n- On finit avant 20 h 30.\n- Un message dans le groupe de l'équipe au départ et au retour.\n- En cas de souci, appelez Inès, notre référente terrain.",
        "en": "Meet at the office at 5.30 pm to get your turf and your badge.\n\n- We finish before 8.30 pm.\n- A message in the team group when you leave and when you are back.\n- If anything goes wrong, call Inès, our field organizer.",
        "de": "Treffpunkt im Büro um 17:30 Uhr: Gebiet und Ausweis abholen.\n\n- Wir hören vor 20:30 Uhr auf.\n- Eine Nachricht in die Teamgruppe beim Start und bei der Rückkehr.\n- Bei Problemen Inès anrufen, unsere Ansprechperson vor Ort.",
    },
}


@demo_seeder(170)
def seed_training(stdout=None) -> None:
    shipped_sync()
    org = Organization.objects.filter(slug=ORGANIZATION).first()
    if org is None:
        return
    shipped = Module.objects.shipped().get(slug="canvassing-basics")
    if Module.objects.filter(organization=org, copied_from=shipped).exists():
        return
    members = {
        m.user.email: m for m in Membership.objects.filter(organization=org).select_related("user")
    }
    owner = next(m.user for m in members.values() if m.role == "owner")
    module = module_copy(module=shipped, organization=org, actor=owner)
    module_update(
        module=module,
        organization=org,
        actor=owner,
        title={**module.title, "fr": "Les bases du porte-à-porte à Voix Citoyennes"},
    )
    lesson_save(module=module, organization=org, actor=owner, data=LessonData(**LOCAL_LESSON))
    module_publish(module=module, organization=org, actor=owner)
    right = {q.pk: q.correct for q in module.questions.all()}
    lessons = list(module.lessons.order_by("position"))
    for days, email in zip((9, 4), PASSED, strict=True):
        if email not in members:
            continue
        user = members[email].user
        for lesson in lessons:
            lesson_mark_done(lesson=lesson, organization=org, user=user)
        quiz_submit(module=module, organization=org, user=user, answers=right)
        when = timezone.now() - timedelta(days=days)
        Enrollment.objects.filter(organization=org, user=user, module=module).update(
            started_at=when - timedelta(minutes=25), passed_at=when
        )
    if UNDER_WAY in members:
        user = members[UNDER_WAY].user
        for lesson in lessons[:2]:
            lesson_mark_done(lesson=lesson, organization=org, user=user)
        first = next(iter(right))
        quiz_submit(module=module, organization=org, user=user, answers={first: right[first]})
    requirement_set(
        organization=org, actor=owner, capability=Capability.CANVASSING_TURF, module=module
    )
    if stdout:
        stdout.write("  training: canvassing basics copied and required for turfs")
