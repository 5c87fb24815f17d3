"""Materials in the API: my submissions (create, edit, upload, submit), review actions, figures."""

from datetime import datetime
from enum import Enum

from django.core.exceptions import PermissionDenied
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from wenming.apischema import NOT_BLANK, Id, Pages, Text, upload_body
from wenming.errorbody import ErrorOut as BaseErrorOut
from wenming.materials import permissions, selectors, services
from wenming.materials.forms import ActionForm, SubmissionForm
from wenming.materials.models import Grade, SubmissionStatus
from wenming.materials.workflow import (
    GRADED_ACTIONS,
    SUBMISSION_WORKFLOW,
    TRANSITIONS,
    available_actions,
)
from wenming.uploads import UploadRejected

router = Router(tags=["网上申报"])


class ErrorOut(BaseErrorOut):
    field: str | None = None
    status: str | None = None
    allowed_actions: list[str] = []


class FileOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    uploaded_at: datetime


class EventOut(Schema):
    at: datetime
    actor: str
    action: str
    from_status: str
    to_status: str
    grade: str
    note: str

    @staticmethod
    def resolve_actor(event) -> str:
        return event.actor.get_username()


class SubmissionOut(Schema):
    id: int
    task_id: int
    indicator_code: str
    unit_id: int
    region_code: str
    text: str
    status: str
    grade: str
    grade_percent: int | None
    reviewer_comment: str
    return_reason: str
    version: int
    created: datetime
    updated: datetime

    @staticmethod
    def resolve_indicator_code(submission) -> str:
        return submission.task.indicator.code

    @staticmethod
    def resolve_region_code(submission) -> str:
        return submission.region_id


class SubmissionDetailOut(SubmissionOut):
    allowed_actions: list[str]
    files: list[FileOut]
    events: list[EventOut]

    @staticmethod
    def resolve_files(submission) -> list:
        return list(selectors.files_of(submission))

    @staticmethod
    def resolve_events(submission) -> list:
        return list(selectors.events_of(submission))


# Lengths as the page's forms allow them.
TEXT_MAX = SubmissionForm.base_fields["text"].max_length
NOTE_MAX = ActionForm.base_fields["note"].max_length


class SubmissionIn(Schema):
    task_id: Id
    text: Text = Field("", max_length=TEXT_MAX)


class SubmissionUpdate(Schema):
    text: Text = Field(..., max_length=TEXT_MAX)
    version: int | None = None


# An action's own needs, from the workflow table: approve takes a grade A–D, return a reason.
NOTED_ACTIONS = {
    action for steps in TRANSITIONS.values() for action, step in steps.items() if step.needs_note
}
ACTION_NEEDS = {
    "anyOf": [
        {
            "properties": {
                "action": {
                    "enum": [
                        a
                        for a in SUBMISSION_WORKFLOW.actions
                        if a not in GRADED_ACTIONS | NOTED_ACTIONS
                    ]
                }
            }
        },
        *(
            {
                "properties": {
                    "action": {"const": a},
                    "grade": {"enum": [g.value for g in Grade]},
                },
                "required": ["action", "grade"],
            }
            for a in sorted(GRADED_ACTIONS)
        ),
        *(
            {
                "properties": {"action": {"const": a}, "note": {"pattern": NOT_BLANK}},
                "required": ["action", "note"],
            }
            for a in sorted(NOTED_ACTIONS)
        ),
    ]
}

Action = Enum("Action", {a: a for a in SUBMISSION_WORKFLOW.actions}, type=str)
GradeOrNone = Enum("GradeOrNone", {"none": "", **{g.value: g.value for g in Grade}}, type=str)


class ActionIn(Schema):
    model_config = {"json_schema_extra": ACTION_NEEDS}

    action: Action
    grade: GradeOrNone = GradeOrNone.none
    note: Text = Field("", max_length=NOTE_MAX)
    version: int | None = None


class RateRowOut(Schema):
    id: int
    name: str
    total: int
    handed_in: int
    approved: int
    overdue: int
    completion_rate: float | None
    approval_rate: float | None

    @staticmethod
    def resolve_id(row) -> int:
        return row.key


class StatsOut(Schema):
    today: str
    total: RateRowOut
    by_unit: list[RateRowOut]
    by_indicator: list[RateRowOut]


def _detail(request, submission):
    """The submission as the caller sees it, with the actions the caller may take now."""
    submission = selectors.get_submission_for(request.user, submission.pk)
    submission.allowed_actions = available_actions(request.user, submission)
    return submission


def _error(exc: Exception) -> Status:
    """Map a refused change to its status: 409 for the state machine, 422 for input."""
    if isinstance(exc, UploadRejected):
        return Status(422, {"detail": exc.messages[0], "field": "file"})
    if isinstance(exc, services.SubmissionTransitionError):
        return Status(
            409,
            {
                "detail": exc.message,
                "field": exc.field,
                "status": exc.status,
                "allowed_actions": exc.allowed,
            },
        )
    return Status(422, {"detail": exc.message, "field": exc.field})


ERRORS = {409: ErrorOut, 422: ErrorOut}


@router.get("/submissions/", response=list[SubmissionOut])
@paginate(Pages, page_size=50)
def list_submissions(request, status: SubmissionStatus | None = None, mine: bool = False):
    """Materials the caller may see; ``mine=true`` for the caller's own unit's only."""
    if mine:
        return selectors.my_submissions(request.user, status=status)
    return selectors.submissions_visible_to(request.user, status=status)


@router.post("/submissions/", response={201: SubmissionDetailOut, **ERRORS})
def create_submission(request, payload: SubmissionIn):
    """A draft for one of the caller's unit's tasks."""
    try:
        submission = services.create_submission(
            actor=request.user, task_id=payload.task_id, text=payload.text
        )
    except services.MaterialsError as exc:
        return _error(exc)
    return Status(201, _detail(request, submission))


@router.get("/submissions/{submission_id}", response=SubmissionDetailOut)
def get_submission(request, submission_id: Id):
    return _detail(request, selectors.get_submission_for(request.user, submission_id))


@router.patch("/submissions/{submission_id}", response={200: SubmissionDetailOut, **ERRORS})
def update_submission(request, payload: SubmissionUpdate, submission_id: Id):
    try:
        submission = services.update_submission(
            actor=request.user,
            submission_id=submission_id,
            text=payload.text,
            expected_version=payload.version,
        )
    except services.MaterialsError as exc:
        return _error(exc)
    return Status(200, _detail(request, submission))


@router.post(
    "/submissions/{submission_id}/files",
    response={201: FileOut, **ERRORS},
    openapi_extra=upload_body("file", services.MATERIAL_KINDS),
)
def upload_file(request, submission_id: Id, file: UploadedFile = File(...)):
    """Attach a file: pdf, docx, xlsx, jpg or png, checked by content; images are re-encoded."""
    try:
        attached = services.add_file(actor=request.user, submission_id=submission_id, upload=file)
    except (UploadRejected, services.MaterialsError) as exc:
        return _error(exc)
    return Status(201, attached)


@router.post("/submissions/{submission_id}/actions", response={200: SubmissionDetailOut, **ERRORS})
def act(request, payload: ActionIn, submission_id: Id):
    """Take a step of the workflow: submit, resubmit, approve (grade A–D) or return (note required).
    A 409 body lists the actions allowed from the current state."""
    try:
        submission = services.transition(
            actor=request.user,
            submission_id=submission_id,
            action=payload.action.value,
            grade=payload.grade.value,
            note=payload.note,
            expected_version=payload.version,
        )
    except services.MaterialsError as exc:
        return _error(exc)
    return Status(200, _detail(request, submission))


@router.post("/submissions/{submission_id}/submit", response={200: SubmissionDetailOut, **ERRORS})
def submit(request, submission_id: Id):
    """Hand the material in: ``submit`` for a draft, ``resubmit`` for a returned one."""
    submission = selectors.get_submission_for(request.user, submission_id)
    action = "resubmit" if submission.status == "returned" else "submit"
    try:
        submission = services.transition(
            actor=request.user, submission_id=submission_id, action=action
        )
    except services.MaterialsError as exc:
        return _error(exc)
    return Status(200, _detail(request, submission))


@router.get("/stats", response={200: StatsOut, 403: ErrorOut})
def stats(request):
    """申报率, 通过率 and overdue counts per unit and per indicator (coordinators, reviewers)."""
    if not permissions.can(request.user, permissions.VIEW_STATS):
        raise PermissionDenied
    figures = selectors.material_stats(request.user)
    return {
        "today": figures.today.isoformat(),
        "total": figures.total,
        "by_unit": figures.by_unit,
        "by_indicator": figures.by_indicator,
    }
