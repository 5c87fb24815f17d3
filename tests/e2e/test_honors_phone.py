"""On a 390 px phone: a citizen nominates a neighbour with a photo, a community reviewer
passes the nomination, and the public 公示 page shows the candidate."""

import io

import pytest
from PIL import Image

from wenming.honors.models import Nomination, State

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _photo(tmp_path):
    path = tmp_path / "邻居.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 40, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_citizen_nominates_reviewer_passes_publicity_shows(
    browser_page, live_server, login_as, community1, tmp_path
):
    page = browser_page("phone")
    page.goto(f"{live_server.url}/public/honors/nominate/")
    page.get_by_test_id("nominee-name").fill("王秀英")
    page.get_by_test_id("nominee-region").select_option("340403001001")
    page.get_by_test_id("nominee-category").select_option("helpful")
    page.get_by_test_id("nominee-deeds").fill("十年如一日照顾楼里的孤寡老人，风雨无阻。")
    page.get_by_test_id("files").set_input_files(_photo(tmp_path))
    page.get_by_test_id("nominee-channel").select_option("family")
    page.get_by_test_id("nominator-name").fill("李明")
    page.get_by_test_id("nominator-phone").fill("138 0013 8000")
    # The form fits the phone: no sideways scrolling, full-width submit button.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_test_id("nominate-submit").bounding_box()["width"] > 300
    page.get_by_test_id("nominate-submit").click()
    assert "推荐已提交" in page.get_by_test_id("nominate-thanks").inner_text()

    nomination = Nomination.objects.get()
    assert nomination.files.filter(is_image=True).count() == 1
    assert nomination.nominator_phone == "13800138000"

    reviewer = browser_page("phone")
    login_as(reviewer, live_server, community1)
    reviewer.goto(f"{live_server.url}/honors/")
    reviewer.get_by_test_id("waiting-item").first.click()
    assert reviewer.get_by_test_id("nominee-name").inner_text() == "王秀英"
    assert reviewer.get_by_test_id("nomination-photo").count() == 1
    assert "138****8000" in reviewer.content()
    reviewer.locator("label[for=approve-yes]").click()
    reviewer.get_by_test_id("review-note").fill("经走访核实，事迹属实。")
    reviewer.get_by_test_id("do-review").click()
    assert reviewer.get_by_test_id("nomination-state").inner_text() == "公示中"
    nomination.refresh_from_db()
    assert nomination.state == State.PUBLICITY

    page.goto(f"{live_server.url}/public/honors/publicity/")
    candidate = page.get_by_test_id("candidate")
    assert candidate.count() == 1
    assert "王秀英" in candidate.inner_text() and "光明社区" in candidate.inner_text()
    assert "1380013" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "publicity.png"), full_page=True)
    candidate.click()
    assert "孤寡老人" in page.get_by_test_id("candidate-deeds").inner_text()
