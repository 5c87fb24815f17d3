"""An undercover (暗访) round is invisible to the inspected units until it is published."""

import pytest
from django.http import Http404
from django.urls import reverse

from tests.inspections.factories import SiteFactory, answers_for, make_round
from wenming.cases.models import Case, State
from wenming.inspections import selectors, services
from wenming.inspections.models import RoundKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def visited_undercover(coordinator, inspector, units):
    site = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    round = make_round(
        coordinator,
        sites=[site],
        inspectors=[inspector],
        kind=RoundKind.UNDERCOVER,
        name="十一月暗访",
    )
    inspection = services.record_inspection(
        actor=inspector, round=round, site=site, answers=answers_for(site, fail={1})
    )
    return round, inspection


def test_inspected_unit_sees_nothing_of_an_unpublished_undercover_round(
    visited_undercover, community1, login
):
    round, inspection = visited_undercover
    assert round not in selectors.rounds_visible_to(community1)
    assert not selectors.inspections_visible_to(community1).exists()
    assert not selectors.findings_for_round(community1, round).exists()
    with pytest.raises(Http404):
        selectors.get_round_for(community1, round.pk)
    client = login(community1)
    assert client.get(reverse("inspections:round_detail", args=[round.pk])).status_code == 404
    assert (
        client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).status_code
        == 404
    )
    listing = client.get(reverse("inspections:round_list"))
    assert "十一月暗访" not in listing.content.decode()


def test_no_case_reaches_the_unit_before_publication(visited_undercover):
    round, inspection = visited_undercover
    assert inspection.findings.count() == 1
    assert Case.objects.count() == 0


def test_the_inspecting_side_sees_the_round_before_publication(
    visited_undercover, inspector, coordinator
):
    round, _ = visited_undercover
    assert selectors.get_round_for(inspector, round.pk) == round
    assert selectors.findings_for_round(coordinator, round).count() == 1


def test_publishing_shows_the_round_to_the_unit_and_opens_its_cases_once(
    visited_undercover, coordinator, community1, login, units
):
    round, inspection = visited_undercover
    services.publish_round(actor=coordinator, round=round)
    services.publish_round(actor=coordinator, round=round)  # twice: still one case per finding
    assert selectors.get_round_for(community1, round.pk) == round
    assert list(selectors.inspections_visible_to(community1)) == [inspection]
    finding = selectors.findings_for_round(community1, round).get()
    case = Case.objects.get()
    assert finding.case == case
    assert case.unit == units["guangming"] and case.state == State.DISPATCHED
    client = login(community1)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    assert page.status_code == 200 and "光明农贸市场" in page.content.decode()


def test_other_units_do_not_see_a_published_round_without_their_sites(
    visited_undercover, coordinator, community2
):
    round, _ = visited_undercover
    services.publish_round(actor=coordinator, round=round)
    with pytest.raises(Http404):
        selectors.get_round_for(community2, round.pk)


def test_the_map_colours_a_site_by_an_undercover_visit_only_once_it_is_published(
    visited_undercover, coordinator
):
    round, inspection = visited_undercover
    site = inspection.site
    site.refresh_from_db()
    assert site.latest_result == "none"  # the 暗访 result is not counted yet
    services.publish_round(actor=coordinator, round=round)
    site.refresh_from_db()
    checked = site.site_type.items.filter(is_active=True).count()
    expected = "good" if (checked - 1) * 10 >= 9 * checked else "fair"
    expected = expected if (checked - 1) * 10 >= 7 * checked else "poor"
    assert site.latest_result == expected


def test_an_overt_visit_colours_its_site_at_once(coordinator, inspector, units):
    site = SiteFactory(name="育才农贸市场", unit=units["yucai"])
    round = make_round(coordinator, sites=[site], inspectors=[inspector])
    services.record_inspection(actor=inspector, round=round, site=site, answers=answers_for(site))
    site.refresh_from_db()
    assert site.latest_result == "good"
