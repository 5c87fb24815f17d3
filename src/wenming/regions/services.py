"""Writes to units and people: the xlsx import and export of the organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AccountSecurity, AuditAction
from wenming.accounts.passwords import temporary_password
from wenming.hanzi import normalize
from wenming.regions import permissions
from wenming.regions.models import Membership, Region, Role, Unit, UnitKind
from wenming.sheets import (
    CellError,
    Column,
    Row,
    SheetRejected,
    open_workbook,
    read_table,
    workbook_bytes,
)

UNIT_SHEET = "单位"
PEOPLE_SHEET = "人员"

UNIT_COLUMNS = (
    Column("name", ("单位全称", "单位名称", "全称")),
    Column("short_name", ("简称", "单位简称"), required=False),
    Column("kind", ("单位类型", "类型")),
    Column("region", ("区划代码", "所在区划代码", "行政区划代码")),
    Column("parent", ("上级单位",), required=False),
    Column("leader_name", ("负责人",), required=False),
    Column("leader_phone", ("负责人电话",), required=False),
    Column("liaison_name", ("联络员",), required=False),
    Column("liaison_phone", ("联络员电话",), required=False),
)
PEOPLE_COLUMNS = (
    Column("username", ("账号", "用户名", "登录账号")),
    Column("full_name", ("姓名",)),
    Column("unit", ("单位", "所在单位", "单位名称")),
    Column("role", ("角色",)),
    Column("phone", ("手机号", "手机", "联系电话"), required=False),
    Column("password", ("初始密码", "密码"), required=False),
)

KIND_ALIASES = {
    UnitKind.OFFICE: ("文明办", "创城办", "文明委"),
    UnitKind.DEPARTMENT: ("职能部门", "部门", "市直部门", "市直单位"),
    UnitKind.GOVERNMENT: ("区县政府", "区政府", "县政府", "政府"),
    UnitKind.STREET: ("街道/乡镇", "街道", "乡镇", "街道办事处", "镇", "乡"),
    UnitKind.COMMUNITY: ("社区/村", "社区", "村", "居委会", "村委会", "社区居委会"),
    UnitKind.OTHER: ("其他单位", "其他"),
}
ROLE_ALIASES = {
    Role.ADMIN: ("管理员", "文明办管理员"),
    Role.COORDINATOR: ("创城办/督查组", "创城办", "督查组", "协调员"),
    Role.INSPECTOR: ("督查员/测评员", "督查员", "测评员"),
    Role.LIAISON: ("责任单位联络员", "联络员"),
    Role.LEADER: ("责任单位负责人", "负责人"),
    Role.REVIEWER: ("材料审核员", "审核员"),
    Role.WELFARE: ("民政工作人员", "民政干部", "民政"),
}

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@+-]{2,150}$")


@lru_cache(maxsize=None)
def _alias_map(aliases_key: str) -> dict[str, str]:
    """Every accepted spelling (code, label, alias; normalised once) → the choice value."""
    aliases = {"kind": KIND_ALIASES, "role": ROLE_ALIASES}[aliases_key]
    spellings: dict[str, str] = {}
    for value, names in aliases.items():
        for name in (value, value.label, *names):
            spellings.setdefault(normalize(str(name)), value)
    return spellings


def _lookup(aliases_key: str, text: str) -> str | None:
    return _alias_map(aliases_key).get(normalize(text))


def mask_phone(phone: str) -> str:
    """138****5678: phone numbers are masked in pages and exports."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else phone


def _is_masked(text: str) -> bool:
    return "*" in text


class UnitIndex:
    """Finds units by full or short name, 繁/简 and spacing alike. A short name that several
    units share (两个“和平社区”) finds none of them: it must be written in full."""

    def __init__(self, units):
        self.by_name: dict[str, object] = {}
        self.full_names: set[str] = set()
        self.short_owners: dict[str, set[str]] = {}
        for unit in units:
            self.add(unit.name, unit.short_name, unit)

    def add(self, name: str, short_name: str, value) -> None:
        full = normalize(name)
        if full not in self.full_names:  # a full name wins over another unit's short name
            self.full_names.add(full)
            self.by_name[full] = value
        if short_name:
            short = normalize(short_name)
            self.short_owners.setdefault(short, set()).add(full)
            self.by_name.setdefault(short, value)

    def is_ambiguous(self, text: str) -> bool:
        key = normalize(text)
        return key not in self.full_names and len(self.short_owners.get(key, ())) > 1

    def find(self, text: str):
        return None if self.is_ambiguous(text) else self.by_name.get(normalize(text))

    def problem(self, text: str) -> str | None:
        """Why ``text`` names no single unit, in Chinese; None when it names one."""
        if self.is_ambiguous(text):
            return _("简称“%(v)s”对应多个单位，请填写全称。") % {"v": text}
        if self.find(text) is None:
            return _("找不到单位“%(v)s”（全称或简称）。") % {"v": text}
        return None


@dataclass
class ImportSummary:
    units_created: int = 0
    units_updated: int = 0
    people_created: int = 0
    people_updated: int = 0
    initial_passwords: dict[str, str] = field(default_factory=dict)


@dataclass
class _UnitPlan:
    row: Row
    name: str
    values: dict
    parent_name: str


@dataclass
class _PersonPlan:
    row: int
    username: str
    full_name: str
    unit_key: str
    role: str
    phone: str | None
    password: str


def _phone(row, key: str, errors: list[CellError]) -> str | None:
    """A validated phone, '' when blank, None when masked (keep what is stored)."""
    text = normalize(row.text(key))
    if not text:
        return ""
    if _is_masked(text):
        return None
    if not PHONE_RE.match(text):
        errors.append(row.error(key, _("“%(v)s”不是有效的手机号或固定电话。") % {"v": text}))
    return text


def _plan_units(table, errors: list[CellError]) -> list[_UnitPlan]:
    plans: list[_UnitPlan] = []
    seen: dict[str, int] = {}
    codes = {r.text("region") for r in table.rows}
    known_codes = set(
        Region.objects.filter(code__in=[normalize(c) for c in codes]).values_list("code", flat=True)
    )
    for row in table.rows:
        name = normalize(row.text("name"))
        if not name:
            errors.append(row.error("name", _("单位全称不能为空。")))
            continue
        if name in seen:
            errors.append(row.error("name", _("与第 %(row)d 行重复。") % {"row": seen[name]}))
        seen[name] = row.number
        kind = _lookup("kind", row.text("kind"))
        if kind is None:
            errors.append(
                row.error(
                    "kind",
                    _(
                        "未知的单位类型“%(v)s”，可填：文明办、职能部门、区县政府、街道/乡镇、社区/村、其他单位。"
                    )
                    % {"v": row.text("kind")},
                )
            )
        code = normalize(row.text("region"))
        if not re.fullmatch(r"\d{12}", code):
            errors.append(
                row.error(
                    "region", _("区划代码应为 12 位数字，实为“%(v)s”。") % {"v": row.text("region")}
                )
            )
        elif code not in known_codes:
            errors.append(row.error("region", _("区划代码 %(v)s 不存在。") % {"v": code}))
        values = {
            "short_name": normalize(row.text("short_name")),
            "kind": kind,
            "region_id": code,
            "leader_name": normalize(row.text("leader_name")),
            "liaison_name": normalize(row.text("liaison_name")),
        }
        for key in ("leader_phone", "liaison_phone"):
            phone = _phone(row, key, errors)
            if phone is not None:
                values[key] = phone
        plans.append(_UnitPlan(row, name, values, row.text("parent")))
    return plans


def _plan_people(table, errors: list[CellError], unit_index: UnitIndex) -> list[_PersonPlan]:
    plans: list[_PersonPlan] = []
    seen: dict[str, int] = {}
    User = get_user_model()
    for row in table.rows:
        username = row.text("username")
        if not USERNAME_RE.match(username):
            errors.append(
                row.error(
                    "username", _("账号“%(v)s”只能由字母、数字和 _.@+- 组成。") % {"v": username}
                )
            )
        elif username in seen:
            errors.append(
                row.error("username", _("与第 %(row)d 行重复。") % {"row": seen[username]})
            )
        seen[username] = row.number
        full_name = normalize(row.text("full_name"))
        if not full_name:
            errors.append(row.error("full_name", _("姓名不能为空。")))
        unit_text = row.text("unit")
        if problem := unit_index.problem(unit_text):
            errors.append(row.error("unit", problem))
        role = _lookup("role", row.text("role"))
        if role is None:
            errors.append(
                row.error(
                    "role",
                    _(
                        "未知的角色“%(v)s”，可填：管理员、创城办/督查组、督查员、联络员、负责人、审核员。"
                    )
                    % {"v": row.text("role")},
                )
            )
        phone = _phone(row, "phone", errors)
        password = row.text("password")
        if password:
            try:
                validate_password(password, User(username=username))
            except ValidationError as exc:
                errors.append(row.error("password", " ".join(exc.messages)))
        plans.append(_PersonPlan(row.number, username, full_name, unit_text, role, phone, password))
    return plans


def _save_units(actor, unit_plans: list, summary: ImportSummary) -> dict:
    """Create or update each planned unit (audited); returns them by name."""
    units_by_name = {}
    for plan in unit_plans:
        unit = Unit.objects.filter(name=plan.name).first()
        if unit is None:
            unit = Unit.objects.create(name=plan.name, **plan.values)
            summary.units_created += 1
            record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=unit,
                summary=f"导入新增单位 {unit.name}",
                changes=_jsonable(plan.values),
            )
        else:
            changes = _apply(unit, plan.values)
            if changes:
                unit.save()
                summary.units_updated += 1
                record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=unit,
                    summary=f"导入修改单位 {unit.name}",
                    changes=changes,
                )
        units_by_name[plan.name] = unit
    return units_by_name


def _set_parents(actor, unit_plans: list, units_by_name: dict, resolved: UnitIndex) -> None:
    """Hang each unit under the parent its row names (once every unit exists)."""
    for plan in unit_plans:
        if plan.parent_name:
            unit = units_by_name[plan.name]
            parent = resolved.find(plan.parent_name)
            if unit.parent_id != parent.pk:
                record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=unit,
                    summary=f"导入设置上级单位 {parent.name}",
                    changes={"parent": [unit.parent_id, parent.pk]},
                )
                unit.parent = parent
                unit.save(update_fields=["parent"])


def import_organisation(*, actor, data: bytes, filename: str = "") -> ImportSummary:
    """Create or update units and people from a workbook; any error saves nothing."""
    permissions.ensure_can(actor, permissions.MANAGE_ORGANISATION)
    wb = open_workbook(data, label=filename)
    errors: list[CellError] = []
    unit_table = read_table(wb[UNIT_SHEET], UNIT_COLUMNS) if UNIT_SHEET in wb.sheetnames else None
    people_table = (
        read_table(wb[PEOPLE_SHEET], PEOPLE_COLUMNS) if PEOPLE_SHEET in wb.sheetnames else None
    )
    if unit_table is None and people_table is None:
        raise SheetRejected(
            [CellError(filename, None, None, _("工作簿中应有名为“单位”或“人员”的工作表。"))]
        )

    unit_index = UnitIndex(Unit.objects.all())
    unit_plans = _plan_units(unit_table, errors) if unit_table else []
    for plan in unit_plans:
        unit_index.add(plan.name, plan.values["short_name"], plan.name)
    for plan in unit_plans:
        if plan.parent_name and (problem := unit_index.problem(plan.parent_name)):
            errors.append(plan.row.error("parent", problem))
    people_plans = _plan_people(people_table, errors, unit_index) if people_table else []
    if errors:
        raise SheetRejected(errors)

    summary = ImportSummary()
    with transaction.atomic():
        units_by_name = _save_units(actor, unit_plans, summary)
        resolved = UnitIndex(Unit.objects.all())
        _set_parents(actor, unit_plans, units_by_name, resolved)
        for plan in people_plans:
            _import_person(
                actor=actor, plan=plan, unit=resolved.find(plan.unit_key), summary=summary
            )
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            summary=f"导入组织架构 {filename}：单位新增 {summary.units_created}、修改 {summary.units_updated}，人员新增 {summary.people_created}、修改 {summary.people_updated}",
        )
    return summary


def _jsonable(values: dict) -> dict:
    return {k: str(v) for k, v in values.items()}


def _apply(obj, values: dict) -> dict:
    """Set ``values`` on ``obj``; return {field: [old, new]} for what changed."""
    changes = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            changes[key] = [str(old), str(new)]
            setattr(obj, key, new)
    return changes


def _import_person(*, actor, plan: _PersonPlan, unit: Unit, summary: ImportSummary) -> None:
    User = get_user_model()
    user = User.objects.filter(username=plan.username).first()
    created = user is None
    if created:
        user = User(username=plan.username, first_name=plan.full_name)
        password = plan.password or temporary_password()
        user.set_password(password)
        user.save()
        if not plan.password:
            summary.initial_passwords[plan.username] = password
            # A password the import made up is seen by the admin: changed at first login.
            AccountSecurity.objects.create(user=user, must_change_password=True)
    elif user.first_name != plan.full_name:
        user.first_name = plan.full_name
        user.save(update_fields=["first_name"])
    # Administrators maintain units and people in the admin pages.
    if user.is_staff != (plan.role == Role.ADMIN):
        user.is_staff = plan.role == Role.ADMIN
        user.save(update_fields=["is_staff"])
    membership = Membership.objects.filter(user=user).first()
    values = {"unit": unit, "role": plan.role}
    if plan.phone is not None:
        values["phone"] = plan.phone
    if membership is None:
        membership = Membership.objects.create(user=user, **values)
        changes = {"unit": unit.name, "role": plan.role}
    else:
        changes = _apply(membership, values)
        if changes:
            membership.save()
    if created:
        summary.people_created += 1
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=membership,
            summary=f"导入新增人员 {plan.username}（{unit.name}，{membership.get_role_display()}）",
            changes=changes,
        )
    elif changes:
        summary.people_updated += 1
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=membership,
            summary=f"导入修改人员 {plan.username}",
            changes=changes,
        )


def export_organisation(*, actor, units, people) -> bytes:
    """The import workbook, filled with ``units`` and ``people`` (phones masked)."""
    permissions.ensure_can(actor, permissions.EXPORT)
    unit_rows = [
        [
            u.name,
            u.short_name,
            u.get_kind_display(),
            u.region_id,
            u.parent.name if u.parent else "",
            u.leader_name,
            mask_phone(u.leader_phone),
            u.liaison_name,
            mask_phone(u.liaison_phone),
        ]
        for u in units
    ]
    people_rows = [
        [
            m.user.username,
            m.user.first_name,
            m.unit.name,
            m.get_role_display(),
            mask_phone(m.phone),
            "",
        ]
        for m in people
    ]
    data = workbook_bytes(
        [
            (UNIT_SHEET, [c.names[0] for c in UNIT_COLUMNS], unit_rows),
            (PEOPLE_SHEET, [c.names[0] for c in PEOPLE_COLUMNS], people_rows),
        ]
    )
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        summary=f"导出组织架构：单位 {len(unit_rows)} 个，人员 {len(people_rows)} 人",
    )
    return data
