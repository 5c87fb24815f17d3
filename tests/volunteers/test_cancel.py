"""取消活动 from the activity page: planners only, audited, and a cancelled activity refuses
sign-up and sign-in."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.volunteers import factories as f
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.volunteers.errors import ScanRefused, VolunteerError
from wenming.volunteers.services import activities

HERE = {"latitude": "32.625400", "longitude": "117.012600"}


@pytest.fixture
def event(network):
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    return f.activity(network["team"], start=start, hours=3)


def cancel_url(event) -> str:
    return f"/volunteers/activities/{event.pk}/cancel/"


def test_the_planner_cancels_from_the_page_and_it_is_audited(network, event, community1, login):
    client = login(community1)
    page = client.get(f"/volunteers/activities/{event.pk}/").content.decode()
    assert 'data-testid="activity-cancel"' in page
    response = client.post(cancel_url(event), {"reason": "  暴雨预警  "})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    page = client.get(f"/volunteers/activities/{event.pk}/").content.decode()
    assert 'data-testid="activity-cancelled"' in page and "已取消" in page
    assert 'data-testid="activity-cancel"' not in page  # nothing left to cancel
    audit = AuditEvent.objects.get(
        object_type="volunteers.activity", object_id=str(event.pk), action=AuditAction.UPDATE
    )
    assert audit.actor == community1
    assert audit.changes["reason"] == "暴雨预警"
    assert "暴雨预警" in audit.summary
    # Cancelling twice is refused with a message, not a second audit line.
    client.post(cancel_url(event))
    assert (
        AuditEvent.objects.filter(object_id=str(event.pk), action=AuditAction.UPDATE).count() == 1
    )


def test_get_on_the_action_answers_405(network, event, community1, login):
    assert login(community1).get(cancel_url(event)).status_code == 405
    event.refresh_from_db()
    assert not event.is_cancelled


def test_a_manager_of_another_territory_gets_404(network, event, other_manager, login):
    client = login(other_manager[0])
    assert client.post(cancel_url(event), {"reason": "x"}).status_code == 404
    assert client.get(f"/volunteers/activities/{event.pk}/").status_code == 404
    event.refresh_from_db()
    assert not event.is_cancelled
    assert not AuditEvent.objects.filter(
        object_type="volunteers.activity", object_id=str(event.pk)
    ).exists()


def test_an_overlong_reason_is_refused(network, event, community1):
    with pytest.raises(VolunteerError) as refused:
        activities.cancel_activity(actor=community1, activity=event, reason="很" * 201)
    assert refused.value.field == "reason"
    event.refresh_from_db()
    assert not event.is_cancelled


def test_a_cancelled_activity_refuses_sign_up_and_sign_in(network, event, community1):
    activities.cancel_activity(actor=community1, activity=event)
    alice = network["alice"]
    with pytest.raises(VolunteerError) as refused:
        activities.sign_up(volunteer=alice, activity=event)
    assert "已取消" in refused.value.message
    event.refresh_from_db()
    with time_machine.travel(event.starts_at, tick=False):
        with pytest.raises(ScanRefused) as refused:
            activities.scan(volunteer=alice, activity=event, kind="in", **HERE)
    assert "活动已取消" in refused.value.message
    assert not event.records.exists()
