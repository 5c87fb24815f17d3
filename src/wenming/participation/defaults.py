"""The 随手拍 categories a city starts with: the common case categories in citizens' words.

Loaded by ``wenming demo`` and offered to a new deployment; the office edits them in the admin.
"""

from __future__ import annotations

from wenming.participation.models import Service

DEFAULT_SERVICES = [
    # (code, case category, citizens' name, description, group, keywords, attributes)
    (
        "street-vending",
        "占道经营",
        "路边摆摊、店外经营",
        "流动摊贩、店铺把货物摆到人行道或盲道上",
        "市容环境",
        "摆摊,占道,小贩",
        [
            {
                "variable": True,
                "code": "stall",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 1,
                "description": "摊位类型",
                "values": [
                    {"key": "mobile", "name": "流动摊贩"},
                    {"key": "shop", "name": "店铺出店经营"},
                    {"key": "breakfast", "name": "早点摊"},
                ],
            }
        ],
    ),
    (
        "flyposting",
        "乱贴乱画",
        "小广告、乱涂乱画",
        "电线杆、墙面、楼道里的小广告和涂写",
        "市容环境",
        "小广告,涂鸦",
        [],
    ),
    (
        "litter",
        "垃圾暴露",
        "垃圾没清运、乱堆乱倒",
        "垃圾桶满溢、建筑垃圾或生活垃圾乱堆",
        "环境卫生",
        "垃圾,清运",
        [],
    ),
    (
        "parking",
        "乱停乱放",
        "乱停车、挡盲道",
        "机动车、电动车、共享单车乱停乱放",
        "交通秩序",
        "停车,盲道,单车",
        [],
    ),
    (
        "facility",
        "设施破损",
        "路灯、井盖、地砖坏了",
        "公共设施损坏或缺失，可能有安全隐患",
        "公共设施",
        "路灯,井盖,地砖",
        [],
    ),
    (
        "public-ads",
        "公益广告缺失",
        "公益广告破损或缺失",
        "公益广告牌破损、褪色或该有的地方没有",
        "宣传氛围",
        "公益广告",
        [],
    ),
]


def load_default_services() -> int:
    """Create the default categories that are missing; existing ones are left as the office set them."""
    created = 0
    for position, (code, category, name, description, group, keywords, attributes) in enumerate(
        DEFAULT_SERVICES
    ):
        _service, made = Service.objects.get_or_create(
            code=code,
            defaults={
                "category": category,
                "name": name,
                "description": description,
                "group": group,
                "keywords": keywords,
                "attributes": attributes,
                "position": position,
            },
        )
        created += made
    return created
