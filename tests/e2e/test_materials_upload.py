"""A liaison uploads a material on a phone and submits it for review."""

import pytest

from tests.materials.factories import PDF, task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_liaison_uploads_a_material_on_a_phone(
    browser_page, live_server, login_as, dept, units, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    civil_task = task(units["civil"])
    pdf = tmp_path / "养老服务台账.pdf"
    pdf.write_bytes(PDF)

    page = browser_page("phone")
    login_as(page, live_server, dept)
    page.goto(f"{live_server.url}/materials/")
    page.get_by_test_id(f"submit-for-{civil_task.pk}").click()
    page.get_by_test_id("material-text").fill("已建立老年助餐点台账，附汇总表。")
    page.get_by_test_id("material-files").set_input_files(str(pdf))
    page.get_by_test_id("material-submit").click()

    assert page.get_by_test_id("material-status").inner_text() == "已提交"
    assert "养老服务台账.pdf" in page.get_by_test_id("material-files-list").inner_text()
    assert "提交审核" in page.get_by_test_id("material-events").inner_text()
