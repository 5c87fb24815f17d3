"""Volunteer service at province scale: hours by region and month, the coverage table, and the
xlsx import's throughput — each timing beside one hand-written SQL statement doing the same work.

At scale 1: 6,300 teams, 420,000 volunteers, 2,000,000 service records (seed 001's figures for
one city, held here by a province of 2,000 communities). The rows are COPYed once and reused;
the region tree is the main bench dataset's (bench/data.py), or a tree of the same shape made
here when the database has none.

Part of `make bench` (bench/run.sh, at BENCH_SCALE, 100,000 rows imported). By hand:

    DATABASE_URL=postgresql://…/wm_bench .venv/bin/python bench/volunteers.py --scale 1 \
        --import-rows 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from openpyxl import Workbook

from benchdata import Copier
from common import median, report, timed  # noqa: I001  (sets Django up, PostgreSQL only)
from wenming.privacy import check_character
from wenming.regions.models import Region, RegionLevel
from wenming.volunteers import selectors
from wenming.volunteers.identity import id_key
from wenming.volunteers.models import (
    Activity,
    PracticeSite,
    ServiceRecord,
    SiteLevel,
    Team,
    TeamMember,
    Volunteer,
)
from wenming.volunteers.services import roster

YEAR = 2026
UTC = dt.timezone.utc


def ensure_regions(log) -> Region:
    """The province the bench works on: the main dataset's, else one of the same shape."""
    province = Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code").first()
    if province is not None and Region.objects.filter(level=RegionLevel.VILLAGE).exists():
        return province
    log("没有区划数据，生成 10 市 × 4 区 × 5 街道 × 10 社区。")
    regions = Copier(Region, ["code", "name", "level", "parent_id", "urban_rural"])
    regions.write(["990000000000", "基准省", "province", None, ""])
    for c in range(1, 11):
        city = f"99{c:02d}00000000"
        regions.write([city, f"基准市{c}", "city", "990000000000", ""])
        for d in range(1, 5):
            county = f"99{c:02d}{d:02d}000000"
            regions.write([county, f"基准市{c}区{d}", "county", city, ""])
            for s in range(1, 6):
                town = f"99{c:02d}{d:02d}{s:03d}000"
                regions.write([town, f"街道{c}-{d}-{s}", "town", county, "111"])
                for v in range(1, 11):
                    regions.write(
                        [f"{town[:9]}{v:03d}", f"社区{c}-{d}-{s}-{v}", "village", town, "111"]
                    )
    regions.close()
    return Region.objects.get(pk="990000000000")


def generate(province: Region, *, scale: float, log) -> None:
    if Volunteer.objects.filter(region__pk__startswith=province.prefix).exists():
        log("志愿服务基准数据已存在，直接复用。")
        return
    rng = random.Random(2026)
    towns = list(
        Region.objects.filter(level="town", code__startswith=province.prefix).values_list(
            "code", flat=True
        )
    )
    villages = list(
        Region.objects.filter(level="village", code__startswith=province.prefix).values_list(
            "code", flat=True
        )
    )
    counties = list(
        Region.objects.filter(level="county", code__startswith=province.prefix).values_list(
            "code", flat=True
        )
    )
    started = time.perf_counter()
    # Network: a centre per county, a 所 per town, a 站 in 9 of 10 communities.
    sites = Copier(PracticeSite, ["name", "level", "region_id", "is_active", "created"])
    now = dt.datetime(YEAR, 1, 1, tzinfo=UTC)
    for code in counties:
        sites.write([f"中心{code}", SiteLevel.CENTRE, code, True, now])
    for code in towns:
        sites.write([f"所{code}", SiteLevel.INSTITUTE, code, True, now])
    for index, code in enumerate(villages):
        if index % 10:
            sites.write([f"站{code}", SiteLevel.STATION, code, True, now])
    sites.close()
    # Teams spread over the communities.
    n_teams = max(1, int(6300 * scale))
    teams = Copier(Team, ["id", "name", "kind", "region_id", "is_active", "created"])
    base = (Team.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    team_region = {}
    for t in range(n_teams):
        code = villages[t % len(villages)]
        team_region[base + t] = code
        teams.write([base + t, f"基准队伍{base + t}", "party", code, True, now])
    teams.close()
    # Volunteers, each in one team of their community.
    n_volunteers = int(420_000 * scale)
    by_village: dict[str, list[int]] = {}
    for team_id, code in team_region.items():
        by_village.setdefault(code, []).append(team_id)
    vols = Copier(
        Volunteer,
        [
            "id",
            "name",
            "id_number",
            "id_key",
            "birth_date",
            "sex",
            "phone",
            "region_id",
            "registered_on",
            "is_active",
            "created",
        ],
    )
    members = Copier(TeamMember, ["team_id", "volunteer_id", "joined_on"])
    vbase = (Volunteer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    volunteer_team: list[tuple[int, int, str]] = []
    for i in range(n_volunteers):
        code = villages[i % len(villages)]
        born = dt.date(1960, 1, 1) + dt.timedelta(days=(i * 37) % 18000)
        # Unique, as the keyed hash must be: 18,000 birth dates × 1,000 serials.
        first17 = f"340403{born:%Y%m%d}{(i // 18000) % 1000:03d}"
        number = first17 + check_character(first17)
        pk = vbase + i
        vols.write(
            [
                pk,
                f"志愿者{pk}",
                number,
                id_key(number),
                born,
                "M" if i % 2 else "F",
                f"139{i:08d}"[:11],
                code,
                dt.date(YEAR - 1, 1 + i % 12, 1),
                True,
                now,
            ]
        )
        team_id = (by_village.get(code) or [base + (i % n_teams)])[
            i % len(by_village.get(code) or [1])
        ]
        members.write([team_id, pk, dt.date(YEAR - 1, 1, 1)])
        volunteer_team.append((pk, team_id, team_region[team_id]))
    vols.close()
    members.close()
    # Activities (one per team and month) and records.
    n_records = int(2_000_000 * scale)
    acts = Copier(
        Activity,
        [
            "id",
            "title",
            "team_id",
            "region_id",
            "address",
            "starts_at",
            "ends_at",
            "qr_token",
            "is_cancelled",
            "created",
        ],
    )
    abase = (Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    activity_of: dict[tuple[int, int], tuple[int, dt.date]] = {}
    aid = abase
    for team_id, code in team_region.items():
        for month in range(1, 13):
            day = dt.date(YEAR, month, 1 + (team_id % 27))
            starts = dt.datetime(YEAR, month, day.day, 1, 0, tzinfo=UTC)
            acts.write(
                [
                    aid,
                    "基准活动",
                    team_id,
                    code,
                    "活动地点",
                    starts,
                    starts + dt.timedelta(hours=3),
                    f"bench{aid}",
                    False,
                    now,
                ]
            )
            activity_of[(team_id, month)] = (aid, day)
            aid += 1
    acts.close()
    records = Copier(
        ServiceRecord,
        [
            "activity_id",
            "volunteer_id",
            "team_id",
            "region_id",
            "service_date",
            "hours",
            "source",
            "created",
        ],
    )
    seen = set()
    written = 0
    while written < n_records:
        pk, team_id, code = volunteer_team[rng.randrange(len(volunteer_team))]
        month = rng.randint(1, 12)
        activity, day = activity_of[(team_id, month)]
        if (activity, pk) in seen:
            continue
        seen.add((activity, pk))
        records.write(
            [
                activity,
                pk,
                team_id,
                code,
                day,
                Decimal(rng.choice([1, 1.5, 2, 2.5, 3])),
                "scan",
                now,
            ]
        )
        written += 1
    records.close()
    with connection.cursor() as cursor:
        for model in (PracticeSite, Team, Volunteer, TeamMember, Activity, ServiceRecord):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        for model in (Team, Volunteer, Activity):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM \"{table}\"))"
            )
    log(
        f"生成队伍 {n_teams}、志愿者 {n_volunteers}、服务记录 {n_records}，用时 {time.perf_counter() - started:.0f} 秒。"
    )


HOURS_SQL = """
SELECT substr(region_code, 1, %s) AS child, date_trunc('month', service_date) AS month,
       sum(hours), count(*)
FROM volunteers_servicerecord
WHERE region_code LIKE %s AND service_date BETWEEN %s AND %s
GROUP BY 1, 2 ORDER BY 1, 2
"""

COVERAGE_SQL = """
WITH covered AS (
  SELECT r.code, r.level,
         EXISTS (SELECT 1 FROM volunteers_practicesite s
                 WHERE s.region_code = r.code AND s.is_active
                   AND s.level = CASE r.level WHEN 'town' THEN 'institute' ELSE 'station' END) AS has_site
  FROM regions_region r
  WHERE r.code LIKE %s AND r.level IN ('town', 'village')
), sites AS (
  SELECT substr(region_code, 1, %s) AS child, count(*) FILTER (WHERE level = 'centre') AS centres,
         count(*) FILTER (WHERE level = 'point') AS points
  FROM volunteers_practicesite WHERE region_code LIKE %s AND is_active GROUP BY 1
)
SELECT c.child, c.towns, c.towns_covered, c.villages, c.villages_covered,
       coalesce(s.centres, 0), coalesce(s.points, 0)
FROM (SELECT substr(code, 1, %s) AS child,
             count(*) FILTER (WHERE level = 'town') AS towns,
             count(*) FILTER (WHERE level = 'town' AND has_site) AS towns_covered,
             count(*) FILTER (WHERE level = 'village') AS villages,
             count(*) FILTER (WHERE level = 'village' AND has_site) AS villages_covered
      FROM covered GROUP BY 1) c LEFT JOIN sites s USING (child)
ORDER BY 1
"""


def sql(statement: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def runs(fn, n: int = 7) -> float:
    fn()  # warm the cache
    return median([timed(fn)[0] for _ in range(n)])


def import_workbook(rows: int) -> bytes:
    """The national system's export of ``rows`` volunteers, split over sheets as it does."""
    wb = Workbook(write_only=True)
    per_sheet = 19_000  # under SHEET_MAX_ROWS: an export larger than a sheet is split, as here
    serial = 0
    for sheet in range(0, rows, per_sheet):
        ws = wb.create_sheet(f"名单{sheet // per_sheet + 1}")
        ws.append(["全国志愿服务信息系统 志愿者导出"])
        ws.append(["序号", "姓名", "证件类型", "证件号码", "手机号码", "注册时间"])
        for _row in range(min(per_sheet, rows - sheet)):
            serial += 1
            born = dt.date(1950, 1, 1) + dt.timedelta(days=serial // 1000)
            first17 = f"110101{born:%Y%m%d}{serial % 1000:03d}"
            ws.append(
                [
                    serial,
                    f"导入{serial}",
                    "居民身份证",
                    first17 + check_character(first17),
                    f"137{serial:08d}",
                    "2026-03-01",
                ]
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def time_import(actor, team: Team, rows: int) -> None:
    """(g) the import of ``rows`` volunteers (rolled back afterwards, the dataset stays), and
    the reading of the file alone, in the same run."""
    data = import_workbook(rows)
    read_s, tables = timed(roster.read_volunteer_tables, data, "bench.xlsx")
    with transaction.atomic():
        seconds, summary = timed(
            roster.import_volunteers,
            actor=actor,
            data=data,
            filename="bench.xlsx",
            team=team,
            consent=True,
        )
        transaction.set_rollback(True)
    report(
        "volunteer-import",
        rows=summary.created,
        sheets=len(tables),
        file_mb=f"{len(data) / 1e6:.1f}",
        read_s=f"{read_s:.1f}",
        seconds=f"{seconds:.1f}",
        rows_per_s=f"{summary.created / seconds:.0f}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description="志愿服务基准：分区划分月时长、阵地覆盖、志愿者导入。"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1 = 6300 支队伍、42 万志愿者、200 万条记录"
    )
    parser.add_argument("--import-rows", type=int, default=100_000)
    options = parser.parse_args()
    name = connection.settings_dict.get("NAME") or ""
    if "bench" not in name:
        sys.exit(f"数据库“{name}”名称不含 bench，不在其中生成基准数据。")
    call_command("migrate", "--noinput", verbosity=0)
    province = ensure_regions(print)
    generate(province, scale=options.scale, log=print)
    records = ServiceRecord.objects.count()
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

    # (e) hours and 服务人次 by region and month over a year, for the whole province.
    child = len(Region.objects.filter(parent=province).first().prefix)
    app = runs(lambda: selectors.hours_by_region_month(province, start=start, end=end))
    floor = runs(lambda: sql(HOURS_SQL, [child, province.prefix + "%", start, end]))
    report(
        "hours-by-region-month",
        records=records,
        app_s=f"{app:.3f}",
        sql_s=f"{floor:.3f}",
        ratio=f"{app / floor:.2f}",
    )

    # (f) the coverage table of the province (its cities).
    User = get_user_model()
    actor, _ = User.objects.get_or_create(
        username="bench-volunteers", defaults={"is_superuser": True}
    )
    app = runs(lambda: selectors.coverage(actor, province))
    floor = runs(
        lambda: sql(COVERAGE_SQL, [province.prefix + "%", child, province.prefix + "%", child])
    )
    report("coverage", app_s=f"{app:.3f}", sql_s=f"{floor:.3f}", ratio=f"{app / floor:.2f}")

    team = Team.objects.filter(region__pk__startswith=province.prefix).order_by("pk").first()
    time_import(actor, team, options.import_rows)


if __name__ == "__main__":
    main()
