"""五评选: reviewers' votes or scores at a level, and objections raised during 公示."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.cases.deadlines import LOCAL, calendar_around, deadline_on
from wenming.honors import permissions
from wenming.honors.errors import HonorsInputError
from wenming.honors.models import Nomination, Objection, ObjectionStatus, Review, SelectionMethod
from wenming.honors.services.events import run
from wenming.honors.services.nominations import clean_phone
from wenming.honors.transitions import CITIZEN, WORKFLOW, membership_of, rule_for, tally
from wenming.inputs import clean_name
from wenming.numbers import clean_number
from wenming.workflow import WorkflowError


@WORKFLOW.handler("review")
def _review(nomination, *, actor, transition, from_state, approve=None, score=None, note="", **_):
    membership = membership_of(actor)
    if membership is None:
        raise WorkflowError(_("您没有所属单位，不能评议。"), code=WorkflowError.FORBIDDEN)
    Review.objects.create(
        nomination=nomination,
        level=nomination.level,
        reviewer=actor,
        reviewer_unit=membership.unit,
        approve=approve,
        score=score,
        note=(note or "").strip(),
    )
    return {"approve": approve, "score": None if score is None else str(score)}


@WORKFLOW.handler("pass")
def _pass(nomination, *, actor, transition, from_state, **_):
    rule = rule_for(nomination.level)
    now = timezone.now()
    today = now.astimezone(LOCAL).date()
    calendar = calendar_around(today, days_after=rule.publicity_days * 3 + 40)
    due = deadline_on(calendar.add_workdays(today, rule.publicity_days), calendar).due
    nomination.publicity_start = now
    nomination.publicity_due = due
    return {"publicity_days": rule.publicity_days, "publicity_due": due.isoformat()}


def review_nomination(
    *, actor, nomination_id: int, approve=None, score=None, note: str = ""
) -> Nomination:
    """One reviewer's vote (votes with a quorum) or score (scores with a threshold) at the
    nomination's current level. The review that reaches the quorum decides: 评议通过 opens
    公示 for the level's working days; 未通过 ends the nomination at this level."""
    permissions.ensure_can(actor, permissions.REVIEW)
    nomination = Nomination.objects.filter(pk=nomination_id).only("level").first()
    if nomination is None:
        raise WorkflowError(_("推荐不存在。"), code=WorkflowError.FORBIDDEN)
    rule = rule_for(nomination.level)
    if rule.method == SelectionMethod.SCORE:
        score = clean_number(Review, "score", score, minimum=0, maximum=100, error=HonorsInputError)
        if score is None:
            raise HonorsInputError({"score": _("请填写0至100之间的评分。")})
        approve = None
    else:
        if approve not in (True, False):
            raise HonorsInputError({"approve": _("请选择赞成或不赞成。")})
        score = None
    with transaction.atomic():
        nomination = run(
            nomination_id, "review", actor=actor, approve=approve, score=score, note=note
        )
        decision = tally(nomination)
        if decision is not None:
            nomination = run(nomination.pk, decision, actor=actor)
    return nomination


@WORKFLOW.handler("object")
def _object(
    nomination, *, actor, transition, from_state, text="", contact_name="", contact_phone="", **_
):
    objection = Objection.objects.create(
        nomination=nomination,
        level=nomination.level,
        text=text,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    return {"objection": objection.pk}


def raise_objection(
    *, actor=None, nomination_id: int, text: str, contact_name: str = "", contact_phone: str = ""
) -> Objection:
    """An objection from the public 公示 page (``actor`` None) or a logged-in user; while it is
    open the candidate cannot be promoted."""
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("请填写异议内容。")
    elif len(text) > 2000:
        errors["text"] = _("异议内容不能超过 2000 字。")
    contact_name = clean_name(contact_name)[:50]
    contact_phone = clean_phone(contact_phone, "contact_phone", errors, required=True)
    if errors:
        raise HonorsInputError(errors)
    nomination = run(
        nomination_id,
        "object",
        actor=actor if actor is not None else CITIZEN,
        text=text,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    return nomination.objections.order_by("-pk").first()


def _settle(nomination, *, actor, objection=None, note="", status):
    found = nomination.objections.filter(pk=objection, status=ObjectionStatus.OPEN).first()
    if found is None:
        raise WorkflowError(_("该异议不存在或已处理。"), code=WorkflowError.INPUT)
    found.status = status
    found.finding = note.strip()
    found.resolved_by = actor
    found.resolved_at = timezone.now()
    found.save()
    return {"objection": found.pk}


@WORKFLOW.handler("dismiss")
def _dismiss(nomination, *, actor, transition, from_state, objection=None, note="", **_):
    return _settle(
        nomination, actor=actor, objection=objection, note=note, status=ObjectionStatus.DISMISSED
    )


@WORKFLOW.handler("uphold")
def _uphold(nomination, *, actor, transition, from_state, objection=None, note="", **_):
    return _settle(
        nomination, actor=actor, objection=objection, note=note, status=ObjectionStatus.UPHELD
    )


def resolve_objection(*, actor, objection_id: int, upheld: bool, finding: str) -> Nomination:
    """A reviewer of the level settles an objection with a recorded finding: 不成立 lets the
    公示 run its course; 成立 ends the nomination."""
    permissions.ensure_can(actor, permissions.REVIEW)
    objection = Objection.objects.filter(pk=objection_id).first()
    if objection is None:
        raise WorkflowError(_("该异议不存在或已处理。"), code=WorkflowError.INPUT)
    if not (finding or "").strip():
        raise HonorsInputError({"finding": _("请填写核实情况。")})
    return run(
        objection.nomination_id,
        "uphold" if upheld else "dismiss",
        actor=actor,
        objection=objection.pk,
        note=finding,
    )
