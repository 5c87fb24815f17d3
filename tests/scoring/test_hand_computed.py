"""The engine against figures worked out by hand on the small city of factories.small_city.

Framework (20 points): A 基础设施 = A1 材料 4 + A2 实地(rate) 6; B 群众满意 = B1 问卷 5 + B2 实地(deduct) 5.

Leaves, 2026-11:
- A1: 光明 A → 4.00; 向阳 B → 3.20; 育才 C → 2.40; 民政局 D → 0.00; 田家庵区政府 not yet graded → none.
- A2: 光明 1 of 2 items passed → 3.00; 育才 2 of 2 → 6.00.
- B2: 光明 one failed 2-point item at one visit → 5 − 2 = 3.00; 育才 → 5.00.
- B1: 光明 3 of 4 知道 → 3.75; 育才 1 of 2 → 2.50.
Territorial units add up their regions: 田东街道 = 田家庵区 = 光明 + 向阳 evidence; 谢家集区 = 育才.

Composite = Σ weight × component / Σ weights present (50 测评, 10 任务, 10 材料按时, 15 按期, 5 一次通过,
5 返工(100−), 5 逾期(100−)):
- 光明: 测评 13.75/20 = 68.75; 任务 100; 材料 100; cases closed 2 (1 on time, 1 with one 返工),
  open 2 of which 1 overdue → 按期 1/3 = 33.33, 一次 50.00, 返工 1/3 = 33.33, 逾期 1/4 = 25.00 → 68.96
- 向阳: 测评 3.20/4 = 80.00; 任务 100; 材料 100; its region holds 民政局's two cases (属地): closed 1
  on time with 2 返工, 1 overdue → 按期 50.00, 一次 0.00, 返工 66.67, 逾期 50.00 → 71.67
- 育才: 测评 15.90/20 = 79.50; 任务 0; 材料 100; two closed on time, first pass → 79.75
- 谢家集区: 测评 13.50/16 = 84.38; no tasks; 按期 100, 一次 100, 返工 0, 逾期 0 → 90.24
- 田家庵区政府: 测评 9.75/16 = 60.94; 任务 0; 材料 100; cases of 光明 + 向阳: closed 3 (2 on time,
  1 first pass, 3 返工), open 3 (2 overdue) → 按期 40.00, 一次 33.33, 返工 50.00, 逾期 33.33 → 53.97
- 田东街道: as 田家庵区 without tasks → 54.96
- 民政局: 测评 0.00; 任务 0; 材料 100; its two cases (职能) → 21.67
"""

from decimal import Decimal

import pytest

from tests.scoring.factories import small_city
from wenming.periods import parse_period
from wenming.scoring import engine
from wenming.scoring.models import Assessment, AssessmentUnit
from wenming.scoring.services import assess

pytestmark = pytest.mark.django_db

NOV = parse_period("2026-11")


@pytest.fixture
def fixture(units, admin_user, inspector):
    return small_city(units, admin=admin_user, inspector=inspector)


def _assess(fixture, **kwargs):
    params = engine.Parameters(list_size=1, red_min="75", black_below="70")
    return assess(
        actor=None, framework=fixture["framework"], period=NOV, parameters=params, **kwargs
    ).assessment


def _rows(assessment):
    return {row.unit.short_name: row for row in assessment.rows.select_related("unit")}


def test_leaf_subtotal_and_total_scores_match_the_hand_computation(fixture):
    rows = _rows(_assess(fixture))
    ids = {code: str(fixture[code].pk) for code in ("A", "A1", "A2", "B", "B1", "B2")}

    def scores(name):
        return {code: rows[name].scores.get(pk, [None])[0] for code, pk in ids.items()}

    assert scores("光明社区") == {
        "A": "7.00",
        "A1": "4.00",
        "A2": "3.00",
        "B": "6.75",
        "B1": "3.75",
        "B2": "3.00",
    }
    assert scores("育才社区") == {
        "A": "8.40",
        "A1": "2.40",
        "A2": "6.00",
        "B": "7.50",
        "B1": "2.50",
        "B2": "5.00",
    }
    assert scores("向阳社区") == {
        "A": "3.20",
        "A1": "3.20",
        "A2": None,
        "B": None,
        "B1": None,
        "B2": None,
    }
    assert scores("田家庵区政府") == {
        "A": "3.00",
        "A1": None,
        "A2": "3.00",
        "B": "6.75",
        "B1": "3.75",
        "B2": "3.00",
    }
    assert scores("市民政局")["A1"] == "0.00"
    assert (rows["光明社区"].score, rows["光明社区"].max_points) == (
        Decimal("13.75"),
        Decimal("20.00"),
    )
    assert (rows["育才社区"].score, rows["育才社区"].max_points) == (
        Decimal("15.90"),
        Decimal("20.00"),
    )
    assert (rows["田家庵区政府"].score, rows["田家庵区政府"].max_points) == (
        Decimal("9.75"),
        Decimal("16.00"),
    )


def test_composite_scores_ranks_and_lists_match_the_hand_computation(fixture):
    rows = _rows(_assess(fixture))
    composite = {name: row.composite for name, row in rows.items()}
    assert composite["光明社区"] == Decimal("68.96")
    assert composite["向阳社区"] == Decimal("71.67")
    assert composite["育才社区"] == Decimal("79.75")
    assert composite["谢家集区政府"] == Decimal("90.24")
    assert composite["田家庵区政府"] == Decimal("53.97")
    assert composite["田东街道"] == Decimal("54.96")
    assert composite["市民政局"] == Decimal("21.67")
    ranks = {name: (row.rank, row.honour) for name, row in rows.items()}
    assert ranks["育才社区"] == (1, "red")
    assert ranks["向阳社区"] == (2, "")
    assert ranks["光明社区"] == (3, "black")
    assert ranks["谢家集区政府"] == (1, "red")
    assert ranks["田家庵区政府"] == (2, "black")
    # Ranked first of one department, but 21.67 is below the 黑榜 floor: 黑榜, never 红榜.
    assert ranks["市民政局"] == (1, "black")
    # No evidence at all: listed apart, never ranked (and never scored 0 silently).
    assert (
        rows["市公安局"].listed_apart
        and rows["市公安局"].rank is None
        and rows["市公安局"].composite is None
    )
    assert rows["光明社区"].components["on_time_rate"] == "33.33"
    assert rows["光明社区"].figures["cases"]["overdue_open"] == 1


def test_city_summary_counts_every_piece_of_evidence_once(fixture):
    summary = _assess(fixture).summary
    leaves = summary["leaves"]
    assert leaves[str(fixture["A1"].pk)]["score"] == "2.40"  # (100 + 80 + 60 + 0) / 4 of 4 points
    assert leaves[str(fixture["A2"].pk)]["score"] == "4.50"  # 3 of 4 items
    assert leaves[str(fixture["B2"].pk)]["score"] == "4.00"  # 2 points over 2 visits
    assert leaves[str(fixture["B1"].pk)]["score"] == "3.33"  # 4 of 6
    assert leaves[str(fixture["B1"].pk)]["small_sample"] is True
    assert summary["total"]["score"] == "14.23"
    cases = summary["cases"]
    assert (cases["found"], cases["closed"], cases["closed_on_time"], cases["overdue_open"]) == (
        8,
        5,
        4,
        2,
    )
    assert cases["on_time_rate"] == "57.14"
    by_category = {row["category"]: row["found"] for row in summary["categories"]}
    assert by_category == {"环境卫生": 4, "占道经营": 2, "养老服务": 2}


def test_a_leaf_without_evidence_says_so(fixture):
    fixture["framework"].indicators.filter(code="B1").update(method="metric", target=Decimal(100))
    summary = _assess(fixture).summary
    leaf = summary["leaves"][str(fixture["B1"].pk)]
    assert leaf["score"] is None and leaf["note"] == "尚无填报数据"


def test_rerunning_the_period_reuses_the_snapshot(fixture):
    first = _assess(fixture)
    again = assess(actor=None, framework=fixture["framework"], period=NOV)
    assert not again.created and again.assessment.pk == first.pk
    assert Assessment.objects.count() == 1


def test_a_correction_is_a_new_revision_and_keeps_the_old_one(fixture, units):
    first = _assess(fixture)
    before = {r.unit_id: r.composite for r in first.rows.all()}
    from tests.scoring.factories import at, case

    case(
        units["guangming"].region_id,
        units["guangming"],
        created=at(11, 26),
        closed=at(11, 27),
        on_time=True,
    )
    second = _assess(fixture, revise=True, reason="补录11月26日整改案件")
    first.refresh_from_db()
    assert (second.revision, second.is_current, second.supersedes_id) == (2, True, first.pk)
    assert not first.is_current
    assert {r.unit_id: r.composite for r in first.rows.all()} == before
    assert second.rows.get(unit=units["guangming"]).composite != before[units["guangming"].pk]
    with pytest.raises(Exception):
        row = first.rows.first()
        row.composite = Decimal(1)
        row.save()
    assert AssessmentUnit.objects.filter(assessment=first).count() == first.rows.count()


def test_a_metric_leaf_scores_the_mean_figure_against_its_target(fixture, units):
    from datetime import date

    from wenming.framework.models import MetricValue

    fixture["framework"].indicators.filter(code="B1").update(method="metric", target=Decimal(20))
    gm = units["guangming"]
    for start, end, value in [
        (date(2026, 11, 1), date(2026, 11, 15), 12),
        (date(2026, 11, 16), date(2026, 11, 30), 14),
    ]:
        MetricValue.objects.create(
            indicator=fixture["B1"],
            unit=gm,
            region=gm.region,
            period_start=start,
            period_end=end,
            value=value,
            source="志愿服务台账",
        )
    rows = _rows(_assess(fixture))
    # mean 13 of a target of 20 → 65 % of 5 points
    assert rows["光明社区"].scores[str(fixture["B1"].pk)][0] == "3.25"
    assert str(fixture["B1"].pk) not in rows["育才社区"].scores  # no figure: no evidence, not 0
