"""Dispatch (site, rules, coordinator), 反弹, bulk dispatch, and the per-unit metrics computed in the database."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.cases.factories import move, report
from tests.inspections.factories import SiteFactory
from wenming.cases import services
from wenming.cases.dispatch import resolve_unit
from wenming.cases.metrics import case_metrics
from wenming.cases.models import DispatchRule, Source, State
from wenming.cases.selectors import rebounds_by_site
from wenming.regions.models import Region

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


def test_unit_comes_from_the_site_then_the_deepest_rule_then_nobody(units):
    street = Region.objects.get(code="340403001000")
    community = Region.objects.get(code="340403001001")
    DispatchRule.objects.create(
        category="占道经营", region=Region.objects.get(code="340403000000"), unit=units["tja_gov"]
    )
    DispatchRule.objects.create(category="占道经营", region=street, unit=units["tiandong"])
    site = SiteFactory(region=community, unit=units["guangming"])
    assert resolve_unit(category="占道经营", region=community, site=site) == units["guangming"]
    assert resolve_unit(category="占道经营", region=community) == units["tiandong"]
    assert (
        resolve_unit(category="占道经营", region=Region.objects.get(code="340403001002"))
        == units["tiandong"]
    )
    assert resolve_unit(category="占道经营", region=Region.objects.get(code="340404001001")) is None
    assert resolve_unit(category="乱贴乱画", region=community) is None


def test_a_problem_back_at_the_same_site_within_90_days_is_a_rebound(
    inspector, community1, coordinator, units
):
    site = SiteFactory(unit=units["guangming"])
    region = site.region
    with time_machine.travel(at(2026, 9, 1, 9), tick=False):
        first = report(inspector, region=region, site=site)
        assert first.unit == units["guangming"]
        move(community1, first, "sign")
        move(community1, first, "submit", note="ok")
        move(coordinator, first, "pass")
    with time_machine.travel(at(2026, 10, 15, 9), tick=False):
        again = report(inspector, region=region, site=site)
        other = report(inspector, region=region, site=site, category="乱贴乱画")
    with time_machine.travel(at(2027, 1, 15, 9), tick=False):
        late = report(inspector, region=region, site=site)
    assert again.rebound_of == first and other.rebound_of is None and late.rebound_of is None
    assert list(rebounds_by_site(coordinator)) == [
        {"site_id": site.pk, "site__name": site.name, "rebounds": 1}
    ]


def test_bulk_dispatch_sends_a_rounds_held_findings_and_reports_the_rest(
    inspector, coordinator, units
):
    region = Region.objects.get(code="340403001001")
    held = [
        report(inspector, region=region, unit=units["guangming"], dispatch=False) for _ in range(2)
    ]
    orphan = report(inspector, region=region, category="无人认领", dispatch=False)
    assert all(c.state == State.REPORTED for c in held + [orphan])
    done, skipped = services.bulk_dispatch(
        actor=coordinator, case_ids=[c.pk for c in held + [orphan]]
    )
    assert sorted(c.pk for c in done) == sorted(c.pk for c in held)
    assert skipped == [(orphan.pk, "无法自动确定责任单位，请指定单位交办。")]


def test_case_metrics_per_unit_are_aggregates_of_the_period(
    inspector, community1, coordinator, units, django_assert_num_queries
):
    region = Region.objects.get(code="340403001001")
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):  # Monday; 一般 → due Thursday 5 Nov
        cases = [report(inspector, region=region, unit=units["guangming"]) for _ in range(4)]
        for case in cases:
            move(community1, case, "sign")
    with time_machine.travel(at(2026, 11, 3, 9), tick=False):
        move(community1, cases[0], "submit", note="ok")
        move(coordinator, cases[0], "pass")  # on time, first pass, 24 working hours
        move(community1, cases[1], "submit", note="ok")
        move(coordinator, cases[1], "fail", note="no")
        move(community1, cases[2], "request_extension", note="材料", requested_due="2026-11-20")
        move(coordinator, cases[2], "approve_extension")
    with time_machine.travel(at(2026, 11, 10, 9), tick=False):
        move(community1, cases[1], "submit", note="again")
        move(coordinator, cases[1], "pass")  # late, reworked
    with time_machine.travel(at(2026, 11, 12, 9), tick=False):
        move(community1, cases[2], "submit", note="ok")
        move(coordinator, cases[2], "pass")  # on time after the extension
        with django_assert_num_queries(2):  # the (region, unit) cells and the units
            metrics = case_metrics(start=at(2026, 11, 1), end=at(2026, 12, 1))
    m = metrics[units["guangming"].pk]
    assert (m.found, m.closed, m.closed_on_time, m.overdue_open, m.open_at_end) == (
        4,
        3,
        2,
        1,
        1,
    )  # case 3 late
    assert m.due == 4 and m.on_time_rate == Decimal("50.00")
    assert (m.first_pass, m.fails) == (2, 1)
    assert m.first_pass_rate == Decimal("66.67") and m.rework_rate == Decimal("25.00")
    assert m.extended == 1 and m.extension_rate == Decimal("33.33")
    assert m.overdue == 1
    # Mon 9:00 → Tue 9:00 is 24 working hours; Mon 2 Nov 9:00 → Tue 10 Nov 9:00 skips the weekend:
    # 15 + 4 × 24 + 24 + 9 = 144; to Thu 12 Nov 9:00 it is 192. The mean is 360 / 3 = 120.
    assert m.average_hours == Decimal("120.00")
    # Territorial units above the community count the same cases (属地); no department has any.
    assert metrics[units["tiandong"].pk] == m and metrics[units["tja_gov"].pk] == m
    assert units["civil"].pk not in metrics
    # A later month still counts the open late case (in play), and nothing closed in it.
    december = case_metrics(start=at(2026, 12, 1), end=at(2027, 1, 1))[units["guangming"].pk]
    assert (december.found, december.closed, december.overdue_open, december.on_time_rate) == (
        0,
        0,
        1,
        Decimal("0.00"),
    )
    assert case_metrics(start=at(2026, 10, 1), end=at(2026, 11, 1)) == {}


def test_citizen_report_without_account_needs_a_citizen_source(units):
    region = Region.objects.get(code="340403001001")
    with pytest.raises(Exception):
        services.report_case(
            actor=None,
            source=Source.INSPECTION,
            category="x",
            severity="general",
            description="x",
            region=region,
        )
