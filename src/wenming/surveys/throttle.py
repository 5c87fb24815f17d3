"""A fixed-window rate limit in Django's cache, for public endpoints (DESIGN.md §7).

The key is the client's IP; the limit must stay loose enough for a surveyor whose
respondents share one connection (a street office's NAT, a phone hotspot).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_SURVEY_LIMIT = 60


def survey_limit() -> int:
    return int(getattr(settings, "SURVEY_RATE_LIMIT_PER_MINUTE", DEFAULT_SURVEY_LIMIT))


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
