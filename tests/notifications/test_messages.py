"""The message centre: dispatches, 返工, reminders and published bulletins reach the people of
the unit concerned after the change commits; unread counts in the navbar; mark read."""

import pytest
from django.db import transaction

from tests.cases.factories import move, report
from tests.regions.factories import person
from wenming.notifications import services
from wenming.notifications.models import Message, MessageKind
from wenming.regions.models import Region, Role

pytestmark = pytest.mark.django_db
GUANGMING = "340403001001"


@pytest.fixture
def case(inspector, units, community1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return report(inspector, region=Region.objects.get(code=GUANGMING), unit=units["guangming"])


def test_a_dispatched_case_reaches_the_units_people_and_shows_unread_in_the_navbar(
    case, login, community1, community2
):
    message = Message.objects.get(recipient=community1)
    assert message.kind == MessageKind.DISPATCH and f"#{case.pk}" in message.title
    assert message.sent_at is not None and message.backend == "inapp"
    assert not Message.objects.filter(recipient=community2).exists()  # another community
    client = login(community1)
    assert 'data-testid="unread-count">1<' in client.get("/").content.decode()
    inbox = client.get("/messages/").content.decode()
    assert message.title in inbox
    response = client.post(f"/messages/{message.pk}/open/")
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()


def test_rework_tells_the_unit_with_the_verifiers_reason(
    case, community1, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        move(community1, case, "sign")
        move(community1, case, "submit", note="已清理")
        move(coordinator, case, "fail", note="仍有杂物堆放")
    rework = Message.objects.get(recipient=community1, kind=MessageKind.REWORK)
    assert "返工" in rework.title and "仍有杂物堆放" in rework.body


def test_nothing_is_sent_when_the_change_rolls_back(units, community1):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify_units(unit_ids=[units["guangming"].pk], kind="dispatch", title="x")
        raise RuntimeError
    assert not Message.objects.exists()


def test_only_the_recipient_reads_a_message_and_read_all_clears_the_count(
    case, login, community1, units
):
    other = person(username="gm2", unit=units["xiangyang"], role=Role.LIAISON)
    message = Message.objects.get(recipient=community1)
    assert login(other).post(f"/messages/{message.pk}/open/").status_code == 404
    client = login(community1)
    client.post("/messages/read-all/")
    message.refresh_from_db()
    assert message.is_read


def test_an_unknown_backend_fails_loudly(settings, community1):
    settings.NOTIFIER_BACKEND = "sms"
    with pytest.raises(LookupError, match="NOTIFIER_BACKEND"):
        services.send(user_ids=[community1.pk], kind="dispatch", title="x")


def test_a_published_bulletin_reaches_the_people_of_units_in_its_region(
    units, admin_user, inspector, coordinator, community1, django_capture_on_commit_callbacks
):
    from tests.scoring.factories import small_city
    from wenming.periods import parse_period
    from wenming.scoring import services as scoring

    fixture = small_city(units, admin=admin_user, inspector=inspector)
    assessment = scoring.assess(
        actor=None, framework=fixture["framework"], period=parse_period("2026-W46")
    ).assessment
    bulletin, _ = scoring.generate_bulletin(actor=coordinator, assessment=assessment, kind="weekly")
    bulletin = scoring.approve_bulletin(actor=admin_user, bulletin_id=bulletin.pk)
    assert not Message.objects.filter(kind=MessageKind.BULLETIN).exists()  # drafts tell nobody
    with django_capture_on_commit_callbacks(execute=True):
        scoring.publish_bulletin(actor=admin_user, bulletin_id=bulletin.pk)
    message = Message.objects.get(recipient=community1, kind=MessageKind.BULLETIN)
    assert bulletin.title in message.title and message.url == f"/scoring/bulletins/{bulletin.pk}/"


def test_the_badge_is_kept_a_while_and_the_message_centre_counts_afresh(case, login, community1):
    # The navbar's count is kept in the session for half a minute (notifications.badge): a new
    # message shows there within that time, and at once in the message centre.
    client = login(community1)
    assert 'data-testid="unread-count">1<' in client.get("/").content.decode()
    services.send(user_ids=[community1.pk], kind="dispatch", title="又一件")
    assert 'data-testid="unread-count">1<' in client.get("/").content.decode()
    assert 'data-testid="unread-count">2<' in client.get("/messages/").content.decode()
    assert 'data-testid="unread-count">2<' in client.get("/").content.decode()
    client.post("/messages/read-all/")
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()


def test_reading_through_the_api_shows_on_the_page_at_once(case, login, community1, community2):
    """The browser keeps the badge for half a minute; a message read from the API (a phone, a
    script) must not leave it showing the old count: the service that marks read forgets it in
    every session of the reader."""
    from django.test import Client

    from wenming.accounts.tokens import issue_token

    services.send(user_ids=[community1.pk], kind="dispatch", title="又一件")
    browser = login(community1)
    assert 'data-testid="unread-count">2<' in browser.get("/").content.decode()
    token, _ = issue_token(user=community1)
    phone = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    listed = phone.get("/api/v1/messages", {"unread": "true"}).json()
    assert listed["count"] == 2 and {m["title"] for m in listed["items"]} >= {"又一件"}
    first = listed["items"][0]["id"]
    response = phone.post(f"/api/v1/messages/{first}/read")
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 1}
    assert 'data-testid="unread-count">1<' in browser.get("/").content.decode()
    assert phone.post("/api/v1/messages/read").json() == {"marked": 1, "unread": 0}
    assert 'data-testid="unread-count"' not in browser.get("/").content.decode()
    # Someone else's message is not there to read.
    other, _ = issue_token(user=community2)
    theirs = Client(HTTP_AUTHORIZATION=f"Bearer {other}").post(f"/api/v1/messages/{first}/read")
    assert theirs.status_code == 404


def test_the_page_that_read_does_not_put_the_old_count_back(case, login, community1, settings):
    """The session of the request that reads is saved at its end (here: its idle timeout is
    pushed forward); the kept count must not come back with it."""
    settings.SESSION_TOUCH_SECONDS = 0  # every request saves its session
    client = login(community1)
    assert 'data-testid="unread-count">1<' in client.get("/").content.decode()
    message = Message.objects.get(recipient=community1)
    client.post(f"/messages/{message.pk}/open/")
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()
