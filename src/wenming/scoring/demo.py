"""Demo data of 考核通报: the last six weeks and the last month assessed, and last week's 周通报 as a draft.

Idempotent: an assessment of a period is re-used, a bulletin is made once per assessment.
"""

from __future__ import annotations

from django.utils import timezone

from wenming.framework.selectors import active_city_framework
from wenming.periods import PeriodKind, period_containing
from wenming.scoring.models import BulletinKind
from wenming.scoring.services import assess, generate_bulletin

WEEKS = 6


def load_demo() -> dict:
    framework = active_city_framework()
    if framework is None:
        return {"assessments": 0, "bulletins": 0}
    today = timezone.localdate()
    week = period_containing(PeriodKind.WEEK, today).previous()
    weeks = []
    for _ in range(WEEKS):
        weeks.append(week)
        week = week.previous()
    assessments = [
        assess(actor=None, framework=framework, period=p).assessment for p in reversed(weeks)
    ]
    assess(
        actor=None,
        framework=framework,
        period=period_containing(PeriodKind.MONTH, today).previous(),
    )
    generate_bulletin(actor=None, assessment=assessments[-1], kind=BulletinKind.WEEKLY)
    return {"assessments": len(assessments) + 1, "bulletins": 1}
