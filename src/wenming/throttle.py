"""A fixed-window rate limit in Django's cache, for public endpoints (DESIGN.md §7).

The cache is shared by every web process (the database cache by default, Redis when
REDIS_URL is set), so a limit holds however many processes serve the site.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, window: int = 60) -> bool:
    """Count one hit for (scope, key); False once the window's limit is passed."""
    bucket = int(time.time() // window)
    cache_key = f"throttle:{scope}:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window * 2):
        return 1 <= limit
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window * 2)
        count = 1
    return count <= limit
