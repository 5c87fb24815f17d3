"""群众吹哨、志愿报到 end to end, and the escalation of an unclaimed demand to the 实践所."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PIL import Image

from wenming.volunteers.models import Demand, DemandEvent, DemandState
from wenming.volunteers.services import demands
from wenming.workflow import WorkflowError

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def photo() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "after.jpg"
    return buffer


def test_demand_from_a_phone_to_a_rating(network, community1, client, login):
    # A citizen posts from the public page, no login, with a phone number.
    response = client.post(
        "/public/demands/new/",
        {
            "category": "elderly",
            "title": "独居老人需要每周代购",
            "region": "340403001001",
            "requester_name": "赵阿姨",
            "requester_phone": "13812345678",
        },
    )
    assert response.status_code == 302
    track = response["Location"]
    demand = Demand.objects.get()
    assert demand.station == network["station"] and demand.state == DemandState.SUBMITTED

    staff = login(community1)  # 光明社区: the station, and the manager of its team
    detail = staff.get(f"/volunteers/demands/{demand.pk}/").content.decode()
    assert "138****5678" in detail and "13812345678" not in detail
    staff.post(f"/volunteers/demands/{demand.pk}/act/", {"action": "accept"})
    staff.post(
        f"/volunteers/demands/{demand.pk}/act/",
        {"action": "pledge", "team": network["team"].pk, "note": "本周六上门"},
    )
    staff.post(
        f"/volunteers/demands/{demand.pk}/act/",
        {
            "action": "complete",
            "hours": "3",
            "served_people": "1",
            "result": "代购米面油",
            "photos": photo(),
        },
    )
    demand.refresh_from_db()
    assert demand.state == DemandState.COMPLETED and demand.team == network["team"]
    assert demand.photos.count() == 1 and demand.hours == 3

    page = client.get(track).content.decode()
    assert "已完成" in page and "请评价本次服务" in page
    client.post(track, {"rating": "5", "comment": "很及时"})
    demand.refresh_from_db()
    assert demand.rating == 5
    assert client.post(track, {"rating": "1"}).status_code == 422  # once only
    assert list(demand.events.values_list("action", flat=True)) == [
        "post",
        "accept",
        "pledge",
        "complete",
        "rate",
    ]


def test_a_station_declines_with_a_reason(network, community1, client):
    demand = demands.post_demand(
        category="other", title="帮忙装修", region=network["station"].region
    )
    with pytest.raises(WorkflowError) as refused:
        demands.act(actor=community1, demand_id=demand.pk, action="decline")
    assert refused.value.code == WorkflowError.INPUT
    demands.act(actor=community1, demand_id=demand.pk, action="decline", note="属于商业服务")
    page = client.get(f"/public/demands/{demand.code}/").content.decode()
    assert "不予受理" in page and "属于商业服务" in page


def test_another_districts_station_cannot_act_and_gets_404(network, community2, login):
    demand = demands.post_demand(category="elderly", title="助浴", region=network["station"].region)
    assert login(community2).get(f"/volunteers/demands/{demand.pk}/").status_code == 404


def test_an_unclaimed_demand_goes_up_to_the_suo_once(
    network, community1, tiandong_liaison, settings
):
    settings.VOLUNTEER_DEMAND_ESCALATE_WORKDAYS = 3
    with time_machine.travel(at(2026, 11, 3, 9, 0), tick=False):  # a Tuesday
        demand = demands.post_demand(
            category="children", title="四点半课堂缺辅导", region=network["station"].region
        )
        demands.act(actor=community1, demand_id=demand.pk, action="accept")
    waiting = Demand.objects.filter(demands.waiting_q(tiandong_liaison))
    assert not waiting.exists()
    with time_machine.travel(at(2026, 11, 6, 18, 0), tick=False):  # the third working day
        call_command("tick", stdout=io.StringIO())
    demand.refresh_from_db()
    assert demand.escalated_at is None
    for _run in range(2):
        with time_machine.travel(at(2026, 11, 9, 9, 0), tick=False):  # Monday: past the limit
            call_command("tick", stdout=io.StringIO())
    demand.refresh_from_db()
    assert (
        demand.escalated_to == network["institute"] and demand.handler_region_id == "340403001000"
    )
    assert DemandEvent.objects.filter(demand=demand, action="escalate").count() == 1
    # The 所 (田东街道) now has it on its list; a team can still report for it.
    demand.state = DemandState.SUBMITTED  # as if the station never accepted it
    Demand.objects.filter(pk=demand.pk).update(state=DemandState.SUBMITTED)
    assert Demand.objects.filter(demands.waiting_q(tiandong_liaison), pk=demand.pk).exists()
    demands.act(actor=tiandong_liaison, demand_id=demand.pk, action="accept")


def test_the_api_answers_409_with_the_allowed_actions(network, community1, client):
    from wenming.accounts.tokens import issue_token

    demand = demands.post_demand(category="elderly", title="助餐", region=network["station"].region)
    raw, _token = issue_token(user=community1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.post(
        f"/api/v1/volunteers/demands/{demand.pk}/complete",
        data={"hours": 1},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["accept", "decline"]
    response = client.post(
        f"/api/v1/volunteers/demands/{demand.pk}/accept",
        data={},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200 and response.json()["state"] == "open"


ACTIONS = ["accept", "decline", "pledge", "complete", "withdraw"]


@hsettings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.booleans()), max_size=8))
def test_any_sequence_of_actions_keeps_the_demand_consistent(
    network, community1, community2, steps
):
    demand = demands.post_demand(category="elderly", title="探访", region=network["station"].region)
    moved = 1
    for action, insider in steps:
        actor = community1 if insider else community2
        data = {"note": "理由"}
        if action == "pledge":
            data["team_id"] = network["team"].pk
        if action == "complete":
            data["hours"] = 2
        before = Demand.objects.get(pk=demand.pk).state
        try:
            demands.DEMANDS.run(demand.pk, action, actor=actor, model=Demand, **data)
        except WorkflowError:
            assert Demand.objects.get(pk=demand.pk).state == before
            continue
        moved += 1
        assert insider  # community2 is neither the station nor the team's manager
    demand.refresh_from_db()
    assert demand.events.count() == moved
    if demand.state == DemandState.COMPLETED:
        assert demand.team_id and demand.hours is not None
    if demand.state == DemandState.DECLINED:
        assert demand.decline_reason
    if demand.state == DemandState.CLAIMED:
        assert demand.team_id == network["team"].pk


def test_the_workbench_counts_what_the_demand_list_shows(network, community1, login):
    from wenming.web.workbench import workbench_for

    demands.post_demand(category="elderly", title="助浴", region=network["station"].region)
    cards = {c.key: c for s in workbench_for(community1).sections for c in s.cards}
    card = cards["volunteers-demands"]
    assert card.count == 1
    page = login(community1).get(card.url).content.decode()
    assert page.count("/volunteers/demands/") - page.count("/volunteers/demands/new/") >= 1
    assert "助浴" in page
