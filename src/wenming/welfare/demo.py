"""Demo registers of 淮南市 as seed 000 and 004 state them: 551 meal points (280 in urban
communities, 271 in rural villages — urban or rural by each region's 城乡分类代码), a month of
counts serving not fewer than 120,000 elderly, 市民政局's safety checks, talks, drills and
notices of 2026, and a few 适老化改造 households. Loading twice changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wenming.regions.models import Region, RegionLevel, Unit
from wenming.welfare import children, relief, safety
from wenming.welfare.models import (
    ActivityKind,
    Child,
    CountKind,
    MealCount,
    MealPoint,
    ReliefCase,
    RetrofitHousehold,
    SafetyActivity,
    SafetyCheck,
    SafetySchedule,
)

CITY_PREFIX = "3404"
URBAN_POINTS, RURAL_POINTS = 280, 271
OPERATORS = ["社区居委会", "养老服务中心", "爱心餐饮有限公司", "村集体经济合作社", "社会组织"]
# Seed 004's year: 检查70余次, 安全宣讲31场, 事故应急演练172场, 下发工作提示5次.
SAFETY_YEAR = 2026
CHECKS, TALKS, DRILLS, NOTICES = 72, 31, 172, 5
HAZARDS = ["消防通道堆放杂物", "灭火器压力不足", "厨房燃气软管老化"]


def _spread(regions: list[Region], total: int) -> list[tuple[Region, int]]:
    """``total`` meal points over ``regions`` round-robin: (region, sequence within it)."""
    counts: dict[str, int] = {}
    placed = []
    for index in range(total):
        region = regions[index % len(regions)]
        counts[region.code] = counts.get(region.code, 0) + 1
        placed.append((region, counts[region.code]))
    return placed


def _meal_points() -> int:
    villages = Region.objects.filter(
        code__startswith=CITY_PREFIX, level=RegionLevel.VILLAGE
    ).order_by("code")
    urban = [r for r in villages if r.urban_rural.startswith("1")]
    rural = [r for r in villages if r.urban_rural.startswith("2")]
    if not urban or not rural:
        return 0
    wanted = []
    for kind, regions, total in (("urban", urban, URBAN_POINTS), ("rural", rural, RURAL_POINTS)):
        for number, (region, seq) in enumerate(_spread(regions, total)):
            word = "老年食堂" if kind == "urban" else "老年助餐点"
            name = f"{region.name}{word}" + (f"（{seq}号）" if seq > 1 else "")
            wanted.append(
                MealPoint(
                    name=name,
                    operator=OPERATORS[number % len(OPERATORS)],
                    region=region,
                    capacity=30 + (number % 5) * 10,
                    opened_on=date(2022 + number % 4, 1 + number % 12, 1 + number % 28),
                    status="operating",
                )
            )
    MealPoint.objects.bulk_create(wanted, ignore_conflicts=True)
    # A month of counts: every point reports November's diners and the distinct elderly it
    # served (120,130 in all: "满足了不少于12万老年人的就餐需求").
    points = list(MealPoint.objects.filter(region__pk__startswith=CITY_PREFIX).order_by("pk"))
    counts = [
        MealCount(
            meal_point=point,
            kind=CountKind.MONTH,
            day=date(SAFETY_YEAR, 11, 1),
            diners=1500 + (index % 7) * 120,
            elderly_served=218 if index % 10 else 220,
        )
        for index, point in enumerate(points)
    ]
    MealCount.objects.bulk_create(counts, ignore_conflicts=True)
    return len(points)


def _safety(actor) -> int:
    unit = Unit.objects.filter(short_name="市民政局").first()
    if unit is None or actor is None:
        return 0
    if not SafetySchedule.objects.filter(unit=unit).exists():
        safety.install_default_schedule(
            actor=actor, unit_id=unit.pk, starts_on=date(SAFETY_YEAR, 1, 1)
        )
    if SafetyCheck.objects.filter(unit=unit).exists():
        return SafetyCheck.objects.filter(unit=unit).count()
    start = date(SAFETY_YEAR, 1, 5)
    schedules = {s.duty: s for s in SafetySchedule.objects.filter(unit=unit)}
    for index in range(CHECKS):
        # Spread over the year to late November: the weekly lead's checks, and every sixth a
        # leader's monthly one.
        day = start + timedelta(days=index * 325 // (CHECKS - 1))
        duty = {0: "主要领导", 3: "班子成员"}.get(index % 6, "分管安全工作负责人")
        hazards = [HAZARDS[index // 24]] if index % 24 == 5 else []
        safety.record_safety_check(
            actor=actor,
            unit_id=unit.pk,
            checked_on=day,
            checker={"主要领导": "孙局长", "班子成员": "周副局长"}.get(duty, "李安全"),
            place=["市救助管理站", "市社会福利院", "市殡仪馆", "市儿童福利院"][index % 4],
            hazards=hazards,
            schedule_id=schedules[duty].pk,
        )
    activities = []
    for kind, total, title in (
        (ActivityKind.TALK, TALKS, "安全生产宣讲"),
        (ActivityKind.DRILL, DRILLS, "消防疏散应急演练"),
        (ActivityKind.NOTICE, NOTICES, "节假日安全生产工作提示"),
    ):
        for index in range(total):
            activities.append(
                SafetyActivity(
                    unit=unit,
                    region=unit.region,
                    kind=kind,
                    held_on=date(SAFETY_YEAR, 1, 8) + timedelta(days=(index * 310) // total),
                    title=f"{title}（第{index + 1}次）",
                    participants=40 if kind != ActivityKind.NOTICE else None,
                )
            )
    SafetyActivity.objects.bulk_create(activities)
    return CHECKS


def _retrofits() -> int:
    if RetrofitHousehold.objects.filter(region__pk__startswith=CITY_PREFIX).exists():
        return RetrofitHousehold.objects.filter(region__pk__startswith=CITY_PREFIX).count()
    villages = list(
        Region.objects.filter(code__startswith=CITY_PREFIX, level=RegionLevel.VILLAGE).order_by(
            "code"
        )[:40]
    )
    works = ["卫生间加装扶手、防滑地面", "安装紧急呼叫装置", "消除地面高差、加装夜灯"]
    RetrofitHousehold.objects.bulk_create(
        RetrofitHousehold(
            region=region,
            householder=f"{'张王李赵刘陈杨黄'[i % 8]}{'建国桂英秀兰德明'[i % 4 * 2 : i % 4 * 2 + 2]}",
            address=f"{region.name}{i % 9 + 1}组{i + 3}号",
            work=works[i % 3],
            completed_on=date(SAFETY_YEAR, 3 + i % 8, 1 + i % 27),
            cost=Decimal(3000 + i * 50),
        )
        for i, region in enumerate(villages)
    )
    return len(villages)


PLACES = ["淮南火车站广场", "淮南东站出站口", "田家庵汽车站", "龙湖公园东门", "国庆路地下通道"]


def _relief(actor) -> int:
    """A year of 救助管理: two campaigns, cases walked to their end, and one minor still at the
    station past the limit (the 工作台 and `wenming tick` show the alert)."""
    existing = ReliefCase.objects.filter(region__pk__startswith=CITY_PREFIX)
    if existing.exists() or actor is None:
        return existing.count()
    city = Region.objects.filter(code=CITY_PREFIX + "00000000").first()
    streets = list(
        Region.objects.filter(code__startswith="340403", level=RegionLevel.VILLAGE).order_by(
            "code"
        )[:5]
    )
    if city is None or not streets:
        return 0
    summer = _relief_campaigns(actor, city)
    now = timezone.now()
    for index in range(12):
        case = relief.register_case(
            actor=actor,
            data={
                "region": streets[index % len(streets)].code,
                "place": PLACES[index % len(PLACES)],
                "found_at": now - timedelta(days=150 - index * 12),
                "condition": "意识清醒，体弱" if index % 3 else "腿部外伤，已送医救治",
                "sex": "male" if index % 4 else "female",
                "age": 15 if index == 11 else 40 + index * 2,
                "campaign": summer.pk if 4 <= index <= 7 else None,
            },
        )
        _walk_case(actor, case, index, now)
    return 12


def _relief_campaigns(actor, city):
    """夏季送清凉 and 寒冬送温暖; the summer one (its cases name it) is returned."""
    summer = relief.save_campaign(
        actor=actor,
        data={
            "name": f"{SAFETY_YEAR}年“夏季送清凉”专项救助行动",
            "kind": "summer",
            "region": city.code,
            "starts_on": date(SAFETY_YEAR, 7, 1),
            "ends_on": date(SAFETY_YEAR, 8, 31),
            "patrols": 62,
            "people_helped": 148,
        },
    )
    relief.save_campaign(
        actor=actor,
        data={
            "name": f"{SAFETY_YEAR}年“寒冬送温暖”专项救助行动",
            "kind": "winter",
            "region": city.code,
            "starts_on": date(SAFETY_YEAR, 11, 15),
            "ends_on": date(SAFETY_YEAR + 1, 2, 28),
            "patrols": 18,
            "people_helped": 41,
        },
    )
    return summer


def _walk_case(actor, case, index: int, now) -> None:
    """Case 10 was found today (not yet taken in); case 11, a minor, has been at the station two
    days (past the limit: the daily job alerts once); the rest are traced and leave."""
    if index == 10:
        return
    relief.act(actor=actor, case_id=case.pk, action="admit", station="淮南市救助管理站")
    if index == 11:
        ReliefCase.objects.filter(pk=case.pk).update(admitted_at=now - timedelta(days=2))
        return
    relief.act(actor=actor, case_id=case.pk, action="trace", note="公安人像比对寻亲")
    ending = ("return_home", "escort", "place")[index % 3]
    relief.act(
        actor=actor,
        case_id=case.pk,
        action=ending,
        destination=["安徽省阜阳市颍州区", "河南省信阳市", "淮南市社会福利院"][index % 3],
    )


def _children(actor) -> int:
    existing = Child.objects.filter(region__pk__startswith=CITY_PREFIX)
    if existing.exists() or actor is None:
        return existing.count()
    villages = list(
        Region.objects.filter(
            code__startswith=CITY_PREFIX, level=RegionLevel.VILLAGE, urban_rural__startswith="2"
        ).order_by("code")[:8]
    )
    surnames = "王李张刘陈杨赵黄"
    for index, village in enumerate(villages):
        child = children.register_child(
            actor=actor,
            data={
                "kind": "left_behind" if index % 3 else "hardship",
                "name": f"{surnames[index]}小{'明红军芳'[index % 4]}",
                "sex": "male" if index % 2 else "female",
                "birth_date": date(2013 + index % 6, 1 + index, 10),
                "region": village.code,
                "address": f"{village.name}{index + 1}组{index + 5}号",
                "guardian_name": f"{surnames[index]}奶奶",
                "guardian_phone": f"1380013{8000 + index:04d}",
                "situation": "父母在外务工，随祖辈生活" if index % 3 else "父亲重病，家庭困难",
            },
        )
        for month in (3, 6, 9):
            children.add_care_record(
                actor=actor,
                child_id=child.pk,
                kind="visit" if month != 6 else "support",
                day=date(SAFETY_YEAR, month, 10 + index),
                content="入户走访，了解学习生活情况" if month != 6 else "发放助学金和学习用品",
            )
    return len(villages)


@transaction.atomic
def load_demo() -> dict[str, int]:
    actor = get_user_model().objects.filter(username="welfare").first()
    return {
        "meal_points": _meal_points(),
        "safety_checks": _safety(actor),
        "retrofits": _retrofits(),
        "relief_cases": _relief(actor),
        "children": _children(actor),
    }
