"""The case loop's transitions: the table's workflow (cases/transitions.py) run under a row lock,
one handler per action that needs more than the state change, and one recorder that writes the
event row, the photos, the unit's message and the audit record of every step."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import deadlines, registry, selectors
from wenming.cases.dispatch import resolve_unit
from wenming.cases.errors import CaseConflict, CaseError, CaseInputError, CaseTransitionError
from wenming.cases.events import notify, now, save_photos, write_event
from wenming.cases.models import Case, ExtensionRequest, ExtensionStatus, PhotoKind, State
from wenming.cases.transitions import CASE_WORKFLOW
from wenming.regions.models import Unit
from wenming.workflow import Transition, WorkflowError

# The step after which the photos sent are the rectified site's (整改后), not the problem's.
AFTER_PHOTO_ACTIONS = frozenset({"submit"})


def set_deadline(case: Case, moment: datetime) -> None:
    """The first dispatch fixes the deadline; afterwards only an approved extension moves it."""
    case.dispatched_at = case.dispatched_at or moment
    if case.due is None:
        deadline = deadlines.deadline_for(
            category=case.category, severity=case.severity, start=moment
        )
        case.due, case.overdue_from = deadline.due, deadline.overdue_from


def _case_error(exc: WorkflowError) -> Exception:
    """The one place the workflow's refusals become the case loop's errors (API: 409 / 422)."""
    if exc.code == WorkflowError.FORBIDDEN:
        return PermissionDenied()
    if exc.code == WorkflowError.INPUT:
        return CaseInputError(exc.message)
    label = State(exc.state).label
    if exc.code == WorkflowError.CONFLICT:
        return CaseConflict(
            _("该案件已被他人处理，当前状态为“%(state)s”，请刷新页面后再操作。") % {"state": label},
            state=exc.state,
            allowed=exc.allowed,
        )
    return CaseTransitionError(
        _("案件当前状态为“%(state)s”，不能执行此操作。") % {"state": label},
        state=exc.state,
        allowed=exc.allowed,
    )


def transition(
    *,
    actor,
    case_id: int,
    action: str,
    expected_version: int | None = None,
    note: str = "",
    photos: Iterable = (),
    unit: Unit | None = None,
    duplicate_of: Case | int | None = None,
    requested_due: date | str | None = None,
) -> Case:
    """Move a case by one action of the table, under a row lock.

    ``expected_version`` (from the form the user saw) turns a race into a clear conflict.
    """
    selectors.get_case_for(actor, case_id)  # scope check first: 404 outside scope
    try:
        return CASE_WORKFLOW.run(
            case_id,
            action,
            actor=actor,
            model=Case,
            expected_version=expected_version,
            note=(note or "").strip(),
            photos=list(photos),
            unit=unit,
            duplicate_of=duplicate_of,
            requested_due=requested_due,
        )
    except WorkflowError as exc:
        raise _case_error(exc) from exc


def bulk_dispatch(
    *, actor, case_ids: Iterable[int], unit: Unit | None = None
) -> tuple[list[Case], list[tuple[int, str]]]:
    """Dispatch many reported cases (a round's findings): each to ``unit`` or its resolved unit.

    Returns (dispatched, [(case id, reason)]) — a case that cannot go out is reported, not fatal.
    """
    done, skipped = [], []
    for case_id in case_ids:
        try:
            done.append(
                transition(
                    actor=actor, case_id=case_id, action="dispatch" if unit else "accept", unit=unit
                )
            )
        except CaseError as exc:
            skipped.append((case_id, exc.message))
    return done, skipped


def _record(case: Case, *, actor, action, from_state, transition: Transition, data, note, inputs):
    """Every step's immutable event row, its photos, the unit's message and the audit record."""
    event = write_event(
        case, actor=actor, action=action, from_state=from_state, note=note, data=data
    )
    kind = PhotoKind.AFTER if action in AFTER_PHOTO_ACTIONS else PhotoKind.BEFORE
    save_photos(case, event, inputs.get("photos", ()), kind)
    if action in AFTER_PHOTO_ACTIONS:  # after-photos uploaded ahead belong to this step
        case.photos.filter(kind=PhotoKind.AFTER, event__isnull=True).update(event=event)
    notify(case, action, note)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        # The auditor reads this: the step and the states by their names, not their codes.
        summary=f"案件 #{case.pk} {transition.label}（{State(from_state).label}→"
        f"{State(case.state).label}）",
    )
    for listener in registry.transition_listeners():
        transaction.on_commit(partial(listener, case.pk, action, from_state, case.state))


CASE_WORKFLOW.on_transition = _record


# --- one handler per action that needs more than the state change -----------------------------


def _close(case: Case, transition: Transition) -> None:
    """A closing step records how the case ended (the table's ``resolution``) and when."""
    case.resolution, case.closed_at = transition.resolution, now()


@CASE_WORKFLOW.handler("reject")
def _reject(case: Case, *, transition, **data):
    _close(case, transition)


def _send_to(case: Case, target: Unit | None, from_state: str) -> dict:
    if target is None:
        raise CaseInputError(_("无法自动确定责任单位，请指定单位交办。"))
    if from_state == State.DISPATCHED and target.pk == case.unit_id:
        raise CaseInputError(_("改派的单位与当前责任单位相同。"))
    case.unit = target
    set_deadline(case, now())
    return {"unit": target.name}


@CASE_WORKFLOW.handler("accept")
def _accept(case: Case, *, from_state, unit=None, **data):
    """受理交办: the unit named at report (a held finding), else the one the dispatch rules find."""
    target = (
        unit
        or case.unit
        or resolve_unit(category=case.category, region=case.region, site=case.site)
    )
    return _send_to(case, target, from_state)


@CASE_WORKFLOW.handler("dispatch")
def _dispatch(case: Case, *, from_state, unit=None, **data):
    """指定单位交办 / 改派: the unit the office chose."""
    return _send_to(case, unit, from_state)


@CASE_WORKFLOW.handler("merge")
def _merge(case: Case, *, actor, transition, duplicate_of=None, **data):
    original = _original_for(actor, case, duplicate_of)
    case.duplicate_of = original
    _close(case, transition)
    return {"duplicate_of": original.pk}


def _original_for(actor, case: Case, duplicate_of) -> Case:
    if duplicate_of is None or duplicate_of == "":
        raise CaseInputError(_("请指明与哪个案件重复。"))
    pk = duplicate_of.pk if isinstance(duplicate_of, Case) else int(duplicate_of)
    if pk == case.pk:
        raise CaseInputError(_("不能与自身合并。"))
    original = selectors.get_case_for(actor, pk)
    # Chains collapse onto the first report.
    while original.duplicate_of_id is not None:
        original = original.duplicate_of
    if original.pk == case.pk:
        raise CaseInputError(_("不能与自身合并。"))
    return original


@CASE_WORKFLOW.handler("return")
def _return(case: Case, **data):
    """退回: the unit says the problem is not theirs; the case goes back to intake."""
    returned_by = case.unit.name
    case.unit = None
    return {"unit": returned_by}


@CASE_WORKFLOW.handler("submit")
def _submit(case: Case, *, note="", photos=(), **data):
    """提交整改: with an after-photo unless the category says otherwise (CaseCategory); an
    after-photo uploaded beforehand (API) counts and goes with this step."""
    has_photo = bool(photos) or selectors.has_waiting_after_photo(case)
    if not has_photo and selectors.after_photo_required(case.category):
        raise CaseInputError(
            _("“%(category)s”类问题提交整改须上传整改后照片。") % {"category": case.category}
        )
    if not note and not has_photo:
        raise CaseInputError(_("请填写整改情况或上传整改后照片。"))
    case.submitted_at = now()


@CASE_WORKFLOW.handler("fail")
def _fail(case: Case, **data):
    case.fail_count += 1


@CASE_WORKFLOW.handler("pass")
def _pass(case: Case, *, transition, **data):
    """复核通过: the facts the metrics aggregate (on time, working hours taken)."""
    _close(case, transition)
    case.on_time = case.submitted_at is not None and case.submitted_at <= case.overdue_from
    case.working_hours = deadlines.working_hours_between(
        case.dispatched_at, case.submitted_at or now()
    )


@CASE_WORKFLOW.handler("reopen")
def _reopen(case: Case, **data):
    """重新办理: back to intake as if never closed; the next acceptance counts a fresh deadline."""
    ended = case.resolution
    case.resolution, case.closed_at, case.duplicate_of = "", None, None
    case.on_time, case.working_hours = None, None
    case.due, case.overdue_from = None, None
    return {"resolution": ended}


def _local_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CaseInputError(_("日期格式应为 YYYY-MM-DD。")) from exc


@CASE_WORKFLOW.handler("request_extension")
def _request_extension(case: Case, *, actor, note="", requested_due=None, **data):
    new_day = _local_date(requested_due)
    if new_day is None:
        raise CaseInputError(_("请填写申请延至的日期。"))
    if new_day <= timezone.localtime(case.due).date():
        raise CaseInputError(_("申请延至的日期应晚于当前期限。"))
    ExtensionRequest.objects.create(
        case=case,
        requested_by=actor,
        requested_at=now(),
        reason=note,
        requested_due=deadlines.end_of_day(new_day),
    )
    return {"requested_due": new_day.isoformat()}


def _decide_extension(case: Case, actor, *, approved: bool) -> ExtensionRequest:
    pending = ExtensionRequest.objects.get(case=case, status=ExtensionStatus.PENDING)
    pending.status = ExtensionStatus.APPROVED if approved else ExtensionStatus.REJECTED
    pending.decided_by, pending.decided_at = actor, now()
    pending.save(update_fields=["status", "decided_by", "decided_at"])
    return pending


@CASE_WORKFLOW.handler("approve_extension")
def _approve_extension(case: Case, *, actor, **data):
    """批准延期: the only way a deadline moves once set."""
    pending = _decide_extension(case, actor, approved=True)
    deadline = deadlines.deadline_on(timezone.localtime(pending.requested_due).date())
    moved = {"old_due": case.due.isoformat(), "new_due": deadline.due.isoformat()}
    case.due, case.overdue_from = deadline.due, deadline.overdue_from
    case.extension_count += 1
    return moved


@CASE_WORKFLOW.handler("reject_extension")
def _reject_extension(case: Case, *, actor, **data):
    _decide_extension(case, actor, approved=False)


# Every closing step goes through ``_close`` (the database insists: closed exactly when resolved).
if unclosed := {
    action for steps in CASE_WORKFLOW.table.values() for action, t in steps.items() if t.resolution
} - set(CASE_WORKFLOW.handlers):
    raise RuntimeError(f"closing actions without a handler: {sorted(unclosed)}")
