"""我的随手拍 with a one-time code through the notifier's outbox; 文明积分; progress messages."""

import re

import pytest

from tests.participation.factories import citizen_report
from tests.participation.test_pages import _close
from wenming.cases import services as case_services
from wenming.notifications.models import Message, MessageKind
from wenming.notifications.services import retry_undelivered

pytestmark = pytest.mark.django_db


def _code(phone):
    body = Message.objects.filter(phone=phone, kind=MessageKind.CODE).latest("pk").body
    return re.search(r"\d{6}", body).group(0)


def test_a_code_opens_the_phones_reports_and_points(
    client, citizens, coordinator, django_capture_on_commit_callbacks
):
    first = citizen_report(phone="13912345678")
    citizen_report(phone="13912345678", service="litter", description="垃圾桶满溢")
    citizen_report(phone="13700000000")
    case_services.transition(actor=coordinator, case_id=first.case_id, action="accept")
    page = client.get("/public/mine/").content.decode()
    assert 'data-testid="mine-phone-form"' in page
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/public/mine/", {"step": "send", "phone": "139 1234 5678"})
    assert sent.status_code == 200 and 'data-testid="mine-code-form"' in sent.content.decode()
    wrong = client.post(
        "/public/mine/", {"step": "verify", "phone": "13912345678", "code": "000000"}
    )
    assert wrong.status_code == 422
    code = _code("13912345678")
    ok = client.post("/public/mine/", {"step": "verify", "phone": "13912345678", "code": code})
    assert ok.status_code == 302
    page = client.get("/public/mine/").content.decode()
    assert page.count('data-testid="mine-report"') == 2
    assert 'data-testid="mine-points">10<' in page  # one accepted report × 10
    assert "139****5678" in page and "13912345678" not in page
    # The code works once.
    client.post("/public/mine/leave/")
    again = client.post("/public/mine/", {"step": "verify", "phone": "13912345678", "code": code})
    assert again.status_code == 422


def test_codes_are_limited_per_phone(client, citizens):
    for _ in range(5):
        assert (
            client.post("/public/mine/", {"step": "send", "phone": "13912345678"}).status_code
            == 200
        )
    assert client.post("/public/mine/", {"step": "send", "phone": "13912345678"}).status_code == 429
    assert client.post("/public/mine/", {"step": "send", "phone": "123"}).status_code == 422


def test_citizens_hear_accepted_and_closed_with_their_own_code(
    citizens, coordinator, community1, inspector, django_capture_on_commit_callbacks
):
    report = citizen_report(phone="13912345678")
    follower = citizen_report(phone="13600000000", follow_case_id=report.case_id, description="")
    with django_capture_on_commit_callbacks(execute=True):
        _close(report.case, coordinator, community1, inspector)
    mine = list(Message.objects.filter(phone="13912345678").order_by("pk"))
    assert [("已受理" in m.title, "已办结" in m.title) for m in mine] == [
        (True, False),
        (False, True),
    ]
    assert report.tracking_code in mine[0].body
    assert (
        Message.objects.filter(phone="13600000000", body__contains=follower.tracking_code).count()
        == 2
    )
    # Without an SMS channel the messages wait in the outbox for the admin, and are retried.
    assert all(m.sent_at is None and m.last_error for m in mine)
    assert retry_undelivered() == 4


def test_console_backend_delivers_to_the_log(
    settings, citizens, coordinator, django_capture_on_commit_callbacks, caplog
):
    settings.NOTIFIER_BACKEND = "console"
    report = citizen_report(phone="13912345678")
    with django_capture_on_commit_callbacks(execute=True):
        case_services.transition(actor=coordinator, case_id=report.case_id, action="accept")
    message = Message.objects.get(phone="13912345678")
    assert message.sent_at is not None and message.backend == "console"
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text
