"""Password rules, hashing, idle timeout, CSP, CSRF and the deploy check."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize("password", ["Ab1!", "abcdefgh", "abcdefg1", "ABCDEFG1", "abcdEFGH"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Wenming#2026", "qiu-Shi-88x", "淮南Civ1l!"])
def test_three_classes_and_eight_characters_pass(password):
    validate_password(password)


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(settings, units):
    from tests.regions.factories import person
    from wenming import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = person(username="hashed", unit=units["civil"])
    assert user.password.startswith("argon2$")


def test_session_expires_after_30_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_TOUCH_SECONDS == 60


def _session_writes(client, path="/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
        for q in queries.captured_queries
    )


@pytest.mark.django_db
def test_a_request_that_changes_nothing_does_not_save_the_session(client, coordinator):
    import time_machine

    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        client.force_login(coordinator)
        client.get("/")
    with time_machine.travel("2026-11-23 09:00:20 +0800", tick=False):
        assert _session_writes(client, "/cases/") == 0
        assert _session_writes(client) == 0
    with time_machine.travel("2026-11-23 09:01:30 +0800", tick=False):
        assert _session_writes(client) == 1  # a minute on: the idle expiry is pushed forward
        assert _session_writes(client) == 0


@pytest.mark.django_db
def test_idle_session_is_logged_out(client, coordinator):
    import time_machine

    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        client.force_login(coordinator)
        assert client.get("/").status_code == 200
    with time_machine.travel("2026-11-23 09:25 +0800", tick=False):
        assert client.get("/").status_code == 200  # activity pushes the expiry forward
    with time_machine.travel("2026-11-23 09:56 +0800", tick=False):
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/"])
def test_every_page_sends_a_content_security_policy(client, coordinator, path):
    client.force_login(coordinator)
    csp = client.get(path).headers["Content-Security-Policy"]
    assert (
        "default-src 'self'" in csp
        and "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
    )


@pytest.mark.django_db
def test_login_form_requires_csrf(coordinator, password):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "coordinator", "password": password})
    assert response.status_code == 403
    # What the user reads is Chinese and says what to do, not Django's "CSRF verification failed".
    page = response.content.decode()
    assert "页面已过期" in page and "刷新后重新填写提交" in page and "CSRF" not in page


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **{
            k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },  # set for browser tests only
        "WENMING_ENV": "production",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "wenming.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "VOLUNTEER_ID_KEY": "y" * 20 + "volunteer-id-key-with-enough-entropy",
    }
    result = subprocess.run(
        [sys.executable, "-m", "wenming", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SECRET_KEY_FILE"}}
    env.update(
        {
            "WENMING_ENV": "production",
            "ALLOWED_HOSTS": "x.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "wenming", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("k" * 60 + "\n")
    env = {
        **os.environ,
        "SECRET_KEY_FILE": str(key_file),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'f.sqlite3'}",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','wenming.settings'); "
            "django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "k" * 60
