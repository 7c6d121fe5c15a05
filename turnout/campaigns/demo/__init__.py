"""Demo data of cooperative campaigns, one module per area (each registers its seeder):
``core`` (100) campaigns, charter, participating organizations; ``quests`` (110); ``wall``
(120) contributions, tracked-link clicks, pledges, declared reach; ``insights`` (130) pipeline.
"""

from . import core, insights, quests, wall  # noqa: F401
