"""Load the demo data (idempotent: a second run adds nothing)."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from turnout.core.demo import DEMO_LOGINS, DEMO_PASSWORD, SEEDERS


class Command(BaseCommand):
    help = "Create realistic demo organizations, users and data. Safe to run again."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if config.name.startswith("turnout."):
                try:
                    importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
        for _order, name, seeder in SEEDERS:
            self.stdout.write(f"Seeding {name}")
            with transaction.atomic():
                seeder(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for email, description in DEMO_LOGINS:
            self.stdout.write(f"  {email:<38} {description}")
