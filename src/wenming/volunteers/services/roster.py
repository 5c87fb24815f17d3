"""志愿者名册 as spreadsheets: the xlsx import in the national volunteer service system's export
layout (headers below title rows, 繁/简 and full-width accepted, an export split over sheets),
and the masked, formula-safe export.

The import names every bad row (sheet, row, column, why: bad check digit, a number twice in the
file or already registered…) and saves nothing while any remains. It is built for a whole
county's export: the file is read by calamine (wenming.sheets.open_sheets), each row is checked
against lookups made once (regions, teams, the uploader's rights; repeated cell texts are
normalised once), the database is asked about the ID numbers in large chunks, and the rows are
written with COPY (wenming.bulk).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.bulk import insert_rows
from wenming.hanzi import normalize, to_simplified
from wenming.inputs import clean_name
from wenming.privacy import (
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_phone,
    validate_id_number,
)
from wenming.regions.models import Region
from wenming.regions.scope import scope_for
from wenming.sheets import (
    CellError,
    Column,
    Row,
    SheetRejected,
    open_sheets,
    read_table,
    workbook_bytes,
)
from wenming.volunteers import permissions
from wenming.volunteers.identity import id_keys
from wenming.volunteers.models import Team, TeamMember, Volunteer, VolunteerSource
from wenming.volunteers.services.people import (
    PRIVACY_STATEMENT_VERSION,
    SEX_OF,
    check_can_register,
)

# The national volunteer service system's (全国志愿服务信息系统) export, and the names offices
# give its columns when they retype it.
VOLUNTEER_COLUMNS = (
    Column("name", ("姓名", "志愿者姓名", "真实姓名")),
    Column("id_number", ("证件号码", "身份证号", "身份证号码", "公民身份号码", "证件号")),
    Column("id_type", ("证件类型",), required=False),
    Column("phone", ("手机号码", "手机号", "联系电话", "联系方式"), required=False),
    Column(
        "team", ("所属组织", "所属队伍", "志愿队伍", "志愿服务组织", "组织名称"), required=False
    ),
    Column("region", ("所在地区", "服务区域", "所属社区", "区划代码", "所在区划"), required=False),
    Column("registered_on", ("注册时间", "注册日期"), required=False),
    Column("national_code", ("志愿者编号", "志愿者ID", "用户编号"), required=False),
    Column("political_status", ("政治面貌",), required=False),
    Column("skills", ("技能特长", "专业技能", "服务意向"), required=False),
)
RESIDENT_ID_TYPES = {"", "居民身份证", "身份证", "中华人民共和国居民身份证", "大陆居民身份证"}
KEY_CHUNK = 5000  # ID keys asked about per query
DATE_PATTERNS = ("%Y-%m-%d", "%Y-%m-%d%H:%M:%S", "%Y-%m-%d%H:%M", "%Y年%m月%d日")


@dataclass
class ImportSummary:
    created: int = 0
    joined: int = 0


@dataclass
class _Planned:
    row: Row
    values: dict
    team: Team | None
    ok: bool = True  # False: the row has errors (its number still counts for duplicates)


class _Texts:
    """normalize() of cell texts, each distinct text once: a column such as 证件类型, 所属组织
    or 注册时间 holds a handful of values over thousands of rows."""

    def __init__(self):
        self.seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = normalize(text)
        return found


class _Regions:
    def __init__(self, scope, texts: _Texts):
        self.scope, self.texts = scope, texts
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in Region.objects.filter(scope.regions_q()):
            self.by_code[region.code] = region
            self.by_name.setdefault(normalize(region.name), []).append(region)

    def find(self, text: str) -> tuple[Region | None, str | None]:
        key = self.texts(text)
        if key in self.by_code:
            return self.by_code[key], None
        found = self.by_name.get(key, [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _("“%(v)s”对应多个区划，请改填 12 位区划代码。") % {"v": text}
        return None, _("找不到区划“%(v)s”，或不在您的管辖范围内。") % {"v": text}


class _RowChecker:
    """Checks one row at a time against lookups made once for the whole file."""

    def __init__(self, actor, default_team: Team | None):
        self.texts = _Texts()
        self.scope = scope_for(actor)
        self.regions = _Regions(self.scope, self.texts)
        self.teams = {normalize(t.name): t for t in Team.objects.filter(is_active=True)}
        self.default_team = default_team
        self.managed = permissions.managed_team_ids(actor)
        self.allowed: dict[int, bool] = {}
        self.dates: dict[str, date | None] = {}
        self.errors: list[CellError] = []

    def may_join(self, team: Team) -> bool:
        """The uploader manages the team, or it lies in their territory (asked once per team)."""
        if team.pk not in self.allowed:
            self.allowed[team.pk] = (
                team.pk in self.managed
                or self.scope.covers_region(team.region_id)
                or bool(team.unit_id and team.unit_id in self.scope.unit_ids)
            )
        return self.allowed[team.pk]

    def identity(self, row: Row):
        if self.texts(row.text("id_type")) not in RESIDENT_ID_TYPES:
            message = _("证件类型“%(v)s”暂不支持，仅可导入居民身份证。")
            self.errors.append(row.error("id_type", message % {"v": row.text("id_type")}))
        try:
            return validate_id_number(row.text("id_number"))
        except ValueError as error:
            self.errors.append(row.error("id_number", str(error)))
            return None

    def phone(self, row: Row) -> str:
        try:
            return normalise_phone(row.text("phone"))
        except ValueError as error:
            self.errors.append(row.error("phone", str(error)))
            return ""

    def team(self, row: Row) -> Team | None:
        team = self.default_team
        if row.text("team"):
            team = self.teams.get(self.texts(row.text("team")))
            if team is None:
                message = _("找不到志愿服务队伍“%(v)s”。") % {"v": row.text("team")}
                self.errors.append(row.error("team", message))
        if team is not None and not self.may_join(team):
            message = _("队伍“%(v)s”不在您的管理范围内。") % {"v": team.name}
            self.errors.append(row.error("team", message))
        return team

    def region(self, row: Row, team: Team | None) -> Region | None:
        region = None
        if row.text("region"):
            region, problem = self.regions.find(row.text("region"))
            if problem:
                self.errors.append(row.error("region", problem))
        elif team is not None:
            region = team.region
        else:
            self.errors.append(row.error("region", _("请填写所在地区，或在上传时选择队伍。")))
        if region is not None and team is None and not self.scope.covers_region(region.code):
            self.errors.append(row.error("region", _("区划不在您的管辖范围内。")))
        return region

    def registered_on(self, row: Row) -> date:
        value = row.values.get("registered_on")
        if value in (None, ""):
            return timezone.localdate()
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value)
        if text not in self.dates:
            self.dates[text] = _parse_date(self.texts(text).replace("/", "-").replace(".", "-"))
        if self.dates[text] is None:
            message = _("注册时间“%(v)s”不是日期。") % {"v": value}
            self.errors.append(row.error("registered_on", message))
            return timezone.localdate()
        return self.dates[text]

    def check(self, row: Row) -> _Planned | None:
        before = len(self.errors)
        name = to_simplified(clean_name(row.text("name")))
        if not name:
            self.errors.append(row.error("name", _("姓名不能为空。")))
        identity = self.identity(row)
        phone = self.phone(row)
        team = self.team(row)
        region = self.region(row, team)
        registered_on = self.registered_on(row)
        if identity is None:
            return None
        values = {
            "name": name,
            "id_number": identity.number,
            "birth_date": identity.birth_date,
            "sex": SEX_OF[identity.sex],
            "phone": phone,
            "region_id": region.pk,
            "registered_on": registered_on,
            "national_code": clean_name(row.text("national_code"))[:40],
            "political_status": self._simplified("political_status", row, 20),
            "skills": self._simplified("skills", row, 200),
        }
        return _Planned(row=row, team=team, values=values, ok=len(self.errors) == before)

    @staticmethod
    def _simplified(key: str, row: Row, limit: int) -> str:
        return to_simplified(clean_name(row.text(key)))[:limit]


def _parse_date(text: str) -> date | None:
    for pattern in DATE_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _plan(checker: _RowChecker, tables) -> list[_Planned]:
    """Check every row; a number twice in the file names the earlier row. Returns the rows
    without errors."""
    plans = [plan for table in tables for row in table.rows if (plan := checker.check(row))]
    keys = id_keys([plan.values["id_number"] for plan in plans])
    first: dict[str, Row] = {}
    for plan, key in zip(plans, keys, strict=True):
        plan.values["id_key"] = key
        earlier = first.setdefault(key, plan.row)
        if earlier is plan.row:
            continue
        plan.ok = False
        if earlier.sheet == plan.row.sheet:
            message = _("身份证号与第 %(row)d 行重复。") % {"row": earlier.number}
        else:
            message = _("身份证号与工作表“%(sheet)s”第 %(row)d 行重复。") % {
                "sheet": earlier.sheet,
                "row": earlier.number,
            }
        checker.errors.append(plan.row.error("id_number", message))
    return [plan for plan in plans if plan.ok]


def _duplicates_in_database(plans: list[_Planned], errors: list[CellError]) -> None:
    by_key = {plan.values["id_key"]: plan for plan in plans}
    keys = list(by_key)
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        for key, name in Volunteer.objects.filter(id_key__in=chunk).values_list("id_key", "name"):
            plan = by_key[key]
            message = _("身份证号 %(id)s 已登记为志愿者（%(name)s），不能重复导入。") % {
                "id": mask_id_number(plan.values["id_number"]),
                "name": mask_name(name),
            }
            errors.append(plan.row.error("id_number", message))


def read_volunteer_tables(data: bytes, filename: str = ""):
    """Every sheet that carries the volunteer header (an export may be split over sheets)."""
    tables, first_error = [], None
    for sheet in open_sheets(data, label=filename):
        try:
            tables.append(read_table(sheet, VOLUNTEER_COLUMNS))
        except SheetRejected as rejected:
            if any(e.row is not None for e in rejected.errors):  # formulas: a real problem
                raise
            first_error = first_error or rejected
    if not tables:
        raise first_error or SheetRejected(
            [CellError(filename, None, None, _("文件中没有工作表。"))]
        )
    return tables


def _save(plans: list[_Planned]) -> ImportSummary:
    now = timezone.now()
    volunteers = [
        Volunteer(
            **plan.values,
            consent_at=now,
            consent_version=PRIVACY_STATEMENT_VERSION,
            source=VolunteerSource.IMPORT,
        )
        for plan in plans
    ]
    insert_rows(Volunteer, volunteers, with_ids=True)
    members = [
        TeamMember(
            team_id=plan.team.pk, volunteer_id=volunteer.pk, joined_on=volunteer.registered_on
        )
        for plan, volunteer in zip(plans, volunteers, strict=True)
        if plan.team is not None
    ]
    insert_rows(TeamMember, members)
    return ImportSummary(created=len(volunteers), joined=len(members))


def import_volunteers(
    *, actor, data: bytes, filename: str = "", team: Team | None = None, consent: bool = False
) -> ImportSummary:
    """Import volunteers; every bad row is named (row, column, why) and nothing is saved while
    any remains. ``consent``: the uploader confirms the people agreed to the privacy statement
    (the national system collects it at registration)."""
    if team is not None:
        check_can_register(actor, team.region, team)
    elif not permissions.can(actor, permissions.MANAGE_NETWORK):
        raise PermissionDenied
    tables = read_volunteer_tables(data, filename)
    checker = _RowChecker(actor, team)
    if not consent:
        message = _("请确认名单中的志愿者均已同意隐私声明。")
        checker.errors.append(CellError("", None, None, message))
    plans = _plan(checker, tables)
    errors = checker.errors
    _duplicates_in_database(plans, errors)
    if not plans and not errors:
        errors.append(CellError(tables[0].sheet, None, None, _("表中没有志愿者数据。")))
    if errors:
        errors.sort(key=lambda e: (e.sheet, e.row or 0, e.column or ""))
        raise SheetRejected(errors)
    with transaction.atomic():
        summary = _save(plans)
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            summary=f"导入志愿者 {filename}：新增 {summary.created} 人",
        )
    return summary


EXPORT_HEADER = (
    "姓名",
    "性别",
    "证件号码",
    "手机号码",
    "所在地区",
    "所属组织",
    "注册时间",
    "志愿者编号",
    "政治面貌",
    "技能特长",
    "累计服务时长（小时）",
)


def export_volunteers(*, actor, volunteers) -> bytes:
    """The volunteers the caller's selector gave, numbers masked, every cell formula-safe."""
    if not (permissions.can(actor, permissions.EXPORT) or permissions.is_team_manager(actor)):
        raise PermissionDenied
    volunteers = volunteers.prefetch_related("memberships__team").annotate(
        total_hours=Sum("records__hours")
    )
    rows = [
        [
            v.name,
            v.get_sex_display(),
            mask_id_number(v.id_number),
            mask_phone(v.phone),
            v.region.name,
            "、".join(m.team.name for m in v.memberships.all()),
            v.registered_on.isoformat(),
            v.national_code,
            v.political_status,
            v.skills,
            float(v.total_hours or 0),
        ]
        for v in volunteers
    ]
    data = workbook_bytes([("志愿者", EXPORT_HEADER, rows)])
    record(
        actor=actor, action=AuditAction.EXPORT, summary=f"导出志愿者 {len(rows)} 人（号码已脱敏）"
    )
    return data
