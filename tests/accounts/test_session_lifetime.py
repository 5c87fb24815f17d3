"""Sessions end 12 hours after login however active; the first screen says when the account
last logged in and how many attempts failed since."""

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_active_session_still_ends_12_hours_after_login(client, coordinator, password):
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        client.post("/login/", {"username": "coordinator", "password": password})
    # Busy all day: a request every 20 minutes keeps the 30-minute idle timeout at bay.
    for minute in range(20, 12 * 60, 20):
        hour, rest = divmod(minute, 60)
        with time_machine.travel(f"2026-11-23 {8 + hour:02d}:{rest:02d} +0800", tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel("2026-11-23 20:00:30 +0800", tick=False):
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    page = client.get(response.url).content.decode()
    assert "登录已超过 12 小时，请重新登录" in page


def test_the_absolute_lifetime_is_a_setting(client, settings, coordinator):
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        client.force_login(coordinator)
    for at in ("08:25", "08:50", "08:59"):
        with time_machine.travel(f"2026-11-23 {at} +0800", tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel("2026-11-23 09:01 +0800", tick=False):
        assert client.get("/").status_code == 302


def test_first_screen_shows_last_login_and_failures_since(coordinator, password):
    with time_machine.travel("2026-11-20 09:15 +0800", tick=False):
        Client().post("/login/", {"username": "coordinator", "password": password})
    with time_machine.travel("2026-11-22 22:00 +0800", tick=False):
        for _ in range(2):
            Client().post("/login/", {"username": "coordinator", "password": "wrong-Password-1"})
    client = Client()
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        response = client.post("/login/", {"username": "coordinator", "password": password})
        page = client.get(response.url).content.decode()
    assert "上次登录：2026-11-20 09:15" in page
    assert "此后有 2 次登录失败" in page
    with time_machine.travel("2026-11-23 08:01 +0800", tick=False):
        assert "上次登录" not in client.get("/").content.decode()  # said once


def test_a_first_login_says_so(client, coordinator, password):
    response = client.post("/login/", {"username": "coordinator", "password": password})
    assert "这是该账号的首次登录" in client.get(response.url).content.decode()
