"""Materials in the API: my submissions (create, edit, upload, submit), review actions, figures."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from wenming.errorbody import ErrorOut as BaseErrorOut
from wenming.materials import permissions, selectors, services
from wenming.materials.forms import ActionForm, SubmissionForm
from wenming.materials.workflow import SUBMISSION_WORKFLOW, available_actions
from wenming.uploads import UploadRejected

MAX_ID = 2**63 - 1  # a larger id would be a database error, not a 404

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
    task_id: int = Field(..., ge=1, le=MAX_ID)
    text: str = Field("", max_length=TEXT_MAX)


class SubmissionUpdate(Schema):
    text: str = Field(..., max_length=TEXT_MAX)
    version: int | None = None


class ActionIn(Schema):
    action: str = Field(..., max_length=32)
    grade: str = Field("", max_length=1)
    note: str = Field("", max_length=NOTE_MAX)
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
@paginate(PageNumberPagination, page_size=50)
def list_submissions(request, status: str | None = None, mine: bool = False):
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
def get_submission(request, submission_id: int = Path(..., ge=1, le=MAX_ID)):
    return _detail(request, selectors.get_submission_for(request.user, submission_id))


@router.patch("/submissions/{submission_id}", response={200: SubmissionDetailOut, **ERRORS})
def update_submission(
    request, payload: SubmissionUpdate, submission_id: int = Path(..., ge=1, le=MAX_ID)
):
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


@router.post("/submissions/{submission_id}/files", response={201: FileOut, **ERRORS})
def upload_file(
    request, file: UploadedFile = File(...), submission_id: int = Path(..., ge=1, le=MAX_ID)
):
    """Attach a file: pdf, docx, xlsx, jpg or png, checked by content; images are re-encoded."""
    try:
        attached = services.add_file(actor=request.user, submission_id=submission_id, upload=file)
    except (UploadRejected, services.MaterialsError) as exc:
        return _error(exc)
    return Status(201, attached)


@router.post("/submissions/{submission_id}/actions", response={200: SubmissionDetailOut, **ERRORS})
def act(request, payload: ActionIn, submission_id: int = Path(..., ge=1, le=MAX_ID)):
    """Take a step of the workflow: submit, resubmit, approve (grade A–D) or return (note required).
    A 409 body lists the actions allowed from the current state."""
    if payload.action not in SUBMISSION_WORKFLOW.actions:
        return Status(
            422,
            {
                "detail": _("未知操作：%(a)s。") % {"a": payload.action},
                "field": "action",
                "allowed_actions": SUBMISSION_WORKFLOW.actions,
            },
        )
    try:
        submission = services.transition(
            actor=request.user,
            submission_id=submission_id,
            action=payload.action,
            grade=payload.grade,
            note=payload.note,
            expected_version=payload.version,
        )
    except services.MaterialsError as exc:
        return _error(exc)
    return Status(200, _detail(request, submission))


@router.post("/submissions/{submission_id}/submit", response={200: SubmissionDetailOut, **ERRORS})
def submit(request, submission_id: int = Path(..., ge=1, le=MAX_ID)):
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


@router.get("/stats", response=StatsOut)
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
