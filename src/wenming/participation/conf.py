"""Participation's tunable numbers, from settings (each has an environment variable there)."""

from __future__ import annotations

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def reports_per_ip_hour() -> int:
    """随手拍 submissions from one address per hour (a family or an office shares one)."""
    return _get("PARTICIPATION_REPORTS_PER_IP_HOUR", 20)


def reports_per_phone_day() -> int:
    return _get("PARTICIPATION_REPORTS_PER_PHONE_DAY", 10)


def lookups_per_ip_minute() -> int:
    """Tracking-page and nearby lookups from one address per minute (guessing codes is slow)."""
    return _get("PARTICIPATION_LOOKUPS_PER_IP_MINUTE", 60)


def open311_per_key_minute() -> int:
    return _get("OPEN311_REQUESTS_PER_KEY_MINUTE", 120)


def max_photos() -> int:
    return 3


def photo_max_bytes() -> int:
    return _get("PARTICIPATION_PHOTO_MAX_BYTES", 10 * 1024 * 1024)


def request_max_bytes() -> int:
    """A 随手拍 POST larger than this is refused before it is read (three photos and a form)."""
    return _get("PARTICIPATION_REQUEST_MAX_BYTES", 32 * 1024 * 1024)


def duplicate_radius_m() -> int:
    return _get("CASE_DUPLICATE_RADIUS_M", 50)


def duplicate_days() -> int:
    return _get("PARTICIPATION_DUPLICATE_DAYS", 7)


def review_days() -> int:
    """不满意 within this many days of closing sends the case back to the office for review."""
    return _get("PARTICIPATION_REVIEW_DAYS", 7)


def points_per_report() -> int:
    """文明积分 for each accepted report of a reporter who left a phone number."""
    return _get("PARTICIPATION_POINTS_PER_REPORT", 10)


def jurisdiction_km() -> float:
    """A position farther than this from every known place of the city is outside it."""
    return float(_get("PARTICIPATION_JURISDICTION_KM", 40))


def jurisdiction_box() -> tuple[float, float, float, float] | None:
    """(south, west, north, east) when the deployment states its box; else derived from places."""
    return _get("PARTICIPATION_JURISDICTION_BOX", None)


def city_code() -> str:
    return _get("WENMING_CITY_CODE", "340400000000")
