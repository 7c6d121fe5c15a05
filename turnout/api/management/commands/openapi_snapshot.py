"""Write (or, with --check, compare) the committed OpenAPI description docs/api/openapi.json."""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from turnout.api.osdi.docs import openapi_text

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


class Command(BaseCommand):
    help = "Refresh docs/api/openapi.json from the code (make openapi)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale.")

    def handle(self, *args, check: bool = False, **options):
        with translation.override("en"):
            text = openapi_text()
        if check:
            current = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
            if current != text:
                self.stderr.write("docs/api/openapi.json is stale: run `make openapi`.")
                sys.exit(1)
            return
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SNAPSHOT}")
