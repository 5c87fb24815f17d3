"""Pages: a liaison's tasks and materials, the review queue, the coordinator's figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.downloads import attachment
from wenming.materials import permissions, selectors, services
from wenming.materials.forms import ActionForm, SubmissionForm
from wenming.materials.models import SubmissionStatus
from wenming.materials.workflow import SUBMISSION_WORKFLOW, TRANSITIONS, available_actions
from wenming.media import file_response
from wenming.paging import page_of
from wenming.regions.permissions import EXPORT, can
from wenming.uploads import KINDS, UploadRejected

PAGE_SIZE = 30


def _tabs(user) -> dict:
    return {
        "can_submit": permissions.can(user, permissions.SUBMIT),
        "can_review": permissions.can(user, permissions.REVIEW),
        "can_view_stats": permissions.can(user, permissions.VIEW_STATS),
    }


def _form_error(form, exc: Exception) -> int:
    """Put a refused upload or rule on the form; the status code says which kind it was."""
    if isinstance(exc, UploadRejected):
        form.add_error("files", exc.messages[0])
        return 422
    if isinstance(exc, services.SubmissionTransitionError):
        form.add_error(None, exc.message)  # about the whole material, not one field
        return 409
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return 422


@login_required
def index(request):
    tabs = _tabs(request.user)
    if not tabs["can_submit"] and tabs["can_review"]:
        return redirect("materials:queue")
    status = request.GET.get("status", "")
    if status not in SubmissionStatus.values:
        status = ""
    tasks = page_of(request, selectors.my_tasks_with_latest(request.user), PAGE_SIZE)
    submissions = selectors.my_submissions(request.user, status=status or None)
    return render(
        request,
        "materials/index.html",
        {
            **tabs,
            "tab": "mine",
            "page": tasks,
            "today": timezone.localdate(),
            # Filtered (a 工作台 link): every one of them; else the latest few.
            "submissions": submissions if status else submissions[:PAGE_SIZE],
            "status": status,
            "status_label": SubmissionStatus(status).label if status else "",
        },
    )


@login_required
def new(request):
    task = selectors.get_task_for_submission(
        request.user, _int(request.GET.get("task") or request.POST.get("task"))
    )
    form = SubmissionForm(request.POST or None, request.FILES or None, require_content=True)
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 422
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.create_submission(
                actor=request.user,
                task_id=task.pk,
                text=form.cleaned_data["text"],
                uploads=form.cleaned_data["files"],
            )
        except (UploadRejected, services.MaterialsError) as exc:
            status = _form_error(form, exc)
        else:
            return _then_submit(request, submission, "submit")
    return render(
        request,
        "materials/form.html",
        {"form": form, "task": task, **_tabs(request.user)},
        status=status,
    )


@login_required
def detail(request, pk: int):
    submission = selectors.get_submission_for(request.user, pk)
    return _render_detail(request, submission)


def _render_detail(request, submission, *, edit_form=None, action_form=None, status=200):
    user = request.user
    actions = available_actions(user, submission)
    return render(
        request,
        "materials/detail.html",
        {
            **_tabs(user),
            "submission": submission,
            "files": selectors.files_of(submission),
            "events": selectors.events_of(submission),
            "actions": [(action, TRANSITIONS[submission.status][action]) for action in actions],
            "review_actions": [a for a in actions if a in ("approve", "return")],
            "owner_actions": [a for a in actions if a in ("submit", "resubmit")],
            "can_edit": permissions.can_edit(user, submission),
            "own_unit_blocked": permissions.can(user, permissions.REVIEW)
            and permissions.is_own_unit(user, submission),
            "edit_form": edit_form
            or SubmissionForm(initial={"text": submission.text, "version": submission.version}),
            "action_form": action_form or ActionForm(initial={"version": submission.version}),
            "grade": selectors.latest_grade_for_tasks([submission.task_id]).get(submission.task_id),
        },
        status=status,
    )


def _then_submit(request, submission, action: str):
    """After saving, hand the material in when the user pressed 保存并提交."""
    if request.POST.get("then") == action:
        try:
            services.transition(
                actor=request.user,
                submission_id=submission.pk,
                action=action,
                expected_version=submission.version,
            )
        except services.MaterialsError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("材料已提交，等待审核。"))
    else:
        messages.success(request, _("已保存。"))
    return redirect("materials:detail", pk=submission.pk)


@login_required
@require_POST
def edit(request, pk: int):
    submission = selectors.get_submission_for(request.user, pk)
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            submission = services.update_submission(
                actor=request.user,
                submission_id=pk,
                text=form.cleaned_data["text"],
                uploads=form.cleaned_data["files"],
                expected_version=form.cleaned_data["version"],
            )
        except (UploadRejected, services.MaterialsError) as exc:
            status = _form_error(form, exc)
        else:
            return _then_submit(request, submission, request.POST.get("then", ""))
    else:
        status = 422
    return _render_detail(
        request, selectors.get_submission_for(request.user, pk), edit_form=form, status=status
    )


@login_required
@require_POST
def act(request, pk: int):
    selectors.get_submission_for(request.user, pk)
    form = ActionForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.transition(
                actor=request.user,
                submission_id=pk,
                action=data["action"],
                grade=data["grade"],
                note=data["note"],
                expected_version=data["version"],
            )
        except services.OwnUnitReview as exc:
            form.add_error(None, str(exc))
            status = 403
        except services.MaterialsError as exc:
            status = _form_error(form, exc)
        else:
            messages.success(
                request, _("已%(label)s。") % {"label": SUBMISSION_WORKFLOW.labels[data["action"]]}
            )
            if data["action"] in ("approve", "return"):
                return redirect("materials:queue")
            return redirect("materials:detail", pk=submission.pk)
    return _render_detail(
        request, selectors.get_submission_for(request.user, pk), action_form=form, status=status
    )


@login_required
@require_POST
def remove_file(request, pk: int):
    try:
        submission = services.remove_file(
            actor=request.user, file_id=pk, expected_version=_int(request.POST.get("version"))
        )
    except services.MaterialsError as exc:
        messages.error(request, exc.message)
        submission = selectors.get_file_for(request.user, pk).submission
    else:
        messages.success(request, _("附件已删除。"))
    return redirect("materials:detail", pk=submission.pk)


@login_required
def download(request, pk: int):
    item = selectors.get_file_for(request.user, pk)
    return file_response(
        item.file, content_type=KINDS[item.kind].mime, filename=item.name, as_attachment=True
    )


@login_required
def queue(request):
    if not permissions.can(request.user, permissions.REVIEW):
        raise PermissionDenied
    page = page_of(request, selectors.review_queue(request.user), PAGE_SIZE)
    return render(
        request, "materials/queue.html", {**_tabs(request.user), "tab": "queue", "page": page}
    )


@login_required
def stats(request):
    if not permissions.can(request.user, permissions.VIEW_STATS):
        raise PermissionDenied
    return render(
        request,
        "materials/stats.html",
        {
            **_tabs(request.user),
            "tab": "stats",
            "stats": selectors.material_stats(request.user),
            "can_export": can(request.user, EXPORT),
        },
    )


@login_required
def export(request):
    data = services.export_stats(actor=request.user)
    day = f"{timezone.localdate():%Y%m%d}"
    return attachment(
        data,
        content_type=KINDS["xlsx"].mime,
        filename=_("资料申报统计-%(day)s.xlsx") % {"day": day},
        fallback=f"materials-{day}.xlsx",
    )


def _int(value) -> int | None:
    """A positive database id from a query string or form, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None
