"""The address of a page that takes no arguments, reversed once per process.

``reverse()`` walks the URL patterns on every call; the menu of every page and the account
checks before it asked for the same dozen addresses on every request. Kept per script prefix
and URLconf, which is what the answer depends on.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def fixed_path(url_name: str) -> str:
    """What ``{% url url_name %}`` gives."""
    return _reversed(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=64)
def _reversed(url_name: str, prefix: str, urlconf: str) -> str:
    return reverse(url_name, urlconf=urlconf)
