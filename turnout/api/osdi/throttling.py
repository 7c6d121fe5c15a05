"""Per-token rate limit: a token bucket (GCRA) kept in the cache.

``TURNOUT_API_RATE_PER_S`` requests per second sustained, bursts of ``TURNOUT_API_BURST``.
Past that: 429 with ``Retry-After`` (seconds). The cache is per process with the default
local-memory backend; with several processes set ``CACHE_URL`` to a shared cache.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from turnout.accounts.models import ApiToken


class TokenBucketThrottle(BaseThrottle):
    def allow_request(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        rate = float(getattr(settings, "TURNOUT_API_RATE_PER_S", 20.0))
        burst = int(getattr(settings, "TURNOUT_API_BURST", 100))
        if rate <= 0:
            return True
        interval = 1.0 / rate
        key = f"api-bucket:{token.pk}"
        now = time.time()
        # The "theoretical arrival time": when the bucket would be full again.
        tat = max(float(cache.get(key) or now), now)
        new_tat = tat + interval
        allowed_at = new_tat - burst * interval
        if allowed_at > now:
            self._wait = allowed_at - now
            return False
        cache.set(key, new_tat, timeout=math.ceil(burst * interval) + 1)
        return True

    def wait(self):
        return max(getattr(self, "_wait", 1.0), 0.001)
