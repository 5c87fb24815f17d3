"""Demo data of the community standard, shaped like seed 003 on 淮南's districts.

66 urban communities are under the standard (the 64 street communities of the five districts and
the town-centre communities of 舜耕镇 and 安成镇). Last month 34 meet all four standards and 32 are
weak: 12 whose service centre is below the area standard, 8 missing function rooms, 7 with too
few activities, 5 whose ledger is incomplete. Each weak community has a 一居一策 plan (three of
them behind schedule) and a paired unit; 市民政局 pairs with six and has paid them 30万元 (seed
000). Loading twice changes nothing.
"""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from wenming.community import services
from wenming.community.models import (
    Community,
    Disbursement,
    Facility,
    FacilityKind,
    Fund,
    FundPurpose,
    JointActivity,
    LedgerCategory,
    Measure,
    MeasureKind,
    Milestone,
    Pairing,
    PartyReport,
    Plan,
    PlanEvent,
    PlanState,
    Room,
    RoomFunction,
    Thresholds,
)
from wenming.community.standards import required_area
from wenming.periods import PeriodKind, period_containing
from wenming.regions.models import Unit, UnitKind

DISTRICTS = ("340402", "340403", "340404", "340405", "340406")
TOWN_CENTRES = ("舜耕镇", "安成镇")  # 田家庵区's towns whose 社区 are town-centre (121) communities
WEAK_AREA, WEAK_ROOMS, WEAK_ACTIVITIES, WEAK_LEDGER = 12, 8, 7, 5
BEHIND = (0, 2, 5)  # weak communities whose plan has a late milestone (community1's among them)
CIVIL_AFFAIRS_PAIRS = 6
HELPERS = [
    "市城管局",
    "市住建局",
    "市市场监管局",
    "市公安局",
    "团市委",
    "市教育局",
    "市卫健委",
    "市文旅局",
    "市交通运输局",
]
ACTIVITIES = [
    (LedgerCategory.AFTER_SCHOOL, "四点半课堂·作业辅导", 18),
    (LedgerCategory.MORAL, "道德讲堂·身边好人故事会", 45),
    (LedgerCategory.VOLUNTEER, "志愿服务·楼道清理", 22),
    (LedgerCategory.PARENTS, "家长学校·家庭教育讲座", 36),
    (LedgerCategory.COUNCIL, "社区议事·停车管理协商会", 15),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "海燕", "志强", "丽华", "文斌", "秀英", "国庆", "春梅", "晓东", "玉兰"]


def demo_communities() -> list[Unit]:
    """The 66 community committees under the standard, in region-code order."""
    units = Unit.objects.filter(kind=UnitKind.COMMUNITY, is_active=True).select_related(
        "region__parent"
    )
    chosen = [
        u
        for u in units
        if u.region_id[:6] in DISTRICTS
        and (
            u.region.urban_rural == "111"
            or (u.region.urban_rural == "121" and u.region.parent.name in TOWN_CENTRES)
        )
    ]
    return sorted(chosen, key=lambda u: u.region_id)


def _photo(seed: int) -> ContentFile:
    """A small synthetic photo (no real person), different for each entry."""
    colours = [(178, 34, 34), (34, 94, 168), (46, 125, 50), (230, 145, 56), (106, 27, 154)]
    image = Image.new("RGB", (480, 360), colours[seed % len(colours)])
    draw = ImageDraw.Draw(image)
    for k in range(6):
        x = (seed * 37 + k * 71) % 400
        y = (seed * 53 + k * 43) % 280
        draw.rectangle([x, y, x + 60, y + 60], fill=(255, 255, 255 - (k * 30) % 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return ContentFile(out.getvalue(), name=f"活动照片{seed}.jpg")


def _kind(weak_index: int | None) -> str:
    if weak_index is None:
        return "good"
    bands = [
        ("area", WEAK_AREA),
        ("rooms", WEAK_ROOMS),
        ("activities", WEAK_ACTIVITIES),
        ("ledger", WEAK_LEDGER),
    ]
    for name, size in bands:
        if weak_index < size:
            return name
        weak_index -= size
    return "good"


def _facilities(community: Community, index: int, kind: str) -> None:
    need = required_area(community.households, Thresholds())
    area = need - 20 - 10 * (index % 7) if kind == "area" else need + 40 + (index * 7) % 90
    for position, facility in enumerate(FacilityKind):
        present = not (kind != "good" and facility == FacilityKind.MORAL and index % 3 == 0)
        Facility.objects.get_or_create(
            community=community,
            kind=facility,
            defaults={
                "present": present,
                "area_m2": area
                if facility == FacilityKind.SERVICE
                else Decimal(40 + 10 * position),
                "opening_hours": "周一至周六 8:30—17:30",
                "address": community.unit.short_name + "党群服务中心",
            },
        )
    if community.rooms.exists():
        return
    rooms = [RoomFunction.HALL, RoomFunction.ACTIVITY, RoomFunction.MEDIATION, RoomFunction.LIBRARY]
    if kind == "rooms":
        rooms = rooms[:2] if index % 2 else rooms[:3]
    Room.objects.bulk_create(
        [Room(community=community, function=f, area_m2=Decimal("30")) for f in rooms]
    )


def _ledger(community: Community, index: int, kind: str, period, actor) -> int:
    if community.ledger.filter(held_on__gte=period.start, held_on__lte=period.end).exists():
        return 0
    count = 2 if kind == "activities" else 5
    made = 0
    for k in range(count):
        category, title, people = ACTIVITIES[(index + k) % len(ACTIVITIES)]
        with_photo = not (kind == "ledger" and k >= 2)
        services.record_entry(
            actor=actor,
            community_id=community.pk,
            category=category,
            title=title,
            held_on=period.start + timedelta(days=2 + k * 5),
            attendance=people + index % 10,
            place=community.unit.short_name + "党群服务中心",
            summary=f"{community.unit.short_name}组织{title.split('·')[-1]}，居民积极参与。",
            uploads=[_photo(index * 10 + k)] if with_photo else [],
        )
        made += 1
    return made


def _measure(plan: Plan, weak_index: int, kind: str) -> None:
    """The plan's measure for what the community falls short of (kind: area, rooms, …)."""
    measure = {
        "area": [MeasureKind.NEW, MeasureKind.REBUILD, MeasureKind.BUY, MeasureKind.RENT][
            weak_index % 4
        ],
        "rooms": MeasureKind.REBUILD,
    }.get(kind, MeasureKind.SERVICE)
    text = {
        "area": "扩大社区综合服务设施面积，达到按户数核定的标准",
        "rooms": "调整用房，增设调解室、图书室",
        "activities": "引入社会组织，常态开展四点半课堂等为老为小服务",
        "ledger": "按类别规范整理创建工作台账，每次活动留存签到和照片",
    }[kind]
    Measure.objects.create(plan=plan, kind=measure, description=text)


def _plan(community: Community, weak_index: int, kind: str, helpers: dict, actor) -> None:
    if community.plans.exists():
        return
    today = timezone.localdate()
    start, target = today - timedelta(days=60), today + timedelta(days=120)
    plan = Plan.objects.create(
        community=community,
        region_id=community.region_id,
        title=f"{community.unit.short_name}达标推进计划（一居一策）",
        start=start,
        target=target,
        state=PlanState.ACTIVE,
        created_by=actor,
    )
    PlanEvent.objects.create(plan=plan, actor=actor, action="create", to_state=PlanState.DRAFT)
    PlanEvent.objects.create(
        plan=plan, actor=actor, action="activate", from_state=PlanState.DRAFT, to_state=plan.state
    )
    _measure(plan, weak_index, kind)
    street = helpers.get(community.unit.parent_id) or community.unit
    district = helpers.get(("gov", community.region_id[:6])) or street
    civil = helpers["市民政局"]
    behind = weak_index in BEHIND
    Milestone.objects.bulk_create(
        [
            Milestone(
                plan=plan,
                title="完成选址和改造方案",
                due=start + timedelta(days=20),
                unit=street,
                done_on=start + timedelta(days=18),
            ),
            Milestone(
                plan=plan,
                title="完成施工或签订购买、租借合同" if kind == "area" else "完成整改措施",
                due=start + timedelta(days=50),
                unit=district,
                done_on=None if behind else start + timedelta(days=48),
            ),
            Milestone(
                plan=plan,
                title="投入使用并通过验收",
                due=target - timedelta(days=10),
                unit=civil,
            ),
        ]
    )
    Fund.objects.create(plan=plan, amount=Decimal("50000"), source="市级奖补")
    if kind == "area":
        Fund.objects.create(plan=plan, amount=Decimal("80000"), source="区级配套")


def _pairing(community: Community, weak_index: int, helpers: dict) -> None:
    if community.pairings.exists():
        return
    today = timezone.localdate()
    civil = weak_index < CIVIL_AFFAIRS_PAIRS
    unit = helpers["市民政局"] if civil else helpers[HELPERS[weak_index % len(HELPERS)]]
    pairing = Pairing.objects.create(
        unit=unit,
        community=community,
        region_id=community.region_id,
        start=today.replace(month=1, day=1),
        note="社区吹哨、党员报到；帮扶卫生清理、环境整治、设施更新",
    )
    if civil:
        # 6 × 50,000 = 300,000 元 (seed 000: "已向结对共建社区拨付30万元帮扶资金").
        parts = [
            (FundPurpose.CLEANING, "15000"),
            (FundPurpose.ENVIRONMENT, "20000"),
            (FundPurpose.FACILITIES, "15000"),
        ]
    else:
        parts = [(FundPurpose.FACILITIES, "10000")]
    for k, (purpose, amount) in enumerate(parts):
        Disbursement.objects.create(
            pairing=pairing,
            amount=Decimal(amount),
            paid_on=today - timedelta(days=90 - 20 * k),
            purpose=purpose,
        )
    JointActivity.objects.create(
        pairing=pairing,
        held_on=today - timedelta(days=30),
        title="结对共建·环境卫生集中整治",
        participants=20 + weak_index,
        summary="清理楼道杂物、背街小巷卫生死角。",
    )
    for k in range(2):
        PartyReport.objects.create(
            pairing=pairing,
            member_name=SURNAMES[(weak_index + k) % len(SURNAMES)]
            + GIVEN[(weak_index * 3 + k) % len(GIVEN)],
            served_on=today - timedelta(days=14 + 7 * k),
            hours=Decimal("3.0") + k,
            service="社区吹哨、党员报到：文明劝导、入户宣传",
        )


def _helpers() -> dict:
    units = Unit.objects.filter(
        kind__in=[UnitKind.DEPARTMENT, UnitKind.GOVERNMENT, UnitKind.STREET]
    )
    helpers: dict = {}
    for unit in units:
        if unit.kind == UnitKind.DEPARTMENT:
            helpers[unit.short_name] = unit
        elif unit.kind == UnitKind.GOVERNMENT:
            helpers[("gov", unit.region_id[:6])] = unit
        else:
            helpers[unit.pk] = unit
    return helpers


@transaction.atomic
def load_demo() -> dict[str, int]:
    User = get_user_model()
    coordinator = User.objects.filter(username="coordinator").first()
    if coordinator is None:
        return {"communities": 0, "weak": 0, "entries": 0}
    Thresholds.objects.get_or_create(pk=1)
    own = {
        u.membership.unit_id: u
        for u in User.objects.filter(username__in=["community1", "community2"]).select_related(
            "membership"
        )
    }
    helpers = _helpers()
    last_month = period_containing(PeriodKind.MONTH, timezone.localdate()).previous()
    entries = weak = 0
    for index, unit in enumerate(demo_communities()):
        community = services.enrol(
            actor=None,
            unit=unit,
            households=900 + (index * 137) % 1900,
            population=2500 + (index * 389) % 5200,
        )
        weak_index = index // 2 if index % 2 == 0 and index < 64 else None
        kind = _kind(weak_index)
        _facilities(community, index, kind)
        actor = own.get(unit.pk, coordinator)
        entries += _ledger(community, index, kind, last_month, actor)
        if weak_index is not None:
            weak += 1
            _plan(community, weak_index, kind, helpers, coordinator)
            _pairing(community, weak_index, helpers)
    return {"communities": Community.objects.count(), "weak": weak, "entries": entries}
