"""The citizen's rating of a closed case and the office's review of an unsatisfied one: an
answer that keeps the case closed, or the case reopened (cases' reopen action)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import services as case_services
from wenming.cases.errors import CaseError
from wenming.cases.models import State
from wenming.cases.selectors import get_case_for
from wenming.inputs import clean_name
from wenming.participation import codes, conf, permissions
from wenming.participation.errors import Conflict, NotFound, ParticipationError
from wenming.participation.models import CitizenReport, Rating, Review, Score


def rate(*, code: str, score: str, comment: str = "") -> Rating:
    """The citizen's one rating of a closed case; 不满意 within the review window → 待复查."""
    if score not in Score.values:
        raise ParticipationError(_("请选择满意、基本满意或不满意。"), field="score")
    comment = clean_name(comment)[:500]
    with transaction.atomic():
        report = (
            CitizenReport.objects.select_for_update()
            .select_related("case")
            .filter(tracking_code=codes.normalise_code(code))
            .first()
        )
        if report is None:
            raise NotFound(_("查询码不存在，请核对后重试。"))
        case = report.case
        if case.state != State.CLOSED:
            raise Conflict(_("问题办结后才能评价。"))
        if Rating.objects.filter(report=report).exists():
            raise Conflict(_("您已评价过，每条反映只能评价一次。"))
        review = Review.NONE
        if score == Score.UNSATISFIED and case.closed_at is not None:
            if timezone.now() - case.closed_at <= timedelta(days=conf.review_days()):
                review = Review.PENDING
        rating = Rating.objects.create(report=report, score=score, comment=comment, review=review)
        record(
            actor=None,
            action=AuditAction.CREATE,
            obj=rating,
            summary=f"群众评价 #{case.pk} {Score(score).label}"
            + ("，转复查" if review == Review.PENDING else ""),
        )
    return rating


def _pending_rating_for(actor, rating_id: int) -> Rating:
    if not permissions.can(actor, permissions.REVIEW):
        raise PermissionDenied
    rating = (
        Rating.objects.select_for_update()
        .select_related("report__case")
        .filter(pk=rating_id)
        .first()
    )
    if rating is None:
        raise NotFound(_("评价不存在。"))
    get_case_for(actor, rating.report.case_id)  # 404 outside the office's scope
    if rating.review != Review.PENDING:
        raise Conflict(_("该评价已处理。"))
    return rating


def _settle(rating: Rating, *, actor, review: str, answer: str, summary: str) -> Rating:
    """The office's decision on a pending rating, with the words the citizen reads, audited."""
    rating.review, rating.answer = review, answer[:2000]
    rating.answered_by, rating.answered_at = actor, timezone.now()
    rating.save(update_fields=["review", "answer", "answered_by", "answered_at"])
    record(actor=actor, action=AuditAction.UPDATE, obj=rating, summary=summary)
    return rating


def answer_review(*, actor, rating_id: int, answer: str) -> Rating:
    """The office explains why the case stays closed; the citizen reads it on the tracking page."""
    answer = (answer or "").strip()
    if not answer:
        raise ParticipationError(_("请填写答复内容。"), field="answer")
    with transaction.atomic():
        rating = _pending_rating_for(actor, rating_id)
        return _settle(
            rating,
            actor=actor,
            review=Review.ANSWERED,
            answer=answer,
            summary=f"答复群众不满意评价 #{rating.report.case_id}",
        )


def reopen_for_review(*, actor, rating_id: int, note: str) -> Rating:
    """The office agrees with the citizen: the case goes back to intake (cases' reopen action)."""
    note = (note or "").strip()
    if not note:
        raise ParticipationError(_("请填写重新办理的说明。"), field="note")
    with transaction.atomic():
        rating = _pending_rating_for(actor, rating_id)
        try:
            case_services.transition(
                actor=actor, case_id=rating.report.case_id, action="reopen", note=note
            )
        except CaseError as exc:
            raise ParticipationError(exc.message) from exc
        return _settle(
            rating,
            actor=actor,
            review=Review.REOPENED,
            answer=note,
            summary=f"群众不满意，重新办理 #{rating.report.case_id}",
        )
