"""Teams and volunteers: registration with the GB 11643 check, consent, the xlsx import in the
national volunteer system's export layout, the masked export, and the audited 查看完整号码."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.hanzi import normalize, to_simplified
from wenming.inputs import clean_name
from wenming.numbers import clean_position
from wenming.privacy import (
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_phone,
    validate_id_number,
)
from wenming.regions.models import Region, Unit
from wenming.regions.scope import scope_for
from wenming.sheets import (
    CellError,
    Column,
    SheetRejected,
    open_workbook,
    read_table,
    workbook_bytes,
)
from wenming.volunteers import permissions
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.identity import id_key
from wenming.volunteers.models import (
    PracticeSite,
    Sex,
    Team,
    TeamKind,
    TeamMember,
    Volunteer,
    VolunteerSource,
)
from wenming.volunteers.services.network import ensure_territory, phone_or_error

# The audit action of the deliberate 查看完整号码 (查看敏感信息 in the audit log).
REVEAL_ACTION = AuditAction.VIEW
PRIVACY_STATEMENT_VERSION = "2026-1"
SEX_OF = {"male": Sex.MALE, "female": Sex.FEMALE}


# --- teams ---------------------------------------------------------------------------------


def _ensure_team_territory(actor, region: Region, unit: Unit | None) -> None:
    """Teams belong to a territory, or to a department's own unit (市民政局's 银龄总队)."""
    permissions.ensure_can(actor, permissions.MANAGE_NETWORK)
    scope = scope_for(actor)
    if scope.covers_region(region.code):
        return
    if unit is not None and unit.pk in scope.unit_ids:
        return
    raise VolunteerError(
        _("区划“%(name)s”不在您的管辖范围内。") % {"name": region.name}, field="region"
    )


def save_team(
    *,
    actor,
    team: Team | None = None,
    name: str,
    kind: str,
    region: Region,
    parent: Team | None = None,
    unit: Unit | None = None,
    site: PracticeSite | None = None,
    leader_name: str = "",
    contact_phone: str | None = "",
    managers: Iterable | None = None,
    latitude=None,
    longitude=None,
) -> Team:
    """Create or change a team; ``contact_phone`` None keeps the stored number. The position
    (where the team is based; empty: its site's) places it near demands (volunteers.nearby)."""
    _ensure_team_territory(actor, region, unit)
    if team is not None:
        _ensure_team_territory(actor, team.region, team.unit)
    name = clean_name(name)
    if not name:
        raise VolunteerError(_("请填写队伍名称。"), field="name")
    if kind not in TeamKind.values:
        raise VolunteerError(_("请选择队伍类型。"), field="kind")
    if parent is not None and team is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == team.pk:
                raise VolunteerError(_("上级队伍不能是本队或其下属分队。"), field="parent")
            ancestor = ancestor.parent
    if contact_phone is None:
        contact_phone = team.contact_phone if team is not None else ""
    phone = phone_or_error(contact_phone, "contact_phone")
    position = clean_position(Team, latitude, longitude, error=VolunteerError)
    if (position[0] is None) != (position[1] is None):
        raise VolunteerError(_("纬度和经度需同时填写（或都不填）。"), field="latitude")
    with transaction.atomic():
        duplicate = Team.objects.filter(name=name)
        if team is not None:
            duplicate = duplicate.exclude(pk=team.pk)
        if duplicate.exists():
            raise VolunteerError(_("已有名为“%(name)s”的队伍。") % {"name": name}, field="name")
        created = team is None
        team = team or Team()
        team.name, team.kind, team.region, team.parent = name, kind, region, parent
        team.unit, team.site = unit, site
        team.latitude, team.longitude = position
        team.leader_name, team.contact_phone = clean_name(leader_name), phone
        team.save()
        if managers is not None:
            team.managers.set(managers)
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=team,
            summary=f"{'新增' if created else '修改'}志愿服务队伍 {team.name}"
            f"（联系电话 {mask_phone(phone)}）",
        )
    return team


# --- volunteers ----------------------------------------------------------------------------


def _check_can_register(actor, region: Region, team: Team | None) -> None:
    """A network manager registers in their territory; a team's manager into their team."""
    if team is not None and permissions.manages_team(actor, team):
        return
    ensure_territory(actor, region)


def register_volunteer(
    *,
    actor,
    name: str,
    id_number: str,
    region: Region,
    phone: str = "",
    team: Team | None = None,
    skills: str = "",
    political_status: str = "",
    consent: bool = False,
) -> Volunteer:
    """Register a volunteer; the privacy statement must have been agreed to (recorded)."""
    _check_can_register(actor, region, team)
    name = clean_name(name)
    if not name:
        raise VolunteerError(_("请填写姓名。"), field="name")
    try:
        identity = validate_id_number(id_number)
    except ValueError as error:
        raise VolunteerError(str(error), field="id_number") from None
    phone = phone_or_error(phone, "phone")
    if not consent:
        raise VolunteerError(_("须经本人同意隐私声明后方可登记。"), field="consent")
    key = id_key(identity.number)
    now = timezone.now()
    with transaction.atomic():
        if Volunteer.objects.filter(id_key=key).exists():
            raise VolunteerError(
                _("身份证号 %(id)s 已登记为志愿者。") % {"id": mask_id_number(identity.number)},
                field="id_number",
            )
        volunteer = Volunteer.objects.create(
            name=name,
            id_number=identity.number,
            id_key=key,
            birth_date=identity.birth_date,
            sex=SEX_OF[identity.sex],
            phone=phone,
            region=region,
            skills=clean_name(skills),
            political_status=clean_name(political_status),
            registered_on=timezone.localdate(now),
            consent_at=now,
            consent_version=PRIVACY_STATEMENT_VERSION,
        )
        if team is not None:
            TeamMember.objects.create(
                team=team, volunteer=volunteer, joined_on=volunteer.registered_on
            )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=volunteer,
            summary=f"登记志愿者 {mask_name(name)}（{mask_id_number(identity.number)}）",
        )
    return volunteer


def add_member(*, actor, team: Team, volunteer: Volunteer) -> TeamMember:
    _check_can_register(actor, team.region, team)
    with transaction.atomic():
        member, created = TeamMember.objects.get_or_create(
            team=team, volunteer=volunteer, defaults={"joined_on": timezone.localdate()}
        )
        if created:
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=team,
                summary=f"{team.name} 加入队员 {mask_name(volunteer.name)}",
            )
    return member


def can_reveal(actor, volunteer: Volunteer) -> bool:
    """Only the managers of a team the volunteer belongs to may see the whole numbers."""
    managed = permissions.managed_team_ids(actor)
    return bool(managed) and volunteer.memberships.filter(team_id__in=sorted(managed)).exists()


def reveal_numbers(*, actor, volunteer: Volunteer) -> dict[str, str]:
    """查看完整号码: the whole ID and phone for the team's own manager, written to the audit log."""
    if not can_reveal(actor, volunteer):
        raise PermissionDenied
    record(
        actor=actor,
        action=REVEAL_ACTION,
        obj=volunteer,
        summary=f"查看志愿者 {mask_name(volunteer.name)} 的完整身份证号和手机号",
    )
    return {"id_number": volunteer.id_number, "phone": volunteer.phone}


# --- import ------------------------------------------------------------------------------

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
KEY_CHUNK = 500


@dataclass
class ImportSummary:
    created: int = 0
    joined: int = 0


@dataclass
class _Planned:
    row: int
    values: dict
    team: Team | None


def _registered_on(row, errors: list[CellError]) -> date:
    value = row.values.get("registered_on")
    if value in (None, ""):
        return timezone.localdate()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize(str(value)).replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y-%m-%d%H:%M:%S", "%Y-%m-%d%H:%M", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.append(row.error("registered_on", _("注册时间“%(v)s”不是日期。") % {"v": value}))
    return timezone.localdate()


class _Regions:
    def __init__(self, actor):
        self.scope = scope_for(actor)
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in Region.objects.filter(self.scope.regions_q()):
            self.by_code[region.code] = region
            self.by_name.setdefault(normalize(region.name), []).append(region)

    def find(self, text: str) -> tuple[Region | None, str | None]:
        key = normalize(text)
        if key in self.by_code:
            return self.by_code[key], None
        found = self.by_name.get(key, [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _("“%(v)s”对应多个区划，请改填 12 位区划代码。") % {"v": text}
        return None, _("找不到区划“%(v)s”，或不在您的管辖范围内。") % {"v": text}


def _plan(actor, tables, default_team: Team | None, errors: list[CellError]) -> list[_Planned]:
    regions = _Regions(actor)
    teams = {normalize(t.name): t for t in Team.objects.filter(is_active=True)}
    plans: list[_Planned] = []
    seen: dict[str, int] = {}
    managed = permissions.managed_team_ids(actor)
    allowed: dict[int, bool] = {}

    def may_join(team: Team) -> bool:
        """The uploader manages the team, or it lies in their territory (asked once per team)."""
        if team.pk not in allowed:
            allowed[team.pk] = (
                team.pk in managed
                or regions.scope.covers_region(team.region_id)
                or bool(team.unit_id and team.unit_id in regions.scope.unit_ids)
            )
        return allowed[team.pk]

    for table in tables:
        for row in table.rows:
            before = len(errors)
            name = to_simplified(clean_name(row.text("name")))
            if not name:
                errors.append(row.error("name", _("姓名不能为空。")))
            if normalize(row.text("id_type")) not in RESIDENT_ID_TYPES:
                errors.append(
                    row.error(
                        "id_type",
                        _("证件类型“%(v)s”暂不支持，仅可导入居民身份证。")
                        % {"v": row.text("id_type")},
                    )
                )
            identity = None
            try:
                identity = validate_id_number(row.text("id_number"))
            except ValueError as error:
                errors.append(row.error("id_number", str(error)))
            key = id_key(identity.number) if identity else None
            if key is not None:
                if key in seen:
                    errors.append(
                        row.error(
                            "id_number",
                            _("身份证号与第 %(row)d 行重复。") % {"row": seen[key]},
                        )
                    )
                else:
                    seen[key] = row.number
            phone = ""
            try:
                phone = normalise_phone(row.text("phone"))
            except ValueError as error:
                errors.append(row.error("phone", str(error)))
            team = default_team
            if row.text("team"):
                team = teams.get(normalize(row.text("team")))
                if team is None:
                    errors.append(
                        row.error(
                            "team", _("找不到志愿服务队伍“%(v)s”。") % {"v": row.text("team")}
                        )
                    )
            region = None
            if row.text("region"):
                region, problem = regions.find(row.text("region"))
                if problem:
                    errors.append(row.error("region", problem))
            elif team is not None:
                region = team.region
            else:
                errors.append(row.error("region", _("请填写所在地区，或在上传时选择队伍。")))
            if region is not None and team is None and not regions.scope.covers_region(region.code):
                errors.append(row.error("region", _("区划不在您的管辖范围内。")))
            if team is not None and not may_join(team):
                errors.append(
                    row.error("team", _("队伍“%(v)s”不在您的管理范围内。") % {"v": team.name})
                )
            registered_on = _registered_on(row, errors)
            if len(errors) > before or identity is None:
                continue
            plans.append(
                _Planned(
                    row=row.number,
                    team=team,
                    values={
                        "name": name,
                        "id_number": identity.number,
                        "id_key": key,
                        "birth_date": identity.birth_date,
                        "sex": SEX_OF[identity.sex],
                        "phone": phone,
                        "region": region,
                        "registered_on": registered_on,
                        "national_code": clean_name(row.text("national_code"))[:40],
                        "political_status": to_simplified(clean_name(row.text("political_status")))[
                            :20
                        ],
                        "skills": to_simplified(clean_name(row.text("skills")))[:200],
                    },
                )
            )
    return plans


def _letters(tables) -> dict[str, str]:
    return tables[0].letters if tables else {}


def _duplicates_in_database(plans: list[_Planned], tables, errors: list[CellError]) -> None:
    by_key = {plan.values["id_key"]: plan for plan in plans}
    keys = list(by_key)
    sheet = tables[0].sheet if tables else ""
    letter = _letters(tables).get("id_number")
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        for key, name in Volunteer.objects.filter(id_key__in=chunk).values_list("id_key", "name"):
            plan = by_key[key]
            errors.append(
                CellError(
                    sheet,
                    plan.row,
                    letter,
                    _("身份证号 %(id)s 已登记为志愿者（%(name)s），不能重复导入。")
                    % {"id": mask_id_number(plan.values["id_number"]), "name": mask_name(name)},
                )
            )


def read_volunteer_tables(data: bytes, filename: str = ""):
    """Every sheet that carries the volunteer header (an export may be split over sheets)."""
    wb = open_workbook(data, label=filename)
    tables, first_error = [], None
    for sheet in wb.worksheets:
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


def import_volunteers(
    *, actor, data: bytes, filename: str = "", team: Team | None = None, consent: bool = False
) -> ImportSummary:
    """Import volunteers; every bad row is named (row, column, why) and nothing is saved while
    any remains. ``consent``: the uploader confirms the people agreed to the privacy statement
    (the national system collects it at registration)."""
    if team is not None:
        _check_can_register(actor, team.region, team)
    elif not permissions.can(actor, permissions.MANAGE_NETWORK):
        raise PermissionDenied
    tables = read_volunteer_tables(data, filename)
    errors: list[CellError] = []
    if not consent:
        errors.append(CellError("", None, None, _("请确认名单中的志愿者均已同意隐私声明。")))
    plans = _plan(actor, tables, team, errors)
    _duplicates_in_database(plans, tables, errors)
    if not plans and not errors:
        errors.append(CellError(tables[0].sheet, None, None, _("表中没有志愿者数据。")))
    if errors:
        errors.sort(key=lambda e: (e.sheet, e.row or 0, e.column or ""))
        raise SheetRejected(errors)
    now = timezone.now()
    summary = ImportSummary()
    with transaction.atomic():
        volunteers = Volunteer.objects.bulk_create(
            [
                Volunteer(
                    **plan.values,
                    consent_at=now,
                    consent_version=PRIVACY_STATEMENT_VERSION,
                    source=VolunteerSource.IMPORT,
                )
                for plan in plans
            ],
            batch_size=1000,
        )
        if not all(v.pk for v in volunteers):  # backends that return no ids (none we run on)
            keys = [p.values["id_key"] for p in plans]
            ids = dict(Volunteer.objects.filter(id_key__in=keys).values_list("id_key", "pk"))
            for volunteer in volunteers:
                volunteer.pk = ids[volunteer.id_key]
        members = [
            TeamMember(team=plan.team, volunteer=volunteer, joined_on=volunteer.registered_on)
            for plan, volunteer in zip(plans, volunteers, strict=True)
            if plan.team is not None
        ]
        TeamMember.objects.bulk_create(members, batch_size=1000)
        summary.created, summary.joined = len(volunteers), len(members)
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
