"""``manage.py intake_spool_move``: move into the intake queue what this machine's intake spool
holds from web processes that stopped (docs/decisions/0101), then wake the fold. For a web
machine taken out of service: its running web processes move their own files themselves."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Move the signatures left in this machine's intake spool into the intake queue."

    def handle(self, *args, **options):
        from turnout.actions.intake import intake_wake
        from turnout.actions.spool import spool_dir, spool_move, spool_pending

        directory = spool_dir()
        if directory is None:
            self.stdout.write("No intake spool is set (INTAKE_SPOOL_DIR): nothing to move.")
            return
        moved = spool_move(directory)
        if moved:
            intake_wake()
        left = spool_pending(directory)
        self.stdout.write(
            f"{moved} signatures moved into the intake queue from {directory}; "
            f"{left} bytes left in files that web processes still write."
        )
