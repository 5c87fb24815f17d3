from django import template
from django.utils.translation import gettext_lazy as _

from wenming.materials.models import SubmissionStatus
from wenming.materials.workflow import SUBMISSION_WORKFLOW

register = template.Library()

STATUS_CLASS = {
    SubmissionStatus.DRAFT: "text-bg-secondary",
    SubmissionStatus.SUBMITTED: "text-bg-primary",
    SubmissionStatus.RESUBMITTED: "text-bg-primary",
    SubmissionStatus.RETURNED: "text-bg-warning",
    SubmissionStatus.APPROVED: "text-bg-success",
}
LABELS = dict(SubmissionStatus.choices)
EVENT_LABELS = {
    "create": _("新建"),
    "edit": _("修改说明"),
    "upload": _("上传附件"),
    "remove": _("删除附件"),
    **SUBMISSION_WORKFLOW.labels,
}


@register.filter
def status_label(value: str) -> str:
    return LABELS.get(value, "")


@register.filter
def status_class(value: str) -> str:
    return STATUS_CLASS.get(value, "text-bg-light")


@register.filter
def percent(rate) -> str:
    """0.8125 → 81.3%; an empty rate (nothing to divide by) shows as —."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


@register.filter
def event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)
