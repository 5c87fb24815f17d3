"""反弹 counted per site on the statistics page, scoped like the board."""

import pytest

from tests.cases.factories import case_in
from tests.inspections.factories import SiteFactory
from wenming.cases.models import Case, State
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


def rebounds_at(site, unit, n):
    """A case fixed at ``site`` and ``n`` dispatched ones that came back after it."""
    first = case_in(State.CLOSED, unit, region=site.region)
    Case.objects.filter(pk=first.pk).update(site=site)
    for _ in range(n):
        again = case_in(State.DISPATCHED, unit, region=site.region)
        Case.objects.filter(pk=again.pk).update(site=site, rebound_of=first)


def test_the_statistics_page_counts_rebounds_per_site_in_the_viewers_scope(
    units, coordinator, community1, login
):
    mine = SiteFactory(name="光明农贸市场", unit=units["guangming"])
    theirs = SiteFactory(
        name="育才公交站", region=Region.objects.get(code="340404001001"), unit=units["yucai"]
    )
    quiet = SiteFactory(name="光明广场", unit=units["guangming"])
    rebounds_at(mine, units["guangming"], 2)
    rebounds_at(theirs, units["yucai"], 1)
    rebounds_at(quiet, units["guangming"], 0)

    page = login(coordinator).get("/cases/stats/").content.decode()
    assert f'data-testid="rebounds-{mine.pk}">2<' in page
    assert f'data-testid="rebounds-{theirs.pk}">1<' in page
    assert "光明广场" not in page

    page = login(community1).get("/cases/stats/").content.decode()
    assert f'data-testid="rebounds-{mine.pk}">2<' in page
    assert "育才公交站" not in page and f"rebound-row-{theirs.pk}" not in page
