"""The transition table as users meet it: who may do what, in which state, and what is recorded."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.cases.factories import move, report
from tests.regions.factories import person
from wenming.cases.errors import CaseConflict, CaseInputError, CaseTransitionError
from wenming.cases.models import (
    CaseEvent,
    DispatchRule,
    ExtensionRequest,
    Resolution,
    Source,
    State,
)
from wenming.cases.transitions import allowed_actions
from wenming.regions.models import Region, Role

pytestmark = pytest.mark.django_db

GUANGMING = "340403001001"


@pytest.fixture
def case(inspector, units):
    return report(inspector, region=Region.objects.get(code=GUANGMING), unit=units["guangming"])


def test_full_loop_records_one_event_per_transition(case, community1, coordinator):
    case = move(community1, case, "sign")
    case = move(community1, case, "submit", note="已清理")
    case = move(coordinator, case, "fail", note="仍有杂物")
    assert case.state == State.RECTIFYING and case.fail_count == 1
    case = move(community1, case, "submit", note="再次清理")
    case = move(coordinator, case, "pass")
    assert case.state == State.CLOSED and case.resolution == Resolution.FIXED
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == ["report", "sign", "submit", "fail", "submit", "pass"]
    assert case.on_time is True and case.working_hours is not None


def test_wrong_transition_lists_the_allowed_ones(case, coordinator):
    with pytest.raises(CaseTransitionError) as err:
        move(coordinator, case, "pass")
    assert err.value.state == State.DISPATCHED
    assert "dispatch" in err.value.allowed and "approve_extension" not in err.value.allowed


def test_a_stale_form_gets_a_conflict(case, community1):
    move(community1, case, "sign", expected_version=case.version)
    with pytest.raises(CaseConflict) as err:
        move(community1, case, "sign", expected_version=case.version)
    assert "已被他人处理" in err.value.message


def test_another_unit_cannot_sign(case, units):
    other = person(username="xiangyang", unit=units["xiangyang"], role=Role.LIAISON)
    with pytest.raises(Http404):  # another community does not even see it
        move(other, case, "sign")
    street = person(username="tiandong", unit=units["tiandong"], role=Role.LEADER)
    with pytest.raises(PermissionDenied):  # the street office sees it (属地) but may not intake it
        move(street, case, "dispatch", unit=units["xiangyang"])


def test_verifier_cannot_verify_their_own_units_work(coordinator, inspector, units, community1):
    office_case = report(inspector, region=Region.objects.get(code=GUANGMING), unit=units["office"])
    liaison = person(username="office_liaison", unit=units["office"], role=Role.LIAISON)
    office_case = move(liaison, office_case, "sign")
    office_case = move(liaison, office_case, "submit", note="done")
    assert allowed_actions(coordinator, office_case) == []
    with pytest.raises(PermissionDenied):
        move(coordinator, office_case, "pass")


def test_return_goes_back_to_intake_and_redispatch_follows_the_rule(
    case, community1, coordinator, units
):
    case = move(community1, case, "return", note="非本社区辖区")
    assert case.state == State.REPORTED and case.unit is None
    DispatchRule.objects.create(
        category="占道经营", region=Region.objects.get(code="340403000000"), unit=units["tja_gov"]
    )
    due = case.due
    case = move(coordinator, case, "accept")
    assert case.unit == units["tja_gov"] and case.state == State.DISPATCHED
    assert case.due == due  # the deadline set at first dispatch does not move


def test_accept_without_a_resolvable_unit_asks_for_one(coordinator):
    case = report(
        None, region=Region.objects.get(code=GUANGMING), source=Source.CITIZEN, category="其他"
    )
    with pytest.raises(CaseInputError):
        move(coordinator, case, "accept")


def test_reject_and_merge_close_at_intake(coordinator):
    region = Region.objects.get(code=GUANGMING)
    first = report(None, region=region, source=Source.CITIZEN)
    second = report(None, region=region, source=Source.CITIZEN)
    third = report(None, region=region, source=Source.CITIZEN)
    second = move(coordinator, second, "merge", duplicate_of=first.pk)
    assert (second.state, second.resolution, second.duplicate_of) == (
        State.CLOSED,
        Resolution.DUPLICATE,
        first,
    )
    with pytest.raises(CaseInputError):
        move(coordinator, third, "reject")  # a reason is required
    third = move(coordinator, third, "reject", note="非城市管理问题")
    assert third.resolution == Resolution.INVALID
    with pytest.raises(CaseTransitionError) as err:
        move(coordinator, third, "accept")
    assert err.value.allowed == ["reopen"]  # a closed case only reopens (重新办理)


def test_due_moves_only_when_an_extension_is_approved(case, community1, coordinator):
    due = case.due
    case = move(community1, case, "sign")
    case = move(
        community1, case, "request_extension", note="需采购材料", requested_due="2099-01-05"
    )
    assert case.due == due
    with pytest.raises(CaseTransitionError):
        move(community1, case, "request_extension", note="again", requested_due="2099-01-06")
    assert ExtensionRequest.objects.filter(case=case, status="pending").count() == 1
    case = move(coordinator, case, "approve_extension")
    assert case.due > due and case.extension_count == 1
    assert case.due.date().isoformat() == "2099-01-05"


def test_reopen_takes_a_closed_case_back_to_intake_with_a_note(coordinator, community1):
    region = Region.objects.get(code=GUANGMING)
    case = move(
        coordinator, report(None, region=region, source=Source.CITIZEN), "reject", note="无"
    )
    with pytest.raises(CaseInputError):
        move(coordinator, case, "reopen")  # a reason is required
    with pytest.raises((CaseTransitionError, PermissionDenied, Http404)):
        move(community1, case, "reopen")
    case = move(coordinator, case, "reopen", note="群众不满意，重新办理")
    assert (case.state, case.resolution, case.closed_at, case.due) == (
        State.REPORTED,
        "",
        None,
        None,
    )
