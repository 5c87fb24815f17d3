"""The 复查 checklists of the 文明单位/村镇/校园/家庭 titles, kept as inspections checklists (a
site type per title kind) so an office edits them where it edits every checklist, and an
inspector can walk them on a visit like any other."""

from __future__ import annotations

from wenming.honors.models import TitleKind
from wenming.inspections.defaults import MAJOR, Item, install_default_site_types

EXPOSED = Item("无被媒体曝光、挂牌督办或群众投诉属实的不文明问题", "曝光问题", "2", MAJOR)
PSA = Item("宣传社会主义核心价值观，公益广告醒目、数量达标", "公益广告缺失", "1")

# (site type code, name, items) per title kind; the codes stay stable, the texts may be edited.
TITLE_CHECKLISTS: dict[str, tuple[str, str, list[Item]]] = {
    TitleKind.UNIT: (
        "title-unit",
        "文明单位（复查）",
        [
            Item("领导班子重视精神文明建设，有年度创建计划和总结", "组织领导"),
            PSA,
            Item("组建志愿服务队伍，常态开展志愿服务活动", "志愿服务"),
            Item("单位内外环境整洁优美，无脏乱差现象", "环境卫生"),
            Item("本年度无违法违纪案件和重大安全责任事故", "违法违纪", "5", MAJOR),
            EXPOSED,
        ],
    ),
    TitleKind.VILLAGE: (
        "title-village",
        "文明村镇（复查）",
        [
            Item("村（镇）容村貌整洁，生活垃圾集中收集处理", "环境卫生"),
            Item("有村规民约、红白理事会，移风易俗成效明显", "移风易俗"),
            Item("建有新时代文明实践站（所）并常态开展活动", "阵地建设"),
            Item("社会治安良好，本年度无重大刑事案件和群体性事件", "社会治安", "5", MAJOR),
            EXPOSED,
        ],
    ),
    TitleKind.CAMPUS: (
        "title-campus",
        "文明校园（复查）",
        [
            Item("思想政治教育和德育工作有计划、有落实", "德育工作"),
            Item("校园环境整洁优美，周边秩序良好", "环境卫生"),
            Item("师德师风建设制度健全，本年度无师德失范事件", "师德师风", "5", MAJOR),
            Item("学生文明礼仪养成教育常态开展", "文明礼仪"),
            Item("本年度无重大安全责任事故", "安全事故", "5", MAJOR),
        ],
    ),
    TitleKind.FAMILY: (
        "title-family",
        "文明家庭（复查）",
        [
            Item("家庭成员遵纪守法，无违法犯罪记录", "遵纪守法", "5", MAJOR),
            Item("孝老爱亲，家庭和睦", "家庭美德"),
            Item("热心公益，积极参加志愿服务", "志愿服务"),
            Item("移风易俗，勤俭节约，邻里团结互助", "移风易俗"),
        ],
    ),
}
SITE_TYPE_CODE = {kind: code for kind, (code, _name, _items) in TITLE_CHECKLISTS.items()}


def install_title_checklists(site_type_model, item_model) -> int:
    """Create the missing 复查 checklists (the data migration passes its historical models)."""
    return install_default_site_types(site_type_model, item_model, list(TITLE_CHECKLISTS.values()))
