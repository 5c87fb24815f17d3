"""(a) A month's full assessment of the city framework for every unit, against the single
hand-written SQL aggregate of the same evidence (the floor), in one run.

Target: within 1.5× of the floor.
"""

from common import report, timed  # noqa: I001

from django.db import connection

from wenming.framework.models import Framework, FrameworkStatus
from wenming.regions.models import Region
from wenming.scoring import engine
from wenming.scoring.evidence import bounds
from wenming.scoring.models import Assessment
from wenming.periods import parse_period
from wenming.scoring.services import assess

PERIOD = parse_period("2026-11")

# The same work in one statement: every kind of evidence the engine counts, grouped the way it
# groups them, over the same rows. It returns counts only: no attribution, scores or storage.
FLOOR_SQL = """
WITH m AS (
  SELECT t.region_code, t.unit_id, t.indicator_id, count(*) AS n,
         sum(CASE g.grade WHEN 'A' THEN 100 WHEN 'B' THEN 80 WHEN 'C' THEN 60 ELSE 0 END) AS total
  FROM framework_task t
  JOIN framework_indicator i ON i.id = t.indicator_id AND i.framework_id = %(fw)s AND i.method = 'material'
  LEFT JOIN LATERAL (SELECT s.grade FROM materials_submission s
                     WHERE s.task_id = t.id AND s.status = 'approved' AND s.approved_at < %(end)s
                     ORDER BY s.approved_at DESC, s.id DESC LIMIT 1) g ON true
  WHERE t.period_start <= %(last)s AND t.due >= %(first)s
  GROUP BY 1, 2, 3
), r AS (
  SELECT v.region_code, v.unit_id, c.indicator_id, count(*) FILTER (WHERE r.outcome = 'pass') AS passed,
         count(*) FILTER (WHERE r.outcome = 'fail') AS failed, count(DISTINCT r.inspection_id) AS visits
  FROM inspections_checklistresult r
  JOIN inspections_inspection v ON v.id = r.inspection_id
  JOIN inspections_checklistitem c ON c.id = r.item_id
  JOIN framework_indicator i ON i.id = c.indicator_id AND i.framework_id = %(fw)s
  WHERE v.visited_at >= %(start)s AND v.visited_at < %(end)s AND r.outcome IN ('pass', 'fail')
  GROUP BY 1, 2, 3
), a AS (
  SELECT p.region_code, q.indicator_id, sum(a.value) AS total, count(*) AS n
  FROM surveys_answer a JOIN surveys_response p ON p.id = a.response_id
  JOIN surveys_question q ON q.id = a.question_id
  WHERE p.submitted_at >= %(start)s AND p.submitted_at < %(end)s AND q.indicator_id IS NOT NULL
  GROUP BY 1, 2
), c AS (
  SELECT region_code, unit_id, count(*) FILTER (WHERE created >= %(start)s) AS found,
         count(*) FILTER (WHERE resolution = 'fixed' AND closed_at >= %(start)s AND closed_at < %(end)s) AS closed,
         count(*) FILTER (WHERE (closed_at IS NULL OR closed_at >= %(end)s) AND overdue_from < %(end)s) AS overdue
  FROM cases_case
  WHERE created < %(end)s AND (closed_at IS NULL OR closed_at >= %(start)s)
    AND resolution NOT IN ('invalid', 'duplicate')
  GROUP BY 1, 2
), k AS (
  SELECT category, count(*) FILTER (WHERE created >= %(start)s) AS found,
         count(*) FILTER (WHERE resolution = 'fixed' AND closed_at >= %(start)s AND closed_at < %(end)s) AS closed
  FROM cases_case
  WHERE created < %(end)s AND (closed_at IS NULL OR closed_at >= %(start)s)
    AND resolution NOT IN ('invalid', 'duplicate') AND region_code LIKE %(prefix)s
  GROUP BY 1
), v AS (
  SELECT x.region_code, x.unit_id, x.indicator_id, sum(x.value) AS total, count(*) AS n
  FROM framework_metricvalue x
  JOIN framework_indicator i ON i.id = x.indicator_id AND i.framework_id = %(fw)s AND i.method = 'metric'
  WHERE x.period_start <= %(last)s AND x.period_end >= %(first)s
  GROUP BY 1, 2, 3
), t AS (
  SELECT unit_id, count(*) AS due, count(*) FILTER (WHERE status = 'done') AS done
  FROM framework_task WHERE due BETWEEN %(first)s AND %(last)s GROUP BY 1
)
SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM r), (SELECT count(*) FROM a),
       (SELECT count(*) FROM c), (SELECT count(*) FROM k), (SELECT count(*) FROM v),
       (SELECT count(*) FROM t)
"""


def floor(framework_id: int, prefix: str) -> tuple:
    start, end = bounds(PERIOD)
    with connection.cursor() as cursor:
        cursor.execute(
            FLOOR_SQL,
            {
                "fw": framework_id,
                "start": start,
                "end": end,
                "first": PERIOD.start,
                "last": PERIOD.end,
                "prefix": prefix + "%",
            },
        )
        return cursor.fetchone()


def main() -> None:
    framework = Framework.objects.get(name="基准测评体系", status=FrameworkStatus.ACTIVE)
    root = Region.objects.get(code="990000000000")
    # Start from no snapshot so that the engine computes (a re-run would only read the snapshot).
    Assessment.objects.filter(framework=framework, period_key=PERIOD.key).delete()
    # Warm both paths once (buffers, plans, imports), then time each.
    floor(framework.pk, root.prefix)
    engine.compute(
        framework_id=framework.pk,
        root=root,
        period=PERIOD,
        parameters=engine.Parameters.from_settings(),
    )
    floor_seconds, counts = timed(floor, framework.pk, root.prefix)
    engine_seconds, outcome = timed(
        assess, actor=None, framework=framework, period=PERIOD, region=root
    )
    rows = outcome.assessment.rows.count()
    reuse_seconds, _ = timed(assess, actor=None, framework=framework, period=PERIOD, region=root)
    ratio = engine_seconds / floor_seconds
    report(
        "a. 月度考核",
        units=rows,
        assessment_s=f"{engine_seconds:.2f}",
        sql_floor_s=f"{floor_seconds:.2f}",
        ratio=f"{ratio:.2f}",
        reuse_s=f"{reuse_seconds:.3f}",
        target="<=1.5x floor",
        ok=ratio <= 1.5,
    )


if __name__ == "__main__":
    main()
