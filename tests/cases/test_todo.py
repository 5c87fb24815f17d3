"""Every role's to-do list holds exactly the cases that role can act on now (the state machine's
waiting actions), over a cross product of units, states and pending extensions."""

from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from tests.cases.factories import case_in, move, report
from tests.regions.factories import person
from wenming.cases.models import State
from wenming.cases.selectors import cases_visible_to
from wenming.cases.todo import todo_for
from wenming.cases.transitions import allowed_actions, waiting_actions
from wenming.regions.models import Role

pytestmark = pytest.mark.django_db


def _case_at(stage, *, unit, liaison, inspector, verifier, extension=False):
    case = report(inspector, region=unit.region, unit=unit, dispatch=stage != "reported")
    if stage == "reported":
        return case
    if stage in ("rectifying", "awaiting", "reworked", "closed"):
        case = move(liaison, case, "sign")
    if stage in ("awaiting", "reworked", "closed"):
        case = move(liaison, case, "submit", note="已清理")
    if stage == "reworked":
        case = move(verifier, case, "fail", note="仍有杂物堆放")
    if stage == "closed":
        case = move(verifier, case, "pass")
    if extension and case.state in (State.DISPATCHED, State.RECTIFYING):
        due = timezone.localtime(case.due).date() + timedelta(days=10)
        case = move(liaison, case, "request_extension", note="需要采购材料", requested_due=due)
    return case


@pytest.fixture
def world(units, inspector, coordinator, admin_user, community1, community2, dept):
    """A full cross product, written straight to the tables: unit × state × 返工 × pending
    extension × overdue — the selectors read only these columns."""
    people = {
        "coordinator": coordinator,
        "inspector": inspector,
        "admin": admin_user,
        "community1": community1,
        "community2": community2,
        "dept": dept,
        "leader": person(username="leader", unit=units["civil"], role=Role.LEADER),
        "street": person(username="street", unit=units["tiandong"], role=Role.LEADER),
        "office_liaison": person(username="ol", unit=units["office"], role=Role.LIAISON),
    }
    cases = [
        case_in(
            state,
            unit,
            region=units["guangming"].region if unit is None else None,
            fail_count=failed,
            late=late,
            pending_extension=pending,
        )
        for unit, state, failed, pending, late in product(
            [None, *(units[k] for k in ("guangming", "yucai", "civil", "office"))],
            State.values,
            (0, 1),
            (False, True),
            (False, True),
        )
        if unit is not None or state in (State.REPORTED, State.CLOSED)  # in work → has a unit
    ]
    return people, cases


def _todo_ids(user) -> set[int]:
    _, buckets = todo_for(user)
    ids = [case.pk for cases in buckets.values() for case in cases]
    assert len(ids) == len(set(ids)), "a case sits in two buckets"
    return set(ids)


def test_each_roles_todo_is_exactly_the_cases_it_can_act_on_now(world):
    people, cases = world
    for who, user in people.items():
        visible = {c.pk for c in cases_visible_to(user)}
        expected = {c.pk for c in cases if c.pk in visible and waiting_actions(user, c)}
        assert _todo_ids(user) == expected, who
        assert expected, f"{who} should have something to do in this world"
        for case in cases:
            if case.pk in expected:
                assert set(waiting_actions(user, case)) <= set(allowed_actions(user, case))


def test_the_coordinators_queue_holds_the_cases_waiting_for_verification(
    login, coordinator, inspector, community1, community2, units
):
    # Before: /cases/todo/ showed 0 待复核 while cases waited for 市文明办 to verify.
    awaiting = {
        _case_at("awaiting", unit=units[key], liaison=who, inspector=inspector, verifier=None).pk
        for key, who in (("guangming", community1), ("yucai", community2))
    }
    _case_at(
        "rectifying", unit=units["yucai"], liaison=community2, inspector=inspector, verifier=None
    )
    _, buckets = todo_for(coordinator)
    assert {c.pk for c in buckets["awaiting"]} == awaiting
    page = login(coordinator).get("/cases/todo/").content.decode()
    assert 'data-testid="todo-count-awaiting">2<' in page
    assert 'data-testid="todo-count-intake">0<' in page


def test_a_reworked_case_is_marked_with_the_verifiers_reason_on_lists_and_page(
    login, coordinator, inspector, community1, units
):
    case = _case_at(
        "reworked",
        unit=units["guangming"],
        liaison=community1,
        inspector=inspector,
        verifier=coordinator,
    )
    client = login(community1)
    for url in ("/cases/todo/", "/cases/", f"/cases/{case.pk}/"):
        page = client.get(url).content.decode()
        assert 'data-testid="rework-badge"' in page and "仍有杂物堆放" in page, url
    assert 'data-testid="rework-alert"' in client.get(f"/cases/{case.pk}/").content.decode()
