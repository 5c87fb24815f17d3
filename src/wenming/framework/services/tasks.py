"""Tasks (任务): generated from the active framework, decomposed (再细化再分解) down to units, and
their progress and evidence rolled up the chain."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.framework import permissions, selectors
from wenming.framework.errors import TaskError
from wenming.framework.models import Framework, Indicator, Task, TaskEvidence, TaskStatus
from wenming.framework.schedule import mean_progress, periods, span_or_year
from wenming.inputs import clean_name
from wenming.numbers import clean_number
from wenming.regions import permissions as region_permissions
from wenming.regions.models import Unit
from wenming.sheets import workbook_bytes

TITLE_MAX = 300


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
