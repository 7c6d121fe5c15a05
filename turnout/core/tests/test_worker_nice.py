"""``manage.py worker --nice N`` lowers the worker's CPU priority (and never raises it)."""

import multiprocessing
import os

import pytest

from turnout.core.management.commands.worker import lower_priority

pytestmark = pytest.mark.skipif(not hasattr(os, "nice"), reason="os.nice is Unix only")


def _child(increment, queue):
    queue.put((os.nice(0), lower_priority(increment)))


@pytest.mark.parametrize(("increment", "added"), [(10, 10), (0, 0), (-5, 0), (40, 19)])
def test_the_worker_lowers_its_own_priority_within_bounds(increment, added):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(increment, queue))
    child.start()
    child.join(10)
    before, after = queue.get(timeout=5)
    assert after == min(before + added, 19)
