"""The community standard: seed 003's "六个一" and "四达标"."""

from __future__ import annotations

from wenming.framework.defaults.tree import D, I, M, group, leaf
from wenming.framework.models import Cadence

TITLE = "社区文明创建标准（六个一、四达标）"
FULL_MARK = 100
COMMUNITIES = "各社区"

ROOTS = [
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
