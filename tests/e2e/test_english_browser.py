"""A browser set to English still shows Chinese: the file input's button and the chosen file,
and date boxes hinted 年-月-日 instead of mm/dd/yyyy."""

import pytest

from tests.cases.factories import case_in
from tests.materials.factories import PDF, task
from wenming.cases.models import State

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(chromium):
    context = chromium.new_context(
        locale="en-US", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_file_and_date_inputs_speak_chinese_in_an_english_browser(
    english_page, live_server, login_as, dept, community1, units, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = login_as(english_page, live_server, dept)
    page.goto(f"{live_server.url}/materials/new/?task={task(units['civil']).pk}")
    button = page.get_by_test_id("file-button").first
    assert button.inner_text().startswith("选择文件")
    assert page.get_by_test_id("file-chosen").first.inner_text() == "未选择文件"
    pdf = tmp_path / "台账.pdf"
    pdf.write_bytes(PDF)
    page.get_by_test_id("material-files").set_input_files(str(pdf))
    assert page.get_by_test_id("file-chosen").first.inner_text() == "已选择：台账.pdf"

    case = case_in(State.RECTIFYING, units["guangming"])
    page.context.clear_cookies()
    page = login_as(page, live_server, community1)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    due = page.locator('input[name="requested_due"]').first
    assert due.get_attribute("type") == "text"
    assert due.get_attribute("placeholder").startswith("年-月-日")
