"""A small, hand-computable city for the scoring tests: a four-leaf framework, five task
submissions, three inspection visits' worth of results, one survey and ten cases in 2026-11.

The expected figures are worked out by hand in test_hand_computed.py.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from wenming.cases.models import Case, Resolution, State
from wenming.framework.models import (
    Framework,
    FrameworkStatus,
    Indicator,
    Method,
    Rule,
    Task,
    TaskStatus,
)
from wenming.inspections.models import (
    ChecklistItem,
    ChecklistResult,
    Inspection,
    Round,
    Site,
    SiteType,
)
from wenming.inspections.services import refresh_site_results
from wenming.materials.models import Submission, SubmissionStatus
from wenming.regions.models import Region
from wenming.surveys.models import Answer, Question, QuestionKind, Response, Survey, SurveyStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def small_framework() -> dict:
    fw = Framework.objects.create(
        name="测试测评体系", status=FrameworkStatus.ACTIVE, total_points=Decimal(20)
    )
    a = Indicator.objects.create(
        framework=fw, code="A", name="基础设施", points=10, depth=1, position=1
    )
    a1 = Indicator.objects.create(
        framework=fw,
        parent=a,
        code="A1",
        name="工作台账",
        points=4,
        depth=2,
        position=2,
        method=Method.MATERIAL,
    )
    a2 = Indicator.objects.create(
        framework=fw,
        parent=a,
        code="A2",
        name="环境卫生",
        points=6,
        depth=2,
        position=3,
        method=Method.INSPECTION,
        rule=Rule.RATE,
    )
    b = Indicator.objects.create(
        framework=fw, code="B", name="群众满意", points=10, depth=1, position=4
    )
    b1 = Indicator.objects.create(
        framework=fw,
        parent=b,
        code="B1",
        name="创建知晓率",
        points=5,
        depth=2,
        position=5,
        method=Method.SURVEY,
    )
    b2 = Indicator.objects.create(
        framework=fw,
        parent=b,
        code="B2",
        name="秩序管理",
        points=5,
        depth=2,
        position=6,
        method=Method.INSPECTION,
        rule=Rule.DEDUCT,
    )
    return {"framework": fw, "A": a, "A1": a1, "A2": a2, "B": b, "B1": b1, "B2": b2}


def task(indicator, unit, *, status=TaskStatus.IN_PROGRESS) -> Task:
    return Task.objects.create(
        indicator=indicator,
        unit=unit,
        region=unit.region,
        period_start=date(2026, 11, 1),
        due=date(2026, 11, 30),
        status=status,
    )


def submission(t: Task, user, *, grade: str = "", submitted=None, approved=None) -> Submission:
    status = SubmissionStatus.APPROVED if grade else SubmissionStatus.SUBMITTED
    return Submission.objects.create(
        task=t,
        unit=t.unit,
        region=t.region,
        status=status,
        grade=grade,
        created_by=user,
        submitted_at=submitted,
        approved_at=approved,
    )


def visit(rnd, site, inspector, outcomes: dict, when) -> Inspection:
    inspection = Inspection.objects.create(
        round=rnd,
        site=site,
        region=site.region,
        unit=site.unit,
        inspector=inspector,
        visited_at=when,
    )
    for item, outcome in outcomes.items():
        ChecklistResult.objects.create(inspection=inspection, item=item, outcome=outcome)
    refresh_site_results([site.pk])  # what record_inspection does after a visit
    return inspection


def case(
    region_code: str,
    unit,
    *,
    created,
    closed=None,
    on_time=None,
    fails=0,
    hours=None,
    overdue_from=None,
    resolution=Resolution.FIXED,
    category="环境卫生",
) -> Case:
    state = State.CLOSED if closed else State.RECTIFYING
    return Case.objects.create(
        source="inspection",
        category=category,
        description="测试问题",
        region=Region.objects.get(pk=region_code),
        unit=unit,
        state=state,
        resolution=resolution if closed else "",
        created=created,
        dispatched_at=created,
        closed_at=closed,
        on_time=on_time,
        fail_count=fails,
        working_hours=hours,
        due=overdue_from,
        overdue_from=overdue_from,
    )


def small_city(units: dict, *, admin, inspector) -> dict:
    """The fixture the hand-computed test checks (see its docstring for the arithmetic)."""
    ind = small_framework()
    gm, xy, yc, civil, tja = (
        units["guangming"],
        units["xiangyang"],
        units["yucai"],
        units["civil"],
        units["tja_gov"],
    )

    # Five submissions for the material leaf A1 (4 points).
    submission(
        task(ind["A1"], gm, status=TaskStatus.DONE),
        admin,
        grade="A",
        submitted=at(11, 20),
        approved=at(11, 21),
    )
    submission(
        task(ind["A1"], xy, status=TaskStatus.DONE),
        admin,
        grade="B",
        submitted=at(11, 20),
        approved=at(11, 21),
    )
    submission(task(ind["A1"], yc), admin, grade="C", submitted=at(11, 20), approved=at(11, 21))
    submission(task(ind["A1"], civil), admin, grade="D", submitted=at(11, 28), approved=at(11, 29))
    submission(
        task(ind["A1"], tja), admin, submitted=at(11, 20)
    )  # waiting for review: no grade yet

    # Inspections: A2 (rate, 6 points) has two items, B2 (deduct, 5 points) one worth 2 points.
    site_type = SiteType.objects.create(code="scoring-test", name="测试点位类型")
    a2_clean = ChecklistItem.objects.create(
        site_type=site_type, text="路面干净", indicator=ind["A2"], category="环境卫生"
    )
    a2_bins = ChecklistItem.objects.create(
        site_type=site_type, text="垃圾桶完好", indicator=ind["A2"], category="环境卫生"
    )
    b2_stall = ChecklistItem.objects.create(
        site_type=site_type, text="无占道经营", indicator=ind["B2"], points=2, category="占道经营"
    )
    rnd = Round.objects.create(
        name="十一月明查", period_start=date(2026, 11, 1), period_end=date(2026, 11, 30)
    )
    s1 = Site.objects.create(name="光明农贸市场", site_type=site_type, region=gm.region, unit=gm)
    s2 = Site.objects.create(name="育才背街小巷", site_type=site_type, region=yc.region, unit=yc)
    visit(rnd, s1, inspector, {a2_clean: "pass", a2_bins: "fail", b2_stall: "fail"}, at(11, 10))
    visit(rnd, s2, inspector, {a2_clean: "pass", a2_bins: "pass", b2_stall: "pass"}, at(11, 11))

    # One survey: the awareness question maps to B1 (5 points).
    survey = Survey.objects.create(
        title="创建知晓率调查",
        status=SurveyStatus.OPEN,
        region=units["office"].region,
        unit=units["office"],
        created_by=admin,
    )
    question = Question.objects.create(
        survey=survey,
        kind=QuestionKind.AWARENESS,
        text="您知道我市正在创建全国文明城市吗？",
        indicator=ind["B1"],
    )
    for number, (region, value) in enumerate(
        [
            (gm.region, 1),
            (gm.region, 1),
            (gm.region, 1),
            (gm.region, 0),
            (yc.region, 1),
            (yc.region, 0),
        ]
    ):
        response = Response.objects.create(
            survey=survey, region=region, submitted_at=at(11, 15), respondent_key=f"r{number}"
        )
        Answer.objects.create(response=response, question=question, value=value)

    # Ten cases.
    g, x, y = gm.region_id, xy.region_id, yc.region_id
    cases = [
        case(g, gm, created=at(11, 2), closed=at(11, 5), on_time=True, hours=10),
        case(g, gm, created=at(11, 3), closed=at(11, 10), on_time=False, fails=1, hours=30),
        case(g, gm, created=at(11, 20), overdue_from=at(11, 25)),
        case(g, gm, created=at(11, 25), overdue_from=at(12, 3)),
        case(
            y, yc, created=at(11, 2), closed=at(11, 6), on_time=True, hours=8, category="占道经营"
        ),
        case(
            y, yc, created=at(11, 3), closed=at(11, 7), on_time=True, hours=12, category="占道经营"
        ),
        case(y, yc, created=at(11, 4), closed=at(11, 5), resolution=Resolution.INVALID),
        case(
            x,
            civil,
            created=at(11, 5),
            closed=at(11, 12),
            on_time=True,
            fails=2,
            hours=20,
            category="养老服务",
        ),
        case(x, civil, created=at(11, 6), overdue_from=at(11, 15), category="养老服务"),
        case(y, yc, created=at(10, 1), closed=at(10, 20), on_time=True, hours=5),
    ]
    return {
        **ind,
        "cases": cases,
        "survey": survey,
        "question": question,
        "sites": [s1, s2],
        "round": rnd,
    }


def write_weekly_bulletin(period: str, out, framework_id: int) -> list[str]:
    """``manage.py bulletin`` for one week into ``out``; the paths of the files it wrote."""
    import io

    from django.core.management import call_command

    stdout = io.StringIO()
    call_command(
        "bulletin",
        "--kind",
        "weekly",
        "--period",
        period,
        "--out",
        str(out),
        "--framework",
        str(framework_id),
        stdout=stdout,
    )
    return stdout.getvalue().split()
