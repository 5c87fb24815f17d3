"""Demo data of 好人评选 (淮南市): the registry's past honours (as a 文明办 imports its ledger), two
live nominations in community1's community — one waiting for review, one on 公示 with an open
objection — the year's 礼遇帮扶 fund, grants, health checks and 四有 sites, and 文明单位/村镇/
校园/家庭 titles with one due for 复查. Idempotent: loading twice changes nothing."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wenming.honors import assistance, levels, services, titles
from wenming.honors.models import (
    EXTERNAL_LEVEL,
    AssistanceBudget,
    CivilizedUnit,
    ExternalHonor,
    Honor,
    HonorSite,
    Nomination,
    Person,
)
from wenming.regions.models import Membership, Region, RegionLevel, Unit, UnitKind

# (name, category, [(level or external, year)]) — past honours of people in the city.
HISTORY = [
    ("张桂兰", "filial", [("community", 2023), ("street", 2023), ("county", 2024), ("city", 2024),
                          ("anhui_good", 2024), ("china_good", 2025)]),
    ("刘建国", "brave", [("city", 2024), ("city_model", 2024), ("anhui_good", 2025)]),
    ("孫曉梅", "dedicated", [("community", 2024), ("street", 2025)]),
    ("陈志强", "helpful", [("community", 2025), ("street", 2025), ("county", 2025)]),
    ("李秀珍", "honest", [("community", 2025)]),
    ("王德福", "helpful", [("county", 2024), ("city", 2025), ("china_good", 2026)]),
]  # fmt: skip
EXTERNAL_SOURCES = {
    "anhui_good": "安徽文明网·安徽好人榜",
    "china_good": "中国文明网·中国好人榜",
    "city_model": "淮南市道德模范评选表彰决定",
}


def _people():
    User = get_user_model()
    return {u.username: u for u in User.objects.filter(username__in=["coordinator", "community1"])}


def _history(city: Region, villages: list[Region]) -> int:
    added = 0
    for index, (name, category, honors) in enumerate(HISTORY):
        region = villages[index % len(villages)]
        person, _ = Person.objects.get_or_create(name=name, region=region)
        if person.honors.exists():
            continue
        for what, year in honors:
            day = date(year, 3 + index, 10)
            if what in ExternalHonor.values:
                level, external = EXTERNAL_LEVEL[ExternalHonor(what)], what
                title = f"{year}年{ExternalHonor(what).label}"
                source, nomination = EXTERNAL_SOURCES[what], None
            else:
                level, external, source = what, "", "五级评选（历史台账导入）"
                place = Region.objects.get(code=levels.level_region_code(level, region.code))
                title = levels.honor_title(level=level, day=day, place=place.name)
                nomination = _past_nomination(person, category, level, place)
            Honor.objects.create(
                person=person,
                nomination=nomination,
                level=level,
                external=external,
                category=category,
                title=title,
                region=region,
                conferred_on=day,
                year=year,
                source=source,
            )
            added += 1
    return added


def _past_nomination(person, category, level, place) -> Nomination:
    """The ledger's nominations: one per person, finished at its highest five-level honour."""
    nomination = Nomination.objects.filter(person=person, category=category).first()
    if nomination is None:
        nomination = Nomination.objects.create(
            person=person,
            category=category,
            deeds="（历史台账导入）",
            channel="family",
            nominator_name="历史台账",
            nominator_phone="",
            region=person.region,
            level=level,
            level_region=place,
            state="honored",
        )
    else:
        Nomination.objects.filter(pk=nomination.pk).update(level=level, level_region=place)
    return nomination


def _live_nominations(community: Region, people) -> int:
    community1 = people.get("community1")
    if community1 is None or Nomination.objects.exclude(nominator_name="历史台账").exists():
        return 0
    services.nominate(
        name="赵春花",
        region_code=community.code,
        building="5号楼1单元",
        phone="13955001122",
        category="helpful",
        deeds="退休后义务为楼里的老人理发八年，风雨无阻，累计服务两千余人次。",
        channel="family",
        nominator_name="钱晓东",
        nominator_phone="13855003344",
    )
    publicised = services.nominate(
        name="周大勇",
        region_code=community.code,
        category="brave",
        deeds="2026年7月在淮河边跳水救起落水儿童一名。",
        channel="online",
        nominator_name="吴小莉",
        nominator_phone="13655007788",
    )
    services.review_nomination(
        actor=community1, nomination_id=publicised.pk, approve=True, note="经走访核实，事迹属实。"
    )
    services.raise_objection(
        nomination_id=publicised.pk,
        text="听说当时还有其他人一同施救，请核实。",
        contact_name="郑先生",
        contact_phone="13755009900",
    )
    return 2


def _assistance(city: Region, villages: list[Region], people) -> None:
    coordinator, community1 = people.get("coordinator"), people.get("community1")
    if coordinator is None or community1 is None:
        return
    year = timezone.localdate().year
    if not AssistanceBudget.objects.filter(region=city, year=year).exists():
        assistance.set_budget(actor=coordinator, region_code=city.code, year=year, amount="1000000")
        honoured = Person.objects.filter(region=villages[0], honors__isnull=False).distinct()
        for person, amount, pay in zip(honoured, ["20000", "15000"], [True, False], strict=False):
            grant = assistance.apply_grant(
                actor=community1,
                person_id=person.pk,
                year=year,
                amount=amount,
                reason="家庭成员重病，医疗支出大，生活困难。",
            )
            assistance.decide_grant(actor=coordinator, grant_id=grant.pk, action="approve")
            if pay:
                assistance.decide_grant(
                    actor=coordinator,
                    grant_id=grant.pk,
                    action="pay",
                    paid_on=timezone.localdate(),
                    payment_ref=f"淮帮扶{year}-001",
                )
        assistance.schedule_health_checks(
            actor=coordinator, year=year, scheduled_on=date(year, 4, 15)
        )
    if not HonorSite.objects.exists():
        hall = assistance.save_site(
            actor=coordinator, kind="hall", name="淮南好人馆", region_code=city.code
        )
        assistance.record_visit(
            actor=coordinator, site_id=hall.pk, day=date(year, 1, 5), visitors=106000,
            note="开馆以来累计",
        )  # fmt: skip
        county = villages[0].parent.parent
        assistance.save_site(
            actor=coordinator, kind="square", name=f"{county.name}好人广场", region_code=county.code
        )
        town = villages[0].parent
        assistance.save_site(
            actor=coordinator, kind="board", name=f"{town.name}好人榜", region_code=town.code
        )
        home = assistance.save_site(
            actor=coordinator,
            kind="home",
            name=f"{villages[0].name}好人之家",
            region_code=villages[0].code,
        )
        assistance.record_visit(
            actor=community1, site_id=home.pk, day=timezone.localdate(), visitors=36
        )


def _titles(city: Region, villages: list[Region], people) -> int:
    coordinator = people.get("coordinator")
    if coordinator is None or CivilizedUnit.objects.exists():
        return 0
    year = timezone.localdate().year
    departments = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT, region=city)[:3])
    entries = [
        ("unit", "province", unit.name, city.code, year - 2, unit.pk) for unit in departments
    ] + [
        ("village", "city", villages[0].name, villages[0].code, year - 1, None),
        ("campus", "national", "淮南第一中学", city.code, year - 3, None),
        ("family", "city", "周大勇家庭", villages[0].code, year, None),
    ]
    made = [
        titles.register_title(
            actor=coordinator,
            kind=kind,
            level=level,
            holder_name=name,
            region_code=code,
            year=conferred,
            unit_id=unit,
        )
        for kind, level, name, code, conferred, unit in entries
    ]
    first = made[0]
    titles.review_title(
        actor=coordinator,
        title_id=first.pk,
        year=year,
        results={item.pk: (True, "") for item in titles.checklist_of(first.kind)},
        result="retain",
    )
    titles.flag_titles()
    return len(made)


@transaction.atomic
def load_demo() -> dict[str, int]:
    city = Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
    people = _people()
    community1 = people.get("community1")
    membership = Membership.objects.filter(user=community1).select_related("unit").first()
    if city is None or membership is None:
        return {"people": 0, "honors": 0, "nominations": 0, "titles": 0}
    community = membership.unit.region
    villages = [community] + list(
        Region.objects.filter(parent=community.parent).exclude(pk=community.pk).order_by("code")[:3]
    )
    _history(city, villages)
    _live_nominations(community, people)
    _assistance(city, villages, people)
    _titles(city, villages, people)
    return {
        "people": Person.objects.count(),
        "honors": Honor.objects.count(),
        "nominations": Nomination.objects.count(),
        "titles": CivilizedUnit.objects.count(),
    }
