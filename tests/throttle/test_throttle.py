"""The public endpoints' rate limit: one statement per hit in the database, Redis when it is
set, the database again while Redis cannot be reached; windows that are over are purged."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wenming import throttle
from wenming.throttle.models import Window

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttle, "_clock", lambda: now[0])
    return now


@pytest.fixture
def no_redis(settings, monkeypatch):
    settings.REDIS_URL = None


def test_each_hit_is_one_statement_and_the_limit_holds_per_scope_and_key(no_redis, clock):
    with CaptureQueriesContext(connection) as ctx:
        assert throttle.allow("report", "203.0.113.9", limit=2)
    assert len(ctx.captured_queries) == 1
    assert throttle.allow("report", "203.0.113.9", limit=2)
    assert not throttle.allow("report", "203.0.113.9", limit=2)
    assert throttle.allow("report", "203.0.113.10", limit=2)
    assert throttle.allow("lookup", "203.0.113.9", limit=2)


def test_a_new_window_starts_afresh_and_the_old_ones_are_purged(no_redis, clock):
    for _ in range(3):
        throttle.allow("report", "a", limit=2, window=60)
    assert not throttle.allow("report", "a", limit=2, window=60)
    clock[0] += 60
    assert throttle.allow("report", "a", limit=2, window=60)
    assert throttle.purge_expired(now=clock[0]) == 0  # the last window is kept one more
    assert throttle.purge_expired(now=clock[0] + 120) == 1
    assert Window.objects.count() == 1


def test_while_redis_is_unreachable_the_database_counts(settings, clock, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    monkeypatch.setattr(throttle, "_redis_down_until", 0.0)
    assert throttle.allow("report", "a", limit=1)
    assert not throttle.allow("report", "a", limit=1)
    assert Window.objects.get().hits == 2
    assert throttle._redis_down_until > 0  # not asked again on every hit


@pytest.mark.skipif(
    not os.environ.get("WENMING_TEST_REDIS_URL"), reason="WENMING_TEST_REDIS_URL not set"
)
def test_with_redis_the_database_is_not_touched(settings, clock, monkeypatch):
    settings.REDIS_URL = os.environ["WENMING_TEST_REDIS_URL"]
    monkeypatch.setattr(throttle, "_redis_down_until", 0.0)
    scope = f"test-{os.getpid()}"
    with CaptureQueriesContext(connection) as ctx:
        assert throttle.allow(scope, "a", limit=1)
        assert not throttle.allow(scope, "a", limit=1)
    assert ctx.captured_queries == []


def test_a_lookup_and_its_count_are_one_round_trip_and_an_unknown_key_counts_nowhere(
    no_redis, clock
):
    query = "SELECT id FROM throttle_window WHERE id = %s"
    known = Window.objects.create(id=7, hits=0, expires=0).pk
    with CaptureQueriesContext(connection) as ctx:
        rows, allowed = throttle.allow_if(query, [known], "key", "k", limit=2)
    assert (rows, allowed) == ([(known,)], True)
    assert len(ctx.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    assert throttle.allow_if(query, [known], "key", "k", limit=2) == ([(known,)], True)
    assert throttle.allow_if(query, [known], "key", "k", limit=2) == ([(known,)], False)
    assert throttle.allow_if(query, [8], "key", "other", limit=2) == ([], True)
    assert Window.objects.count() == 2  # the known key's window beside row 7; none for 8


@pytest.mark.postgresql
def test_a_guarded_count_goes_with_the_writes_and_past_the_limit_nothing_is_written(
    no_redis, clock
):
    from django.db import transaction

    from wenming import bulk
    from wenming.accounts.models import AuditEvent

    def write(summary):
        guard = throttle.guard("report", "203.0.113.9", limit=2)
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            bulk.insert_together([AuditEvent(action="create", summary=summary)], [guard])
        assert len(ctx.captured_queries) == 1  # the count and the row

    write("第一份")
    write("第二份")
    with pytest.raises(throttle.Refused):
        write("第三份")
    assert sorted(AuditEvent.objects.values_list("summary", flat=True)) == ["第一份", "第二份"]
    assert Window.objects.get().hits == 2  # the refused hit changed nothing
    clock[0] += 60
    write("新窗口")


@pytest.mark.sqlite
def test_without_postgresql_a_guard_counts_at_once(no_redis, clock):
    assert throttle.guard("report", "a", limit=1) is None
    assert Window.objects.get().hits == 1
    with pytest.raises(throttle.Refused):
        throttle.guard("report", "a", limit=1)


class _Missing(Exception):
    pass


def _guarded_write(guard, summary):
    """The guard sent with one row outside a transaction, as a report sends its counts."""
    from wenming import bulk
    from wenming.accounts.models import AuditEvent

    with CaptureQueriesContext(connection) as ctx:
        bulk.insert_together(
            [AuditEvent(action="create", summary=summary)], [guard] if guard else []
        )
    return len(ctx.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_a_guard_if_counts_only_where_its_query_finds_a_row_and_refuses_where_it_finds_none(
    no_redis, clock
):
    from wenming.accounts.models import AuditEvent

    query = "SELECT 1 FROM throttle_window WHERE id = %s"
    known = Window.objects.create(id=7, hits=0, expires=0).pk

    def check(row_id, summary):
        guard = throttle.guard_if(throttle.CountIf(query, [row_id], "key", "k", 2, _Missing))
        return _guarded_write(guard, summary)

    postgresql = connection.vendor == "postgresql"
    statements = check(known, "第一份")
    assert statements == 1 or not postgresql  # the check, the count and the row in one message
    check(known, "第二份")
    with pytest.raises(throttle.Refused):
        check(known, "第三份")
    with pytest.raises(_Missing):
        check(8, "无主的一份")
    assert sorted(AuditEvent.objects.values_list("summary", flat=True)) == ["第一份", "第二份"]
    # nothing counted for the missing row; elsewhere the refused hit was counted at once
    assert Window.objects.exclude(pk=known).get().hits == (2 if postgresql else 3)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql
def test_outside_a_transaction_a_count_stands_when_a_later_guard_refuses(no_redis, clock):
    from wenming import bulk
    from wenming.accounts.models import AuditEvent

    first = throttle.guard("report-ip", "203.0.113.9", limit=5)
    full = throttle.guard("report-phone", "138", limit=0)
    with pytest.raises(throttle.Refused):
        bulk.insert_together([AuditEvent(action="create", summary="被拒")], [first, full])
    assert not AuditEvent.objects.exists()
    assert Window.objects.get().hits == 1  # the address's count, as if counted on its own


@pytest.mark.skipif(
    not os.environ.get("WENMING_TEST_REDIS_URL"), reason="WENMING_TEST_REDIS_URL not set"
)
def test_with_redis_a_reports_limits_are_counted_in_one_round_trip(settings, clock, monkeypatch):
    import uuid

    settings.REDIS_URL = os.environ["WENMING_TEST_REDIS_URL"]
    monkeypatch.setattr(throttle, "_redis_down_until", 0.0)
    sent = []
    counted = throttle._redis_hits

    def counting(url, windows, *, now):
        sent.append(len(windows))
        return counted(url, windows, now=now)

    monkeypatch.setattr(throttle, "_redis_hits", counting)
    scope = f"test-{uuid.uuid4().hex}"
    hits = [throttle.Hit(f"{scope}-ip", "a", 1), throttle.Hit(f"{scope}-phone", "b", 5)]
    with CaptureQueriesContext(connection) as ctx:
        assert throttle.guards(hits) == []
        with pytest.raises(throttle.Refused):  # the address is past its limit
            throttle.guards(hits)
    assert sent == [2, 2] and ctx.captured_queries == []


@pytest.mark.sqlite
def test_without_postgresql_a_reports_limits_are_counted_at_once(no_redis, clock):
    hits = [throttle.Hit("report-ip", "a", 5), throttle.Hit("report-phone", "b", 1)]
    assert throttle.guards(hits) == []
    with pytest.raises(throttle.Refused):  # the phone is past its limit
        throttle.guards(hits)
    assert sorted(Window.objects.values_list("hits", flat=True)) == [2, 2]


@pytest.mark.postgresql
def test_with_postgresql_a_reports_limits_go_with_its_rows(no_redis, clock):
    hits = [throttle.Hit("report-ip", "a", 5), throttle.Hit("report-phone", "b", 1)]
    assert len(throttle.guards(hits)) == 2
    assert not Window.objects.exists()  # nothing counted until the guards are sent
