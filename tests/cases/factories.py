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


def after_photo():
    """An after-photo (整改后) as the unit's phone sends it with a submit."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(out, "JPEG")
    return ContentFile(out.getvalue(), name="after.jpg")


def move(actor, case, action, **extra):
    """Apply one transition and return the fresh case; a submit carries an after-photo unless
    the test says which photos it sends."""
    if action == "submit":
        extra.setdefault("photos", [after_photo()])
    return services.transition(actor=actor, case_id=case.pk, action=action, **extra)


def case_in(state, unit, *, region=None, fail_count=0, late=False, pending_extension=False):
    """A case written straight to the table in ``state`` (for lists and counts, not the loop):
    ``late`` puts its deadline two days back, ``pending_extension`` adds a request waiting."""
    from datetime import timedelta

    from django.utils import timezone

    from wenming.cases.models import Case, ExtensionRequest, Resolution, State

    now = timezone.now()
    due = now + (timedelta(days=-2) if late else timedelta(days=3))
    case = Case.objects.create(
        source=Source.INSPECTION,
        category="占道经营",
        severity=Severity.GENERAL,
        description="店外摆摊",
        region=region or unit.region,
        unit=unit,
        state=state,
        resolution=Resolution.FIXED if state == State.CLOSED else "",
        dispatched_at=None if state == State.REPORTED else now - timedelta(days=5),
        due=due,
        overdue_from=due,
        fail_count=fail_count,
    )
    if pending_extension:
        ExtensionRequest.objects.create(
            case=case, reason="需要采购材料", requested_due=due + timedelta(days=7)
        )
    return case
