"""A fixed-window rate limit for public endpoints (DESIGN.md §7): one round trip per hit.

The counters are shared by every web process. With REDIS_URL set they live in Redis (INCR and
EXPIRE sent together in one round trip); without it, or while Redis cannot be reached, in the
database's ``throttle_window`` table: one ``INSERT … ON CONFLICT … RETURNING`` statement (the
public views count before they open their transaction, so a refused flood still counts). On
PostgreSQL that table is UNLOGGED, so counting does not wait for the disk; a crash forgets the
current windows, which only lifts the limits for the rest of them.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from redis import Redis, RedisError

from wenming import bulk

logger = logging.getLogger(__name__)

TABLE = "throttle_window"
_COUNT_ONE_MORE = f" ON CONFLICT (id) DO UPDATE SET hits = {TABLE}.hits + 1 RETURNING hits"
_UPSERT = f"INSERT INTO {TABLE} (id, hits, expires) VALUES (%s, 1, %s)" + _COUNT_ONE_MORE


_clock = time.time  # tests move it


def _window(scope: str, key: str, window: int) -> tuple[str, int, float]:
    now = _clock()
    bucket = int(now // window)
    expires = (bucket + 2) * window  # the window's end plus one more, like the cache's timeout
    return f"{scope}:{key}:{bucket}", int(expires), now


def allow(scope: str, key: str, *, limit: int, window: int = 60) -> bool:
    """Count one hit for (scope, key); False once the window's limit is passed."""
    name, expires, now = _window(scope, key, window)
    return _hits(name, expires=expires, now=now) <= limit


REFUSED_SQLSTATE = "WM429"  # raised by wenming_throttle_pass (migration 0002) past the limit
MISSING_SQLSTATE = "WM404"  # raised by wenming_throttle_pass_if (0003) when its query finds no row


class Refused(Exception):
    """A hit past its window's limit (guard)."""


def guard(scope: str, key: str, *, limit: int, window: int = 60) -> bulk.Guard | None:
    """Count one hit for (scope, key) with the writes it guards. With the counters in
    PostgreSQL: a bulk.Guard for bulk.insert_together, which sends the count in the writes'
    own round trip; past the limit the writes are not made and Refused is raised. The refused
    hit is not counted (its transaction fails), which changes nothing in a fixed window: the
    count stays at the limit until the window ends. Elsewhere (Redis, SQLite) the hit is
    counted now: Refused past the limit, else None (nothing to send)."""
    name, expires, now = _window(scope, key, window)
    if _counted_apart():
        if _hits(name, expires=expires, now=now) > limit:
            raise Refused
        return None
    return bulk.Guard(
        "SELECT wenming_throttle_pass(%s, %s, %s)",
        (_window_id(name), expires, limit),
        {REFUSED_SQLSTATE: Refused},
    )


@dataclass(frozen=True)
class CountIf:
    """A hit for (scope, key) that counts only where ``query`` (a SELECT) finds a row, as in
    allow_if; where it finds none, ``missing()`` is raised and nothing is counted."""

    query: str
    params: Sequence
    scope: str
    key: str
    limit: int
    missing: Callable[[], Exception]
    window: int = 60


class Hit(NamedTuple):
    """One hit for (scope, key) against ``limit`` per ``window`` seconds (guards)."""

    scope: str
    key: str
    limit: int
    window: int = 60


def guards(hits: Sequence[Hit]) -> list[bulk.Guard]:
    """guard for each of ``hits``, in order. Counted apart, all are counted now, with Redis in
    one round trip (the per-address and per-phone limits of a report): Refused when any is past
    its limit, else nothing to send ([])."""
    if not _counted_apart():
        return [guard(hit.scope, hit.key, limit=hit.limit, window=hit.window) for hit in hits]
    windows = [_window(hit.scope, hit.key, hit.window) for hit in hits]
    counts = _hits_each([(name, expires) for name, expires, _now in windows], now=_clock())
    if any(count > hit.limit for count, hit in zip(counts, hits, strict=True)):
        raise Refused
    return []


def guard_if(check: CountIf) -> bulk.Guard | None:
    """guard for ``check``: with the counters in PostgreSQL, a bulk.Guard that checks, counts
    and lets the writes through in their round trip (``check.missing()`` or Refused, nothing
    written); an API key's check and its limit, sent with the report the key brings. Counted
    apart, the check is made now (pass_if) and None is returned."""
    if _counted_apart():
        pass_if(check)
        return None
    name, expires, _now = _window(check.scope, check.key, check.window)
    return bulk.Guard(
        f"SELECT wenming_throttle_pass_if(EXISTS ({check.query}), %s, %s, %s)",
        (*check.params, _window_id(name), expires, check.limit),
        {REFUSED_SQLSTATE: Refused, MISSING_SQLSTATE: check.missing},
    )


def pass_if(check: CountIf) -> None:
    """guard_if's check made now, in one round trip (allow_if): ``check.missing()`` where its
    query finds no row, Refused past the limit."""
    rows, allowed = allow_if(
        check.query, check.params, check.scope, check.key, limit=check.limit, window=check.window
    )
    if not rows:
        raise check.missing()
    if not allowed:
        raise Refused


def _counted_apart() -> bool:
    """Whether a hit is counted in its own round trip (Redis, or a database that takes one
    statement per call) rather than sent with the statement it guards."""
    return _redis_in_use() or not bulk.several_statements_per_call()


def _redis_in_use() -> bool:
    return bool(getattr(settings, "REDIS_URL", None)) and time.monotonic() >= _redis_down_until


def allow_if(
    query: str, params: Sequence, scope: str, key: str, *, limit: int, window: int = 60
) -> tuple[list[tuple], bool]:
    """Run ``query`` (a SELECT) and, only when it returns rows, count one hit for (scope, key):
    (its rows, False once the window's limit is passed). An API key's lookup and its limit:
    with the counters in PostgreSQL both go in one round trip, and an unknown key counts
    nowhere (the counter's INSERT runs only where the query finds a row)."""
    name, expires, now = _window(scope, key, window)
    if _counted_apart():
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            rows = cursor.fetchall()
        return rows, (not rows) or _hits(name, expires=expires, now=now) <= limit
    counted = (
        f"INSERT INTO {TABLE} (id, hits, expires) SELECT %s, 1, %s WHERE EXISTS ({query})"
        + _COUNT_ONE_MORE
    )
    with connection.cursor() as cursor:
        results = cursor.cursor  # client-side binding: both statements in one message
        cursor.execute(
            results.mogrify(query, params)
            + "; "
            + results.mogrify(counted, [_window_id(name), expires, *params])
        )
        rows = results.fetchall()
        results.nextset()
        hits = results.fetchone()
    return rows, hits is None or hits[0] <= limit


REDIS_RETRY_SECONDS = 30
_redis_down_until = 0.0


def _hits(name: str, *, expires: int, now: float) -> int:
    return _hits_each([(name, expires)], now=now)[0]


def _hits_each(windows: Sequence[tuple[str, int]], *, now: float) -> list[int]:
    """One more hit in each (name, expires) window: with Redis all in one round trip."""
    global _redis_down_until
    url = getattr(settings, "REDIS_URL", None)
    if url and time.monotonic() >= _redis_down_until:
        try:
            return _redis_hits(url, windows, now=now)
        except (RedisError, OSError) as exc:  # asked again after a pause, not on every hit
            _redis_down_until = time.monotonic() + REDIS_RETRY_SECONDS
            logger.warning("rate limits: Redis unreachable (%s), counting in the database", exc)
    return [_database_hits(name, expires=expires) for name, expires in windows]


def _window_id(name: str) -> int:
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _database_hits(name: str, *, expires: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [_window_id(name), expires])
        return cursor.fetchone()[0]


@lru_cache(maxsize=4)
def _redis(url: str) -> Redis:
    return Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def _redis_hits(url: str, windows: Sequence[tuple[str, int]], *, now: float) -> list[int]:
    pipe = _redis(url).pipeline()
    for name, expires in windows:
        key = f"wenming:throttle:{name}"
        pipe.incr(key)
        pipe.expire(key, max(1, expires - int(now)))
    return [int(hits) for hits in pipe.execute()[::2]]


def purge_expired(now: float | None = None) -> int:
    """Drop the database's windows that are over (Redis expires its own); `wenming tick` runs it."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE expires < %s", [int(now or _clock())])
        return cursor.rowcount
