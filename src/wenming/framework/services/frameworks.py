"""Frameworks (测评体系): import and export as workbooks, new versions, activation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.framework import permissions, selectors
from wenming.framework.errors import FrameworkError, TotalsMismatch
from wenming.framework.models import Framework, FrameworkPurpose, FrameworkStatus, Indicator
from wenming.framework.services.tasks import generate_tasks
from wenming.framework.workbook import IndicatorSpec, read_framework, write_framework
from wenming.inputs import clean_name
from wenming.regions.models import Unit
from wenming.regions.selectors import units_visible_to
from wenming.sheets import open_workbook


def _next_version(purpose: str) -> tuple[int, Framework | None]:
    latest = Framework.objects.filter(purpose=purpose).order_by("-version").first()
    return (latest.version + 1 if latest else 1), latest


def _save_tree(framework: Framework, roots: list[IndicatorSpec]) -> int:
    """Create the indicators level by level (parents need their ids first); returns the count."""
    level: list[tuple[IndicatorSpec, Indicator | None]] = [(root, None) for root in roots]
    position = {
        id(node): i for i, (node, _d, _p) in enumerate(n for root in roots for n in root.walk())
    }
    depth = 1
    count = 0
    through_co = Indicator.co_units.through
    through_joint = Indicator.joint_lead_units.through
    while level:
        created = Indicator.objects.bulk_create(
            [
                Indicator(
                    framework=framework,
                    parent=parent,
                    code=spec.code,
                    name=spec.name,
                    description=spec.description,
                    depth=depth,
                    position=position[id(spec)],
                    method=spec.method,
                    points=Decimal(spec.points or 0),
                    rule=spec.rule,
                    cadence=spec.cadence,
                    target=spec.target,
                    evidence=spec.evidence,
                    lead_unit=spec.leads[0] if spec.leads else None,
                    is_feature=spec.is_feature,
                )
                for spec, parent in level
            ]
        )
        co, joint = [], []
        for indicator, (spec, _parent) in zip(created, level, strict=True):
            co += [through_co(indicator_id=indicator.pk, unit_id=u.pk) for u in spec.co]
            joint += [
                through_joint(indicator_id=indicator.pk, unit_id=u.pk) for u in spec.leads[1:]
            ]
        through_co.objects.bulk_create(co)
        through_joint.objects.bulk_create(joint)
        count += len(created)
        level = [
            (child, indicator)
            for indicator, (spec, _p) in zip(created, level, strict=True)
            for child in spec.children
        ]
        depth += 1
    return count


def import_framework(
    *,
    actor,
    data: bytes,
    filename: str = "",
    name: str = "",
    purpose: str = FrameworkPurpose.CITY,
) -> Framework:
    """A new draft framework from a workbook; any error in the file saves nothing (SheetRejected)."""
    permissions.ensure_can(actor, permissions.MANAGE_FRAMEWORK)
    wb = open_workbook(data, label=filename)
    units = Unit.objects.select_related("region") if actor is None else units_visible_to(actor)
    read = read_framework(wb, units=units.filter(is_active=True), label=filename)
    with transaction.atomic():
        version, previous = _next_version(purpose)
        framework = Framework.objects.create(
            name=clean_name(name or read.title or PurePath(filename).stem or _("测评体系"))[:200],
            purpose=purpose,
            version=version,
            previous=previous,
            total_points=read.total_points,
        )
        count = _save_tree(framework, read.roots)
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=framework,
            summary=f"导入测评体系 {framework}：{count} 个指标（{filename}）",
        )
    framework.indicator_count = count
    return framework


def export_framework(*, actor, framework_id: int) -> tuple[Framework, bytes]:
    """The framework as the table it can be imported from (merged hierarchy cells)."""
    permissions.ensure_can(actor, permissions.EXPORT_FRAMEWORK)
    framework = selectors.get_framework_for(actor, framework_id)
    data = write_framework(
        title=framework.name,
        roots=selectors.framework_as_specs(framework),
        total_points=framework.total_points,
    )
    record(
        actor=actor, action=AuditAction.EXPORT, obj=framework, summary=f"导出测评体系 {framework}"
    )
    return framework, data


def new_version(*, actor, framework_id: int, name: str = "") -> Framework:
    """A draft deep copy; the old version keeps its tasks and evidence."""
    permissions.ensure_can(actor, permissions.MANAGE_FRAMEWORK)
    with transaction.atomic():
        source = selectors.get_framework_for(actor, framework_id)
        version, _latest = _next_version(source.purpose)
        framework = Framework.objects.create(
            name=clean_name(name) or source.name,
            purpose=source.purpose,
            version=version,
            previous=source,
            total_points=source.total_points,
        )
        count = _save_tree(framework, selectors.framework_as_specs(source))
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=framework,
            summary=f"由 {source} 复制新版本 {framework}：{count} 个指标",
        )
    return framework


@dataclass(frozen=True)
class Activation:
    framework: Framework
    retired: Framework | None
    tasks_created: int


def activate_framework(
    *,
    actor,
    framework_id: int,
    today: date | None = None,
    effective_from: date | None = None,
) -> Activation:
    """Put a draft in force: its totals must add up; the active one of the same purpose retires.

    It is in force from ``effective_from`` (else its own date, else today): tasks start then,
    and periods that ended before it get none.
    """
    permissions.ensure_can(actor, permissions.MANAGE_FRAMEWORK)
    today = today or timezone.localdate()
    with transaction.atomic():
        selectors.get_framework_for(actor, framework_id)
        framework = Framework.objects.select_for_update().get(pk=framework_id)
        if framework.status != FrameworkStatus.DRAFT:
            raise FrameworkError(_("只有草稿可以启用；已停用的版本请先复制为新版本。"))
        problems = selectors.totals_problems(framework)
        if problems:
            raise TotalsMismatch(problems)
        retired = (
            Framework.objects.select_for_update()
            .filter(purpose=framework.purpose, status=FrameworkStatus.ACTIVE)
            .first()
        )
        if retired is not None:
            retired.status = FrameworkStatus.RETIRED
            retired.effective_to = retired.effective_to or today
            retired.save(update_fields=["status", "effective_to"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=retired,
                summary=f"停用测评体系 {retired}（由新版本替代）",
                changes={"status": [FrameworkStatus.ACTIVE, FrameworkStatus.RETIRED]},
            )
        framework.status = FrameworkStatus.ACTIVE
        framework.effective_from = effective_from or framework.effective_from or today
        if framework.effective_to and framework.effective_to < framework.effective_from:
            raise FrameworkError(
                _("生效日期不能晚于失效日期（%(to)s）。")
                % {"to": framework.effective_to.isoformat()}
            )
        framework.save(update_fields=["status", "effective_from"])
        created = generate_tasks(framework=framework, today=today)
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=framework,
            summary=f"启用测评体系 {framework}，生成任务 {created} 项",
            changes={"status": [FrameworkStatus.DRAFT, FrameworkStatus.ACTIVE]},
        )
    return Activation(framework, retired, created)
