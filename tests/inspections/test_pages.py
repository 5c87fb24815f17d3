"""The pages render for the people who use them, with a bounded number of queries."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.inspections.factories import SiteFactory, answers_for, make_round, site_type
from wenming.inspections import services
from wenming.inspections.models import Round, RoundKind, RoundSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def visited(coordinator, inspector, units):
    sites = [SiteFactory(name=f"光明点位{n}", unit=units["guangming"]) for n in range(5)]
    round = make_round(coordinator, sites=sites, inspectors=[inspector])
    for site in sites:
        services.record_inspection(
            actor=inspector, round=round, site=site, answers=answers_for(site, fail={1})
        )
    return round


@pytest.mark.parametrize(
    "name",
    ["index", "site_list", "site_map", "site_create", "site_import", "round_list", "round_create"],
)
def test_coordinator_pages_render_without_inline_script(coordinator, visited, login, name):
    response = login(coordinator).get(reverse(f"inspections:{name}"))
    assert response.status_code == 200
    body = response.content.decode()
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", body)
    assert " style=" not in body


def test_round_page_lists_findings_with_bounded_queries(
    coordinator, visited, login, django_assert_max_num_queries
):
    client = login(coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("inspections:round_detail", args=[visited.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and body.count('data-testid="progress-findings">5<') == 1


def test_site_list_queries_do_not_grow_with_the_sites(
    coordinator, visited, login, django_assert_max_num_queries
):
    client = login(coordinator)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("inspections:site_list")).status_code == 200


def test_inspector_home_offers_the_assigned_round(inspector, visited, login):
    body = login(inspector).get(reverse("inspections:index")).content.decode()
    assert f'data-testid="start-round-{visited.pk}"' in body


def test_navigation_opens_the_inspections_home(coordinator, login):
    body = login(coordinator).get(reverse("web:dashboard")).content.decode()
    assert f'href="{reverse("inspections:index")}"' in body


def test_coordinator_creates_a_sampled_round_from_the_form(coordinator, inspector, units, login):
    for n in range(4):
        SiteFactory(name=f"市场{n}", unit=units["guangming"])
    response = login(coordinator).post(
        reverse("inspections:round_create"),
        {
            "name": "十二月暗访",
            "kind": RoundKind.UNDERCOVER,
            "period_start": "2026-12-01",
            "period_end": "2026-12-07",
            "inspectors": [inspector.pk],
            "selection": "sample",
            "site_types": [site_type().pk],
            "region": "340403000000",
            "per_type": 2,
            "seed": 99,
        },
    )
    round = Round.objects.get(name="十二月暗访")
    assert response.status_code == 302 and round.period_end == date(2026, 12, 7)
    assert round.sample_seed == 99 and RoundSite.objects.filter(round=round).count() == 2
    assert list(round.inspectors.all()) == [inspector]


def test_round_form_explains_a_manual_round_without_sites(coordinator, login):
    response = login(coordinator).post(
        reverse("inspections:round_create"),
        {
            "name": "空轮次",
            "kind": RoundKind.OVERT,
            "period_start": "2026-12-01",
            "period_end": "2026-11-01",
            "selection": "manual",
        },
    )
    body = response.content.decode()
    assert (
        response.status_code == 400
        and "请至少选择一个点位" in body
        and "结束日期不能早于开始日期" in body
    )
    assert not Round.objects.exists()


def test_units_may_not_plan_rounds(community1, login):
    assert login(community1).get(reverse("inspections:round_create")).status_code == 403


def test_publish_and_finish_buttons_work_for_the_coordinator_only(
    coordinator, inspector, visited, login
):
    assert (
        login(inspector).post(reverse("inspections:round_finish", args=[visited.pk])).status_code
        == 403
    )
    client = login(coordinator)
    client.post(reverse("inspections:round_publish", args=[visited.pk]))
    client.post(reverse("inspections:round_finish", args=[visited.pk]))
    visited.refresh_from_db()
    assert visited.is_published and not visited.is_open
