"""Five wrong passwords lock the account, on the login page and the token endpoint alike."""

import json

import pytest
import time_machine

from wenming.accounts.models import AuditAction, AuditEvent


def post_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def post_token(client, username, password):
    return client.post(
        "/api/v1/auth/token",
        data=json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    client, coordinator, password
):
    for _ in range(5):
        response = post_login(client, "coordinator", "wrong-Password-1")
    response = post_login(client, "coordinator", password)
    assert response.status_code == 429
    text = response.content.decode()
    assert "账户已锁定" in text
    assert "之后再试" in text  # says when to retry
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_message_names_the_time_to_retry(client, coordinator):
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        for _ in range(5):
            post_login(client, "coordinator", "wrong-Password-1")
        response = post_login(client, "coordinator", "wrong-Password-1")
    # Locked for 30 minutes after the last counted failure.
    assert "2026-11-23 10:30" in response.content.decode()


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, coordinator, password):
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        for _ in range(5):
            post_login(client, "coordinator", "wrong-Password-1")
    with time_machine.travel("2026-11-23 10:31 +0800", tick=False):
        response = post_login(client, "coordinator", password)
    assert response.status_code == 302


@pytest.mark.django_db
def test_audit_log_shows_every_attempt(client, coordinator, password):
    for _ in range(6):
        post_login(client, "coordinator", "wrong-Password-1")
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="coordinator")
    assert failed.count() == 6
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, username="coordinator").exists()
    assert failed.filter(summary__contains="锁定").exists()
    assert failed.first().ip == "127.0.0.1"


@pytest.mark.django_db
def test_successful_login_is_audited(client, coordinator, password):
    assert post_login(client, "coordinator", password).status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == coordinator and event.channel == "web"


@pytest.mark.django_db
def test_token_endpoint_shares_the_lockout(client, coordinator, password):
    for _ in range(4):
        assert post_token(client, "coordinator", "wrong-Password-1").status_code == 401
    # The fifth failure locks the account and says so at once.
    assert post_token(client, "coordinator", "wrong-Password-1").status_code == 429
    response = post_token(client, "coordinator", password)
    assert response.status_code == 429
    body = response.json()
    assert "账户已锁定" in body["detail"] and body["retry_after"]
    # …and the web login is locked too: it is the same account.
    assert post_login(client, "coordinator", password).status_code == 429


@pytest.mark.django_db
def test_lock_is_per_account_not_per_office(client, coordinator, inspector, password):
    for _ in range(5):
        post_login(client, "coordinator", "wrong-Password-1")
    assert post_login(client, "inspector", password).status_code == 302
