"""Test databases cloned from a migrated template instead of migrated in every process.

Migrating an empty database takes ~25 CPU seconds, and `make test` needs a test database in each
xdist worker on SQLite and on PostgreSQL and in the browser run. The first process that finds no
template migrates its own test database as pytest-django does and then keeps a copy as the
template; every later process (in this run or the next) copies the template and lets Django's
``keepdb`` path check it (``migrate`` finds nothing to apply, ``createcachetable`` nothing to
create). A file lock makes the others wait while the template is built.

The template's name carries a hash of every migration file (of every installed app, and the
project modules those files import) and of Django's version, so a changed migration never meets
a stale template. SQLite templates are files under ``var/test-templates`` (or
``WENMING_TEST_TEMPLATE_DIR``), the stale ones deleted when a new one is kept; PostgreSQL templates are databases ``test_<name>_tpl_<hash>`` on
the test server, the stale ones of the same name dropped when a new one is built.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import hashlib
import importlib.util
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import django
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader

TEMPLATE_DIR = Path(
    os.environ.get("WENMING_TEST_TEMPLATE_DIR")
    or Path(__file__).resolve().parents[1] / "var" / "test-templates"
)


def _project_imports(source: str) -> set[str]:
    """The ``wenming`` modules a migration file imports (data migrations call their helpers)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return {name for name in names if name.split(".")[0] == "wenming"}


def migrations_key() -> str:
    """A hash of what decides the migrated schema and its data."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {
        sys.modules[migration.__module__].__file__ for migration in loader.disk_migrations.values()
    }
    for path in list(files):
        for name in _project_imports(Path(path).read_text(encoding="utf-8")):
            spec = importlib.util.find_spec(name)
            if spec and spec.origin:
                files.add(spec.origin)
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked(name: str) -> Iterator[None]:
    TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
    with open(TEMPLATE_DIR / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class SqliteTemplate:
    """A migrated SQLite file; the test database (in memory, or a file) is restored from it."""

    def __init__(self, key: str):
        self.path = TEMPLATE_DIR / f"sqlite-{key}.sqlite3"
        self.lock_name = f"sqlite-{key}"
        self._holder = None

    def exists(self) -> bool:
        return self.path.exists()

    def restore(self) -> None:
        """Copy the template into the test database before Django opens it. An in-memory
        database lives while a connection to it is open: this one stays open for the session."""
        target = connection.creation._get_test_db_name()
        if not connection.creation.is_in_memory_db(target):
            Path(target).unlink(missing_ok=True)
        self._holder = sqlite3.connect(target, uri=True)
        with contextlib.closing(sqlite3.connect(self.path)) as source:
            source.backup(self._holder)

    def keep(self) -> None:
        """Save the freshly migrated test database as the template (atomically)."""
        partial = self.path.with_suffix(f".{os.getpid()}.partial")
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(partial)) as target:
            connection.connection.backup(target)
        os.replace(partial, self.path)
        for stale in TEMPLATE_DIR.glob("sqlite-*.sqlite3"):
            if stale != self.path:
                stale.unlink(missing_ok=True)

    def close(self) -> None:
        if self._holder is not None:
            self._holder.close()


class PostgresTemplate:
    """A migrated database on the test server; test databases are created WITH TEMPLATE it."""

    def __init__(self, key: str):
        self.prefix = f"test_{connection.settings_dict['NAME']}_tpl_"
        self.name = f"{self.prefix}{key}"
        server = f"{connection.settings_dict.get('HOST')}:{connection.settings_dict.get('PORT')}"
        self.lock_name = "pg-" + hashlib.sha256(f"{server}/{self.prefix}".encode()).hexdigest()[:16]

    def _databases(self, cursor) -> list[str]:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [self.prefix]
        )
        return [row[0] for row in cursor.fetchall()]

    def exists(self) -> bool:
        with connection.creation._nodb_cursor() as cursor:
            return self.name in self._databases(cursor)

    def _create(self, cursor, target: str, source: str) -> None:
        creation = connection.creation
        cursor.execute(f"DROP DATABASE IF EXISTS {creation._quote_name(target)}")
        parameters = {
            "dbname": creation._quote_name(target),
            "suffix": creation._get_database_create_suffix(template=source),
        }
        creation._execute_create_test_db(cursor, parameters)

    def restore(self) -> None:
        with connection.creation._nodb_cursor() as cursor:
            self._create(cursor, connection.creation._get_test_db_name(), self.name)

    def keep(self) -> None:
        """Copy the freshly migrated test database to the template; drop older templates."""
        source = connection.settings_dict["NAME"]
        connection.close()  # CREATE DATABASE ... TEMPLATE needs its source unused
        with connection.creation._nodb_cursor() as cursor:
            for stale in self._databases(cursor):
                if stale != self.name:
                    with contextlib.suppress(DatabaseError):
                        cursor.execute(f"DROP DATABASE {connection.creation._quote_name(stale)}")
            self._create(cursor, self.name, source)
        connection.ensure_connection()

    def close(self) -> None:
        pass


def template_for(key: str) -> SqliteTemplate | PostgresTemplate | None:
    return {"sqlite": SqliteTemplate, "postgresql": PostgresTemplate}.get(
        connection.vendor, lambda _: None
    )(key)


@contextlib.contextmanager
def cloned_test_database(setup_databases, **arguments) -> Iterator[list]:
    """Django's ``setup_databases(**arguments)`` for the default database, from the template
    when there is one (``keepdb``), else by migrating and then keeping the template."""
    template = template_for(migrations_key())
    if template is None:
        yield setup_databases(**arguments)
        return
    with _locked(template.lock_name):
        if template.exists():
            template.restore()
            config = setup_databases(**arguments, keepdb=True)
        else:
            config = setup_databases(**arguments)
            template.keep()
    try:
        yield config
    finally:
        template.close()
