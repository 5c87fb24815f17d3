"""Demo data of 新时代文明实践 on 淮南's regions, shaped like seed 001's network on a smaller city.

A 实践中心 in every district and county, a 实践所 in every town and street, a 实践站 in nine
communities or villages out of ten (the coverage table has something to drill into), 实践点 at
schools and enterprises; the resident population per district; a city 银龄志愿服务总队 with a 分队
per district (seed 004), a 党员志愿服务队 per town, a 社区志愿服务队 in some communities, a few
hundred volunteers with valid ID numbers, a month of activities with their service records,
a certificate, and 群众点单 in every state (one unclaimed long enough to have gone up to its 所).
community1 manages its community's team, so the demo account can run an activity's QR code,
correct hours and issue a certificate. Loading twice changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wenming.privacy import check_character
from wenming.regions.models import Region, RegionLevel, Unit
from wenming.volunteers.identity import id_key
from wenming.volunteers.models import (
    Activity,
    Certificate,
    Demand,
    DemandCategory,
    DemandChannel,
    DemandEvent,
    DemandState,
    Equipment,
    HoursCorrection,
    PracticeSite,
    Project,
    RecordSource,
    RegionPopulation,
    ServiceOffer,
    ServiceRecord,
    SignUp,
    SiteLevel,
    SiteReviewItem,
    Team,
    TeamKind,
    TeamMember,
    Volunteer,
    VolunteerSource,
)
from wenming.volunteers.services.certificates import issue_certificate

# 常住人口 (rounded, 2020 census order of magnitude) of the demo's districts and counties.
POPULATION = {
    "340402000000": 190_000,
    "340403000000": 620_000,
    "340404000000": 310_000,
    "340405000000": 170_000,
    "340406000000": 400_000,
    "340421000000": 640_000,
    "340422000000": 1_010_000,
}
REVIEW_ITEMS = [
    ("有固定场所和统一标识", 20),
    ("有专兼职管理人员", 15),
    ("有志愿服务队伍常态开展活动", 20),
    ("有群众点单、站点派单、队伍接单机制", 15),
    ("有活动记录和服务台账", 15),
    ("群众满意度达到 90% 以上", 15),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志刚海燕德明文春梅晓东兰英凤新宇"
)
SKILLS = [
    "医疗护理",
    "法律咨询",
    "心理疏导",
    "家电维修",
    "文艺演出",
    "助老陪护",
    "环境整治",
    "课业辅导",
    "理发",
    "",
]
ACTIVITY_TITLES = {
    TeamKind.PARTY: ["党员先锋岗文明劝导", "背街小巷环境整治", "政策宣讲进小区"],
    TeamKind.ELDERLY: ["银龄助老上门探访", "老年食堂助餐服务", "防诈骗宣传进社区"],
    TeamKind.YOUTH: ["四点半课堂课业辅导", "文明交通劝导", "垃圾分类宣传"],
    TeamKind.WOMEN: ["留守儿童关爱活动", "邻里互助家政服务", "巾帼文明宣讲"],
    TeamKind.OTHER: ["社区义诊", "便民理发", "家电义务维修"],
}
DEMANDS = [
    (DemandCategory.ELDERLY, "独居老人需要每周代购生活用品"),
    (DemandCategory.CHILDREN, "双职工家庭孩子放学后无人辅导作业"),
    (DemandCategory.HARDSHIP, "困难家庭需要帮忙维修漏水屋顶"),
    (DemandCategory.ENVIRONMENT, "小区楼道堆放杂物需要清理"),
    (DemandCategory.ELDERLY, "行动不便老人需要陪同就医"),
    (DemandCategory.OTHER, "希望开展一次防诈骗讲座"),
]
SEED = 13


def _id_number(rng: random.Random, area: str, serial: int) -> tuple[str, date]:
    born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    first17 = f"{area}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_character(first17), born


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _position(region: Region, rng: random.Random) -> tuple[Decimal | None, Decimal | None]:
    if region.latitude is None:
        base = (Decimal("32.6253"), Decimal("116.9990"))  # 淮南 city centre
    else:
        base = (region.latitude, region.longitude)
    jitter = lambda: Decimal(rng.randint(-300, 300)) / 100000  # noqa: E731
    return (base[0] + jitter()).quantize(Decimal("0.000001")), (base[1] + jitter()).quantize(
        Decimal("0.000001")
    )


@transaction.atomic
def load_demo() -> dict[str, int]:
    if PracticeSite.objects.exists():
        return _counts()
    rng = random.Random(SEED)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    if not counties:
        return _counts()
    city = counties[0].parent
    towns = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code"))
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"))
    year = timezone.localdate().year

    for text, points in REVIEW_ITEMS:
        SiteReviewItem.objects.get_or_create(text=text, defaults={"points": points})
    for code, population in POPULATION.items():
        if Region.objects.filter(pk=code).exists():
            RegionPopulation.objects.get_or_create(
                region_id=code, year=year, defaults={"population": population}
            )

    sites = []
    for county in counties:
        lat, lon = _position(county, rng)
        sites.append(
            PracticeSite(
                name=f"{county.name}新时代文明实践中心",
                level=SiteLevel.CENTRE,
                region=county,
                address=f"{county.name}政务服务中心三楼",
                latitude=lat,
                longitude=lon,
                opening_hours="周一至周日 8:30–17:30",
                manager_name=rng.choice(SURNAMES) + "主任",
                stars=rng.choice([4, 5]),
                stars_year=year - 1,
            )
        )
    for index, town in enumerate(towns):
        lat, lon = _position(town, rng)
        sites.append(
            PracticeSite(
                name=f"{town.name}新时代文明实践所",
                level=SiteLevel.INSTITUTE,
                region=town,
                address=f"{town.name}综合文化站",
                latitude=lat,
                longitude=lon,
                opening_hours="周一至周六 9:00–17:00",
                manager_name=rng.choice(SURNAMES) + "所长",
                stars=rng.choice([3, 4, 4, 5]),
                stars_year=year - 1,
            )
        )
        if index % 3 == 0:
            sites.append(
                PracticeSite(
                    name=f"{town.name}中心小学新时代文明实践点",
                    level=SiteLevel.POINT,
                    region=town,
                    address=f"{town.name}中心小学",
                    opening_hours="工作日 15:30–17:30",
                )
            )
    for index, village in enumerate(villages):
        if index % 10 == 9:
            continue  # one in ten has no 站 yet: the coverage table shows where
        lat, lon = _position(village, rng)
        sites.append(
            PracticeSite(
                name=f"{village.name}新时代文明实践站",
                level=SiteLevel.STATION,
                region=village,
                address=f"{village.name}党群服务中心",
                latitude=lat,
                longitude=lon,
                opening_hours="周一至周五 8:30–17:30",
                manager_name=rng.choice(SURNAMES) + "站长",
                manager_phone=f"139{rng.randrange(10**7, 10**8)}",
                stars=rng.choice([None, 2, 3, 3, 4]),
                stars_year=year - 1,
            )
        )
    PracticeSite.objects.bulk_create(sites)
    stations = {s.region_id: s for s in PracticeSite.objects.filter(level=SiteLevel.STATION)}
    institutes = {s.region_id: s for s in PracticeSite.objects.filter(level=SiteLevel.INSTITUTE)}

    # Teams: 银龄总队 (市民政局) with a 分队 per district, a 党员队 per town, some community teams.
    civil = Unit.objects.filter(short_name="市民政局").first()
    silver = Team.objects.create(
        name="淮南市银龄志愿服务总队",
        kind=TeamKind.ELDERLY,
        region=city,
        unit=civil,
        leader_name="孙总队长",
    )
    teams_by_region: dict[str, list[Team]] = {}
    for county in counties:
        Team.objects.create(
            name=f"{county.name}银龄志愿服务分队",
            kind=TeamKind.ELDERLY,
            parent=silver,
            region=county,
            unit=civil,
            leader_name=rng.choice(SURNAMES) + "队长",
        )
    for town in towns:
        team = Team.objects.create(
            name=f"{town.name}党员志愿服务队",
            kind=TeamKind.PARTY,
            region=town,
            site=institutes.get(town.code),
            leader_name=rng.choice(SURNAMES) + "队长",
            contact_phone=f"138{rng.randrange(10**7, 10**8)}",
        )
        teams_by_region.setdefault(town.code, []).append(team)
    kinds = [TeamKind.YOUTH, TeamKind.WOMEN, TeamKind.PROFESSIONAL]
    town_names = {t.code: t.name for t in towns}
    for index, village in enumerate(villages[::3]):
        town_name = town_names.get(village.code[:9] + "000", "")
        team = Team.objects.create(
            name=f"{town_name}{village.name}{TeamKind(kinds[index % 3]).label}",
            kind=kinds[index % 3],
            region=village,
            site=stations.get(village.code),
            leader_name=rng.choice(SURNAMES) + "队长",
        )
        teams_by_region.setdefault(village.code, []).append(team)

    # community1 manages the team of its community (created if the community had none).
    User = get_user_model()
    manager = User.objects.filter(username="community1").select_related("membership__unit").first()
    managed = None
    if manager is not None and hasattr(manager, "membership"):
        home = manager.membership.unit.region
        managed = next(iter(teams_by_region.get(home.code, [])), None)
        if managed is None:
            managed = Team.objects.create(
                name=f"{town_names.get(home.code[:9] + '000', '')}{home.name}志愿服务队",
                kind=TeamKind.PROFESSIONAL,
                region=home,
                site=stations.get(home.code),
                leader_name="周队长",
            )
            teams_by_region.setdefault(home.code, []).append(managed)
        managed.managers.add(manager)

    # Volunteers: three per community or village, each in its community's or town's team.
    volunteers, plan = [], []
    serial = 0
    registered_from = timezone.localdate() - timedelta(days=900)
    for village in villages:
        team_choices = teams_by_region.get(village.code, []) + teams_by_region.get(
            village.code[:9] + "000", []
        )
        for _n in range(3):
            serial += 1
            number, born = _id_number(rng, village.code[:6], serial)
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
            volunteers.append(
                Volunteer(
                    name=name,
                    id_number=number,
                    id_key=id_key(number),
                    birth_date=born,
                    sex="M" if int(number[16]) % 2 else "F",
                    phone=f"13{rng.randrange(5, 10)}{rng.randrange(10**7, 10**8)}",
                    region=village,
                    skills=rng.choice(SKILLS),
                    political_status=rng.choice(["中共党员", "群众", "群众", "共青团员"]),
                    registered_on=registered_from + timedelta(days=rng.randrange(0, 880)),
                    consent_at=timezone.now(),
                    consent_version="2026-1",
                    source=VolunteerSource.IMPORT,
                )
            )
            plan.append(team_choices)
    volunteers = Volunteer.objects.bulk_create(volunteers)
    members = []
    for volunteer, choices in zip(volunteers, plan, strict=True):
        for team in choices[:2]:
            members.append(
                TeamMember(team=team, volunteer=volunteer, joined_on=volunteer.registered_on)
            )
    TeamMember.objects.bulk_create(members, ignore_conflicts=True)
    if managed is not None and not managed.members.exists():
        for volunteer in volunteers[:3]:
            TeamMember.objects.create(
                team=managed, volunteer=volunteer, joined_on=volunteer.registered_on
            )

    # Brand projects and a month of activities with their records.
    projects = {}
    for team in [silver, *Team.objects.filter(kind=TeamKind.PARTY).order_by("pk")[:3]]:
        projects[team.pk] = Project.objects.create(
            name=f"“{team.name[:-5] if team.parent is None else team.name}”品牌项目",
            team=team,
            region=team.region,
            description="常态化开展的志愿服务品牌项目。",
        )
    today = timezone.localdate()
    active_teams = [
        t for t in Team.objects.exclude(pk=silver.pk).order_by("pk") if t.members.exists()
    ]
    records, signups = [], []
    for number in range(90):
        team = active_teams[number % len(active_teams)] if number else (managed or active_teams[0])
        day = today - timedelta(days=rng.randrange(1, 31))
        start = _local(day, rng.choice([8, 9, 14, 15]))
        hours = rng.choice([2, 2, 3, 4])
        lat, lon = _position(team.region, rng)
        activity = Activity.objects.create(
            title=rng.choice(ACTIVITY_TITLES.get(team.kind, ACTIVITY_TITLES[TeamKind.OTHER])),
            project=projects.get(team.pk),
            team=team,
            region=team.region,
            address=f"{team.region.name}党群服务中心广场",
            latitude=lat,
            longitude=lon,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            capacity=20,
            created_by=manager if team == managed else None,
        )
        people = list(team.volunteers.all())
        for volunteer in rng.sample(people, min(len(people), rng.randint(3, 12))):
            signups.append(SignUp(activity=activity, volunteer=volunteer))
            came = start + timedelta(minutes=rng.randint(-20, 15))
            left = activity.ends_at + timedelta(minutes=rng.randint(-40, 20))
            overlap = (min(left, activity.ends_at) - max(came, start)).total_seconds() / 60
            records.append(
                ServiceRecord(
                    activity=activity,
                    volunteer=volunteer,
                    team=team,
                    region=team.region,
                    service_date=day,
                    signed_in_at=came,
                    signed_out_at=left,
                    in_latitude=lat,
                    in_longitude=lon,
                    out_latitude=lat,
                    out_longitude=lon,
                    hours=Decimal(int(overlap // 30) * 30) / 60,
                    source=RecordSource.SCAN,
                )
            )
    SignUp.objects.bulk_create(signups, ignore_conflicts=True)
    ServiceRecord.objects.bulk_create(records, ignore_conflicts=True)
    # An upcoming activity of community1's team, whose QR code the demo can scan.
    if managed is not None:
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        lat, lon = _position(managed.region, rng)
        Activity.objects.create(
            title="周末敬老院助老服务",
            team=managed,
            region=managed.region,
            address=f"{managed.region.name}敬老院",
            latitude=lat,
            longitude=lon,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            capacity=15,
            created_by=manager,
        )
        first = ServiceRecord.objects.filter(team=managed).select_related("volunteer").first()
        if first is not None:
            HoursCorrection.objects.create(
                record=first,
                old_hours=first.hours,
                new_hours=first.hours + Decimal("0.5"),
                reason="提前到场布置场地，经签到表核实",
                actor=manager,
            )
            ServiceRecord.objects.filter(pk=first.pk).update(hours=first.hours + Decimal("0.5"))
            _demo_certificate(first.volunteer, managed, manager)

    _demo_demands(rng, villages, stations, institutes, managed, manager)
    _demo_resources(managed)
    return _counts()


OFFERS = [
    ("上门理发", DemandCategory.ELDERLY, "为行动不便的老人上门理发"),
    ("四点半课堂", DemandCategory.CHILDREN, "放学后作业辅导、阅读陪伴"),
    ("家电义务维修", DemandCategory.HARDSHIP, "困难家庭小家电维修"),
    ("楼道清理", DemandCategory.ENVIRONMENT, "楼道杂物清理、环境整治"),
]
EQUIPMENT = [("便携式音响", 2), ("折叠帐篷", 4), ("血压计", 6), ("轮椅", 3)]


def _demo_resources(managed: Team | None) -> None:
    """The service menu and the equipment library: four offers and four kinds of equipment per
    town team of 田家庵区, plus community1's team."""
    teams = list(Team.objects.filter(kind=TeamKind.PARTY, region__pk__startswith="340403"))
    if managed is not None:
        teams.append(managed)
    offers, equipment = [], []
    for team in teams:
        for title, category, text in OFFERS:
            offers.append(
                ServiceOffer(
                    team=team,
                    title=title,
                    category=category,
                    description=text,
                    region_id=team.region_id,
                )
            )
        for name, quantity in EQUIPMENT:
            equipment.append(
                Equipment(
                    name=name,
                    team=team,
                    region_id=team.region_id,
                    address=f"{team.region.name}党群服务中心",
                    quantity=quantity,
                )
            )
    ServiceOffer.objects.bulk_create(offers)
    Equipment.objects.bulk_create(equipment)


def _demo_certificate(volunteer: Volunteer, team: Team, manager) -> None:
    today = timezone.localdate()
    issue_certificate(
        actor=manager,
        team=team,
        volunteer=volunteer,
        period_start=today - timedelta(days=60),
        period_end=today,
    )


def _demo_demands(rng, villages, stations, institutes, managed, manager) -> None:
    now = timezone.now()
    states = [
        DemandState.SUBMITTED,
        DemandState.OPEN,
        DemandState.CLAIMED,
        DemandState.COMPLETED,
        DemandState.COMPLETED,
        DemandState.DECLINED,
    ]
    team_of = {t.region_id: t for t in Team.objects.filter(kind=TeamKind.PARTY)}
    for index in range(24):
        village = villages[(index * 7) % len(villages)]
        if managed is not None and index < 3:
            village = managed.region
        category, title = DEMANDS[index % len(DEMANDS)]
        state = states[index % len(states)]
        created = now - timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 8))
        team = team_of.get(village.code[:9] + "000")
        if index < 3 and managed is not None:
            team = managed
        demand = Demand.objects.create(
            category=category,
            title=title,
            region=village,
            handler_region=village,
            station=stations.get(village.code),
            address=f"{village.name}{rng.randint(1, 30)}栋",
            requester_name=rng.choice(SURNAMES) + rng.choice(["阿姨", "大爷", "女士", "先生"]),
            requester_phone=f"13{rng.randrange(5, 10)}{rng.randrange(10**7, 10**8)}",
            channel=DemandChannel.PUBLIC if index % 2 else DemandChannel.WORKER,
            state=state,
            escalate_after=created + timedelta(days=5),
            team=team if state in (DemandState.CLAIMED, DemandState.COMPLETED) else None,
            decline_reason="属于商业服务范围，已告知可联系物业"
            if state == DemandState.DECLINED
            else "",
            hours=Decimal(rng.choice([2, 3, 4])) if state == DemandState.COMPLETED else None,
            served_people=rng.randint(1, 5) if state == DemandState.COMPLETED else None,
            result="已上门完成服务" if state == DemandState.COMPLETED else "",
            completed_at=created + timedelta(days=2) if state == DemandState.COMPLETED else None,
            rating=rng.choice([4, 5, 5]) if state == DemandState.COMPLETED and index % 4 else None,
        )
        Demand.objects.filter(pk=demand.pk).update(created=created)
        DemandEvent.objects.create(demand=demand, action="post", to_state=DemandState.SUBMITTED)
        if state != DemandState.SUBMITTED:
            action = "decline" if state == DemandState.DECLINED else "accept"
            DemandEvent.objects.create(
                demand=demand, action=action, from_state=DemandState.SUBMITTED, to_state=state
            )
        # Unclaimed for more than the limit: gone up to the town's 所 (as the daily tick does).
        if state in (DemandState.SUBMITTED, DemandState.OPEN) and created < now - timedelta(days=7):
            town = Region.objects.get(pk=village.code[:9] + "000")
            Demand.objects.filter(pk=demand.pk).update(
                escalated_at=created + timedelta(days=5),
                escalated_to=institutes.get(town.code),
                handler_region=town,
            )
            DemandEvent.objects.create(
                demand=demand,
                action="escalate",
                from_state=state,
                to_state=state,
                note="3 个工作日内无人认领，上报" + town.name + "新时代文明实践所",
            )


def _counts() -> dict[str, int]:
    return {
        "sites": PracticeSite.objects.count(),
        "teams": Team.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "activities": Activity.objects.count(),
        "records": ServiceRecord.objects.count(),
        "demands": Demand.objects.count(),
        "certificates": Certificate.objects.count(),
    }
