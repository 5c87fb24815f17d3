"""The public survey's rate limit: per client IP and minute (the counter is wenming.throttle).

The limit must stay loose enough for a surveyor whose respondents share one connection
(a street office's NAT, a phone hotspot).
"""

from __future__ import annotations

from django.conf import settings

from wenming.throttle import allow

DEFAULT_SURVEY_LIMIT = 60


def survey_limit() -> int:
    return int(getattr(settings, "SURVEY_RATE_LIMIT_PER_MINUTE", DEFAULT_SURVEY_LIMIT))


def response_allowed(ip: str | None) -> bool:
    """One more response from this client address within the minute's limit: the one rule the
    public page and the API both apply (the request is counted)."""
    return allow("survey-response", ip or "-", limit=survey_limit())
