"""`wenming serve` keeps each thread's database connection unless the environment says otherwise."""

import os

import pytest
from django.core.management import call_command

from wenming.web.management.commands import serve


@pytest.fixture
def exec_seen(monkeypatch):
    seen = {}

    def fake_execv(path, argv):
        seen["argv"], seen["conn_max_age"] = argv, os.environ.get("CONN_MAX_AGE")

    monkeypatch.setattr(serve.os, "execv", fake_execv)
    return seen


def test_connections_are_kept_for_a_minute_by_default(monkeypatch, exec_seen):
    monkeypatch.setenv("CONN_MAX_AGE", "")  # restored (unset) after the test
    monkeypatch.delenv("CONN_MAX_AGE")
    call_command("serve", "127.0.0.1:8123")
    assert exec_seen["conn_max_age"] == "60"
    argv = exec_seen["argv"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"


def test_the_environment_decides_when_it_says(monkeypatch, exec_seen):
    monkeypatch.setenv("CONN_MAX_AGE", "0")
    call_command("serve")
    assert exec_seen["conn_max_age"] == "0"
