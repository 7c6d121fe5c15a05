"""Start the local site and its background worker together (used by ``make run``)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from turnout.core.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Run the development web server and a background worker until Ctrl+C."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        addrport = options["addrport"]
        python = sys.executable
        procs = [
            subprocess.Popen([python, "manage.py", "runserver", addrport, "--noreload"]),
            subprocess.Popen([python, "manage.py", "worker"]),
        ]
        url = f"http://{addrport}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Turnout is running on {url}"))
        self.stdout.write(f"  database: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(f"  outbox (emails and SMS sent by the site): {url}fr/outbox/")
        self.stdout.write(f"  demo logins (password for all: {DEMO_PASSWORD}):")
        for email, description in DEMO_LOGINS:
            self.stdout.write(f"    {email:<36} {description}")
        self.stdout.write("  press Ctrl+C to stop\n")

        def stop(*_):
            for proc in procs:
                if proc.poll() is None:
                    proc.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(proc.poll() is None for proc in procs):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for proc in procs:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        failed = [proc for proc in procs if proc.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            sys.exit(1)
