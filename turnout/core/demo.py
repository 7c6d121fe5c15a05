"""Demo data of the foundation: organizations, people who log in, memberships, history.

Other apps add their own demo data by registering a seeder with ``@demo_seeder(order)``.
Every seeder is idempotent: running ``seed_demo`` twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable

DEMO_PASSWORD = "turnout-demo-2026"
DEMO_LOGINS = [
    ("camille.laurent@voix-citoyennes.fr", "initiator NGO (owner), France"),
    ("jonas.berger@demokratie-jetzt.at", "NGO (owner), Austria"),
    ("lea.morvan@horizon-commun.fr", "party (owner), Brittany"),
    ("nora.schmidt@nordwind-energie.de", "company (admin), Germany"),
    ("yanis.benali@voix-citoyennes.fr", "volunteer"),
    ("admin@turnout.localhost", "platform staff (Django admin)"),
]

SEEDERS: list[tuple[int, str, Callable[..., None]]] = []


def demo_seeder(order: int):
    def register(func):
        SEEDERS.append((order, f"{func.__module__}.{func.__name__}", func))
        SEEDERS.sort(key=lambda item: item[0])
        return func

    return register
