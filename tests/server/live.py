"""A real threaded server for tests: `wenming serve` (gunicorn, as `make demo` runs it) in a
subprocess against the test database.

PostgreSQL: the subprocess connects to the test database itself, so the test must commit what
it creates (``django_db(transaction=True)``). SQLite: the test database lives in memory and
cannot be shared with another process, so it is copied into a file with SQLite's online backup
API and the server runs against that file.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from django.db import connection


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(workdir: Path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = workdir / "live.sqlite3"
        with contextlib.closing(sqlite3.connect(target)) as dest:
            connection.connection.backup(dest)
        return f"sqlite:///{target}"
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{settings['NAME']}"


@contextlib.contextmanager
def serving(workdir: Path, env: dict[str, str], *serve_args: str) -> Iterator[int]:
    """`wenming serve` (with ``serve_args``) on a free port under ``env``: yields the port once
    it listens, stops the server afterwards. Its output goes to ``workdir/server.log``."""
    port = _free_port()
    log = open(workdir / "server.log", "w+b")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "wenming", "serve", f"127.0.0.1:{port}", *serve_args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_listening(process, port, log)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def live_server(workdir: Path, *, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `wenming serve` on a free port; yield its base URL; stop it afterwards."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(workdir),
        "WENMING_VAR_DIR": str(workdir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        # Writers queue for SQLite's lock; on a machine busy with other test runs the last of
        # a dozen may wait longer than the production default. The test is about queueing
        # instead of failing, not about speed, so the wait is not what it measures.
        "SQLITE_BUSY_TIMEOUT_SECONDS": "600",
        **(extra_env or {}),
    }
    with serving(workdir, env) as port:
        yield f"http://127.0.0.1:{port}"


def _wait_until_listening(process: subprocess.Popen, port: int, log) -> None:
    """Readiness, not timing: poll until the port accepts or the server has died."""
    for _ in range(600):
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited: {log.read().decode(errors='replace')}")
        with socket.socket() as s:
            s.settimeout(0.1)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        try:
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
    raise RuntimeError("server did not start listening")
