"""Cases for tests: reported through the service, so every case starts with its event."""

from __future__ import annotations

from wenming.cases import services
from wenming.cases.models import Severity, Source


def report(
    actor,
    *,
    region,
    unit=None,
    category="占道经营",
    severity=Severity.GENERAL,
    source=Source.INSPECTION,
    description="店外摆摊占用人行道",
    latitude="32.625000",
    longitude="116.990000",
    **extra,
):
    return services.report_case(
        actor=actor,
        source=source,
        category=category,
        severity=severity,
        description=description,
        region=region,
        unit=unit,
        latitude=latitude,
        longitude=longitude,
        **extra,
    )


def move(actor, case, action, **extra):
    """Apply one transition and return the fresh case."""
    return services.transition(actor=actor, case_id=case.pk, action=action, **extra)
