"""What the demo is made of: 淮南's populations, the review checklist, names, skills, activity
and demand titles, the service menu and equipment, and the helpers that make ID numbers, times and
positions from a seeded random generator (loading twice gives the same city)."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from wenming.privacy import check_character
from wenming.regions.models import Region
from wenming.volunteers.models import DemandCategory, TeamKind

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

OFFERS = [
    ("上门理发", DemandCategory.ELDERLY, "为行动不便的老人上门理发"),
    ("四点半课堂", DemandCategory.CHILDREN, "放学后作业辅导、阅读陪伴"),
    ("家电义务维修", DemandCategory.HARDSHIP, "困难家庭小家电维修"),
    ("楼道清理", DemandCategory.ENVIRONMENT, "楼道杂物清理、环境整治"),
]
EQUIPMENT = [("便携式音响", 2), ("折叠帐篷", 4), ("血压计", 6), ("轮椅", 3)]


def id_number(rng: random.Random, area: str, serial: int) -> tuple[str, date]:
    born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    first17 = f"{area}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_character(first17), born


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


CITY_CENTRE = (Decimal("32.6253"), Decimal("116.9990"))  # 淮南
Q6 = Decimal("0.000001")


def _ring(serial: int, radius: float) -> tuple[Decimal, Decimal]:
    """A deterministic spot on a ring around a centre: the n-th child at its own angle."""
    angle = serial * 2.399963  # the golden angle: children never pile up
    return Decimal(radius * math.sin(angle)), Decimal(radius * math.cos(angle) * 1.18)


def anchor(region: Region) -> tuple[Decimal, Decimal]:
    """Where a region lies: its own position, else around its parent's — a town 3–6 km from its
    county's centre, a community or village 0.6–1.2 km from its town's (the demo's towns and
    villages carry no surveyed centre)."""
    if region.latitude is not None:
        return region.latitude, region.longitude
    parent = region.parent
    base = anchor(parent) if parent is not None else CITY_CENTRE
    if region.level == "town":
        serial = int(region.code[6:9])
        lat, lon = _ring(serial, 0.03 + 0.01 * (serial % 4))
    else:
        serial = int(region.code[9:12])
        lat, lon = _ring(serial, 0.006 + 0.002 * (serial % 4))
    return base[0] + lat, base[1] + lon


def position(region: Region, rng: random.Random) -> tuple[Decimal | None, Decimal | None]:
    base = anchor(region)
    jitter = lambda: Decimal(rng.randint(-50, 50)) / 100000  # noqa: E731
    return (base[0] + jitter()).quantize(Q6), (base[1] + jitter()).quantize(Q6)
