"""QR sign-in/out within the window and the place; hours = overlap, rounded; corrections kept."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from tests.volunteers import factories as f
from wenming.volunteers.errors import ScanRefused, VolunteerError
from wenming.volunteers.models import HoursCorrection, Immutable
from wenming.volunteers.services import activities

HERE = {"latitude": "32.625400", "longitude": "117.012600"}  # about 14 m from the place
FAR = {"latitude": "32.640000", "longitude": "117.012500"}  # about 1.6 km away


@pytest.fixture
def event(network):
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    return f.activity(network["team"], start=start, hours=3)


def test_hours_are_the_overlap_with_the_window_in_half_hour_steps(network, event):
    alice = network["alice"]
    with time_machine.travel(event.starts_at - timedelta(minutes=20), tick=False):
        activities.scan(volunteer=alice, activity=event, kind="in", **HERE)
    with time_machine.travel(event.starts_at + timedelta(hours=2, minutes=50), tick=False):
        record = activities.scan(volunteer=alice, activity=event, kind="out", **HERE)
    # Signed in early (counts from the start), out at 2 h 50 min: 2.5 hours in half-hour steps.
    assert record.hours == Decimal("2.50")


def test_nearest_rounding_is_configurable(network, event, settings):
    settings.VOLUNTEER_HOURS_ROUNDING = "nearest"
    alice = network["alice"]
    with time_machine.travel(event.starts_at, tick=False):
        activities.scan(volunteer=alice, activity=event, kind="in", **HERE)
    with time_machine.travel(event.starts_at + timedelta(hours=2, minutes=50), tick=False):
        record = activities.scan(volunteer=alice, activity=event, kind="out", **HERE)
    assert record.hours == Decimal("3.00")


def test_sign_in_outside_the_window_is_refused(network, event):
    with time_machine.travel(event.starts_at - timedelta(hours=2), tick=False):
        with pytest.raises(ScanRefused) as refused:
            activities.scan(volunteer=network["alice"], activity=event, kind="in", **HERE)
    assert "签到时间" in refused.value.message


def test_sign_in_far_from_the_place_is_refused(network, event, settings):
    settings.VOLUNTEER_CHECKIN_RADIUS_M = 500
    with time_machine.travel(event.starts_at, tick=False):
        with pytest.raises(ScanRefused) as refused:
            activities.scan(volunteer=network["alice"], activity=event, kind="in", **FAR)
        assert "超出 500 米" in refused.value.message
        with pytest.raises(ScanRefused):
            activities.scan(volunteer=network["alice"], activity=event, kind="in")


def test_only_the_organising_team_corrects_and_every_correction_is_kept(
    network, event, community1, coordinator, other_manager
):
    alice = network["alice"]
    with time_machine.travel(event.starts_at, tick=False):
        activities.scan(volunteer=alice, activity=event, kind="in", **HERE)
    with time_machine.travel(event.starts_at + timedelta(hours=1), tick=False):
        record = activities.scan(volunteer=alice, activity=event, kind="out", **HERE)
    for stranger in (coordinator, other_manager[0]):
        with pytest.raises(Exception) as refused:
            activities.correct_hours(actor=stranger, record_id=record.pk, hours=3, reason="x")
        assert refused.type.__name__ == "PermissionDenied"
    with pytest.raises(VolunteerError):
        activities.correct_hours(actor=community1, record_id=record.pk, hours=3, reason=" ")
    activities.correct_hours(actor=community1, record_id=record.pk, hours=3, reason="提前到场布置")
    activities.correct_hours(
        actor=community1, record_id=record.pk, hours="2.5", reason="核对签到表"
    )
    record.refresh_from_db()
    history = list(HoursCorrection.objects.filter(record=record).order_by("pk"))
    assert record.hours == Decimal("2.50")
    assert [(h.old_hours, h.new_hours, h.reason, h.actor) for h in history] == [
        (Decimal("1.00"), Decimal("3.00"), "提前到场布置", community1),
        (Decimal("3.00"), Decimal("2.50"), "核对签到表", community1),
    ]
    with pytest.raises(Immutable):
        history[0].delete()
    with pytest.raises(Immutable):
        HoursCorrection.objects.filter(record=record).update(reason="改")


def test_a_bad_number_of_hours_is_a_clear_error(network, event, community1):
    record = activities.record_hours(
        actor=community1, activity=event, volunteer=network["bob"], hours=2, reason="未带手机"
    )
    for bad in ("25", "-1", "abc", "1e999"):
        with pytest.raises(VolunteerError) as error:
            activities.correct_hours(actor=community1, record_id=record.pk, hours=bad, reason="r")
        assert "服务时长" in error.value.message


def test_signing_up_respects_capacity(network, event):
    event.capacity = 1
    event.save()
    activities.sign_up(volunteer=network["alice"], activity=event)
    activities.sign_up(volunteer=network["alice"], activity=event)  # twice is once
    with pytest.raises(VolunteerError) as full:
        activities.sign_up(volunteer=network["bob"], activity=event)
    assert "已满" in full.value.message


def test_the_phone_page_signs_in_and_out(network, event, client):
    alice = network["alice"]
    response = client.post(
        "/public/volunteers/login/", {"phone": alice.phone, "id_tail": alice.id_number[-6:]}
    )
    assert response.status_code == 302
    url = f"/public/volunteers/a/{event.qr_token}/scan/"
    with time_machine.travel(event.starts_at + timedelta(minutes=5), tick=False):
        page = client.post(url, {"kind": "in", **HERE}).content.decode()
    assert "签到成功" in page
    with time_machine.travel(event.starts_at + timedelta(hours=2, minutes=10), tick=False):
        page = client.post(url, {"kind": "out", **HERE}).content.decode()
    assert "签退成功，本次服务时长 2.00 小时" in page
    me = client.get("/public/volunteers/me/").content.decode()
    assert "累计 2 小时" in me


def test_wrong_login_is_refused_without_saying_which_part(network, client):
    alice = network["alice"]
    response = client.post("/public/volunteers/login/", {"phone": alice.phone, "id_tail": "000000"})
    assert response.status_code == 422 and "不正确" in response.content.decode()
