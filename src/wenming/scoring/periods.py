"""Moved to wenming.periods (below the apps: case statistics use the same months). This alias
keeps branches written before the move importable; import from wenming.periods."""

from wenming.periods import (  # noqa: F401
    Period,
    PeriodError,
    PeriodKind,
    parse_period,
    period_containing,
)
