"""An inspector on a phone records a round's visit: nearest site first, one failed item, a photo."""

import pytest

from tests.e2e.images import loaded_width
from tests.inspections.factories import SiteFactory, jpeg_bytes, make_round
from wenming.cases.models import Case
from wenming.inspections.models import Finding, Inspection, Photo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_inspector_records_a_visit_with_one_failed_item_and_a_photo(
    browser_page, live_server, login_as, coordinator, inspector, units
):
    near = SiteFactory(
        name="光明农贸市场", unit=units["guangming"], latitude="32.640100", longitude="117.010100"
    )
    far = SiteFactory(
        name="向阳农贸市场", unit=units["xiangyang"], latitude="32.700000", longitude="117.100000"
    )
    round = make_round(coordinator, sites=[far, near], inspectors=[inspector])
    items = list(near.site_type.items.order_by("position"))

    page = browser_page("phone")
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 32.6402, "longitude": 117.0102, "accuracy": 8})
    login_as(page, live_server, inspector)
    page.goto(f"{live_server.url}/inspections/")
    page.get_by_test_id(f"start-round-{round.pk}").click()

    # Nearest first once the phone reports its position.
    page.locator("[data-testid=stops][data-located='1']").wait_for()
    assert "已按距离" in page.get_by_test_id("locate-status").inner_text()
    assert page.get_by_test_id("stop-name").first.inner_text() == "光明农贸市场"
    page.get_by_test_id(f"stop-{near.pk}").click()

    page.get_by_test_id("visit-position").filter(has_text="已定位").wait_for()
    failed = items[0]
    page.locator(f"label[for=item-{failed.pk}-fail]").click()
    page.get_by_test_id(f"item-{failed.pk}-note").fill("东门外两个摊位占道")
    page.get_by_test_id(f"item-{failed.pk}-photos").set_input_files(
        files=[
            {"name": "market.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(320, 240))}
        ]
    )
    page.get_by_test_id("rest-pass").click()
    page.get_by_test_id("visit-submit").click()

    page.get_by_test_id("inspection-site").wait_for()
    assert page.get_by_test_id("finding").count() == 1
    assert "东门外两个摊位占道" in page.get_by_test_id("finding").inner_text()
    photo = page.get_by_test_id("finding-photo")
    photo.wait_for()
    assert loaded_width(photo) == 320

    inspection = Inspection.objects.get()
    assert inspection.site == near and inspection.accuracy == 8
    finding = Finding.objects.get()
    assert finding.item == failed and Photo.objects.get().finding == finding
    case = Case.objects.get()
    assert finding.case == case and case.unit == units["guangming"]
