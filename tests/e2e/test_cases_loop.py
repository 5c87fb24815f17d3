"""The loop in a browser: a unit rectifies on a phone with an after-photo (a submit without one
is refused); the coordinator fails it once, then passes it; the timeline shows all six events.
And another community's case is a 404."""

import io

import pytest
from PIL import Image

from tests.cases.factories import report
from wenming.regions.models import Region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def jpeg_bytes() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 140, 60)).save(data, "JPEG")
    return data.getvalue()


def open_form(page, action):
    """The first action's form is already unfolded; the others open from their button."""
    if not page.get_by_test_id(f"do-{action}").is_visible():
        page.get_by_test_id(f"open-{action}").click()


def act(page, action, note=""):
    open_form(page, action)
    if note:
        page.get_by_test_id(f"note-{action}").fill(note)
    page.get_by_test_id(f"do-{action}").click()
    page.wait_for_load_state()


def test_unit_rectifies_on_a_phone_and_the_coordinator_fails_then_passes(
    browser_page, live_server, login_as, inspector, community1, community2, coordinator, units
):
    case = report(
        inspector,
        region=Region.objects.get(code="340403001001"),
        unit=units["guangming"],
        description="光明路农贸市场门口占道经营",
    )
    other = report(inspector, region=Region.objects.get(code="340404001001"), unit=units["yucai"])

    phone = browser_page("phone")
    login_as(phone, live_server, community1)
    phone.goto(f"{live_server.url}/cases/todo/")
    assert phone.get_by_test_id("todo-count-to_sign").inner_text() == "1"
    phone.get_by_test_id("todo-case").first.click()
    assert "光明路农贸市场门口占道经营" in phone.get_by_test_id("case-description").inner_text()
    act(phone, "sign")
    assert phone.get_by_test_id("case-state").inner_text() == "整改中"
    open_form(phone, "submit")
    phone.get_by_test_id("note-submit").fill("已劝离摊贩并清扫")
    phone.get_by_test_id("after-photo-input").set_input_files(
        files=[{"name": "after.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    phone.get_by_test_id("do-submit").click()
    phone.wait_for_load_state()
    assert phone.get_by_test_id("case-state").inner_text() == "待复核"
    assert phone.get_by_test_id("after-photos").get_by_test_id("photo-after").count() == 1

    response = phone.goto(f"{live_server.url}/cases/{other.pk}/")
    assert response.status == 404

    desk = browser_page("desktop")
    login_as(desk, live_server, coordinator)
    desk.goto(f"{live_server.url}/cases/{case.pk}/")
    act(desk, "fail", "摊位仍在")
    assert desk.get_by_test_id("case-state").inner_text() == "整改中"

    phone.goto(f"{live_server.url}/cases/{case.pk}/")
    assert "整改后照片（必传）" in phone.get_by_test_id("after-photo-label").inner_text()
    act(phone, "submit", "已再次整改")  # without the photo: refused, the case stays
    assert "须上传整改后照片" in phone.content()
    assert phone.get_by_test_id("case-state").inner_text() == "整改中"
    open_form(phone, "submit")
    phone.get_by_test_id("note-submit").fill("已再次整改")
    phone.get_by_test_id("after-photo-input").set_input_files(
        files=[{"name": "after2.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    phone.get_by_test_id("do-submit").click()
    phone.wait_for_load_state()
    assert phone.get_by_test_id("case-state").inner_text() == "待复核"
    desk.goto(f"{live_server.url}/cases/{case.pk}/")
    act(desk, "pass")
    assert desk.get_by_test_id("case-state").inner_text() == "已办结"
    events = desk.get_by_test_id("timeline-event")
    assert events.count() == 6
    labels = [events.nth(i).locator("span.fw-semibold").inner_text() for i in range(6)]
    assert labels == [
        "上报",
        "签收",
        "提交整改结果",
        "复核不通过（返工）",
        "提交整改结果",
        "复核通过",
    ]
