"""The demo's volunteer (林志愿) on a later day of the demo: the team's Saturday service, published
ahead by its schedule and topped up by each `wenming demo`, is there to sign up for and scan into."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.volunteers import factories
from wenming.volunteers.demo import volunteer as demo
from wenming.volunteers.models import Activity, SignUp, TeamKind, Volunteer

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOADED = datetime(2026, 12, 2, 10, tzinfo=SHANGHAI)  # a Wednesday


@pytest.fixture
def team(units, community1):
    """community1's 社区志愿服务队, the team the demo volunteer joins."""
    return factories.team(
        "光明社区志愿服务队", "340403001001", managers=[community1], kind=TeamKind.OTHER
    )


def _log_in(client) -> None:
    login = client.post(
        "/public/volunteers/login/", {"phone": demo.PHONE, "id_tail": demo.ID_NUMBER[-6:]}
    )
    assert login.status_code == 302


def _open_regular(client) -> Activity:
    """The soonest of the team's Saturday services the volunteer's page offers."""
    page = client.get("/public/volunteers/me/").content.decode()
    offered = [
        a
        for a in Activity.objects.filter(title=demo.REGULAR_TITLE).order_by("starts_at")
        if f"/public/volunteers/a/{a.qr_token}/" in page
    ]
    assert offered, "no Saturday service to sign up for on 我的志愿服务"
    return offered[0]


def test_a_volunteer_weeks_after_the_demo_was_loaded_signs_up_for_saturdays_service_and_scans_in(
    team, client, time_machine
):
    time_machine.move_to(LOADED)
    demo.load_demo_volunteer()
    time_machine.move_to(datetime(2026, 12, 22, 20, tzinfo=SHANGHAI))  # a Tuesday, no re-run
    _log_in(client)
    activity = _open_regular(client)
    assert activity.starts_at == datetime(2026, 12, 26, 9, tzinfo=SHANGHAI)
    page = client.get(f"/public/volunteers/a/{activity.qr_token}/").content.decode()
    assert 'data-testid="scan-signup"' in page
    scan = f"/public/volunteers/a/{activity.qr_token}/scan/"
    assert "报名成功" in client.post(scan, {"kind": "signup"}).content.decode()
    time_machine.move_to(datetime(2026, 12, 26, 9, 5, tzinfo=SHANGHAI))
    at_the_place = {"latitude": activity.latitude, "longitude": activity.longitude}
    signed_in = client.post(scan, {"kind": "in", **at_the_place})
    assert signed_in.status_code == 200 and "签到成功" in signed_in.content.decode()


def test_the_demo_run_again_months_later_publishes_the_coming_saturdays_once(
    team, client, time_machine
):
    time_machine.move_to(LOADED)
    demo.load_demo_volunteer()
    later = datetime(2027, 3, 3, 8, tzinfo=SHANGHAI)  # past everything published at load
    time_machine.move_to(later)
    assert not Activity.objects.filter(title=demo.REGULAR_TITLE, ends_at__gte=later).exists()
    demo.load_demo_volunteer()
    coming = Activity.objects.filter(title=demo.REGULAR_TITLE, ends_at__gte=later)
    assert coming.count() == demo.WEEKS_AHEAD
    assert {a.starts_at.astimezone(SHANGHAI).weekday() for a in coming} == {demo.SATURDAY}
    rows = (Activity.objects.count(), Volunteer.objects.count(), SignUp.objects.count())
    demo.load_demo_volunteer()
    assert (Activity.objects.count(), Volunteer.objects.count(), SignUp.objects.count()) == rows
    _log_in(client)
    assert _open_regular(client).starts_at == datetime(2027, 3, 6, 9, tzinfo=SHANGHAI)
