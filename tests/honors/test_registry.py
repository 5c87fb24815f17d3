"""The registry: people and honours by level, category, region and year, 繁/简 alike; the counts a
report states reproduce a hand-made fixture exactly."""

from datetime import date

import pytest
from django.urls import reverse

from wenming.honors import selectors
from wenming.honors.models import Honor, Person
from wenming.periods import parse_period
from wenming.regions.models import Region

GUANGMING, XIANGYANG, YUCAI = "340403001001", "340403001002", "340404001001"

# (name, region, [(level, category, external, conferred_on)]) — counted by hand below.
FIXTURE = [
    ("王秀英", GUANGMING, [("community", "helpful", "", date(2026, 3, 2)),
                          ("street", "helpful", "", date(2026, 4, 1)),
                          ("national", "helpful", "china_good", date(2026, 8, 8))]),
    ("張國強", GUANGMING, [("community", "brave", "", date(2025, 6, 1))]),
    ("李娟", XIANGYANG, [("province", "filial", "anhui_good", date(2026, 5, 20)),
                        ("national", "filial", "china_good", date(2026, 9, 1))]),
    ("赵敏", YUCAI, [("county", "dedicated", "", date(2026, 7, 7)),
                    ("city", "dedicated", "", date(2026, 10, 10))]),
    ("陈诚", YUCAI, []),  # nominated, never honoured: not in the registry
]  # fmt: skip


@pytest.fixture
def registry(units):
    people = {}
    for name, region, honors in FIXTURE:
        person = Person.objects.create(name=name, region=Region.objects.get(code=region))
        people[name] = person
        for level, category, external, day in honors:
            Honor.objects.create(
                person=person,
                nomination=None if external else services_nomination(person, category),
                level=level,
                external=external,
                category=category,
                title=f"{day.year} {level}",
                region=person.region,
                conferred_on=day,
                year=day.year,
            )
    return people


def services_nomination(person, category):
    from wenming.honors.models import Nomination

    return Nomination.objects.create(
        person=person,
        category=category,
        deeds="事迹",
        channel="family",
        nominator_name="推荐人",
        nominator_phone="13800138000",
        region=person.region,
        level="city",
        level_region=Region.objects.get(code="340400000000"),
        state="honored",
    )


@pytest.mark.django_db
def test_counts_by_level_reproduce_the_fixture(registry):
    city = selectors.honor_counts("340400000000")
    assert city.people == 4
    assert city.by_level == {
        "community": 2, "street": 1, "county": 1, "city": 1, "province": 1, "national": 2,
    }  # fmt: skip
    assert city.by_category == {"helpful": 1, "brave": 1, "filial": 1, "dedicated": 1}
    assert city.by_external == {"china_good": 2, "anhui_good": 1}
    assert city.china_list == 2
    assert city.sentence() == "淮南市涌现出各级各类好人4名，其中2人荣登中国好人榜"

    tja = selectors.honor_counts("340403000000")
    assert (tja.people, tja.china_list) == (3, 2)
    xjj = selectors.honor_counts(Region.objects.get(code="340404000000"))
    assert (xjj.people, xjj.by_level) == (1, {"county": 1, "city": 1})

    year_2026 = selectors.honor_counts("340400000000", parse_period("2026"))
    assert year_2026.people == 3  # 張國強's only honour is of 2025
    q3 = selectors.honor_counts("340400000000", (date(2026, 7, 1), date(2026, 9, 30)))
    assert (q3.people, q3.by_level) == (3, {"county": 1, "national": 2})


@pytest.mark.django_db
def test_registry_search_treats_traditional_and_simplified_alike(registry, coordinator):
    for typed in ("张国强", "張國強", "国强"):
        names = [p.name for p in selectors.registry(coordinator, q=typed)]
        assert names == ["張國強"]
    assert {p.name for p in selectors.registry(coordinator, level="national")} == {"王秀英", "李娟"}
    assert {p.name for p in selectors.registry(coordinator, category="dedicated")} == {"赵敏"}
    assert {p.name for p in selectors.registry(coordinator, year=2025)} == {"張國強"}
    assert {p.name for p in selectors.registry(coordinator, region=YUCAI)} == {"赵敏"}
    assert "陈诚" not in {p.name for p in selectors.registry(coordinator)}


@pytest.mark.django_db
def test_registry_is_scoped(registry, community1, community2):
    assert {p.name for p in selectors.registry(community1)} == {"王秀英", "張國強"}
    assert {p.name for p in selectors.registry(community2)} == {"赵敏"}


@pytest.mark.django_db
def test_registry_page_states_the_counts(client, registry, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("honors:registry"), {"q": "張國強"}).content.decode()
    assert "淮南市涌现出各级各类好人4名，其中2人荣登中国好人榜" in page
    assert "張國強" in page and "王秀英" not in page.split('data-testid="registry-list"')[1]


@pytest.mark.django_db
def test_external_honour_is_recorded_against_the_same_person(client, registry, coordinator):
    person = registry["赵敏"]
    client.force_login(coordinator)
    response = client.post(
        reverse("honors:person", args=[person.pk]),
        {
            "external": "anhui_good",
            "category": "dedicated",
            "conferred_on": "2026-11-20",
            "source": "安徽省文明办《2026年第四季度安徽好人榜》",
        },
    )
    assert response.status_code == 302
    honor = person.honors.get(external="anhui_good")
    assert (honor.level, honor.year, honor.title) == ("province", 2026, "2026年安徽好人")
    assert selectors.honor_counts("340400000000").by_external["anhui_good"] == 2
    services_count = Person.objects.filter(name="赵敏").count()
    assert services_count == 1


@pytest.mark.django_db
def test_work_report_figures_state_the_registry(registry):
    from wenming.figures import Subject, compute

    figures = compute(
        Subject(region_code="340400000000", period=parse_period("2026-Q3")),
        ["honors.people", "honors.china_list", "honors.new_people"],
    )
    # Up to the end of 2026 Q3 (累计) all four honoured people count (赵敏 by July's county
    # honour); within the quarter: 王秀英 and 李娟 (中国好人榜) and 赵敏 (county).
    assert figures["honors.people"].value == 4
    assert figures["honors.china_list"].value == 2
    assert figures["honors.new_people"].value == 3


@pytest.mark.django_db
def test_a_registry_without_anyone_has_no_data_rather_than_zero(registry):
    from wenming.figures import Subject, compute

    figures = compute(
        Subject(region_code="340400000000", period=parse_period("2019")),
        ["honors.people", "honors.china_list", "honors.new_people"],
    )
    assert all(not f.has_data for f in figures.values())
