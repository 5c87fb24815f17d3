"""The volunteer service's tunable numbers, from settings (each has an environment variable there)."""

from __future__ import annotations

from django.conf import settings


def checkin_radius_m() -> int:
    """Default distance from an activity's place within which a phone may sign in or out."""
    return int(getattr(settings, "VOLUNTEER_CHECKIN_RADIUS_M", 500))


def signin_early_minutes() -> int:
    """How long before an activity starts its QR code accepts a sign-in."""
    return int(getattr(settings, "VOLUNTEER_SIGNIN_EARLY_MINUTES", 30))


def signout_late_minutes() -> int:
    """How long after an activity ends its QR code still accepts a sign-out."""
    return int(getattr(settings, "VOLUNTEER_SIGNOUT_LATE_MINUTES", 60))


def hours_step_minutes() -> int:
    """Service hours are counted in steps of this many minutes (30: half hours)."""
    return int(getattr(settings, "VOLUNTEER_HOURS_STEP_MINUTES", 30))


def hours_rounding() -> str:
    """``down`` (an unfinished step does not count) or ``nearest``."""
    return str(getattr(settings, "VOLUNTEER_HOURS_ROUNDING", "down"))


def demand_escalate_workdays() -> int:
    """An unclaimed demand goes to the town's 实践所 after this many working days."""
    return int(getattr(settings, "VOLUNTEER_DEMAND_ESCALATE_WORKDAYS", 3))


def certificate_prefix() -> str:
    """The abbreviation in certificate numbers (淮志证〔2026〕12号)."""
    return getattr(settings, "VOLUNTEER_CERTIFICATE_PREFIX", "淮志证")


def site_url() -> str:
    """The public address of the platform, for the QR codes printed on certificates."""
    return getattr(settings, "WENMING_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def active_months() -> int:
    """A volunteer who served within this many months counts as active."""
    return int(getattr(settings, "VOLUNTEER_ACTIVE_MONTHS", 12))


def near_radius_m() -> int:
    """A team "near" a demand is within this distance of it (its position or its 站's)."""
    return int(getattr(settings, "VOLUNTEER_NEAR_RADIUS_M", 5000))
