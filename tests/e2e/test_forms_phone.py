"""On a phone: the coordinator picks a 考核期 by its Chinese name; a liaison's empty material
form and an oversized file are explained. Set WENMING_SCREENSHOTS=<dir> to keep PNGs."""

import os

import pytest

from tests.materials.factories import PDF, task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    directory = os.environ.get("WENMING_SCREENSHOTS")
    if directory:
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_period_picker_offers_chinese_periods(
    browser_page, live_server, login_as, coordinator, size
):
    page = login_as(browser_page(size), live_server, coordinator)
    page.goto(f"{live_server.url}/scoring/bulletins/")
    picker = page.get_by_test_id("bulletin-period")
    first = picker.locator("option").first.inner_text()
    assert first.startswith("20") and "年第" in first and "周（" in first
    _shot(page, f"bulletin-list-{size}")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_material_form_errors_are_explained(
    browser_page, live_server, login_as, dept, units, tmp_path, settings, size
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    civil_task = task(units["civil"])
    big = tmp_path / "全年台账.pdf"
    big.write_bytes(PDF + b"0" * (1024 * 1024))
    page = login_as(browser_page(size), live_server, dept)
    page.goto(f"{live_server.url}/materials/new/?task={civil_task.pk}")
    page.get_by_test_id("material-submit").click()
    assert "申报材料是空的" in page.get_by_test_id("form-errors").inner_text()
    page.get_by_test_id("material-files").set_input_files(str(big))
    page.get_by_test_id("material-submit").click()
    assert "每个文件不超过 1 MB" in page.get_by_test_id("error-files").inner_text()
    _shot(page, f"material-error-{size}")
