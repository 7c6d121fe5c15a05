"""Run the same work in several threads at once (PostgreSQL tests of races): each thread
waits at a barrier so they really start together, gets its own database connection and
closes it at the end."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_together(count: int, work: Callable[[int], object], *, timeout: float = 60) -> list:
    """Call ``work(index)`` in ``count`` threads started together; return the results in
    index order. An exception in any thread fails the caller with every error listed."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list[str] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout)
            results[index] = work(index)
        except Exception as exc:
            errors.append(f"thread {index}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert errors == [], errors
    return results
