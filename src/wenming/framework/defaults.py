"""The frameworks shipped with the project, written for the platform (not copied from any document).

The city framework has the shape users know: basic indicators summing to 100 points plus a
feature section (特色指标). The community standard is seed 003's "六个一" and "四达标".
Units are named as tables name them (short names, collective names) and matched on import.
They are loaded through the same import service as an uploaded table.
"""

from __future__ import annotations

from wenming.framework.models import Cadence, FrameworkPurpose, Method, Rule
from wenming.framework.workbook import IndicatorSpec, write_framework

M, I, S, D = Method.MATERIAL, Method.INSPECTION, Method.SURVEY, Method.METRIC  # noqa: E741
ALL_GOVERNMENTS = "各区县政府"


def group(name: str, points: int, *children: IndicatorSpec) -> IndicatorSpec:
    return IndicatorSpec(name=name, points=points, children=list(children))


def leaf(
    name: str,
    points: float,
    method: str,
    description: str,
    lead: str,
    co: str = "",
    *,
    rule: str = Rule.RATE,
    cadence: str = Cadence.ONCE,
    evidence: str = "",
    target: float | None = None,
) -> IndicatorSpec:
    return IndicatorSpec(
        name=name,
        points=points,
        method=method,
        description=description,
        rule=rule,
        cadence=cadence,
        evidence=evidence,
        target=target,
        leads=lead.split("、"),
        co=co.split("、") if co else [],
    )


CITY_TITLE = "全国文明城市测评体系（本市任务分解）"
CITY_FULL_MARK = 100

CITY = [
    group(
        "思想道德建设",
        15,
        group(
            "核心价值观宣传",
            6,
            leaf(
                "公益广告刊播",
                3,
                I,
                "主次干道、公共场所、交通站点设置公益广告，内容健康、画面整洁、无破损。",
                "市文明办",
                f"市城管局、{ALL_GOVERNMENTS}",
                rule=Rule.DEDUCT,
                cadence=Cadence.QUARTERLY,
            ),
            leaf(
                "核心价值观知晓率", 3, S, "市民对社会主义核心价值观基本内容的知晓程度。", "市文明办"
            ),
        ),
        group(
            "未成年人思想道德建设",
            5,
            leaf(
                "未成年人活动场所",
                2,
                M,
                "乡镇（街道）、社区建有未成年人活动场所，有人管理、定期开放。",
                "市教育局",
                "团市委、市民政局",
                evidence="场所清单、开放制度、活动照片",
            ),
            leaf(
                "校园周边环境",
                3,
                I,
                "学校周边无无证摊点、无网吧和娱乐场所，交通秩序良好。",
                "市教育局",
                "市公安局、市市场监管局",
                rule=Rule.DEDUCT,
                cadence=Cadence.QUARTERLY,
            ),
        ),
        group(
            "好人选树与礼遇",
            4,
            leaf(
                "身边好人推荐评选",
                2,
                M,
                "常态开展身边好人推荐评议，按季度发布好人榜。",
                "市文明办",
                cadence=Cadence.QUARTERLY,
                evidence="推荐材料、评议记录、发布截图",
            ),
            leaf(
                "道德模范礼遇帮扶",
                2,
                M,
                "建立礼遇帮扶制度，困难道德模范、身边好人得到帮扶。",
                "市文明办",
                "市民政局",
                evidence="帮扶制度文件、帮扶名单及资金拨付凭证",
            ),
        ),
    ),
    group(
        "诚信守法环境",
        10,
        group(
            "社会诚信",
            5,
            leaf(
                "市场主体信用监管",
                3,
                M,
                "开展信用分级分类监管，失信主体依法公示、联合惩戒。",
                "市市场监管局",
                evidence="监管制度、公示记录",
            ),
            leaf("食品安全满意度", 2, S, "市民对食品安全状况的满意程度。", "市市场监管局"),
        ),
        group(
            "社会治安",
            5,
            leaf("群众安全感", 3, S, "市民对所在区域治安状况的安全感。", "市公安局"),
            leaf(
                "重点场所治安防控",
                2,
                I,
                "车站、广场、商圈等重点场所巡逻防控到位，秩序良好。",
                "市公安局",
                rule=Rule.DEDUCT,
                cadence=Cadence.QUARTERLY,
            ),
        ),
    ),
    group(
        "公共秩序与交通文明",
        15,
        group(
            "交通秩序",
            8,
            leaf(
                "路口通行秩序",
                4,
                I,
                "机动车礼让行人，行人、非机动车各行其道，无闯红灯现象。",
                "市交警支队",
                ALL_GOVERNMENTS,
                rule=Rule.DEDUCT,
                cadence=Cadence.MONTHLY,
            ),
            leaf(
                "车辆停放秩序",
                2,
                I,
                "机动车、非机动车有序停放，无占用盲道、消防通道现象。",
                "市交警支队",
                "市城管局",
                rule=Rule.DEDUCT,
                cadence=Cadence.MONTHLY,
            ),
            leaf(
                "公共交通服务",
                2,
                I,
                "公交车辆整洁，站台设施完好，驾乘人员文明服务。",
                "市交通运输局",
            ),
        ),
        group(
            "公共场所秩序",
            7,
            leaf(
                "农贸市场秩序",
                3,
                I,
                "农贸市场划行归市，环境整洁，无占道经营，计量准确。",
                "市市场监管局",
                ALL_GOVERNMENTS,
                rule=Rule.DEDUCT,
                cadence=Cadence.MONTHLY,
            ),
            leaf(
                "公园景区文明",
                2,
                I,
                "公园、景区游览秩序良好，设施完好，文明提示到位。",
                "市文旅局",
                rule=Rule.DEDUCT,
            ),
            leaf(
                "医院就医秩序",
                2,
                I,
                "医院就诊秩序良好，有便民服务设施和志愿服务岗。",
                "市卫健委",
                rule=Rule.DEDUCT,
            ),
        ),
    ),
    group(
        "城市环境与市容",
        20,
        group(
            "市容环境卫生",
            10,
            leaf(
                "主次干道市容",
                4,
                I,
                "主次干道路面干净，无乱堆乱放、乱贴乱画、乱搭乱建。",
                "市城管局",
                ALL_GOVERNMENTS,
                rule=Rule.DEDUCT,
                cadence=Cadence.MONTHLY,
            ),
            leaf(
                "背街小巷环境",
                3,
                I,
                "背街小巷路面平整，垃圾及时清运，无卫生死角。",
                "市城管局",
                ALL_GOVERNMENTS,
                rule=Rule.DEDUCT,
                cadence=Cadence.MONTHLY,
            ),
            leaf(
                "生活垃圾分类", 3, D, "城区居民小区生活垃圾分类覆盖率（%）。", "市城管局", target=90
            ),
        ),
        group(
            "建设管理",
            6,
            leaf(
                "老旧小区改造",
                3,
                D,
                "年度老旧小区改造计划完成率（%）。",
                "市住建局",
                target=100,
                cadence=Cadence.QUARTERLY,
            ),
            leaf(
                "建筑工地管理",
                3,
                I,
                "建筑工地围挡规范，出入口硬化，车辆冲洗，扬尘管控到位。",
                "市住建局",
                rule=Rule.DEDUCT,
                cadence=Cadence.QUARTERLY,
            ),
        ),
        group(
            "健康环境",
            4,
            leaf(
                "病媒生物防制", 2, I, "公共场所和居民小区病媒生物密度控制在标准以内。", "市卫健委"
            ),
            leaf(
                "公共厕所管理",
                2,
                I,
                "公共厕所数量达标，保洁及时，无异味，标识清楚。",
                "市城管局",
                rule=Rule.DEDUCT,
            ),
        ),
    ),
    group(
        "民生保障与社会服务",
        15,
        group(
            "养老服务",
            6,
            leaf(
                "老年助餐服务",
                3,
                D,
                "城乡老年食堂（助餐点）建成数量，城市和农村均有覆盖。",
                "市民政局",
                cadence=Cadence.QUARTERLY,
                target=551,
                evidence="助餐点名册、运营记录",
            ),
            leaf(
                "养老机构安全管理",
                3,
                I,
                "养老机构每月开展安全检查，消防、食品、用电安全无隐患。",
                "市民政局",
                cadence=Cadence.MONTHLY,
                rule=Rule.DEDUCT,
            ),
        ),
        group(
            "社会救助",
            5,
            leaf(
                "流浪乞讨人员救助",
                3,
                M,
                "开展街面巡查、站内照料和寻亲安置，重点区域无滞留流浪乞讨人员。",
                "市民政局",
                "市公安局、市城管局",
                cadence=Cadence.QUARTERLY,
                evidence="巡查记录、救助台账、寻亲安置记录",
            ),
            leaf(
                "困境儿童关爱保护",
                2,
                M,
                "农村留守儿童和困境儿童建档立卡，关爱服务落实到人。",
                "市民政局",
                "团市委、市教育局",
                evidence="儿童信息台账、走访记录",
            ),
        ),
        group(
            "基层服务设施",
            4,
            leaf(
                "应急避难场所",
                2,
                I,
                "应急避难场所标识清楚、设施完好、环境整洁。",
                "市民政局",
                rule=Rule.DEDUCT,
            ),
            leaf(
                "标准地名标志",
                2,
                I,
                "道路标准地名标志设置规范、清洁完好，无错字漏字。",
                "市民政局",
                "市交通运输局",
                rule=Rule.DEDUCT,
            ),
        ),
    ),
    group(
        "志愿服务与文明实践",
        15,
        group(
            "志愿服务",
            8,
            leaf(
                "注册志愿者比例",
                3,
                D,
                "实名注册志愿者占城市常住人口的比例（%）。",
                "团市委",
                "市文明办",
                target=15,
            ),
            leaf(
                "志愿服务记录",
                3,
                M,
                "志愿服务活动及时记录时长，按季度汇总公示。",
                "团市委",
                cadence=Cadence.QUARTERLY,
                evidence="志愿服务记录、时长汇总表",
            ),
            leaf(
                "社区志愿服务站",
                2,
                I,
                "社区设有志愿服务站点，有标识、有人员、有活动。",
                "市民政局",
                ALL_GOVERNMENTS,
            ),
        ),
        group(
            "新时代文明实践",
            7,
            leaf(
                "文明实践阵地覆盖",
                3,
                M,
                "县有中心、乡镇有所、村有站，阵地全覆盖并常态运行。",
                "市文明办",
                ALL_GOVERNMENTS,
                evidence="阵地名册、运行记录",
            ),
            leaf(
                "群众点单志愿报到",
                2,
                M,
                "群众需求及时接单，志愿队伍报到服务并反馈。",
                "市文明办",
                cadence=Cadence.MONTHLY,
                evidence="点单、接单、反馈记录",
            ),
            leaf(
                "文化惠民活动",
                2,
                M,
                "常态开展文化惠民演出、展览和公益培训。",
                "市文旅局",
                cadence=Cadence.QUARTERLY,
                evidence="活动方案、照片、报道",
            ),
        ),
    ),
    group(
        "市民满意度",
        10,
        leaf("创建工作知晓率", 4, S, "市民对创建全国文明城市工作的知晓程度。", "市文明办"),
        leaf("创建工作满意度", 6, S, "市民对创建工作成效的满意程度。", "市文明办", ALL_GOVERNMENTS),
    ),
    group(
        "特色指标",
        5,
        leaf(
            "创建特色亮点",
            3,
            M,
            "结合本地实际形成的创建特色做法和品牌项目。",
            "市文明办",
            ALL_GOVERNMENTS,
            evidence="特色做法总结、媒体报道",
        ),
        leaf(
            "典型经验推广",
            2,
            M,
            "创建经验被上级推广或在主流媒体刊发。",
            "市文明办",
            evidence="推广文件、报道截图",
        ),
    ),
]

COMMUNITY_TITLE = "社区文明创建标准（六个一、四达标）"
COMMUNITY_FULL_MARK = 100
COMMUNITIES = "各社区"

COMMUNITY = [
    group(
        "六个一",
        60,
        leaf(
            "综合服务场所",
            10,
            I,
            "建有一个综合服务场所，办公与服务分区，服务项目和办事流程公开。",
            "市民政局",
            COMMUNITIES,
            evidence="场所照片、服务项目公示",
        ),
        leaf(
            "文化服务中心",
            10,
            I,
            "建有一个综合文化服务中心，配备图书、文体器材，定期开放。",
            "市民政局",
            COMMUNITIES,
            evidence="开放时间表、活动照片",
        ),
        leaf(
            "道德讲堂",
            10,
            M,
            "建有一个道德讲堂，每季度至少开讲一次。",
            "市民政局",
            COMMUNITIES,
            cadence=Cadence.QUARTERLY,
            evidence="讲堂记录、签到表、照片",
        ),
        leaf(
            "家长学校",
            10,
            M,
            "办有一个家长学校，有教学计划，定期开展家庭教育指导。",
            "市民政局",
            COMMUNITIES,
            evidence="教学计划、授课记录",
        ),
        leaf(
            "未成年人活动场所",
            10,
            I,
            "有一个未成年人活动场所，四点半课堂等活动常态开展。",
            "市民政局",
            COMMUNITIES,
            evidence="场所照片、活动记录",
        ),
        leaf(
            "志愿服务V站",
            10,
            I,
            "设有一个志愿服务V站，有标识、有志愿者值守、有服务记录。",
            "市民政局",
            COMMUNITIES,
            evidence="值守表、服务记录",
        ),
    ),
    group(
        "四达标",
        40,
        leaf(
            "面积达标",
            10,
            D,
            "社区综合服务设施面积达到标准（平方米）。",
            "市民政局",
            COMMUNITIES,
            target=300,
            evidence="房产或租赁证明、平面图",
        ),
        leaf(
            "功能室达标",
            10,
            I,
            "服务大厅、活动室、调解室、图书室等功能室齐全，标识清楚。",
            "市民政局",
            COMMUNITIES,
            evidence="功能室照片",
        ),
        leaf(
            "活动开展达标",
            10,
            M,
            "每月组织为老、为小、邻里互助等活动，居民参与面广。",
            "市民政局",
            COMMUNITIES,
            cadence=Cadence.MONTHLY,
            evidence="活动方案、照片、签到表",
        ),
        leaf(
            "台账整理达标",
            10,
            M,
            "创建工作台账分类整理、及时更新，资料真实完整。",
            "市民政局",
            COMMUNITIES,
            cadence=Cadence.QUARTERLY,
            evidence="台账目录及扫描件",
        ),
    ),
]


DEFAULTS = {
    FrameworkPurpose.CITY: (CITY_TITLE, CITY, CITY_FULL_MARK),
    FrameworkPurpose.COMMUNITY: (COMMUNITY_TITLE, COMMUNITY, COMMUNITY_FULL_MARK),
}


def default_workbook(purpose: str) -> tuple[str, bytes]:
    """(title, xlsx bytes) of the shipped framework for ``purpose``, in the import format."""
    title, roots, full_mark = DEFAULTS[purpose]
    return title, write_framework(title=title, roots=roots, total_points=full_mark)
