"""Every write to materials: create, edit, attach, the guarded state change, export."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.framework import services as framework_services
from wenming.framework.models import TaskEvidence
from wenming.materials import permissions, selectors
from wenming.materials.models import (
    GRADE_PERCENT,
    Submission,
    SubmissionEvent,
    SubmissionFile,
    SubmissionStatus,
)
from wenming.materials.workflow import (
    GRADED_ACTIONS,
    REVIEWER,
    SUBMISSION_WORKFLOW,
    available_actions,
)
from wenming.regions import permissions as region_permissions
from wenming.sheets import workbook_bytes
from wenming.uploads import DOCUMENT_KINDS, IMAGE_KINDS, CheckedUpload, check_upload
from wenming.workflow import WorkflowError

MATERIAL_KINDS = DOCUMENT_KINDS | IMAGE_KINDS
MAX_FILES = 20


class MaterialsError(Exception):
    """A business rule refused the change; ``message`` is for the user, ``field`` names the input."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class SubmissionInputError(MaterialsError):
    """The input is missing something the step needs (a grade, a reason, a file)."""


class SubmissionTransitionError(MaterialsError):
    """The action is not allowed from the current state; ``allowed`` lists what is."""

    def __init__(self, message: str, *, status: str, allowed: list[str]):
        super().__init__(message, field="action")
        self.status = status
        self.allowed = allowed


class SubmissionConflict(SubmissionTransitionError):
    """The form was rendered from an older version: someone else acted in between."""


class OwnUnitReview(PermissionDenied):
    """A reviewer may not review their own unit's material."""


def _locked(actor, submission_id: int) -> Submission:
    visible = selectors.submissions_visible_to(actor).values("pk")
    submission = (
        Submission.objects.select_for_update()
        .filter(pk=submission_id, pk__in=visible)
        .select_related("task__indicator")
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def _check_version(actor, submission: Submission, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != submission.version:
        raise SubmissionConflict(
            _("该材料已被他人更新（当前状态：%(status)s），请刷新页面后再操作。")
            % {"status": submission.get_status_display()},
            status=submission.status,
            allowed=available_actions(actor, submission),
        )


def _ensure_owner(actor, submission: Submission) -> None:
    if not permissions.can_edit(actor, submission):
        if not (
            permissions.can(actor, permissions.SUBMIT)
            and permissions.is_own_unit(actor, submission)
        ):
            raise PermissionDenied
        raise SubmissionTransitionError(
            _("材料当前状态为“%(status)s”，不能修改。")
            % {"status": submission.get_status_display()},
            status=submission.status,
            allowed=available_actions(actor, submission),
        )


def _event(
    submission: Submission, *, actor, action: str, from_status: str, note: str = ""
) -> SubmissionEvent:
    return SubmissionEvent.objects.create(
        submission=submission,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=submission.status,
        grade=submission.grade if action == "approve" else "",
        note=note,
    )


def _check_uploads(uploads) -> list[CheckedUpload]:
    """Check every file before anything is saved: one bad file refuses the whole form."""
    return [check_upload(upload, allowed=MATERIAL_KINDS) for upload in uploads]


def _attach(submission: Submission, *, actor, files: list[CheckedUpload]) -> list[SubmissionFile]:
    if submission.files.count() + len(files) > MAX_FILES:
        raise SubmissionInputError(
            _("每份材料最多 %(n)s 个附件。") % {"n": MAX_FILES}, field="file"
        )
    attached = []
    for checked in files:
        item = SubmissionFile(
            submission=submission,
            name=checked.name,
            kind=checked.kind,
            size=checked.size,
            uploaded_by=actor,
        )
        item.file.save(checked.name, ContentFile(checked.content), save=False)
        item.save()
        _event(
            submission,
            actor=actor,
            action="upload",
            from_status=submission.status,
            note=checked.name,
        )
        attached.append(item)
    return attached


TASK_EVIDENCE = {
    "submit": TaskEvidence.SUBMITTED,
    "resubmit": TaskEvidence.SUBMITTED,
    "approve": TaskEvidence.APPROVED,
    "return": TaskEvidence.RETURNED,
}


def create_submission(*, actor, task_id: int, text: str = "", uploads=()) -> Submission:
    """A draft for one of the actor's unit's tasks, with its files (checked first)."""
    if not permissions.can(actor, permissions.SUBMIT):
        raise PermissionDenied
    files = _check_uploads(uploads)
    with transaction.atomic():
        task = selectors.get_task_for_submission(actor, task_id)
        submission = Submission.objects.create(
            task=task,
            unit_id=task.unit_id,
            region_id=task.region_id,
            text=text.strip(),
            created_by=actor,
        )
        _event(submission, actor=actor, action="create", from_status="")
        _attach(submission, actor=actor, files=files)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=submission,
            summary=f"新建申报材料：{task}",
            changes={"files": [f.name for f in files]},
        )
    return submission


def update_submission(
    *,
    actor,
    submission_id: int,
    text: str | None = None,
    uploads=(),
    expected_version: int | None = None,
) -> Submission:
    """Change the text and/or add files while the material is a draft or returned."""
    files = _check_uploads(uploads)
    with transaction.atomic():
        submission = _locked(actor, submission_id)
        _check_version(actor, submission, expected_version)
        _ensure_owner(actor, submission)
        changed = []
        if text is not None and text.strip() != submission.text:
            submission.text = text.strip()
            _event(submission, actor=actor, action="edit", from_status=submission.status)
            changed.append("text")
        _attach(submission, actor=actor, files=files)
        if changed or files:
            submission.version += 1
            submission.save(update_fields=["text", "version", "updated"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=submission,
                summary="修改申报材料",
                changes={"text": bool(changed), "files": [f.name for f in files]},
            )
    return submission


def add_file(
    *, actor, submission_id: int, upload, expected_version: int | None = None
) -> SubmissionFile:
    """Attach one checked file (type by content, size limit, images re-encoded)."""
    submission = update_submission(
        actor=actor,
        submission_id=submission_id,
        uploads=[upload],
        expected_version=expected_version,
    )
    return submission.files.order_by("-pk").first()


def remove_file(*, actor, file_id: int, expected_version: int | None = None) -> Submission:
    attached = selectors.get_file_for(actor, file_id)
    with transaction.atomic():
        submission = _locked(actor, attached.submission_id)
        _check_version(actor, submission, expected_version)
        _ensure_owner(actor, submission)
        name = attached.name
        stored = attached.file.name
        storage = attached.file.storage
        attached.delete()
        transaction.on_commit(lambda: storage.delete(stored))
        submission.version += 1
        submission.save(update_fields=["version", "updated"])
        _event(submission, actor=actor, action="remove", from_status=submission.status, note=name)
        record(actor=actor, action=AuditAction.UPDATE, obj=submission, summary=f"删除附件：{name}")
    return submission


def _refusal(actor, exc: WorkflowError, submission: Submission, action: str) -> Exception:
    """The one place the workflow's refusals become the materials errors (API: 409 / 422 / 403)."""
    status = SubmissionStatus(exc.state).label if exc.state else ""
    if exc.code == WorkflowError.CONFLICT:
        return SubmissionConflict(
            _("该材料已被他人更新（当前状态：%(status)s），请刷新页面后再操作。")
            % {"status": status},
            status=exc.state,
            allowed=exc.allowed,
        )
    if exc.code == WorkflowError.STATE:
        return SubmissionTransitionError(
            _("材料当前状态为“%(status)s”，不能执行此操作。") % {"status": status},
            status=exc.state,
            allowed=exc.allowed,
        )
    if exc.code == WorkflowError.INPUT:  # the one step that needs a note: return
        return SubmissionInputError(_("退回时必须填写退回原因。"), field="note")
    step = SUBMISSION_WORKFLOW.transition(exc.state, action)
    if (
        step is not None
        and step.party == REVIEWER
        and permissions.can(actor, permissions.REVIEW)
        and permissions.is_own_unit(actor, submission)
    ):
        return OwnUnitReview(_("不能审核本单位的申报材料。"))
    return PermissionDenied()


def transition(
    *,
    actor,
    submission_id: int,
    action: str,
    grade: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Submission:
    """Move a submission along the table in :mod:`wenming.materials.workflow`, under a row lock."""
    submission = selectors.submissions_visible_to(actor).filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    try:
        return SUBMISSION_WORKFLOW.run(
            submission_id,
            action,
            actor=actor,
            model=Submission,
            expected_version=expected_version,
            grade=grade,
            note=(note or "").strip(),
        )
    except WorkflowError as exc:
        raise _refusal(actor, exc, submission, action) from exc


def _record_step(submission: Submission, *, actor, action, from_state, transition, data, note):
    """Every step's event row, the task's evidence and the audit record."""
    _event(submission, actor=actor, action=action, from_status=from_state, note=note)
    # The task follows its evidence; the framework owns the task's status and progress.
    framework_services.record_task_evidence(
        actor=actor,
        task_id=submission.task_id,
        evidence=TASK_EVIDENCE[action],
        grade=submission.grade,
    )
    graded = f"（{submission.grade}）" if action in GRADED_ACTIONS else ""
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=submission,
        summary=f"{transition.label}：{submission.task}{graded}",
        changes={"status": [from_state, submission.status]},
    )


SUBMISSION_WORKFLOW.on_transition = _record_step


@SUBMISSION_WORKFLOW.handler("submit")
@SUBMISSION_WORKFLOW.handler("resubmit")
def _hand_in(submission: Submission, **data):
    if not submission.text and not submission.files.exists():
        raise SubmissionInputError(_("请填写申报说明或上传至少一个附件后再提交。"), field="text")
    submission.submitted_at = submission.submitted_at or timezone.now()


@SUBMISSION_WORKFLOW.handler("approve")
def _approve(submission: Submission, *, actor, grade="", note="", **data):
    if grade not in GRADE_PERCENT:
        raise SubmissionInputError(_("请选择评定等级（A/B/C/D）。"), field="grade")
    submission.grade, submission.reviewer_comment = grade, note
    submission.reviewed_by, submission.approved_at = actor, timezone.now()


@SUBMISSION_WORKFLOW.handler("return")
def _return(submission: Submission, *, actor, note="", **data):
    submission.return_reason, submission.reviewed_by = note, actor


def export_stats(*, actor, today: date | None = None) -> bytes:
    """The coordinator's 申报率/通过率/逾期 table as xlsx; every export is audited."""
    if not (
        permissions.can(actor, permissions.VIEW_STATS)
        and region_permissions.can(actor, region_permissions.EXPORT)
    ):
        raise PermissionDenied
    stats = selectors.material_stats(actor, today=today)
    header = [
        _("名称"),
        _("任务数"),
        _("已申报"),
        _("已通过"),
        _("逾期未报"),
        _("申报率"),
        _("通过率"),
    ]

    def rows(items):
        for row in items:
            yield [
                row.name,
                row.total,
                row.handed_in,
                row.approved,
                row.overdue,
                _percent(row.completion_rate),
                _percent(row.approval_rate),
            ]

    data = workbook_bytes(
        [
            (_("按单位"), [_("责任单位")] + header[1:], rows(stats.by_unit)),
            (_("按指标"), [_("测评指标")] + header[1:], rows(stats.by_indicator)),
        ]
    )
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.EXPORT,
            summary=f"导出网上申报统计（{stats.today:%Y-%m-%d}）",
            changes={"units": len(stats.by_unit), "indicators": len(stats.by_indicator)},
        )
    return data


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}%"
