"""On a 390 px phone, a community worker records a 四点半课堂 session with a photo: it appears in
the ledger, counts toward 活动开展 and is in the month's 台账汇编."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.community.conftest import communities, community_framework  # noqa: F401  (fixtures)
from tests.documents import pdfcheck
from tests.e2e.images import loaded_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shoot(page, name: str) -> None:
    directory = os.environ.get("WENMING_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_worker_records_a_session_with_a_photo_on_a_phone(
    browser_page,
    live_server,
    login_as,
    community1,
    communities,  # noqa: F811
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "四点半课堂.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    page = browser_page("phone")
    login_as(page, live_server, community1)
    page.goto(f"{live_server.url}/community/")
    assert "光明社区" in page.get_by_test_id("community-name").inner_text()
    assert "已开展活动 0 次" in page.get_by_test_id("this-month-activities").inner_text()
    assert _fits_the_phone(page)
    _shoot(page, "community-detail-phone")

    page.get_by_test_id("ledger-new").click()
    page.get_by_test_id("ledger-category").select_option(label="四点半课堂")
    page.get_by_test_id("ledger-title").fill("四点半课堂·作业辅导")
    page.get_by_test_id("ledger-attendance").fill("18")
    page.get_by_test_id("ledger-place").fill("光明社区党群服务中心")
    page.get_by_test_id("ledger-summary").fill("大学生志愿者辅导小学生完成作业。")
    page.get_by_test_id("ledger-files").set_input_files(str(photo))
    assert _fits_the_phone(page)
    _shoot(page, "community-ledger-form-phone")
    page.get_by_test_id("ledger-save").click()

    assert page.get_by_test_id("entry-title").inner_text() == "四点半课堂·作业辅导"
    assert page.get_by_test_id("entry-photo").count() == 1
    assert "活动开展达标" in page.get_by_test_id("entry-indicator").inner_text()
    natural = loaded_width(page.get_by_test_id("entry-photo"))
    assert natural == 640  # the stored photo is served to its community

    page.goto(f"{live_server.url}/community/{communities['guangming'].pk}/ledger/")
    assert "四点半课堂·作业辅导" in page.get_by_test_id("ledger-entries").inner_text()
    page.goto(f"{live_server.url}/community/{communities['guangming'].pk}/")
    assert "已开展活动 1 次" in page.get_by_test_id("this-month-activities").inner_text()
    _shoot(page, "community-after-phone")

    href = page.get_by_test_id("book-pdf-current").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok
    pdf = response.body()
    assert "四点半课堂·作业辅导" in pdfcheck.text(pdf)
    assert pdfcheck.image_count(pdf) == 1
