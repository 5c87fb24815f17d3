"""One case followed through every app by their services and jobs, nothing set by hand: a failed
checklist item becomes a case, the clock's jobs escalate it to 挂牌督办, the week's assessment
snapshots it, and the published bulletin prints its line — from the snapshot, not live."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from docx import Document

from tests.cases.factories import after_photo
from tests.inspections.factories import SiteFactory, answers_for
from tests.scoring.factories import small_framework
from wenming.cases import services as case_services
from wenming.cases.models import Case, State
from wenming.inspections import services as inspection_services
from wenming.inspections.models import RoundKind
from wenming.periods import parse_period
from wenming.scoring import services as scoring_services

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, tzinfo=SH)


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _exposed_rows(docx: bytes) -> list[str]:
    document = Document(io.BytesIO(docx))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    return [" ".join(cell.text for cell in row.cells) for row in table.rows[1:]]


def test_a_failed_inspection_item_reaches_its_line_in_the_published_bulletin(
    units, coordinator, inspector, admin_user, community1
):
    framework = small_framework()["framework"]
    site = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    with time_machine.travel(at(11, 2), tick=False):
        visit_round = inspection_services.create_round(
            actor=coordinator,
            name="十一月第一周明查",
            kind=RoundKind.OVERT,
            period_start=date(2026, 11, 2),
            period_end=date(2026, 11, 8),
            inspectors=[inspector],
            sites=[site],
        )
        inspection_services.record_inspection(
            actor=inspector, round=visit_round, site=site, answers=answers_for(site, fail={1})
        )
    case = Case.objects.get()
    assert (case.state, case.unit) == (State.DISPATCHED, units["guangming"])

    for day in range(3, 21):  # the clock's jobs, once a day: reminder, 督办单, 挂牌督办
        with time_machine.travel(at(11, day), tick=False):
            call_command("tick", stdout=io.StringIO())
    case.refresh_from_db()
    assert case.exposed_at is not None

    with time_machine.travel(at(11, 23), tick=False):
        week = parse_period("2026-W47")
        assessment = scoring_services.assess(
            actor=coordinator, framework=framework, period=week
        ).assessment
        bulletin, _created = scoring_services.generate_bulletin(
            actor=coordinator, assessment=assessment, kind="weekly"
        )
        # Fixed and closed after the snapshot: the bulletin still cites the week as assessed.
        for actor, action, note in [
            (community1, "sign", ""),
            (community1, "submit", "已清理"),
            (coordinator, "pass", ""),
        ]:
            photos = [after_photo()] if action == "submit" else []
            case_services.transition(
                actor=actor, case_id=case.pk, action=action, note=note, photos=photos
            )
        scoring_services.approve_bulletin(actor=admin_user, bulletin_id=bulletin.pk)
        scoring_services.publish_bulletin(actor=admin_user, bulletin_id=bulletin.pk)
        docx = scoring_services.export_bulletin(actor=admin_user, bulletin=bulletin, fmt="docx")

    bulletin.refresh_from_db()
    assert bulletin.status == "published"
    assert Case.objects.get(pk=case.pk).state == State.CLOSED
    assert [c["case_id"] for c in bulletin.figures["exposed"]] == [case.pk]
    (line,) = _exposed_rows(docx)
    assert case.category in line and "光明社区" in line
