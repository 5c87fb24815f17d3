"""TOTP (django-otp): required for the three administrators, optional for others; the login asks
the password, then the code; wrong codes count toward the lockout like wrong passwords."""

import json
import re

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import obtain_token
from tests.regions.factories import person
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.regions.models import Role

pytestmark = pytest.mark.django_db

T0 = "2026-11-23 09:00:00 +0800"


@pytest.fixture(autouse=True)
def required_for_administrators(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "security", "auditor"]


def code(device: TOTPDevice, *, drift: int = 0) -> str:
    """The code an authenticator app shows now (time-machine's now), from the device key."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


@pytest.fixture
def auditor(units):
    return person(username="auditor", unit=units["office"], role=Role.AUDITOR)


def test_an_administrator_without_a_device_must_enrol_before_anything_else(
    client, admin_user, password
):
    with time_machine.travel(T0, tick=False):
        login(client, "admin", password)
        response = client.get("/", follow=True)
        page = response.content.decode()
        assert response.redirect_chain[-1][0].startswith("/account/otp/setup/")
        assert "您的角色必须使用动态口令" in page
        assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+"', page)  # our own QR
        assert client.get("/units/").status_code == 302
        device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
        response = client.post("/account/otp/setup/", {"code": code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=admin_user).confirmed
    with time_machine.travel("2026-11-23 09:01 +0800", tick=False):
        assert client.get("/units/").status_code == 200


def test_login_asks_the_password_then_the_code(client, auditor, password):
    device = enrolled(auditor)
    with time_machine.travel(T0, tick=False):
        response = login(client, "auditor", password)
        response = client.get(response.url)
        assert response.status_code == 302 and response.url.startswith("/account/otp/")
        assert client.get("/account/audit/").status_code == 302  # nothing before the code
        page = client.get(response.url).content.decode()
        assert "输入动态口令" in page
        response = client.post("/account/otp/?next=/account/audit/", {"code": code(device)})
        assert response.status_code == 302 and response.url == "/account/audit/"
        assert client.get("/account/audit/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.OTP_VERIFIED, username="auditor").exists()


def test_a_wrong_code_is_refused_with_a_message(client, auditor, password):
    device = enrolled(auditor)
    with time_machine.travel(T0, tick=False):
        login(client, "auditor", password)
        response = client.post("/account/otp/", {"code": code(device, drift=-10)})
    assert response.status_code == 200
    assert "动态口令错误或已过期" in response.content.decode()
    assert client.get("/account/audit/").status_code == 302


def test_five_wrong_codes_lock_the_account_like_wrong_passwords(client, auditor, password):
    device = enrolled(auditor)
    with time_machine.travel(T0, tick=False):
        login(client, "auditor", password)
        for _ in range(5):
            response = client.post("/account/otp/", {"code": "000000"})
        assert response.status_code == 429
        assert "账户已锁定" in response.content.decode()
        assert client.get("/").status_code == 302  # logged out
        # The right password and code do not help while the lock holds.
        assert login(Client(), "auditor", password).status_code == 429
    with time_machine.travel("2026-11-23 09:31 +0800", tick=False):
        fresh = Client()
        login(fresh, "auditor", password)
        assert fresh.post("/account/otp/", {"code": code(device)}).status_code == 302


def test_a_known_password_does_not_reset_the_count_of_wrong_codes(auditor, password):
    enrolled(auditor)
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            attempt = Client()
            login(attempt, "auditor", password)
            response = attempt.post("/account/otp/", {"code": "000000"})
    assert response.status_code == 429


def test_others_may_turn_the_second_factor_on_and_off(client, dept, password):
    with time_machine.travel(T0, tick=False):
        client.force_login(dept)
        assert client.get("/").status_code == 200  # optional: not asked
        client.get("/account/otp/setup/")
        device = TOTPDevice.objects.get(user=dept)
        client.post("/account/otp/setup/", {"code": code(device)})
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        fresh = Client()
        response = login(fresh, "dept", password)
        assert fresh.get(response.url).url.startswith("/account/otp/")
        fresh.post("/account/otp/", {"code": code(device)})
        assert "已开启" in fresh.get("/account/").content.decode()
        fresh.post("/account/otp/disable/")
    assert not TOTPDevice.objects.filter(user=dept).exists()


def test_an_administrator_cannot_turn_it_off(client, auditor):
    enrolled(auditor)
    client.force_login(auditor)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=auditor).persistent_id
    session.save()
    assert client.post("/account/otp/disable/").status_code == 403


def test_the_token_endpoint_asks_the_code_too(auditor, password):
    device = enrolled(auditor)
    api = Client()
    with time_machine.travel(T0, tick=False):
        assert obtain_token(api, "auditor", password).status_code == 401
        response = obtain_token(api, "auditor", password, otp=code(device))
    assert response.status_code == 200, response.content


def test_an_administrator_without_a_device_gets_no_token(admin_user, password):
    response = obtain_token(Client(), "admin", password)
    assert response.status_code == 403
    assert "绑定动态口令" in json.loads(response.content)["detail"]


def test_the_security_admin_resets_a_lost_device(client, units, auditor, password):
    security = person(username="security", unit=units["office"], role=Role.SECURITY)
    enrolled(auditor)
    client.force_login(security)
    session = client.session
    session["otp_device_id"] = enrolled(security).persistent_id
    session.save()
    assert client.post(f"/account/manage/{auditor.pk}/reset-otp/").status_code == 302
    assert not TOTPDevice.objects.filter(user=auditor).exists()
    fresh = Client()
    response = login(fresh, "auditor", password)
    assert (
        fresh.get(response.url, follow=True).redirect_chain[-1][0].startswith("/account/otp/setup/")
    )
