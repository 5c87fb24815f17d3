"""Writes to frameworks and tasks: import/export, versions, activation, task generation,
decomposition (再细化再分解) and progress roll-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.framework import permissions, selectors
from wenming.framework.models import (
    Framework,
    FrameworkPurpose,
    FrameworkStatus,
    Indicator,
    Method,
    MetricValue,
    Task,
    TaskEvidence,
    TaskStatus,
)
from wenming.framework.schedule import mean_progress, periods, span_or_year
from wenming.framework.totals import TotalsProblem
from wenming.framework.workbook import IndicatorSpec, read_framework, write_framework
from wenming.inputs import clean_name
from wenming.numbers import clean_number
from wenming.regions import permissions as region_permissions
from wenming.regions.models import Unit
from wenming.regions.selectors import units_visible_to
from wenming.sheets import open_workbook, workbook_bytes

TITLE_MAX = 300


class FrameworkError(Exception):
    """A business rule refused the change; the message is for the user."""


class TotalsMismatch(FrameworkError):
    """The points do not add up; ``problems`` names every node that is off."""

    def __init__(self, problems: list[TotalsProblem]):
        super().__init__(
            _("分值不平衡，不能启用：%(n)d 处指标的分值与下级合计不一致。") % {"n": len(problems)}
        )
        self.problems = problems


class TaskError(FrameworkError):
    pass


# ---------------------------------------------------------------------------- frameworks


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


def generate_tasks(*, framework: Framework, today: date | None = None) -> int:
    """A task per leaf × responsible unit × period; existing tasks are kept (safe to re-run)."""
    start, end = span_or_year(
        framework.effective_from, framework.effective_to, today or timezone.localdate()
    )
    leaves = (
        Indicator.objects.filter(framework=framework, children__isnull=True)
        .select_related("lead_unit")
        .prefetch_related("joint_lead_units", "co_units")
        .order_by("position")
    )
    tasks = []
    for leaf in leaves:
        leads = [
            u
            for u in [leaf.lead_unit, *leaf.joint_lead_units.all()]
            if u is not None and u.is_active
        ]
        co = [u for u in leaf.co_units.all() if u.is_active and u not in leads]
        for period in periods(leaf.cadence, start, end):
            title = f"{leaf.code} {leaf.name}" + (f"（{period.label}）" if period.label else "")
            for unit, is_lead in [(u, True) for u in leads] + [(u, False) for u in co]:
                tasks.append(
                    Task(
                        indicator=leaf,
                        unit=unit,
                        region_id=unit.region_id,
                        is_lead=is_lead,
                        title=title[:TITLE_MAX],
                        period_start=period.start,
                        due=period.due,
                    )
                )
    before = Task.objects.filter(indicator__framework=framework).count()
    Task.objects.bulk_create(tasks, ignore_conflicts=True, batch_size=500)
    return Task.objects.filter(indicator__framework=framework).count() - before


# ---------------------------------------------------------------------------- tasks


def _status_for(progress: int, evidence: str = "") -> str:
    """已完成 at 100 % or with an approved material; 推进中 once anything is reported or handed in."""
    if progress >= 100 or evidence == TaskEvidence.APPROVED:
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if progress > 0 or evidence else TaskStatus.PENDING


def _lock_chain(task_id: int) -> list[Task]:
    """The task and its ancestors, locked in id order (no deadlock between siblings)."""
    chain_ids, current = [], Task.objects.filter(pk=task_id).values_list("pk", "parent_id").first()
    while current is not None:
        chain_ids.append(current[0])
        current = (
            Task.objects.filter(pk=current[1]).values_list("pk", "parent_id").first()
            if current[1]
            else None
        )
    locked = {
        t.pk: t for t in Task.objects.select_for_update().filter(pk__in=chain_ids).order_by("pk")
    }
    return [locked[pk] for pk in chain_ids]


def _roll_up(chain: list[Task]) -> None:
    """Each task with sub-tasks takes the mean of its children's progress, bottom up."""
    for task in chain:
        values = list(Task.objects.filter(parent=task).values_list("progress", flat=True))
        if not values:
            continue
        progress = mean_progress(values)
        if progress != task.progress:
            task.progress, task.status = progress, _status_for(progress, task.evidence)
            task.save(update_fields=["progress", "status", "updated"])


def _task_to_act_on(actor, task_id: int) -> list[Task]:
    """404 outside scope, 403 when visible but not the actor's to change; the locked chain."""
    task = selectors.get_task_for(actor, task_id)
    if not permissions.can_act_on_task(actor, task):
        raise PermissionDenied
    return _lock_chain(task.pk)


def report_progress(*, actor, task_id: int, progress: int) -> Task:
    """A unit reports how far it is; the parents' progress follows."""
    progress = clean_number(Task, "progress", progress, minimum=0, maximum=100, error=TaskError)
    if progress is None:
        raise TaskError(_("进度应在 0 到 100 之间。"))
    with transaction.atomic():
        chain = _task_to_act_on(actor, task_id)
        task = chain[0]
        if Task.objects.filter(parent=task).exists():
            raise TaskError(_("该任务已分解，进度由下级任务汇总，不能直接填写。"))
        if task.evidence == TaskEvidence.APPROVED:
            raise TaskError(_("该任务的申报材料已审核通过，任务已完成，进度不再修改。"))
        old = task.progress
        task.progress, task.status = progress, _status_for(progress, task.evidence)
        task.save(update_fields=["progress", "status", "updated"])
        _roll_up(chain[1:])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=task,
            summary=f"更新任务进度 {task}：{old}% → {progress}%",
            changes={"progress": [old, progress]},
        )
    return task


def record_task_evidence(*, actor, task_id: int, evidence: str, grade: str = "") -> Task:
    """A material for the task was handed in, returned or approved: the task follows its
    evidence — handed in or returned → 推进中; approved → 已完成, 100 %, with the grade; the parents
    roll up. Called by materials.services inside its transaction, after its own checks."""
    if evidence not in TaskEvidence.values:
        raise TaskError(_("未知的材料状态：%(evidence)s") % {"evidence": evidence})
    with transaction.atomic():
        chain = _lock_chain(task_id)
        task = chain[0]
        task.evidence = evidence
        task.evidence_grade = grade if evidence == TaskEvidence.APPROVED else ""
        if evidence == TaskEvidence.APPROVED:
            task.progress = 100
        task.status = _status_for(task.progress, task.evidence)
        task.save(update_fields=["evidence", "evidence_grade", "progress", "status", "updated"])
        _roll_up(chain[1:])
    return task


def decompose_task(*, actor, task_id: int, unit_id: int, due: date, title: str = "") -> Task:
    """Hand part of a task down to a sub-unit (再细化再分解); its due date cannot pass the parent's."""
    with transaction.atomic():
        chain = _task_to_act_on(actor, task_id)
        task = chain[0]
        unit = Unit.objects.filter(pk=unit_id, parent_id=task.unit_id, is_active=True).first()
        if unit is None:
            raise TaskError(_("只能分解给本单位的下级单位。"))
        if due > task.due:
            raise TaskError(
                _("下级任务的截止日期不能晚于本任务的截止日期（%(due)s）。")
                % {"due": task.due.isoformat()}
            )
        if due < task.period_start:
            raise TaskError(
                _("截止日期不能早于任务开始日期（%(start)s）。")
                % {"start": task.period_start.isoformat()}
            )
        if Task.objects.filter(parent=task, unit=unit).exists():
            raise TaskError(_("已经分解给“%(unit)s”。") % {"unit": unit.name})
        child = Task.objects.create(
            indicator_id=task.indicator_id,
            unit=unit,
            region_id=unit.region_id,
            parent=task,
            is_lead=task.is_lead,
            title=(clean_name(title) or task.title)[:TITLE_MAX],
            period_start=task.period_start,
            due=due,
        )
        _roll_up(chain)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=child,
            summary=f"分解任务 {task} 给 {unit.name}，截止 {due.isoformat()}",
        )
    return child


class MetricValueError(FrameworkError):
    """A ledger figure that cannot be recorded (wrong leaf, unit out of scope, bad period)."""


def record_metric_value(
    *,
    actor,
    indicator: Indicator | int,
    unit: Unit | int,
    period: tuple[date, date],
    value: Decimal,
    note: str = "",
) -> MetricValue:
    """Enter (or correct) the ledger figure of a metric leaf for a unit and period [start, end];
    one figure per (leaf, unit, period): a second entry replaces the first, audited as a change."""
    permissions.ensure_can(actor, permissions.RECORD_METRIC)
    indicator_id = indicator.pk if isinstance(indicator, Indicator) else indicator
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    start, end = period
    with transaction.atomic():
        leaf = (
            Indicator.objects.filter(pk=indicator_id, method=Method.METRIC)
            .select_related("framework")
            .first()
        )
        if leaf is None:
            raise MetricValueError(_("所选指标不是数据指标（按台账数据测评的末级指标）。"))
        target_unit = (
            (units_visible_to(actor) if actor is not None else Unit.objects.all())
            .filter(pk=unit_id)
            .first()
        )
        if target_unit is None:
            raise MetricValueError(_("所选单位不存在或不在您的管理范围内。"))
        if start is None or end is None or end < start:
            raise MetricValueError(_("统计期的结束日期不能早于开始日期。"))
        if value is None:
            raise MetricValueError(_("请填写数值。"))
        value = clean_number(MetricValue, "value", value, minimum=0, error=MetricValueError)
        existing = (
            MetricValue.objects.select_for_update()
            .filter(indicator=leaf, unit=target_unit, period_start=start, period_end=end)
            .first()
        )
        if existing is None:
            metric = MetricValue.objects.create(
                indicator=leaf,
                unit=target_unit,
                region_id=target_unit.region_id,
                period_start=start,
                period_end=end,
                value=value,
                source=note,
            )
            action, changes = AuditAction.CREATE, {"value": str(value)}
        else:
            changes = {
                "value": [str(existing.value), str(value)],
                "source": [existing.source, note],
            }
            existing.value, existing.source = value, note
            existing.save(update_fields=["value", "source"])
            metric, action = existing, AuditAction.UPDATE
        record(
            actor=actor,
            action=action,
            obj=metric,
            changes=changes,
            summary=f"{leaf.code} {leaf.name} · {target_unit.name} · {start}～{end}：{value}",
        )
    return metric


def export_tasks(*, actor, filters: dict) -> bytes:
    """The task list under the coordinator's filters as xlsx (the same scope); audited."""
    if not region_permissions.can(actor, region_permissions.EXPORT):
        raise PermissionDenied
    tasks = selectors.tasks_visible_to(actor, **filters)
    header = [
        _("指标编号"),
        _("指标"),
        _("任务"),
        _("责任单位"),
        _("牵头/配合"),
        _("所在区域"),
        _("开始日期"),
        _("截止日期"),
        _("状态"),
        _("完成进度（%）"),
    ]
    rows = [
        [
            task.indicator.code,
            task.indicator.name,
            task.title,
            task.unit.name,
            _("牵头") if task.is_lead else _("配合"),
            task.region.name,
            task.period_start.isoformat(),
            task.due.isoformat(),
            task.get_status_display(),
            task.progress,
        ]
        for task in tasks
    ]
    data = workbook_bytes([(_("任务清单"), header, rows)])
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.EXPORT,
            summary=_("导出任务清单 %(n)d 条") % {"n": len(rows)},
        )
    return data
