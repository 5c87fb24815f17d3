"""随手拍 end to end on a 390 px phone: a citizen reports with a photo and a position, gets the
code; the coordinator accepts; the community rectifies with an after photo; the coordinator
passes; the tracking page shows 已办结 with both photos; the citizen rates 不满意 and the case is
back with the coordinator."""

import io

import pytest
from django.core.cache import cache
from PIL import Image

from tests.e2e.images import loaded_width
from tests.participation.conftest import TJA
from wenming.cases.models import Case, DispatchRule, State
from wenming.participation import locate
from wenming.participation.defaults import load_default_services
from wenming.participation.models import CitizenReport
from wenming.regions.models import Region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def jpeg(color) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (160, 120), color).save(data, "JPEG")
    return data.getvalue()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def act(page, action, note=""):
    if not page.get_by_test_id(f"do-{action}").is_visible():
        page.get_by_test_id(f"open-{action}").click()
    if note:
        page.get_by_test_id(f"note-{action}").fill(note)
    page.get_by_test_id(f"do-{action}").click()
    page.wait_for_load_state()


@pytest.fixture
def in_memory_sessions(settings):
    """Three browsers load pages and photos at once: sessions and rate-limit counters in memory
    keep the shared in-memory SQLite database's tables from locking under them."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"


def test_citizen_reports_on_a_phone_and_an_unhappy_rating_goes_back_to_the_coordinator(
    browser_page, live_server, login_as, coordinator, community1, units, in_memory_sessions
):
    cache.clear()
    locate.kept_places.forget()
    Region.objects.filter(code="340403000000").update(latitude=TJA[0], longitude=TJA[1])
    load_default_services()
    DispatchRule.objects.create(
        category="占道经营", region=Region.objects.get(code="340403000000"), unit=units["guangming"]
    )

    citizen = browser_page("phone")
    citizen.context.grant_permissions(["geolocation"], origin=live_server.url)
    citizen.context.set_geolocation({"latitude": float(TJA[0]), "longitude": float(TJA[1])})
    citizen.goto(f"{live_server.url}/public/report/")
    assert fits_the_phone(citizen)
    citizen.get_by_test_id("service-street-vending").check()
    citizen.get_by_test_id("report-photos").set_input_files(
        files=[{"name": "before.jpg", "mimeType": "image/jpeg", "buffer": jpeg((200, 40, 40))}]
    )
    citizen.get_by_test_id("locate").click()
    citizen.wait_for_function("document.getElementById('latitude').value !== ''")
    assert "已选位置" in citizen.get_by_test_id("position-text").inner_text()
    citizen.get_by_test_id("report-description").fill("早点摊占用人行道")
    citizen.get_by_test_id("report-phone").fill("13912345678")
    citizen.get_by_test_id("report-consent").check()
    citizen.get_by_test_id("report-submit").click()
    citizen.wait_for_load_state()
    code = citizen.get_by_test_id("tracking-code").inner_text().strip()
    assert len(code) == 8 and citizen.get_by_test_id("tracking-qr").is_visible()
    assert citizen.get_by_test_id("track-status").get_attribute("data-status") == "submitted"
    assert fits_the_phone(citizen)
    case = CitizenReport.objects.get(tracking_code=code).case
    assert case.state == State.REPORTED and case.photos.count() == 1

    desk = browser_page("desktop")
    login_as(desk, live_server, coordinator)
    desk.goto(f"{live_server.url}/cases/{case.pk}/")
    act(desk, "accept")
    assert desk.get_by_test_id("case-state").inner_text() == "待签收"

    unit = browser_page("phone")
    login_as(unit, live_server, community1)
    unit.goto(f"{live_server.url}/cases/{case.pk}/")
    act(unit, "sign")
    if not unit.get_by_test_id("do-submit").is_visible():
        unit.get_by_test_id("open-submit").click()
    unit.get_by_test_id("note-submit").fill("已劝离摊贩，恢复通行")
    unit.get_by_test_id("after-photo-input").set_input_files(
        files=[{"name": "after.jpg", "mimeType": "image/jpeg", "buffer": jpeg((40, 160, 60))}]
    )
    unit.get_by_test_id("do-submit").click()
    unit.wait_for_load_state()
    assert unit.get_by_test_id("case-state").inner_text() == "待复核"

    desk.goto(f"{live_server.url}/cases/{case.pk}/")
    act(desk, "pass")
    assert desk.get_by_test_id("case-state").inner_text() == "已办结"

    citizen.goto(f"{live_server.url}/public/track/")
    citizen.get_by_test_id("track-code-input").fill(code.lower())
    citizen.get_by_test_id("track-go").click()
    citizen.wait_for_load_state()
    assert citizen.get_by_test_id("track-status").inner_text() == "已办结"
    assert citizen.get_by_test_id("track-unit").inner_text() == "光明社区"
    assert "已劝离摊贩" in citizen.get_by_test_id("track-reply").inner_text()
    for testid in ("before-photo", "after-photo"):
        photo = citizen.get_by_test_id(testid)
        assert photo.count() == 1
        assert loaded_width(photo) > 0
    assert "13912345678" not in citizen.content()
    assert fits_the_phone(citizen)
    citizen.get_by_test_id("score-unsatisfied").click()
    citizen.get_by_test_id("rating-comment").fill("摊贩第二天又来了")
    citizen.get_by_test_id("rating-submit").click()
    citizen.wait_for_load_state()
    assert "已转市文明办复查" in citizen.get_by_test_id("track-rating").inner_text()

    desk.goto(f"{live_server.url}/")
    assert desk.get_by_test_id("count-citizen-reviews").inner_text() == "1"
    desk.goto(f"{live_server.url}/participation/reviews/")
    row = desk.get_by_test_id("review-row")
    assert row.count() == 1 and "摊贩第二天又来了" in row.inner_text()
    assert "13912345678" in row.inner_text()  # the coordinator alone sees the phone
    row.get_by_test_id("review-text").fill("市民反映摊贩仍在，重新交办")
    row.get_by_test_id("review-reopen").click()
    desk.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).state == State.REPORTED
    desk.goto(f"{live_server.url}/cases/todo/?bucket=intake")
    assert desk.get_by_test_id("todo-case").count() == 1

    citizen.reload()
    assert citizen.get_by_test_id("track-status").inner_text() == "重新办理中"
