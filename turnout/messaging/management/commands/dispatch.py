"""Send the queued messages of a provider from this process, until none is due.

Workers do this on their own (the ``dispatch_messages`` task); this command is for operators
who want to drain a queue by hand, and for the fault test and the dispatch benchmark, which
start and kill dispatcher processes. Start as many as you like: they share the queue.

    python manage.py dispatch --provider twilio
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from turnout.messaging.dispatch import dispatch_recover, dispatch_run


class Command(BaseCommand):
    help = "Send the due messages of one SMS provider (or 'email') until none is left."

    def add_arguments(self, parser):
        parser.add_argument("--provider", required=True)
        parser.add_argument("--batch", type=int, default=None, help="messages claimed at once")
        parser.add_argument(
            "--recover-after",
            type=int,
            default=None,
            help="first settle messages claimed by dispatchers silent for this many seconds",
        )

    def handle(self, *args, provider, batch, recover_after, **options):
        if recover_after is not None:
            settled = dispatch_recover(stale_seconds=recover_after)
            self.stdout.write(f"recovered: {settled}")
        stats = dispatch_run(provider=provider, batch_size=batch)
        self.stdout.write(
            f"sent {stats.sent}, failed {stats.failed}, retried {stats.retried}, "
            f"suppressed {stats.suppressed}, deferred {stats.deferred}"
        )
