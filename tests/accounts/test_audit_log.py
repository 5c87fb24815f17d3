"""The audit log: append-only, read in full only by the audit admin, exported (and the export
audited), each event with its outcome, kept at least 184 days and pruned only beyond."""

import io
import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.regions.factories import person
from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction, AuditEvent, AuditLogImmutable, AuditOutcome
from wenming.accounts.services import prune_audit_log
from wenming.regions.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(units):
    return person(username="auditor", unit=units["office"], role=Role.AUDITOR)


@pytest.fixture
def security_admin(units):
    return person(username="security", unit=units["office"], role=Role.SECURITY)


def test_an_audit_row_cannot_be_changed_or_deleted(coordinator):
    event = record(actor=coordinator, action=AuditAction.UPDATE, summary="改了东西")
    event.summary = "什么也没改"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "改了东西"


def test_each_event_carries_its_outcome(client, coordinator, password):
    client.post("/login/", {"username": "coordinator", "password": "wrong-Password-1"})
    client.post("/login/", {"username": "coordinator", "password": password})
    outcomes = dict(AuditEvent.objects.values_list("action", "outcome"))
    assert outcomes[AuditAction.LOGIN_FAILED] == AuditOutcome.FAILURE
    assert outcomes[AuditAction.LOGIN] == AuditOutcome.SUCCESS


def test_only_the_audit_admin_reads_the_whole_log(client, auditor, coordinator, password):
    Client().post("/login/", {"username": "coordinator", "password": password})
    client.force_login(auditor)
    page = client.get("/account/audit/").content.decode()
    assert "审计日志" in page and "coordinator" in page
    assert "审计日志" in client.get("/").content.decode()  # in the menu


@pytest.mark.parametrize("who", ["admin_user", "security_admin", "coordinator", "dept"])
def test_no_other_role_reads_the_log_on_the_page_or_in_the_admin(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get("/account/audit/").status_code == 403
    assert client.get("/account/audit/?export=xlsx").status_code == 403
    assert client.get("/admin/accounts/auditevent/").status_code in (302, 403)


def test_a_superuser_does_not_read_the_audit_log_either(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/account/audit/").status_code == 403
    assert client.get("/admin/accounts/auditevent/").status_code == 403


def test_everyone_sees_their_own_logins_only(client, coordinator, dept, password):
    Client().post("/login/", {"username": "dept", "password": "wrong-Password-1"})
    client.force_login(coordinator)
    page = client.get("/account/").content.decode()
    events = page.split('data-testid="login-events"')[1]
    assert "登录失败" not in events


def test_the_audit_admin_sees_no_domain_data(client, auditor, units):
    client.force_login(auditor)
    assert client.get(f"/units/{units['civil'].pk}/").status_code == 404
    assert client.get("/admin/regions/unit/").status_code == 302  # not staff


def test_the_system_admin_maintains_units_but_not_security_models(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/regions/unit/").status_code == 200
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_export_is_formula_safe_and_itself_audited(client, auditor, coordinator):
    record(actor=coordinator, action=AuditAction.UPDATE, summary='=HYPERLINK("http://x")')
    client.force_login(auditor)
    response = client.get("/account/audit/?export=xlsx&username=coordinator")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间", "账号", "操作", "结果")
    assert rows[1][4] == '\'=HYPERLINK("http://x")'
    exported = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert exported.username == "auditor" and "导出审计日志 1 条" in exported.summary


def test_pruning_keeps_exactly_184_days_and_is_idempotent(coordinator):
    now = timezone.now()
    for age in (timedelta(days=184), timedelta(days=184, seconds=1), timedelta(days=400)):
        with time_machine.travel(now - age, tick=False):
            record(actor=coordinator, action=AuditAction.UPDATE, summary=f"{age}")
    record(actor=coordinator, action=AuditAction.UPDATE, summary="today")
    with time_machine.travel(now, tick=False):
        assert prune_audit_log() == 2
        assert prune_audit_log() == 0
    left = set(AuditEvent.objects.values_list("summary", flat=True))
    assert {"184 days, 0:00:00", "today"} <= left
    assert "184 days, 0:00:01" not in left and "400 days, 0:00:00" not in left
    assert AuditEvent.objects.filter(action=AuditAction.AUDIT_PRUNED).count() == 1


def test_tick_queues_the_prune_job(coordinator):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    call_command("tick", stdout=io.StringIO())
    assert DBTaskResult.objects.filter(task_path__endswith="prune_audit_log").exists()


def test_a_retention_below_184_days_is_refused_at_startup():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"AUDIT_RETENTION_DAYS": "183", "DJANGO_SETTINGS_MODULE": "wenming.settings"})
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "184" in result.stderr


def test_the_audit_admins_workbench_counts_todays_failed_logins_and_exports(
    client, auditor, coordinator, dept
):
    """Each count opens the log filtered to exactly those rows."""
    other = Client()
    for _ in range(2):
        other.post("/login/", {"username": "dept", "password": "wrong-Password-1"})
    record(actor=coordinator, action=AuditAction.EXPORT, summary="导出问题清单 3 条")
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        record(actor=coordinator, action=AuditAction.EXPORT, summary="前天的导出")
    client.force_login(auditor)
    home = client.get("/").content.decode()
    for key, count in (("audit-login_failed", 2), ("audit-export", 1)):
        assert f'data-testid="count-{key}">{count}<' in home
        url = re.search(rf'href="([^"]+)" data-testid="card-{key}"', home).group(1)
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert listed.count('data-testid="audit-row"') == count, key
