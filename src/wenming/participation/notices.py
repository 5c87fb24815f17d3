"""Messages to citizens about their reports (已受理, 已办结 …), through the one notifier.

cases knows nothing of citizens: it tells its registered listeners that a case moved, after
the move commits, and this module writes to the phones the reporters left (each with their own
tracking code). A reporter without a phone number simply checks the tracking page.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from wenming.cases import conf as case_conf
from wenming.cases.models import Case, Resolution, State
from wenming.notifications import services as notifications
from wenming.notifications.models import MessageKind
from wenming.participation.models import CitizenReport


def _what_happened(case: Case, action: str, from_state: str, to_state: str) -> str:
    if action in ("accept", "dispatch") and from_state == State.REPORTED:
        return str(_("已受理，已交办%(unit)s办理")) % {
            "unit": (case.unit.short_name or case.unit.name) if case.unit_id else ""
        }
    if to_state == State.CLOSED and from_state != State.CLOSED:
        if case.resolution == Resolution.FIXED:
            return str(_("已办结，欢迎查看整改结果并评价"))
        if case.resolution == Resolution.INVALID:
            return str(_("不予受理，原因可在查询页查看"))
        return str(_("已与其他群众反映的同一问题合并办理"))
    return ""


def on_case_transition(case_id: int, action: str, from_state: str, to_state: str) -> None:
    """Tell every reporter of the case who left a phone what happened, with their own code."""
    reports = list(CitizenReport.objects.filter(case_id=case_id).exclude(phone=""))
    if not reports:
        return
    case = Case.objects.select_related("unit").get(pk=case_id)
    what = _what_happened(case, action, from_state, to_state)
    if not what:
        return
    for report in reports:
        url = case_conf.site_url() + reverse("public:track", args=[report.tracking_code])
        notifications.send_to_phones(
            phones=[report.phone],
            kind=MessageKind.PROGRESS,
            title=_("文明随手拍：您反映的问题%(what)s") % {"what": what},
            body=_("查询码 %(code)s，办理进度：%(url)s")
            % {"code": report.tracking_code, "url": url},
        )
