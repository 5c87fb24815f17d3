"""礼遇帮扶: the year's budget, grants applied → approved → paid whose sums are what the budget
shows as spent and remaining; free health checks for 省级以上 honourees; 四有 sites' visitors."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from wenming.honors import assistance, selectors
from wenming.honors.models import CheckState, GrantState, Honor, Person
from wenming.honors.services import HonorsInputError
from wenming.regions.models import Region
from wenming.workflow import WorkflowError

CITY = "340400000000"


def _honoured(name, region="340403001001", level="province", external="anhui_good"):
    person = Person.objects.create(name=name, region=Region.objects.get(code=region))
    Honor.objects.create(
        person=person,
        level=level,
        external=external,
        category="helpful",
        title="安徽好人",
        region=person.region,
        conferred_on=date(2025, 5, 1),
        year=2025,
        source="安徽文明网",
    )
    return person


@pytest.mark.django_db
def test_budget_spent_and_remaining_equal_the_grants_recorded(coordinator, community1):
    budget = assistance.set_budget(actor=coordinator, region_code=CITY, year=2026, amount="1000000")
    people = [_honoured(n) for n in ("王秀英", "李娟", "赵敏", "陈诚")]
    amounts = ["20000", "30000.50", "50000", "8000"]
    grants = [
        assistance.apply_grant(
            actor=community1, person_id=p.pk, year=2026, amount=a, reason="因病致困"
        )
        for p, a in zip(people, amounts, strict=True)
    ]
    for grant in grants[:3]:
        assistance.decide_grant(actor=coordinator, grant_id=grant.pk, action="approve")
    assistance.decide_grant(
        actor=coordinator, grant_id=grants[3].pk, action="reject", note="不符合帮扶条件"
    )
    for grant in grants[:2]:
        assistance.decide_grant(
            actor=coordinator,
            grant_id=grant.pk,
            action="pay",
            paid_on=date(2026, 6, 1),
            payment_ref="PZ2026-001",
        )
    (summary,) = selectors.budget_summaries(coordinator, 2026)
    assert summary.budget == budget
    assert summary.spent == Decimal("50000.50")  # the two paid grants
    assert summary.committed == Decimal("50000")  # approved, not yet paid
    assert summary.remaining == Decimal("1000000") - Decimal("50000.50") - Decimal("50000")
    assert summary.paid_count == 2
    states = sorted(g.state for g in selectors.grant_list(coordinator, 2026))
    assert states == sorted(
        [GrantState.PAID, GrantState.PAID, GrantState.APPROVED, GrantState.REJECTED]
    )


@pytest.mark.django_db
def test_a_grant_beyond_what_is_left_is_refused_and_the_budget_cannot_shrink_below_it(
    coordinator, community1
):
    assistance.set_budget(actor=coordinator, region_code=CITY, year=2026, amount="10000")
    person = _honoured("王秀英")
    first = assistance.apply_grant(
        actor=community1, person_id=person.pk, year=2026, amount="8000", reason="困难"
    )
    second = assistance.apply_grant(
        actor=community1, person_id=person.pk, year=2026, amount="3000", reason="困难"
    )
    assistance.decide_grant(actor=coordinator, grant_id=first.pk, action="approve")
    with pytest.raises(WorkflowError) as refused:
        assistance.decide_grant(actor=coordinator, grant_id=second.pk, action="approve")
    assert "余额2000" in refused.value.message
    with pytest.raises(HonorsInputError):
        assistance.set_budget(actor=coordinator, region_code=CITY, year=2026, amount="5000")
    second.refresh_from_db()
    assert second.state == GrantState.APPLIED


@pytest.mark.django_db
def test_grants_need_an_honour_a_budget_and_a_manager(coordinator, community1, community2):
    plain = Person.objects.create(name="路人", region=Region.objects.get(code="340403001001"))
    with pytest.raises(HonorsInputError) as refused:
        assistance.apply_grant(
            actor=community1, person_id=plain.pk, year=2026, amount="100", reason="困难"
        )
    assert (
        "尚未获得好人荣誉" in refused.value.message and "尚未设立帮扶资金" in refused.value.message
    )
    assistance.set_budget(actor=coordinator, region_code=CITY, year=2026, amount="10000")
    grant = assistance.apply_grant(
        actor=community1, person_id=_honoured("王秀英").pk, year=2026, amount="100", reason="困难"
    )
    with pytest.raises(Exception):  # noqa: B017 — a liaison may apply, not approve
        assistance.decide_grant(actor=community1, grant_id=grant.pk, action="approve")
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.get_grant_for(community2, grant.pk)


@pytest.mark.django_db
def test_health_checks_for_provincial_and_national_honourees(coordinator, community1):
    anhui = _honoured("王秀英")
    china = _honoured("李娟", level="national", external="china_good")
    _honoured("赵敏", level="city", external="city_model")  # 市级: no free check
    assert (
        assistance.schedule_health_checks(
            actor=coordinator, year=2026, scheduled_on=date(2026, 4, 15)
        )
        == 2
    )
    assert (
        assistance.schedule_health_checks(
            actor=coordinator, year=2026, scheduled_on=date(2026, 4, 15)
        )
        == 0
    )
    checks = {c.person_id: c for c in selectors.health_checks(coordinator, 2026)}
    assert set(checks) == {anhui.pk, china.pk}
    assistance.mark_health_check(
        actor=community1, check_id=checks[anhui.pk].pk, done=True, done_on=date(2026, 4, 15)
    )
    assistance.mark_health_check(actor=community1, check_id=checks[china.pk].pk, done=False)
    assert selectors.health_check_counts(coordinator, 2026) == {
        CheckState.SCHEDULED: 0,
        CheckState.DONE: 1,
        CheckState.MISSED: 1,
    }


@pytest.mark.django_db
def test_four_sites_at_their_levels_and_their_visitors(coordinator, community1):
    hall = assistance.save_site(actor=coordinator, kind="hall", name="淮南好人馆", region_code=CITY)
    with pytest.raises(HonorsInputError) as refused:
        assistance.save_site(
            actor=coordinator, kind="hall", name="光明好人馆", region_code="340403001001"
        )
    assert "好人馆应设在" in refused.value.message
    home = assistance.save_site(
        actor=coordinator, kind="home", name="光明社区好人之家", region_code="340403001001"
    )
    assistance.record_visit(
        actor=coordinator, site_id=hall.pk, day=date(2026, 3, 1), visitors=100000
    )
    assistance.record_visit(actor=coordinator, site_id=hall.pk, day=date(2026, 3, 2), visitors=6000)
    assistance.record_visit(actor=community1, site_id=home.pk, day=date(2026, 3, 2), visitors=35)
    assert selectors.site_visitors(CITY, kind="hall") == 106000
    assert selectors.site_visitors(CITY) == 106035
    assert {s.name: s.visitors for s in selectors.honor_sites(community1)} == {
        "光明社区好人之家": 35
    }
    from django.http import Http404

    with pytest.raises(Http404):
        assistance.record_visit(actor=community1, site_id=hall.pk, day=date(2026, 3, 3), visitors=1)


@pytest.mark.django_db
def test_assistance_page(client, coordinator):
    assistance.set_budget(actor=coordinator, region_code=CITY, year=2026, amount="1000000")
    client.force_login(coordinator)
    page = client.get(reverse("honors:assistance"), {"year": "2026"}).content.decode()
    assert "1000000" in page.replace(",", "")


@pytest.mark.django_db
def test_assistance_forms_on_the_page(client, coordinator, community1):
    client.force_login(coordinator)
    page = client.get(reverse("honors:assistance")).content.decode()
    assert 'value="340403001001"' in page  # communities are offered as places for a 好人之家
    year = date.today().year
    client.post(
        reverse("honors:assistance_act", args=["budget"]),
        {"year": year, "region": CITY, "amount": "1000000"},
    )
    client.post(
        reverse("honors:assistance_act", args=["site"]),
        {"year": year, "kind": "home", "name": "光明好人之家", "region": "340403001001"},
    )
    refused = client.post(
        reverse("honors:assistance_act", args=["site"]),
        {"year": year, "kind": "hall", "name": "错位好人馆", "region": "340403001001"},
        follow=True,
    )
    assert "好人馆应设在" in refused.content.decode()
    site = selectors.honor_sites(coordinator).get()
    client.force_login(community1)
    client.post(
        reverse("honors:assistance_act", args=["visit"]),
        {"year": year, "site": site.pk, "day": date.today().isoformat(), "visitors": "40"},
    )
    assert selectors.site_visitors("340403001001") == 40
    page = client.get(reverse("honors:assistance"), {"year": year}).content.decode()
    assert "累计接待 40 人次" in page
    assert "1,000,000.00" in page or "1000000.00" in page
