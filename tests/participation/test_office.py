"""The office's side: reporters' phones on its pages only, 不满意 reviewed (reopen or answer)."""

import pytest

from tests.participation.factories import citizen_report
from tests.participation.test_pages import _close
from wenming.cases.models import State
from wenming.cases.todo import todo_for
from wenming.participation import ratings
from wenming.participation.errors import ParticipationError
from wenming.participation.models import Review, Score

pytestmark = pytest.mark.django_db


def test_the_office_sees_the_phone_units_and_outsiders_do_not(
    client, citizens, coordinator, community1, outsider
):
    report = citizen_report(phone="13912345678")
    client.force_login(coordinator)
    page = client.get("/participation/").content.decode()
    assert "13912345678" in page and f"#{report.case_id}" in page
    for user in (community1, outsider):
        client.force_login(user)
        assert client.get("/participation/").status_code == 403
        assert client.get("/participation/reviews/").status_code == 403
    client.force_login(coordinator)
    case_page = client.get(f"/cases/{report.case_id}/").content.decode()
    assert "13912345678" not in case_page


@pytest.fixture
def unhappy(citizens, coordinator, community1, inspector):
    report = citizen_report()
    _close(report.case, coordinator, community1, inspector)
    return ratings.rate(code=report.tracking_code, score=Score.UNSATISFIED, comment="没整改")


def test_reopen_puts_the_case_back_in_intake_with_a_new_deadline(
    client, unhappy, coordinator, community1
):
    client.force_login(coordinator)
    assert 'data-testid="review-row"' in client.get("/participation/reviews/").content.decode()
    response = client.post(
        f"/participation/reviews/{unhappy.pk}/reopen/", {"text": "市民反映摊贩仍在，重新办理"}
    )
    assert response.status_code == 302
    case = unhappy.report.case
    case.refresh_from_db()
    assert (case.state, case.resolution, case.closed_at, case.due) == (
        State.REPORTED,
        "",
        None,
        None,
    )
    _unit, buckets = todo_for(coordinator)
    assert case in buckets["intake"]
    unhappy.refresh_from_db()
    assert unhappy.review == Review.REOPENED
    page = client.get(f"/public/track/{unhappy.report.tracking_code}/").content.decode()
    assert "重新办理中" in page and "市民反映摊贩仍在" in page


def test_answer_keeps_the_case_closed_and_the_citizen_reads_it(client, unhappy, coordinator):
    with pytest.raises(ParticipationError):
        ratings.answer_review(actor=coordinator, rating_id=unhappy.pk, answer=" ")
    ratings.answer_review(actor=coordinator, rating_id=unhappy.pk, answer="经复查已整改到位")
    with pytest.raises(ParticipationError):
        ratings.answer_review(actor=coordinator, rating_id=unhappy.pk, answer="再答一次")
    unhappy.report.case.refresh_from_db()
    assert unhappy.report.case.state == State.CLOSED
    page = client.get(f"/public/track/{unhappy.report.tracking_code}/").content.decode()
    assert "经复查已整改到位" in page


def test_a_unit_cannot_review(unhappy, community1):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ratings.answer_review(actor=community1, rating_id=unhappy.pk, answer="不")


def test_late_unsatisfied_rating_is_kept_without_review(
    citizens, coordinator, community1, inspector
):
    from datetime import timedelta

    from django.utils import timezone

    report = citizen_report()
    case = _close(report.case, coordinator, community1, inspector)
    type(case).objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=8))
    rating = ratings.rate(code=report.tracking_code, score=Score.UNSATISFIED)
    assert rating.review == Review.NONE


def test_figures_count_acceptance_satisfaction_and_repeats(client, unhappy, coordinator, citizens):
    citizen_report(phone="")
    client.force_login(coordinator)
    page = client.get("/participation/stats/").content.decode()
    assert 'data-testid="fig-total">2<' in page
    assert 'data-testid="fig-acceptance">100%' in page
    assert 'data-testid="fig-satisfaction">0%' in page
    assert "田家庵区" in page


def test_figures_feed_the_work_report(unhappy, citizens):
    from django.utils import timezone

    from wenming.figures import Subject, compute
    from wenming.periods import PeriodKind, period_containing

    citizen_report(phone="")
    month = period_containing(PeriodKind.MONTH, timezone.localdate())
    figures = compute(
        Subject(region_code="340400000000", period=month),
        ["participation.reports", "participation.accepted", "participation.satisfaction"],
    )
    assert figures["participation.reports"].value == 2
    assert figures["participation.accepted"].value == 1
    assert figures["participation.satisfaction"].value == 0
