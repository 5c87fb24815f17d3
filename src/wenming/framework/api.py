"""Frameworks (read), the indicator tree with totals, and the caller's tasks — scoped like the pages."""

from datetime import date
from typing import Literal

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from wenming.apischema import Id, Pages
from wenming.errorbody import ErrorOut
from wenming.framework import selectors, services

router = Router(tags=["测评体系与任务清单"])

TaskStatusFilter = Literal["pending", "in_progress", "done", "overdue"]


class UnitBrief(Schema):
    id: int
    name: str
    short_name: str


class FrameworkOut(Schema):
    id: int
    name: str
    purpose: str
    version: int
    status: str
    effective_from: date | None
    effective_to: date | None
    total_points: float | None
    indicator_count: int
    previous_id: int | None


class IndicatorNode(Schema):
    id: int
    code: str
    name: str
    description: str
    method: str = Field(
        description="material / inspection / survey / metric on leaves; empty on inner nodes"
    )
    points: float
    total: float = Field(description="a leaf's points, or the sum of its children's totals")
    rule: str
    cadence: str
    is_feature: bool
    lead_units: list[UnitBrief]
    co_units: list[UnitBrief]
    children: list["IndicatorNode"]


IndicatorNode.model_rebuild()


class TotalsProblemOut(Schema):
    code: str | None = Field(
        description="null: the framework's full mark against its top-level indicators"
    )
    name: str | None
    points: float
    children_sum: float
    difference: float


class FrameworkDetail(FrameworkOut):
    totals_ok: bool
    basic_total: float
    feature_total: float
    problems: list[TotalsProblemOut]
    tree: list[IndicatorNode]


class SubTaskOut(Schema):
    id: int
    unit: UnitBrief
    due: date
    status: str
    progress: int


class TaskOut(Schema):
    id: int
    title: str
    framework_id: int
    indicator_id: int
    indicator_code: str
    indicator_name: str
    unit: UnitBrief
    region_code: str
    is_lead: bool
    parent_id: int | None
    period_start: date
    due: date
    status: str
    progress: int
    expected_progress: int = Field(
        description="序时进度: linear from period_start (0 %) to due (100 %)"
    )
    is_lagging: bool
    is_overdue: bool
    children: list[SubTaskOut]

    @staticmethod
    def resolve_framework_id(task) -> int:
        return task.indicator.framework_id

    @staticmethod
    def resolve_indicator_code(task) -> str:
        return task.indicator.code

    @staticmethod
    def resolve_indicator_name(task) -> str:
        return task.indicator.name

    @staticmethod
    def resolve_region_code(task) -> str:
        return task.region_id

    @staticmethod
    def resolve_children(task) -> list:
        return list(task.children.all())


class ProgressIn(Schema):
    progress: int = Field(ge=0, le=100)


def _framework_out(framework) -> dict:
    return FrameworkOut.model_validate(framework).model_dump()


def _units(units) -> list[dict]:
    return [{"id": u.pk, "name": u.name, "short_name": u.short_name} for u in units]


def _nested(tree: selectors.FrameworkTree) -> list[dict]:
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for row in tree.rows:
        ind = row.indicator
        node = {
            "id": ind.pk,
            "code": ind.code,
            "name": ind.name,
            "description": ind.description,
            "method": ind.method,
            "points": float(ind.points),
            "total": float(row.total),
            "rule": ind.rule,
            "cadence": ind.cadence,
            "is_feature": ind.is_feature,
            "lead_units": _units(row.leads),
            "co_units": _units(ind.co_units.all()),
            "children": [],
        }
        nodes[ind.pk] = node
        (nodes[ind.parent_id]["children"] if ind.parent_id else roots).append(node)
    return roots


@router.get("/frameworks/", response=list[FrameworkOut])
def list_frameworks(request):
    """Frameworks the caller may read: active and retired ones; drafts for the office."""
    return selectors.frameworks_visible_to(request.user)


@router.get("/frameworks/{framework_id}", response=FrameworkDetail)
def get_framework(request, framework_id: Id):
    """The indicator tree with each node's code, name, method, points and total, and the points check."""
    tree = selectors.framework_tree(selectors.get_framework_for(request.user, framework_id))
    return {
        **_framework_out(tree.framework),
        "totals_ok": not tree.problems,
        "basic_total": float(tree.basic_total),
        "feature_total": float(tree.feature_total),
        "problems": [
            {
                "code": p.node.code if p.node else None,
                "name": p.node.name if p.node else None,
                "points": float(p.points),
                "children_sum": float(p.children_sum),
                "difference": float(p.difference),
            }
            for p in tree.problems
        ],
        "tree": _nested(tree),
    }


@router.get("/tasks/mine", response=list[TaskOut])
@paginate(Pages, page_size=50)
def list_my_tasks(request, status: TaskStatusFilter | None = None):
    """我的任务: the caller's own unit's tasks, with the sub-tasks handed down, by due date."""
    return selectors.my_tasks(request.user, status=status)


@router.get("/tasks/{task_id}", response=TaskOut)
def get_task(request, task_id: Id):
    return selectors.get_task_for(request.user, task_id)


@router.post("/tasks/{task_id}/progress", response={200: TaskOut, 409: ErrorOut})
def report_progress(request, task_id: Id, payload: ProgressIn):
    """Report a task's progress (0–100); a decomposed task's progress comes from its sub-tasks (409)."""
    try:
        services.report_progress(actor=request.user, task_id=task_id, progress=payload.progress)
    except services.TaskError as error:
        return Status(409, {"detail": str(error)})
    return Status(200, selectors.get_task_for(request.user, task_id))
