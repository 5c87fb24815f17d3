"""The case loop's tunable numbers, from settings (each has an environment variable there)."""

from __future__ import annotations

from django.conf import settings


def photo_max_distance_m() -> int:
    """An after-photo farther than this from the case's position is flagged at verification."""
    return getattr(settings, "CASE_PHOTO_MAX_DISTANCE_M", 50)


def duplicate_radius_m() -> int:
    """Open cases of the same category within this distance are suggested as duplicates at intake."""
    return getattr(settings, "CASE_DUPLICATE_RADIUS_M", 50)


def rebound_days() -> int:
    """A problem that comes back at a site within this many days is marked 反弹."""
    return getattr(settings, "CASE_REBOUND_DAYS", 90)


def exposure_after_workdays() -> int:
    """Overdue by more than this many working days → 挂牌督办 in the next bulletin."""
    return getattr(settings, "CASE_EXPOSURE_AFTER_WORKDAYS", 5)


def notice_prefix() -> str:
    """The issuing office's abbreviation in document numbers (淮创城整〔2026〕15号)."""
    return getattr(settings, "CASE_NOTICE_PREFIX", "淮创城")


def site_url() -> str:
    """The public address of the platform, for the QR codes printed on notices."""
    return getattr(settings, "WENMING_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
