"""Backup and restore of the database and the stored files, verified by a manifest (等保 2.0).

``wenming backup DIR`` writes into an empty (or new) directory:

- ``database.sqlite3`` — SQLite's online backup API (a consistent copy while the site runs;
  the checksums are read from the copy), or ``database.dump`` — PostgreSQL's ``pg_dump
  --format=custom`` run in the exported snapshot of the transaction that takes the checksums
  (without the client tools: ``database.xml``, Django's dumpdata of every model in that
  transaction, restored with flush + loaddata; tables Django does not model are left as they are);
- ``media/`` — every file under MEDIA_ROOT;
- ``manifest.json`` — the engine, for every table its row count and a SHA-256 over its rows in
  a fixed order, and for every file its size and SHA-256 (the dump file included).

``wenming restore DIR`` first checks the directory against its manifest (every file present and
unchanged), then replaces the database (SQLite backup API into the live file; ``pg_restore
--clean --single-transaction``) and MEDIA_ROOT, and finally recomputes the counts and checksums
of the restored tables and files and compares them with the manifest. Any difference is an
error naming the table or file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
XML_FILE = "database.xml"
MEDIA_DIR = "media"


class BackupError(Exception):
    """The backup or restore cannot go on; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int


# --- Checksums ------------------------------------------------------------------------------


def _model_tables() -> set[str]:
    return set(connection.introspection.django_table_names(only_existing=True))


def _through_tables() -> frozenset[str]:
    """Many-to-many tables Django creates itself: loaddata gives their rows new ids."""
    return frozenset(
        field.remote_field.through._meta.db_table
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    )


def _only(tables: dict[str, dict], names: set[str]) -> dict[str, dict]:
    return {name: value for name, value in tables.items() if name in names}


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_checksums(*, without_ids: frozenset[str] = frozenset()) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": …}} over every table of the live database, rows in a fixed
    order; the tables in ``without_ids`` are compared without their ``id`` column."""
    if connection.vendor == "sqlite":
        return _sqlite_checksums(_sqlite_live())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        columns = {
            table: [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
                if not (table in without_ids and c.name == "id")
            ]
            for table in tables
        }
        return {
            table: _digest_rows(
                cursor,
                f"SELECT {', '.join(quote(c) for c in columns[table])} FROM {quote(table)} "
                f"ORDER BY {', '.join(str(i) for i in range(1, len(columns[table]) + 1))}",
            )
            for table in tables
        }


def _sqlite_checksums(database) -> dict[str, dict]:
    """The same over a SQLite file (or shared in-memory URI), read with a connection of its own
    so that a backup's checksums describe the copy itself, whatever happened since."""
    with contextlib.closing(
        sqlite3.connect(str(database), uri=str(database).startswith("file:"))
    ) as db:
        cursor = db.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        ]
        result = {}
        for table in tables:
            columns = [row[1] for row in cursor.execute(f'PRAGMA table_info("{table}")')]
            order = ", ".join(str(i) for i in range(1, len(columns) + 1))
            names = ", ".join(f'"{c}"' for c in columns)
            result[table] = _digest_rows(cursor, f'SELECT {names} FROM "{table}" ORDER BY {order}')
        return result


def _digest_rows(cursor, sql: str) -> dict:
    cursor.execute(sql)
    digest, rows = hashlib.sha256(), 0
    for row in cursor.fetchall():
        digest.update(repr(tuple(_canonical(v) for v in row)).encode())
        rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def _canonical(value):
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def file_checksums(root: Path) -> dict[str, dict]:
    """{relative path: {"size": bytes, "sha256": …}} for every file under ``root``."""
    files = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = {
                "size": path.stat().st_size,
                "sha256": _sha256_file(path),
            }
    return files


# --- Backup ---------------------------------------------------------------------------------


def backup(target: Path) -> Summary:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("备份目录 %(dir)s 不是空的，请指定新目录。") % {"dir": target})
    target.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "sqlite":
        database_file = SQLITE_FILE
        _sqlite_copy(_sqlite_live(), target / SQLITE_FILE)
        tables = _sqlite_checksums(target / SQLITE_FILE)  # of the copy, not of the live file
    elif vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        database_file = PG_FILE if pg_dump else XML_FILE
        # The dump and the checksums see one snapshot, however busy the site is meanwhile.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            if pg_dump:
                _run(
                    [
                        pg_dump,
                        "--format=custom",
                        "--no-owner",
                        f"--snapshot={snapshot}",
                        f"--file={target / PG_FILE}",
                    ]
                )
                tables = table_checksums()
            else:
                # Without the PostgreSQL client tools: every model's rows through Django, in this
                # transaction (XML keeps microseconds, Django's JSON keeps milliseconds); the
                # tables Django does not model (migrations, cache) are left as they are.
                call_command("dumpdata", format="xml", output=str(target / XML_FILE), verbosity=0)
                tables = _only(table_checksums(without_ids=_through_tables()), _model_tables())
    else:
        raise BackupError(_("不支持的数据库：%(v)s。") % {"v": vendor})
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / MEDIA_DIR)
    else:
        (target / MEDIA_DIR).mkdir()
    files = file_checksums(target / MEDIA_DIR)
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": vendor,
        "database": {"file": database_file, "sha256": _sha256_file(target / database_file)},
        "tables": tables,
        "files": files,
    }
    (target / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    return Summary(len(tables), sum(t["rows"] for t in tables.values()), len(files))


# --- Restore --------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((Path(source) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            _("%(dir)s 中没有可读的 manifest.json，不是 wenming 备份目录。") % {"dir": source}
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("备份格式版本 %(v)s 不受支持。") % {"v": manifest.get("format")})
    return manifest


def verify_backup(source: Path, manifest: dict) -> None:
    """Every file of the backup present and unchanged since the backup was taken."""
    database = Path(source) / manifest["database"]["file"]
    if not database.is_file() or _sha256_file(database) != manifest["database"]["sha256"]:
        raise BackupError(_("备份中的数据库文件缺失或已被改动：%(f)s。") % {"f": database.name})
    _compare_files(manifest["files"], file_checksums(Path(source) / MEDIA_DIR), _("备份中"))


def restore(source: Path) -> Summary:
    source = Path(source)
    manifest = read_manifest(source)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            _("备份来自 %(a)s 数据库，当前数据库是 %(b)s，不能直接恢复。")
            % {"a": manifest["engine"], "b": connection.vendor}
        )
    verify_backup(source, manifest)
    database = source / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        live = _sqlite_live()
        connections.close_all()
        _sqlite_copy(database, live)
    elif database.name == XML_FILE:
        with transaction.atomic():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(database), verbosity=0)  # resets the sequences too
    else:
        connections.close_all()
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(database),
            ]
        )
    _replace_media(source / MEDIA_DIR, Path(settings.MEDIA_ROOT))
    # Verify what is now live against the manifest.
    tables = table_checksums(
        without_ids=_through_tables() if database.name == XML_FILE else frozenset()
    )
    for table, expected in manifest["tables"].items():
        if tables.get(table) != expected:
            raise BackupError(_("恢复后数据表 %(t)s 与备份清单不一致。") % {"t": table})
    extra = sorted(set(tables) - set(manifest["tables"]))
    if extra and database.name != XML_FILE:
        raise BackupError(_("恢复后多出备份中没有的数据表：%(t)s。") % {"t": "、".join(extra)})
    _compare_files(manifest["files"], file_checksums(Path(settings.MEDIA_ROOT)), _("恢复后"))
    return Summary(len(tables), sum(t["rows"] for t in tables.values()), len(manifest["files"]))


def _compare_files(expected: dict, actual: dict, where: str) -> None:
    for name, info in expected.items():
        if actual.get(name) != info:
            raise BackupError(
                _("%(where)s文件 %(f)s 缺失或与备份清单不一致。") % {"where": where, "f": name}
            )
    extra = sorted(set(actual) - set(expected))
    if extra:
        raise BackupError(
            _("%(where)s多出备份清单中没有的文件：%(f)s。") % {"where": where, "f": extra[0]}
        )


def _replace_media(source: Path, media: Path) -> None:
    """MEDIA_ROOT becomes a copy of the backup's media: copied beside it, then swapped in."""
    media.parent.mkdir(parents=True, exist_ok=True)
    incoming = media.with_name(f".{media.name}.restoring")
    outgoing = media.with_name(f".{media.name}.old")
    for stale in (incoming, outgoing):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.copytree(source, incoming)
    if media.exists():
        media.rename(outgoing)
    incoming.rename(media)
    shutil.rmtree(outgoing, ignore_errors=True)


# --- Engines --------------------------------------------------------------------------------


def _sqlite_live() -> Path | str:
    """The file (or, in tests, the shared in-memory URI) of the live SQLite database."""
    connection.ensure_connection()
    return connection.settings_dict["NAME"]


def _sqlite_copy(source, target) -> None:
    """Page by page with SQLite's online backup API: consistent while others read and write."""
    uri = str(source).startswith("file:")
    with (
        contextlib.closing(sqlite3.connect(str(source), uri=uri)) as src,
        contextlib.closing(
            sqlite3.connect(str(target), uri=str(target).startswith("file:"))
        ) as dst,
    ):
        src.backup(dst)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "找不到 %(tool)s：PostgreSQL 的备份与恢复需要它（Debian 软件包 postgresql-client，版本不低于服务器）。"
            )
            % {"tool": name}
        )
    return path


def _run(argv: list[str]) -> None:
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    argv = [
        *argv[:1],
        f"--host={params.get('HOST') or '127.0.0.1'}",
        f"--port={params.get('PORT') or 5432}",
        f"--username={params.get('USER') or 'postgres'}",
        f"--dbname={params['NAME']}",
        *argv[1:],
    ]
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s 失败：%(err)s") % {"tool": Path(argv[0]).name, "err": result.stderr[-500:]}
        )
