"""The province-scale benchmark dataset (bench/data.py), generated deterministically
into PostgreSQL with COPY.

A province of 10 cities × 4 districts × 5 streets × 10 communities (2,000 communities at scale
1), a unit for each district, street and community, 40 departments, a 60-leaf framework, 50,000
sites visited monthly by sample (≈ 60,000 visits, 300,000 checklist results), 1,000,000 cases
over 2026 with their events, 1,000,000 survey responses with two answers each, and a year of
monthly tasks with their submissions. The same seed always gives the same rows.

Columns the generator does not know (added by a later migration) get their model default, NULL,
or the empty value of their type, so the generator keeps working as the models grow.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from decimal import Decimal

from django.db import connection, models

FINGERPRINT_VERSION = "bench-v2"
YEAR = 2026
UTC = dt.timezone.utc
PROVINCE = "990000000000"
CATEGORIES = [
    "环境卫生",
    "占道经营",
    "乱停乱放",
    "违规广告",
    "公共设施损坏",
    "垃圾堆放",
    "绿化破坏",
    "噪声扰民",
    "养老服务",
    "交通秩序",
]
PASSWORD = "Bench@2026!"


# --- COPY plumbing -----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _filler(field: models.Field):
    """The value of a column the generator does not set."""
    if field.has_default():
        default = field.get_default()
        return default
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return 0
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.DateTimeField):
        return dt.datetime(YEAR, 1, 1, tzinfo=UTC)
    raise ValueError(f"bench-data cannot fill {field.model.__name__}.{field.name}")


class Copier:
    """Rows for a model's table, spooled to a temporary file and COPYed at ``close()`` (one COPY
    at a time per connection, so several tables can be generated together)."""

    CHUNK = 1 << 20

    def __init__(self, model, attnames: list[str]):
        import tempfile

        fields = list(model._meta.concrete_fields)
        by_attname = {f.attname: f for f in fields}
        missing = [a for a in attnames if a not in by_attname]
        if missing:
            raise ValueError(f"{model.__name__} has no column(s) {missing}")
        # Columns not given get their filler; an auto primary key not given is left to the database.
        extra = [
            f for f in fields if f.attname not in attnames and not isinstance(f, models.AutoField)
        ]
        self.columns = [by_attname[a].column for a in attnames] + [f.column for f in extra]
        self.suffix = "".join("\t" + _text(_filler(f)) for f in extra) + "\n"
        self.table = model._meta.db_table
        self.spool = tempfile.TemporaryFile(mode="w+b")
        self.buffer: list[str] = []
        self.rows = 0

    def write(self, values) -> None:
        self.buffer.append("\t".join(map(_text, values)) + self.suffix)
        self.rows += 1
        if len(self.buffer) >= 20000:
            self._spill()

    def _spill(self) -> None:
        self.spool.write("".join(self.buffer).encode())
        self.buffer = []

    def close(self) -> int:
        self._spill()
        self.spool.seek(0)
        columns = ", ".join(f'"{c}"' for c in self.columns)
        with connection.connection.cursor() as cursor:
            with cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
                while chunk := self.spool.read(self.CHUNK):
                    copy.write(chunk)
        self.spool.close()
        return self.rows


def fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = cursor.fetchall()
    return hashlib.sha256(json.dumps([FINGERPRINT_VERSION, migrations]).encode()).hexdigest()[:16]


def stored_fingerprint() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)"
        )
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'fingerprint'")
        row = cursor.fetchone()
    return row[0] if row else None


def _store_fingerprint(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('fingerprint', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [value],
        )


# --- the dataset -------------------------------------------------------------------------------


def _utc(day: dt.date, seconds: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=UTC) + dt.timedelta(seconds=seconds)


class Generator:
    def __init__(self, *, scale: float = 1.0, seed: int = 2026, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.log = log
        self.cities = max(1, round(10 * scale))
        self.sites_per_community = 25
        self.cases = max(1000, int(1_000_000 * scale))
        self.responses = max(1000, int(1_000_000 * scale))

    def step(self, name, fn):
        started = time.perf_counter()
        count = fn()
        self.log(f"  {name}: {count:,} 行，{time.perf_counter() - started:.1f} 秒")

    def run(self) -> None:
        # Bulk loading: the rows are consistent by construction, so the per-row foreign-key
        # triggers are skipped while loading (superuser only; the bench cluster's own user is).
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        self._truncate()
        self.step("区划与单位", self.regions_and_units)
        self.step("测评体系", self.framework)
        self.step("点位", self.sites)
        self.step("实地检查与检查结果", self.inspections)
        self.step("任务与申报材料", self.tasks)
        self.step("问卷答卷", self.surveys)
        self.step("问题案件与流转记录", self.cases_and_events)
        self._reset_sequences()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            # VACUUM too, as autovacuum would soon after a bulk load: it sets the visibility map,
            # without which PostgreSQL cannot answer the map and board from their covering
            # indexes (index-only scans) and reads the heap instead — not the steady state.
            cursor.execute("VACUUM ANALYZE")

    # Tables this generator fills; everything referencing them is emptied with CASCADE.
    def _models(self):
        from django.apps import apps

        names = [
            "regions.Region",
            "regions.Unit",
            "regions.Membership",
            "framework.Framework",
            "framework.Indicator",
            "framework.Task",
            "inspections.SiteType",
            "inspections.ChecklistItem",
            "inspections.Site",
            "inspections.Round",
            "inspections.RoundSite",
            "inspections.Inspection",
            "inspections.ChecklistResult",
            "materials.Submission",
            "surveys.Survey",
            "surveys.Question",
            "surveys.Response",
            "surveys.Answer",
            "cases.Case",
            "cases.CaseEvent",
            "scoring.Assessment",
            "scoring.AssessmentUnit",
            "scoring.Bulletin",
            "scoring.ScheduledRun",
        ]
        return [apps.get_model(name) for name in names]

    def _truncate(self) -> None:
        from django.contrib.auth import get_user_model

        tables = [m._meta.db_table for m in self._models()] + [get_user_model()._meta.db_table]
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )

    def _reset_sequences(self) -> None:
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), self._models()):
                cursor.execute(sql)

    def regions_and_units(self) -> int:
        from wenming.regions.models import Region, RegionLevel, Unit, UnitKind

        regions = Copier(
            Region, ["code", "name", "level", "parent_id", "urban_rural", "latitude", "longitude"]
        )
        units = Copier(
            Unit, ["id", "name", "short_name", "kind", "region_id", "parent_id", "is_active"]
        )
        regions.write([PROVINCE, "基准省", RegionLevel.PROVINCE, None, "", None, None])
        unit_id = 1
        units.write(
            [
                unit_id,
                "基准省精神文明建设委员会办公室",
                "省文明办",
                UnitKind.OFFICE,
                PROVINCE,
                None,
                True,
            ]
        )
        self.office_id = unit_id
        self.departments = []
        for d in range(1, 41):
            unit_id += 1
            units.write(
                [
                    unit_id,
                    f"基准省第{d}职能部门",
                    f"职能部门{d}",
                    UnitKind.DEPARTMENT,
                    PROVINCE,
                    None,
                    True,
                ]
            )
            self.departments.append(unit_id)
        self.communities = []  # (region code, unit id, street unit id)
        self.streets, self.districts = [], []
        for c in range(1, self.cities + 1):
            city = f"99{c:02d}00000000"
            regions.write([city, f"基准市{c}", RegionLevel.CITY, PROVINCE, "", None, None])
            for k in range(1, 5):
                county = f"99{c:02d}{k:02d}000000"
                regions.write(
                    [county, f"基准市{c}第{k}区", RegionLevel.COUNTY, city, "", None, None]
                )
                unit_id += 1
                district_unit = unit_id
                units.write(
                    [
                        unit_id,
                        f"基准市{c}第{k}区人民政府",
                        f"{c}市{k}区",
                        UnitKind.GOVERNMENT,
                        county,
                        None,
                        True,
                    ]
                )
                self.districts.append(district_unit)
                for t in range(1, 6):
                    town = f"99{c:02d}{k:02d}{t:03d}000"
                    regions.write(
                        [town, f"{c}市{k}区第{t}街道", RegionLevel.TOWN, county, "111", None, None]
                    )
                    unit_id += 1
                    street_unit = unit_id
                    units.write(
                        [
                            unit_id,
                            f"{c}市{k}区第{t}街道办事处",
                            f"{c}-{k}-{t}街道",
                            UnitKind.STREET,
                            town,
                            district_unit,
                            True,
                        ]
                    )
                    self.streets.append(street_unit)
                    for v in range(1, 11):
                        village = f"99{c:02d}{k:02d}{t:03d}{v:03d}"
                        lat = Decimal(f"{30 + c * 0.1 + v * 0.001:.6f}")
                        lon = Decimal(f"{115 + k * 0.1 + t * 0.01:.6f}")
                        regions.write(
                            [
                                village,
                                f"{c}-{k}-{t}-{v}社区",
                                RegionLevel.VILLAGE,
                                town,
                                "111",
                                lat,
                                lon,
                            ]
                        )
                        unit_id += 1
                        units.write(
                            [
                                unit_id,
                                f"{c}市{k}区{t}街道第{v}社区居委会",
                                f"{c}-{k}-{t}-{v}社区",
                                UnitKind.COMMUNITY,
                                village,
                                street_unit,
                                True,
                            ]
                        )
                        self.communities.append((village, unit_id, street_unit))
        count = regions.close() + units.close()
        self._people()
        return count

    def _people(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password

        from wenming.regions.models import Membership, Role

        User = get_user_model()
        hashed = make_password(PASSWORD)
        self.users = {}
        for username, role, unit in [
            ("admin", Role.ADMIN, self.office_id),
            ("coordinator", Role.COORDINATOR, self.office_id),
            ("inspector", Role.INSPECTOR, self.office_id),
            ("street", Role.LIAISON, self.streets[0]),
        ]:
            user = User.objects.create(
                username=username, password=hashed, is_staff=role == Role.ADMIN
            )
            Membership.objects.create(user=user, unit_id=unit, role=role)
            self.users[username] = user.pk

    def framework(self) -> int:
        from wenming.framework.models import Framework, FrameworkStatus, Indicator, Method, Rule

        fw = Framework.objects.create(
            name="基准测评体系",
            status=FrameworkStatus.ACTIVE,
            total_points=100,
            effective_from=dt.date(YEAR, 1, 1),
        )
        self.framework_id = fw.pk
        methods = (
            [Method.MATERIAL] * 20
            + [Method.INSPECTION] * 25
            + [Method.SURVEY] * 10
            + [Method.METRIC] * 5
        )
        self.leaves = {m: [] for m in Method.values}
        position = 0
        made = 0
        for group in range(10):
            position += 1
            parent = Indicator.objects.create(
                framework=fw,
                code=f"{group + 1}",
                name=f"第{group + 1}项测评内容",
                points=10,
                depth=1,
                position=position,
            )
            made += 1
            for leaf in range(6):
                position += 1
                method = methods[group * 6 + leaf]
                rule = Rule.DEDUCT if method == Method.INSPECTION and leaf % 3 == 0 else Rule.RATE
                indicator = Indicator.objects.create(
                    framework=fw,
                    parent=parent,
                    code=f"{group + 1}.{leaf + 1}",
                    name=f"测评指标{group + 1}.{leaf + 1}",
                    points=Decimal("10") / 6
                    if leaf < 5
                    else Decimal("10") - 5 * (Decimal("10") / 6).quantize(Decimal("0.01")),
                    depth=2,
                    position=position,
                    method=method,
                    rule=rule,
                    target=Decimal(100) if method == Method.METRIC else None,
                )
                self.leaves[method].append(indicator.pk)
                made += 1
        return made

    def sites(self) -> int:
        from wenming.framework.models import Method
        from wenming.inspections.models import ChecklistItem, Site, SiteType

        self.site_types = []
        leaves = self.leaves[Method.INSPECTION]
        for t in range(5):
            site_type = SiteType.objects.create(
                code=f"bench-{t}", name=f"基准点位类型{t + 1}", position=100 + t
            )
            items = [
                ChecklistItem.objects.create(
                    site_type=site_type,
                    position=i,
                    text=f"检查项{t + 1}-{i + 1}",
                    indicator_id=leaves[t * 5 + i],
                    points=Decimal(1),
                    category=CATEGORIES[i],
                )
                for i in range(5)
            ]
            self.site_types.append((site_type.pk, [item.pk for item in items]))
        sites = Copier(
            Site,
            [
                "id",
                "name",
                "site_type_id",
                "region_id",
                "unit_id",
                "latitude",
                "longitude",
                "is_active",
                "created",
            ],
        )
        self.sites_list = []
        site_id = 0
        created = _utc(dt.date(YEAR, 1, 1))
        for region, unit, _street in self.communities:
            for s in range(self.sites_per_community):
                site_id += 1
                type_index = s % 5
                lat = Decimal(f"{30 + (site_id % 997) * 0.003:.6f}")
                lon = Decimal(f"{115 + (site_id % 991) * 0.003:.6f}")
                sites.write(
                    [
                        site_id,
                        f"点位{s + 1}",
                        self.site_types[type_index][0],
                        region,
                        unit,
                        lat,
                        lon,
                        True,
                        created,
                    ]
                )
                self.sites_list.append((site_id, region, unit, type_index))
        return sites.close()

    def inspections(self) -> int:
        from wenming.inspections.models import ChecklistResult, Inspection, Round, RoundSite

        rounds = [
            Round.objects.create(
                name=f"{YEAR}年{m}月明查",
                period_start=dt.date(YEAR, m, 1),
                period_end=dt.date(YEAR, m, 28),
                status="finished",
            )
            for m in range(1, 13)
        ]
        inspections = Copier(
            Inspection,
            [
                "id",
                "round_id",
                "site_id",
                "region_id",
                "unit_id",
                "inspector_id",
                "visited_at",
                "note",
                "created",
            ],
        )
        round_sites = Copier(RoundSite, ["round_id", "site_id", "position"])
        results = Copier(ChecklistResult, ["inspection_id", "item_id", "outcome", "note"])
        rng = self.rng
        inspection_id = 0
        inspector = self.users["inspector"]
        for month, rnd in enumerate(rounds, start=1):
            position = 0
            for site_id, region, unit, type_index in self.sites_list:
                if (site_id + month) % 10:
                    continue
                inspection_id += 1
                position += 1
                visited = _utc(dt.date(YEAR, month, 1 + site_id % 27), 3600 * (1 + site_id % 9))
                inspections.write(
                    [inspection_id, rnd.pk, site_id, region, unit, inspector, visited, "", visited]
                )
                round_sites.write([rnd.pk, site_id, position])
                for item in self.site_types[type_index][1]:
                    draw = rng.random()
                    outcome = "pass" if draw < 0.85 else "fail" if draw < 0.97 else "na"
                    results.write([inspection_id, item, outcome, ""])
        copied = inspections.close() + round_sites.close() + results.close()
        from wenming.inspections.services import refresh_site_results

        refresh_site_results()  # each site's latest result, as record_inspection keeps it
        return copied

    def tasks(self) -> int:
        from wenming.framework.models import Method, Task
        from wenming.materials.models import Submission

        tasks = Copier(
            Task,
            [
                "id",
                "indicator_id",
                "unit_id",
                "region_id",
                "parent_id",
                "is_lead",
                "title",
                "period_start",
                "due",
                "status",
                "progress",
                "created",
                "updated",
            ],
        )
        submissions = Copier(
            Submission,
            [
                "task_id",
                "unit_id",
                "region_id",
                "text",
                "status",
                "grade",
                "reviewer_comment",
                "return_reason",
                "version",
                "created_by_id",
                "reviewed_by_id",
                "created",
                "updated",
                "submitted_at",
                "approved_at",
            ],
        )
        material = self.leaves[Method.MATERIAL]
        owners = [
            (unit, region, material[(i * 3) % 20 : (i * 3) % 20 + 3])
            for i, (region, unit, _s) in enumerate(self.communities)
        ]
        regions_of = self._unit_regions()
        owners += [
            (unit, regions_of[unit], material)
            for unit in self.departments + self.districts + self.streets
        ]
        rng = self.rng
        admin = self.users["admin"]
        task_id = 0
        for month in range(1, 13):
            start = dt.date(YEAR, month, 1)
            end = dt.date(YEAR + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            stamp = _utc(start)
            for unit, region, leaves in owners:
                for leaf in leaves:
                    task_id += 1
                    done = month < 11 or rng.random() < 0.5
                    tasks.write(
                        [
                            task_id,
                            leaf,
                            unit,
                            region,
                            None,
                            True,
                            "",
                            start,
                            end,
                            "done" if done else "in_progress",
                            100 if done else 50,
                            stamp,
                            stamp,
                        ]
                    )
                    if month == 12 or rng.random() > 0.9:
                        continue
                    submitted = _utc(start, 86400 * rng.randint(3, 33))
                    draw = rng.random()
                    if draw < 0.8:
                        grade = (
                            "A"
                            if draw < 0.3
                            else "B"
                            if draw < 0.6
                            else "C"
                            if draw < 0.75
                            else "D"
                        )
                        submissions.write(
                            [
                                task_id,
                                unit,
                                region,
                                "",
                                "approved",
                                grade,
                                "",
                                "",
                                2,
                                admin,
                                admin,
                                submitted,
                                submitted,
                                submitted,
                                submitted + dt.timedelta(days=2),
                            ]
                        )
                    else:
                        submissions.write(
                            [
                                task_id,
                                unit,
                                region,
                                "",
                                "submitted",
                                "",
                                "",
                                "",
                                1,
                                admin,
                                None,
                                submitted,
                                submitted,
                                submitted,
                                None,
                            ]
                        )
        return tasks.close() + submissions.close()

    def _unit_regions(self) -> dict[int, str]:
        from wenming.regions.models import Unit

        return dict(Unit.objects.values_list("pk", "region_id"))

    def surveys(self) -> int:
        from wenming.framework.models import Method
        from wenming.surveys.models import Answer, Question, QuestionKind, Response, Survey

        survey = Survey.objects.create(
            title="基准省创建工作群众满意度调查",
            status="open",
            region_id=PROVINCE,
            unit_id=self.office_id,
            created_by_id=self.users["admin"],
        )
        leaves = self.leaves[Method.SURVEY]
        questions = [
            Question.objects.create(
                survey=survey,
                position=i,
                text=f"调查题{i + 1}",
                indicator_id=leaves[i],
                kind=QuestionKind.AWARENESS if i % 2 == 0 else QuestionKind.SATISFACTION,
            )
            for i in range(4)
        ]
        responses = Copier(
            Response, ["id", "survey_id", "region_id", "submitted_at", "respondent_key"]
        )
        answers = Copier(Answer, ["response_id", "question_id", "value", "text"])
        rng = self.rng
        seconds = 365 * 86400
        communities = self.communities
        for i in range(1, self.responses + 1):
            region = communities[rng.randrange(len(communities))][0]
            submitted = _utc(dt.date(YEAR, 1, 1), int(seconds * (i - 1) / self.responses))
            responses.write([i, survey.pk, region, submitted, f"bench{i}"])
            first = questions[i % 4]
            second = questions[(i + 1) % 4]
            for question in (first, second):
                if question.kind == QuestionKind.AWARENESS:
                    value = 1 if rng.random() < 0.8 else 0
                else:
                    value = rng.choice((100, 100, 80, 80, 80, 60, 40, 0))
                answers.write([i, question.pk, value, ""])
        return responses.close() + answers.close()

    def cases_and_events(self) -> int:
        from wenming.cases.models import Case, CaseEvent

        case_copy = Copier(
            Case,
            [
                "id",
                "source",
                "category",
                "severity",
                "description",
                "address",
                "region_id",
                "unit_id",
                "state",
                "resolution",
                "duplicate_of_id",
                "due",
                "overdue_from",
                "reporter_name",
                "created",
                "dispatched_at",
                "submitted_at",
                "closed_at",
                "fail_count",
                "extension_count",
                "on_time",
                "working_hours",
                "exposed_at",
                "version",
                "latitude",
                "longitude",
            ],
        )
        events = Copier(
            CaseEvent,
            [
                "case_id",
                "actor_name",
                "actor_unit",
                "at",
                "action",
                "from_state",
                "to_state",
                "note",
                "data",
            ],
        )
        rng = self.rng
        now = _utc(dt.date(YEAR, 12, 1))
        span = 334 * 86400  # 1 January to 30 November
        communities = self.communities
        departments = self.departments
        for i in range(1, self.cases + 1):
            region, community_unit, _street = communities[rng.randrange(len(communities))]
            unit = (
                community_unit
                if rng.random() < 0.8
                else departments[rng.randrange(len(departments))]
            )
            created = _utc(dt.date(YEAR, 1, 1), int(span * (i - 1) / self.cases))
            dispatched = created + dt.timedelta(hours=1)
            due = created + dt.timedelta(days=3)
            category = CATEGORIES[rng.randrange(len(CATEGORIES))]
            duration = dt.timedelta(hours=rng.randint(4, 24 * 10))
            closed_at = created + duration
            draw = rng.random()
            resolution, duplicate_of, submitted, on_time, fails, hours, exposed = (
                "",
                None,
                None,
                None,
                0,
                None,
                None,
            )
            if closed_at < now and draw < 0.95:
                state = "closed"
                if draw < 0.03:
                    resolution = "invalid"
                elif draw < 0.05 and i > 1:
                    resolution, duplicate_of = "duplicate", i - 1
                else:
                    resolution = "fixed"
                    submitted = closed_at - dt.timedelta(hours=1)
                    on_time = submitted <= due
                    fails = 0 if rng.random() < 0.85 else rng.choice((1, 1, 2))
                    hours = Decimal(duration.total_seconds() / 3600 * 0.3).quantize(Decimal("0.1"))
            else:
                state, closed_at = "rectifying", None
                if due < now - dt.timedelta(days=7) and rng.random() < 0.2:
                    exposed = due + dt.timedelta(days=7)
            case_copy.write(
                [
                    i,
                    "inspection",
                    category,
                    "general",
                    f"{category}问题",
                    "",
                    region,
                    unit,
                    state,
                    resolution,
                    duplicate_of,
                    due,
                    due,
                    "",
                    created,
                    dispatched,
                    submitted,
                    closed_at,
                    fails,
                    0,
                    on_time,
                    hours,
                    exposed,
                    1,
                    # scattered over the sites' area (not from rng: the rest stays as it was)
                    Decimal(f"{30 + (i * 7 % 9973) * 0.0003:.6f}"),
                    Decimal(f"{115 + (i * 13 % 9967) * 0.0003:.6f}"),
                ]
            )
            events.write([i, "督查员", "省文明办", created, "report", "", "reported", "", {}])
            events.write(
                [i, "督查员", "省文明办", dispatched, "accept", "reported", "dispatched", "", {}]
            )
            if resolution in ("invalid", "duplicate"):
                events.write(
                    [i, "督查员", "省文明办", closed_at, "reject", "dispatched", "closed", "", {}]
                )
                continue
            events.write(
                [
                    i,
                    "联络员",
                    "",
                    dispatched + dt.timedelta(hours=2),
                    "sign",
                    "dispatched",
                    "rectifying",
                    "",
                    {},
                ]
            )
            if resolution == "fixed":
                events.write(
                    [
                        i,
                        "联络员",
                        "",
                        submitted,
                        "submit",
                        "rectifying",
                        "awaiting_verification",
                        "",
                        {},
                    ]
                )
                events.write(
                    [
                        i,
                        "督查员",
                        "省文明办",
                        closed_at,
                        "pass",
                        "awaiting_verification",
                        "closed",
                        "",
                        {},
                    ]
                )
        return case_copy.close() + events.close()


def generate(*, scale: float = 1.0, seed: int = 2026, force: bool = False, log=print) -> bool:
    """Fill the database with the dataset unless it already holds this generator's dataset for
    the current schema; True when it generated."""
    if connection.vendor != "postgresql":
        raise RuntimeError("bench-data 需要 PostgreSQL（COPY 批量导入）。")
    current = f"{fingerprint()}-{scale}-{seed}"
    if not force and stored_fingerprint() == current:
        log("基准数据已存在且与当前数据库结构一致，直接复用。")
        return False
    started = time.perf_counter()
    Generator(scale=scale, seed=seed, log=log).run()
    _store_fingerprint(current)
    log(f"基准数据生成完毕，用时 {time.perf_counter() - started:.0f} 秒。")
    return True
