"""Compile the .po catalogues into .mo files with Babel (no system gettext needed)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every .po file under LOCALE_PATHS into a .mo file when it is out of date."

    def handle(self, *args, **options):
        compiled = 0
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with po_path.open("rb") as handle:
                    try:
                        catalog = read_po(handle, locale=po_path.parts[-3])
                    except Exception as exc:
                        raise CommandError(f"{po_path}: {exc}") from exc
                with mo_path.open("wb") as handle:
                    write_mo(handle, catalog, use_fuzzy=False)
                compiled += 1
        self.stdout.write(f"{compiled} translation catalogue(s) compiled.")
