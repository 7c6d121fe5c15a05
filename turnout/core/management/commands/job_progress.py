"""Follow a background job in the terminal: ``manage.py job_progress <job-uuid>``."""

from __future__ import annotations

import sys
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from turnout.core.models import Job


def render_bar(job: Job, width: int = 40) -> str:
    filled = int(width * job.percent / 100)
    bar = "#" * filled + "-" * (width - filled)
    counts = f"{job.done:,}/{job.total:,}" if job.total else f"{job.done:,}"
    return f"[{bar}] {job.percent:3d}% {counts} {job.get_status_display()} {job.message}"[:120]


class Command(BaseCommand):
    help = "Show a live progress bar for a background job until it finishes."

    def add_arguments(self, parser):
        parser.add_argument("job", help="the job's uuid (shown on its page)")
        parser.add_argument("--interval", type=float, default=0.5)

    def handle(self, *args, **options):
        try:
            job = Job.objects.get(uuid=options["job"])
        except (Job.DoesNotExist, ValueError, ValidationError) as exc:
            raise CommandError(f"No job with id {options['job']!r}.") from exc
        while True:
            job.refresh_from_db()
            sys.stdout.write("\r" + render_bar(job).ljust(120))
            sys.stdout.flush()
            if job.is_finished:
                sys.stdout.write("\n")
                break
            time.sleep(options["interval"])
        if job.status == Job.Status.FAILED:
            raise CommandError(job.error or "The job failed.")
