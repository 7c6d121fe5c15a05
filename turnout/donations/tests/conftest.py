from turnout.core.tests.clock import clock  # noqa: F401  (frozen Tue 2026-11-24 10:00 Paris)
