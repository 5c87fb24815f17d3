"""The site types and checklists shipped with the platform (全国文明城市测评体系 实地考察 items).

Installed by a data migration so a fresh deployment has them; an office edits them later in
the admin. Points are deductions per failed item; categories name the case category.
"""

from __future__ import annotations

from dataclasses import dataclass

GENERAL, MAJOR, URGENT = "general", "major", "urgent"


@dataclass(frozen=True)
class Item:
    text: str
    category: str
    points: str = "0.5"
    severity: str = GENERAL
    deadline_days: int | None = None


PSA = Item(
    "公益广告（社会主义核心价值观、讲文明树新风）设置醒目、数量达标、无破损", "公益广告缺失", "1"
)
LITTER = Item("地面干净整洁，无乱扔垃圾、无卫生死角", "乱扔垃圾")
STALLS = Item("无占道经营、店外经营、流动摊贩", "占道经营", "1")
PARKING = Item("机动车、非机动车规范有序停放", "乱停乱放")
TOILET = Item("公厕干净无异味，设施完好", "公厕卫生")
BARRIER_FREE = Item("无障碍设施齐全、畅通，未被占用", "无障碍设施")
NO_SMOKING = Item("室内公共场所无吸烟现象，有禁烟标识", "控烟")
ADS = Item("无乱贴乱画、乱拉乱挂小广告", "小广告")

SITE_TYPES: list[tuple[str, str, list[Item]]] = [
    (
        "farmers-market",
        "农贸市场",
        [
            STALLS,
            Item("市场内地面干净，无积存垃圾、污水", "环境卫生"),
            Item("垃圾分类收集，垃圾桶摆放整齐、及时清运", "垃圾分类"),
            Item("商品分区经营、摆放整齐，明码标价，设有公平秤", "市场秩序"),
            Item("活禽经营区域隔离，防蝇防鼠设施完好", "食品安全", "1", MAJOR),
            TOILET,
            Item("消防通道畅通，消防设施完好有效", "消防安全", "1", URGENT, 1),
            PSA,
        ],
    ),
    (
        "back-alley",
        "背街小巷",
        [
            Item("路面平整，无坑洼、积水", "道路破损"),
            LITTER,
            Item("无乱堆乱放、私搭乱建", "乱堆乱放"),
            ADS,
            STALLS,
            Item("路灯完好，夜间照明正常", "设施损坏"),
            PARKING,
            PSA,
        ],
    ),
    (
        "main-road",
        "主次干道",
        [
            STALLS,
            PARKING,
            Item("行人、非机动车遵守信号灯，机动车礼让斑马线", "交通秩序", "1"),
            LITTER,
            Item("交通标志、标线清晰完好", "设施损坏"),
            Item("户外广告、店招规范，无破损、无安全隐患", "户外广告", "0.5", MAJOR),
            PSA,
        ],
    ),
    (
        "community",
        "社区",
        [
            Item("小区环境整洁，楼道无堆物、无乱堆乱放", "乱堆乱放"),
            Item("无飞线充电，电动车不进楼道", "消防安全", "1", URGENT, 1),
            Item("垃圾分类设施齐全，分类投放有人引导", "垃圾分类"),
            Item("新时代文明实践站有场所、有队伍、有活动", "阵地建设", "1"),
            Item("道德讲堂、“四点半课堂”按计划开展并有台账", "阵地建设"),
            BARRIER_FREE,
            PSA,
        ],
    ),
    (
        "park-square",
        "公园广场",
        [
            LITTER,
            Item("无踩踏绿地、攀折花木、乱涂乱画等不文明行为", "不文明行为"),
            Item("健身、照明等设施完好", "设施损坏"),
            TOILET,
            STALLS,
            PSA,
        ],
    ),
    (
        "school-surroundings",
        "学校周边",
        [
            Item("学校周边 200 米内无网吧、歌舞娱乐场所", "校园周边环境", "1", MAJOR),
            Item("无流动摊贩，无“三无”食品销售", "食品安全", "1", MAJOR),
            Item("上下学时段交通秩序良好，护学岗到位", "交通秩序"),
            Item("周边商店有“不向未成年人售烟酒”标识", "未成年人保护"),
            PSA,
        ],
    ),
    (
        "bus-stop",
        "公交站点",
        [
            Item("站亭、站牌干净完好，线路信息清晰", "设施损坏"),
            Item("乘客有序排队候车", "不文明行为"),
            ADS,
            PSA,
        ],
    ),
    (
        "construction-site",
        "建筑工地",
        [
            Item("围挡规范、连续、整洁", "工地管理"),
            Item("渣土车辆密闭运输，出入口冲洗到位", "扬尘污染", "1", MAJOR),
            Item("裸露土方覆盖，洒水降尘", "扬尘污染", "0.5", MAJOR),
            Item("出入口及周边路面无泥土、无撒漏", "道路污染"),
            Item("围挡公益广告面积、内容达标", "公益广告缺失", "1"),
        ],
    ),
    (
        "hospital",
        "医院",
        [
            Item("设有导医台、便民服务设施，服务热情规范", "窗口服务"),
            Item("院区环境整洁，医疗废物规范处置", "环境卫生", "0.5", MAJOR),
            PARKING,
            BARRIER_FREE,
            NO_SMOKING,
            PSA,
        ],
    ),
    (
        "service-window",
        "窗口单位",
        [
            Item("工作人员文明用语、着装规范、挂牌上岗", "窗口服务"),
            Item("办事指南、收费标准公开", "政务公开"),
            Item("设有意见箱或投诉电话，有处理记录", "窗口服务"),
            BARRIER_FREE,
            NO_SMOKING,
            PSA,
        ],
    ),
    (
        "practice-station",
        "新时代文明实践站",
        [
            Item("有场所、有队伍、有活动、有制度、有台账", "阵地建设", "1"),
            Item("标识标牌规范统一", "阵地建设"),
            Item("志愿服务活动有记录，群众点单有回应", "志愿服务"),
            PSA,
        ],
    ),
    (
        "commercial-street",
        "商业大街",
        [
            STALLS,
            Item("门前三包责任落实，店前无堆物", "门前三包"),
            Item("户外广告、店招规范，无破损、无安全隐患", "户外广告", "0.5", MAJOR),
            PARKING,
            LITTER,
            PSA,
        ],
    ),
]

# Civil-affairs sites (seed 002): 应急避难场所 "按规定标准设置避难场所的标识牌", 道路标准地名标志
# "清洁、维修" with 公益广告, and the 老年助餐点 of seed 000 — inspected like any other site, so
# a failed item becomes a case. Kept apart from SITE_TYPES: the demo's sites are spread over
# those.
CIVIL_AFFAIRS_SITE_TYPES: list[tuple[str, str, list[Item]]] = [
    (
        "shelter",
        "应急避难场所",
        [
            Item("按规定标准设置避难场所标识牌，位置醒目、完好", "避难场所标识", "1"),
            Item("场所环境卫生整洁，无积存垃圾、杂物", "环境卫生"),
            Item("功能分区完备，应急供水、供电、厕所等设施设备维护及时", "设施损坏", "1", MAJOR),
            Item("消防器材、应急物资完好有效，疏散通道畅通", "消防安全", "1", URGENT, 1),
            Item("开展防灾减灾宣传，宣传栏内容更新及时", "防灾宣传"),
            PSA,
        ],
    ),
    (
        "place-sign",
        "地名标志",
        [
            Item("道路标准地名标志设置齐全、位置规范", "地名标志缺失", "1"),
            Item("标志内容、书写符合国家标准，无错别字、无过时地名", "地名标志不规范"),
            Item("标志牌清洁，无污损、无遮挡、无小广告", "地名标志污损"),
            Item("标志牌无破损、无倾斜，安装牢固", "设施损坏", "0.5", MAJOR),
            Item("主要路段路牌设置公益广告（社会主义核心价值观）且达标", "公益广告缺失", "1"),
        ],
    ),
    (
        "meal-point",
        "老年助餐点",
        [
            Item("持证经营，食品留样、进货查验记录齐全", "食品安全", "1", MAJOR),
            Item("就餐环境干净整洁，餐具消毒到位", "环境卫生"),
            Item("消防设施完好，燃气使用安全", "消防安全", "1", URGENT, 1),
            Item("助老价格、服务时间公示上墙", "服务公示"),
            BARRIER_FREE,
            PSA,
        ],
    ),
]


def install_default_site_types(
    site_type_model, item_model, site_types: list[tuple[str, str, list[Item]]] | None = None
) -> int:
    """Create the default types and items that are missing; returns how many items were added.

    Takes the model classes so the data migration can pass its historical models; another app
    passes its own ``site_types`` (honors: the 复查 checklists of 文明单位, 文明村镇 …).
    """
    added = 0
    for position, (code, name, items) in enumerate(site_types or SITE_TYPES, start=1):
        site_type, _ = site_type_model.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
        for item_position, item in enumerate(items, start=1):
            _, created = item_model.objects.get_or_create(
                site_type=site_type,
                text=item.text,
                defaults={
                    "position": item_position,
                    "category": item.category,
                    "points": item.points,
                    "severity": item.severity,
                    "deadline_days": item.deadline_days,
                },
            )
            added += created
    return added
