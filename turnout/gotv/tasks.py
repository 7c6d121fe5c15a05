"""Periodic release of the due election reminders (see ``services.sending``)."""

from __future__ import annotations

from datetime import timedelta

from turnout.core.periodic import periodic

from .services.sending import reminders_send_due


@periodic("gotv.reminders", every=timedelta(minutes=5))
def gotv_reminders_due() -> dict:
    run = reminders_send_due()
    return {"queued": run.queued, "skipped": run.skipped}
