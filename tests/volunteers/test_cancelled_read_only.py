"""A cancelled activity is read-only everywhere: the edit page, 补录 and 更正 on its page, the
API's correction, the volunteer's sign-up and sign-in all refuse it with a Chinese message,
and its page offers none of them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from tests.volunteers import factories as f
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.accounts.tokens import issue_token
from wenming.volunteers.errors import ScanRefused, VolunteerError
from wenming.volunteers.models import ServiceRecord, SignUp
from wenming.volunteers.services import activities

REFUSED = "活动已取消"


@pytest.fixture
def event(network):
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    return f.activity(network["team"], start=start, hours=3)


@pytest.fixture
def cancelled(event, community1):
    return activities.cancel_activity(actor=community1, activity=event, reason="暴雨预警")


@pytest.fixture
def served(network, event):
    """王小红's record at the activity, made before it was cancelled."""
    return f.served_at(event, network["alice"], "2")


def edit_form(event, **changes) -> dict:
    form = {
        "title": event.title,
        "team": event.team_id,
        "region": event.region_id,
        "address": event.address,
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
    }
    return {**form, **changes}


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_page_offers_edit_record_and_correct_until_cancelled(
    network, event, served, community1, login
):
    client = login(community1)
    page = client.get(f"/volunteers/activities/{event.pk}/").content.decode()
    for offer in ('data-testid="activity-edit"', 'data-testid="correct-form"', "record-add"):
        assert offer in page
    activities.cancel_activity(actor=community1, activity=event)
    page = client.get(f"/volunteers/activities/{event.pk}/").content.decode()
    for offer in ('data-testid="activity-edit"', 'data-testid="correct-form"', "record-add"):
        assert offer not in page
    assert 'data-testid="activity-closed"' in page and 'data-testid="activity-qr"' not in page
    assert "王小红" in page  # the records stay to be read


def test_the_edit_page_sends_a_cancelled_activity_back_with_a_message(cancelled, community1, login):
    client = login(community1)
    response = client.get(f"/volunteers/activities/{cancelled.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == f"/volunteers/activities/{cancelled.pk}/"
    assert any(REFUSED in message for message in said(response))


def test_posting_the_edit_form_changes_nothing(cancelled, community1, login):
    client = login(community1)
    response = client.post(
        f"/volunteers/activities/{cancelled.pk}/edit/", edit_form(cancelled, title="改名后的活动")
    )
    assert response.status_code == 302
    assert any(REFUSED in message for message in said(response))
    cancelled.refresh_from_db()
    assert cancelled.title == "敬老院助老服务" and cancelled.is_cancelled
    assert not AuditEvent.objects.filter(
        object_id=str(cancelled.pk), summary__startswith="修改志愿服务活动"
    ).exists()


def test_an_open_activity_is_still_edited(event, community1, login):
    response = login(community1).post(
        f"/volunteers/activities/{event.pk}/edit/", edit_form(event, title="改名后的活动")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "改名后的活动"


def test_the_service_refuses_an_edit_that_was_opened_before_the_cancel(event, community1):
    stale = type(event).objects.get(pk=event.pk)  # the edit page loaded it before the cancel
    activities.cancel_activity(actor=community1, activity=event)
    with pytest.raises(VolunteerError) as refused:
        activities.save_activity(
            actor=community1,
            activity=stale,
            team=stale.team,
            title="改名后的活动",
            region=stale.region,
            address=stale.address,
            starts_at=stale.starts_at,
            ends_at=stale.ends_at,
        )
    assert REFUSED in refused.value.message
    event.refresh_from_db()
    assert event.title == "敬老院助老服务" and event.is_cancelled


def test_record_and_correct_from_the_page_are_refused(network, event, served, community1, login):
    activities.cancel_activity(actor=community1, activity=event)
    client = login(community1)
    response = client.post(
        f"/volunteers/activities/{event.pk}/records/",
        {"volunteer": network["bob"].pk, "hours": "2", "reason": "未带手机"},
    )
    assert response.status_code == 302 and any(REFUSED in m for m in said(response))
    assert not ServiceRecord.objects.filter(volunteer=network["bob"]).exists()
    response = client.post(
        f"/volunteers/records/{served.pk}/correct/", {"hours": "3", "reason": "核对签到表"}
    )
    assert response.status_code == 302 and any(REFUSED in m for m in said(response))
    served.refresh_from_db()
    assert served.hours == Decimal("2") and not served.corrections.exists()


def test_the_api_refuses_a_correction_with_422(network, event, served, community1, client):
    activities.cancel_activity(actor=community1, activity=event)
    raw, _token = issue_token(user=community1)
    response = client.post(
        f"/api/v1/volunteers/records/{served.pk}/correct",
        data={"hours": 3, "reason": "核对签到表"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 422
    assert REFUSED in response.json()["detail"]
    served.refresh_from_db()
    assert served.hours == Decimal("2")
    listed = client.get("/api/v1/volunteers/activities", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [a["is_cancelled"] for a in listed["items"] if a["id"] == event.pk] == [True]


def test_sign_up_and_sign_in_are_refused(network, cancelled):
    alice = network["alice"]
    with pytest.raises(VolunteerError) as refused:
        activities.sign_up(volunteer=alice, activity=cancelled)
    assert REFUSED in refused.value.message
    with pytest.raises(ScanRefused) as refused:
        activities.scan(
            volunteer=alice, activity=cancelled, kind=activities.SIGN_IN, now=cancelled.starts_at
        )
    assert REFUSED in refused.value.message
    assert not SignUp.objects.filter(activity=cancelled).exists()
    assert not cancelled.records.exists()


def test_the_volunteers_qr_page_no_longer_takes_a_sign_up(network, event, community1, client):
    signed_in = client.post(
        "/public/volunteers/login/",
        {"phone": network["alice"].phone, "id_tail": network["alice"].id_number[-6:]},
    )
    assert signed_in.status_code == 302
    assert client.get(f"/public/volunteers/a/{event.qr_token}/").status_code == 200
    activities.cancel_activity(actor=community1, activity=event)
    response = client.post(f"/public/volunteers/a/{event.qr_token}/scan/", {"kind": "signup"})
    assert response.status_code == 404
    assert not SignUp.objects.filter(activity=event).exists()


def test_cancelling_is_audited_once_and_the_audit_is_not_an_edit(cancelled):
    events = AuditEvent.objects.filter(
        object_type="volunteers.activity", object_id=str(cancelled.pk), action=AuditAction.UPDATE
    )
    assert [e.summary for e in events] == ["取消活动 敬老院助老服务：暴雨预警"]
