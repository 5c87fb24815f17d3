"""People change their own password; the security admin resets one, and the person must set a
new one before anything else, on the web and the API alike; passwords may expire."""

import pytest
import time_machine
from django.test import Client

from tests.accounts.helpers import NEW_PASSWORD, change_password, me, obtain_token, token_for
from tests.regions.factories import person
from wenming.accounts.models import AccountSecurity, AuditAction, AuditEvent
from wenming.regions.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_admin(units):
    return person(username="security", unit=units["office"], role=Role.SECURITY)


def test_a_user_changes_their_password_and_logs_in_with_the_new_one(client, dept, password):
    client.force_login(dept)
    response = change_password(client, password, NEW_PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED, username="dept").exists()
    fresh = Client()
    assert fresh.post("/login/", {"username": "dept", "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "current, new, again, message",
    [
        ("Wrong#Pass1", NEW_PASSWORD, None, "当前密码不正确"),
        (None, "abcdefgh", None, "至少 3 类"),
        (None, "Ab1!", None, "密码太短，至少需要 8 个字符"),
        (None, NEW_PASSWORD, "Other#Pass9", "两次输入的新密码不一致"),
    ],
)
def test_a_refused_change_says_why_and_keeps_the_old_password(
    client, dept, password, current, new, again, message
):
    client.force_login(dept)
    response = change_password(client, current or password, new, again)
    assert response.status_code == 200
    assert message in response.content.decode()
    dept.refresh_from_db()
    assert dept.check_password(password)


def test_the_security_admin_resets_a_password_and_sees_it_once(client, security_admin, dept):
    client.force_login(security_admin)
    response = client.post(f"/account/manage/{dept.pk}/reset-password/")
    assert response.status_code == 302
    page = client.get("/account/manage/").content.decode()
    assert "临时密码只显示这一次" in page
    assert "临时密码只显示这一次" not in client.get("/account/manage/").content.decode()
    assert AccountSecurity.objects.get(user=dept).must_change_password


def _reset(security_admin, user) -> str:
    from wenming.accounts.services import reset_password

    return reset_password(actor=security_admin, user_id=user.pk)


def test_after_a_reset_every_page_leads_to_the_password_form_until_changed(
    client, security_admin, dept
):
    temporary = _reset(security_admin, dept)
    client.post("/login/", {"username": "dept", "password": temporary})
    for path in ("/", "/cases/", "/account/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == "/account/password/", path
    page = client.get("/account/password/").content.decode()
    assert "您的密码已由管理员重置" in page
    change_password(client, temporary, NEW_PASSWORD)
    assert client.get("/").status_code == 200
    assert not AccountSecurity.objects.get(user=dept).must_change_password


def test_after_a_reset_the_api_answers_403_in_chinese(security_admin, dept, password):
    api = Client()
    token = token_for(api, "dept", password)
    temporary = _reset(security_admin, dept)
    assert me(api, token).status_code == 401  # the reset revoked the old token
    response = obtain_token(api, "dept", temporary)
    assert response.status_code == 403
    assert "密码已被管理员重置" in response.json()["detail"]


def test_a_token_whose_owner_must_change_the_password_is_refused_with_403(dept, password):
    api = Client()
    token = token_for(api, "dept", password)
    AccountSecurity.objects.update_or_create(user=dept, defaults={"must_change_password": True})
    response = me(api, token)
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


@pytest.mark.parametrize("role_user", ["admin_user", "coordinator", "dept"])
def test_only_the_security_admin_resets_passwords(client, request, role_user, community1):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get("/account/manage/").status_code == 403
    assert client.post(f"/account/manage/{community1.pk}/reset-password/").status_code == 403
    assert client.post(f"/account/manage/{community1.pk}/unlock/").status_code == 403
    assert client.post(f"/account/manage/{community1.pk}/reset-otp/").status_code == 403


def test_the_system_admin_cannot_set_passwords_in_the_admin(client, admin_user, dept):
    client.force_login(admin_user)
    assert client.get(f"/admin/auth/user/{dept.pk}/password/").status_code == 403


def test_the_security_admin_unlocks_a_locked_account(client, security_admin, dept, password):
    other = Client()
    for _ in range(5):
        other.post("/login/", {"username": "dept", "password": "wrong-Password-1"})
    assert other.post("/login/", {"username": "dept", "password": password}).status_code == 429
    client.force_login(security_admin)
    assert 'data-testid="locked"' in client.get("/account/manage/?q=dept").content.decode()
    client.post(f"/account/manage/{dept.pk}/unlock/")
    assert other.post("/login/", {"username": "dept", "password": password}).status_code == 302


def test_the_security_admin_sees_no_domain_data(client, security_admin, units):
    client.force_login(security_admin)
    assert client.get(f"/units/{units['civil'].pk}/").status_code == 404


def test_expired_passwords_must_be_changed_when_expiry_is_on(client, settings, dept, password):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    with time_machine.travel("2026-01-01 09:00 +0800", tick=False):
        client.force_login(dept)
        change_password(client, password, NEW_PASSWORD)
    dept.refresh_from_db()
    with time_machine.travel("2026-03-31 08:00 +0800", tick=False):  # day 89
        client.force_login(dept)
        assert client.get("/").status_code == 200
    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):  # day 90
        client.force_login(dept)
        response = client.get("/")
        assert response.status_code == 302 and response.url == "/account/password/"
        assert "您的密码已过期" in client.get("/account/password/").content.decode()


def test_passwords_do_not_expire_by_default(client, settings, dept):
    assert settings.PASSWORD_MAX_AGE_DAYS == 0
    with time_machine.travel("2030-01-01 09:00 +0800", tick=False):
        client.force_login(dept)
        assert client.get("/").status_code == 200


def test_the_security_admins_workbench_shows_the_locked_accounts_to_unlock(
    client, security_admin, dept, community1, password
):
    other = Client()
    for _ in range(5):
        other.post("/login/", {"username": "dept", "password": "wrong-Password-1"})
    other.post("/login/", {"username": "community1", "password": "wrong-Password-1"})  # 1 of 5
    client.force_login(security_admin)
    home = client.get("/").content.decode()
    assert 'data-testid="count-accounts-locked">1<' in home
    listed = client.get("/account/manage/?locked=1").content.decode()
    assert 'data-testid="account-dept"' in listed and "account-community1" not in listed
    assert listed.count('data-testid="locked"') == 1
    client.post(f"/account/manage/{dept.pk}/unlock/")
    assert 'data-testid="count-accounts-locked">0<' in client.get("/").content.decode()
    assert "现在没有被锁定的账号" in client.get("/account/manage/?locked=1").content.decode()
