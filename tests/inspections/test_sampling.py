"""A round's sample of sites is reproducible: the same seed and conditions give the same sites."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.inspections.factories import SiteFactory, make_round, site_type
from wenming.inspections import services
from wenming.inspections.models import RoundSite
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(units):
    """Twelve sites of three types spread over two districts."""
    guangming = Region.objects.get(code="340403001001")
    yucai = Region.objects.get(code="340404001001")
    sites = []
    for n in range(12):
        sites.append(
            SiteFactory(
                name=f"点位{n}",
                site_type=site_type(["farmers-market", "back-alley", "main-road"][n % 3]),
                region=guangming if n < 8 else yucai,
            )
        )
    return sites


def _sampled(round):
    return list(
        RoundSite.objects.filter(round=round).order_by("position").values_list("site_id", flat=True)
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(min_value=0, max_value=2**53), per_type=st.integers(min_value=1, max_value=5)
)
def test_same_seed_draws_the_same_sites_whatever_order_the_pool_comes_in(pool, seed, per_type):
    first = services.sample_sites(pool, per_type=per_type, seed=seed)
    again = services.sample_sites(list(reversed(pool)), per_type=per_type, seed=seed)
    assert [s.pk for s in first] == [s.pk for s in again]
    by_type = {}
    for site in first:
        by_type.setdefault(site.site_type_id, []).append(site)
    # Stratified by type: up to per_type of each type, never more than the type has.
    assert all(len(chosen) == min(per_type, 4) for chosen in by_type.values())
    assert len(by_type) == 3


def test_a_round_sampled_twice_with_one_seed_gets_the_same_sites_and_records_the_seed(
    coordinator, pool
):
    types = [site_type("farmers-market"), site_type("back-alley")]
    district = Region.objects.get(code="340403000000")
    round_a = make_round(coordinator, sites=[], name="甲")
    round_b = make_round(coordinator, sites=[], name="乙")
    services.sample_round_sites(
        actor=coordinator, round=round_a, site_types=types, region=district, per_type=2, seed=42
    )
    services.sample_round_sites(
        actor=coordinator, round=round_b, site_types=types, region=district, per_type=2, seed=42
    )
    assert _sampled(round_a) == _sampled(round_b)
    assert len(_sampled(round_a)) == 4
    round_a.refresh_from_db()
    assert round_a.sample_seed == 42
    assert round_a.sample_spec == {
        "site_types": ["back-alley", "farmers-market"],
        "region": "340403000000",
        "per_type": 2,
    }


def test_sample_stays_within_the_chosen_region_and_types(coordinator, pool):
    district = Region.objects.get(code="340404000000")
    round = make_round(coordinator, sites=[])
    chosen = services.sample_round_sites(
        actor=coordinator,
        round=round,
        site_types=[site_type("main-road")],
        region=district,
        per_type=10,
        seed=7,
    )
    assert chosen and all(
        s.region_id.startswith("340404") and s.site_type.code == "main-road" for s in chosen
    )


def test_different_seeds_can_draw_different_sites(pool):
    draws = {
        tuple(s.pk for s in services.sample_sites(pool, per_type=1, seed=seed))
        for seed in range(20)
    }
    assert len(draws) > 1


def test_a_round_with_visits_cannot_be_resampled(coordinator, inspector, pool):
    from tests.inspections.factories import answers_for

    round = make_round(coordinator, sites=pool[:1], inspectors=[inspector])
    services.record_inspection(
        actor=inspector, round=round, site=pool[0], answers=answers_for(pool[0])
    )
    with pytest.raises(services.RoundAlreadyStarted):
        services.sample_round_sites(
            actor=coordinator,
            round=round,
            site_types=[site_type()],
            region=None,
            per_type=1,
            seed=1,
        )
    assert _sampled(round) == [pool[0].pk]


def test_only_planners_sample(inspector, pool, coordinator):
    from django.core.exceptions import PermissionDenied

    round = make_round(coordinator, sites=[])
    with pytest.raises(PermissionDenied):
        services.sample_round_sites(
            actor=inspector, round=round, site_types=[site_type()], region=None, per_type=1, seed=1
        )


def test_a_seed_past_the_column_is_refused_naming_the_field(coordinator, pool):
    round = make_round(coordinator, sites=[], name="丙")
    with pytest.raises(services.InspectionError, match="抽样种子"):
        services.sample_round_sites(
            actor=coordinator,
            round=round,
            site_types=[site_type("farmers-market")],
            region=None,
            per_type=1,
            seed=10**30,
        )
    round.refresh_from_db()
    assert round.sample_seed is None
