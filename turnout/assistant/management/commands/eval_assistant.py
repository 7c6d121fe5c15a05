"""``manage.py eval_assistant``: the assistant's top-1 accuracy per language and its "I don't
know" share on out-of-scope questions, on both question sets (the repository's set and the
held-out set, see ``turnout/assistant/eval``). Installs the shipped knowledge bases in an
organization of its own ("assistant-evaluation") first. Exits with an error below 90 % on
either set."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Evaluate the assistant on the repository's and the held-out question sets (goal: 90 %)."

    def add_arguments(self, parser):
        parser.add_argument("--misses", action="store_true", help="List the wrong answers.")
        parser.add_argument(
            "--set",
            dest="sets",
            action="append",
            choices=["repository", "heldout"],
            help="Evaluate only this set (repeatable; both by default).",
        )

    def handle(self, *args, **options):
        from turnout.assistant.eval import GOAL, SETS, load_questions, run_evaluation
        from turnout.assistant.models import SHIPPED_COUNTRIES
        from turnout.assistant.services.knowledge import knowledge_base_install
        from turnout.organizations.models import Organization

        org, _created = Organization.objects.get_or_create(
            slug="assistant-evaluation",
            defaults={"name": "Assistant evaluation", "kind": "ngo", "country": "FR"},
        )
        for country in SHIPPED_COUNTRIES:
            knowledge_base_install(organization=org, country=country)
        failed = []
        for set_name in options["sets"] or list(SETS):
            questions = load_questions(set_name=set_name)
            result = run_evaluation(organization=org, questions=questions)
            self.stdout.write(f"{set_name} set: {len(questions)} questions")
            for language, value in result.accuracy.items():
                in_scope = sum(1 for q in questions if q.language == language and q.slug)
                self.stdout.write(
                    f"  top-1 accuracy {language}: {value:.1%} ({in_scope} questions)"
                )
            for language, value in result.unknown_share.items():
                self.stdout.write(f'  "I don\'t know" on out-of-scope {language}: {value:.1%}')
            if options["misses"] or not result.passed:
                for question, slug, confidence in result.misses:
                    self.stdout.write(
                        f"  miss [{question.language} {question.country}] {question.text!r}: "
                        f"expected {question.slug}, got {slug} ({confidence:.2f})"
                    )
            if not result.passed:
                failed.append(set_name)
        if failed:
            raise CommandError(f"Below the goal of {GOAL:.0%}: {', '.join(failed)} set.")
        self.stdout.write(self.style.SUCCESS(f"Goal of {GOAL:.0%} reached on every set."))
