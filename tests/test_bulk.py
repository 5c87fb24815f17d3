"""wenming.bulk.insert_together: a few new rows of different tables as one transaction."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from wenming import bulk
from wenming.accounts.models import AuditEvent


def _audit(summary: str, action="create") -> AuditEvent:
    return AuditEvent(action=action, summary=summary, channel="cli")


@pytest.mark.django_db
def test_rows_of_several_tables_are_written_and_hold_their_keys():
    first = _audit("第一行")
    bulk.take_id(first)
    assert first.pk is not None
    rows = [first, _audit(f"记录 #{first.pk}"), _audit("第三行")]
    bulk.insert_together(rows)
    assert all(row.pk and not row._state.adding for row in rows)
    stored = dict(
        AuditEvent.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "summary")
    )
    assert stored == {rows[0].pk: "第一行", rows[1].pk: f"记录 #{first.pk}", rows[2].pk: "第三行"}


@pytest.mark.django_db
def test_values_are_stored_as_the_fields_prepare_them():
    row = AuditEvent(action="create", summary="引号 ' 与百分号 %s %%", changes={"名": ["甲", 1]})
    bulk.insert_together([row])
    stored = AuditEvent.objects.get(pk=row.pk)
    assert (stored.summary, stored.changes) == ("引号 ' 与百分号 %s %%", {"名": ["甲", 1]})
    assert stored.at is not None


@pytest.mark.django_db(transaction=True)
def test_outside_any_transaction_a_failing_row_takes_the_others_with_it():
    assert connection.get_autocommit()
    with pytest.raises(IntegrityError):
        with bulk.one_transaction(simple=True):
            bulk.insert_together([_audit("先写的一行"), _audit("不完整的一行", action=None)])
    assert not AuditEvent.objects.filter(summary="先写的一行").exists()
    bulk.insert_together([_audit("之后照常")])
    assert AuditEvent.objects.filter(summary="之后照常").exists()


@pytest.mark.django_db
def test_inside_a_transaction_the_rows_roll_back_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        bulk.insert_together([_audit("回滚的一行")])
        raise RuntimeError
    assert not AuditEvent.objects.filter(summary="回滚的一行").exists()


@pytest.mark.django_db
def test_a_row_names_one_written_before_it_in_the_same_call():
    user = get_user_model()(username="同批新建", password="!")
    row = AuditEvent(action="create", channel="cli", actor=user)
    row.object_id = bulk.IdOf(user)
    row.summary = bulk.IdOf(user, "新建账号 #", " 完成")
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_together([user, row])
    if connection.vendor == "postgresql":
        assert len(queries.captured_queries) == 1
    assert user.pk and row.actor is user and row.actor_id == user.pk
    stored = AuditEvent.objects.get(pk=row.pk)
    assert (stored.actor_id, stored.object_id, stored.summary) == (
        user.pk,
        str(user.pk),
        f"新建账号 #{user.pk} 完成",
    )
    assert (row.object_id, row.summary) == (user.pk, f"新建账号 #{user.pk} 完成")


@pytest.mark.django_db
@pytest.mark.postgresql
def test_naming_a_row_that_is_not_the_last_of_its_table_is_refused():
    first, second = (get_user_model()(username=name, password="!") for name in ("甲", "乙"))
    with pytest.raises(TypeError):
        bulk.insert_together([first, second, AuditEvent(action="create", actor=first)])


class _Refused(Exception):
    pass


@pytest.mark.django_db
@pytest.mark.postgresql
def test_a_failing_guard_refuses_and_nothing_of_the_call_is_written():
    # division by zero (SQLSTATE 22012) stands for a guard past its limit
    failing = bulk.Guard("SELECT 1 / (%s - %s)", (1, 1), {"22012": _Refused})
    passing = bulk.Guard("SELECT %s", (1,), {"22012": _Refused})
    with pytest.raises(_Refused), transaction.atomic():
        bulk.insert_together([_audit("被拒的一行")], [passing, failing])
    assert not AuditEvent.objects.filter(summary="被拒的一行").exists()
    row = _audit("放行的一行")
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_together([row], [passing, passing])
    assert len(queries.captured_queries) == 1  # the guards travel with the rows
    assert AuditEvent.objects.get(pk=row.pk).summary == "放行的一行"


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql
def test_outside_a_transaction_the_guards_commit_before_the_rows():
    from wenming.throttle.models import Window

    counting = bulk.Guard(
        "INSERT INTO throttle_window (id, hits, expires) VALUES (%s, 1, 0) RETURNING hits",
        (42,),
        {"WM429": _Refused},
    )
    with pytest.raises(IntegrityError):
        bulk.insert_together([_audit("不完整的一行", action=None)], [counting])
    assert not AuditEvent.objects.filter(summary="不完整的一行").exists()
    assert Window.objects.filter(pk=42).exists()  # committed before the failing row
    Window.objects.filter(pk=42).delete()
    row = _audit("之后照常")
    bulk.insert_together([row], [bulk.Guard("SELECT %s", (1,), {"WM429": _Refused})])
    assert AuditEvent.objects.get(pk=row.pk).summary == "之后照常"
