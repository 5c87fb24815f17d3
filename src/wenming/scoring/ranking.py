"""The full ranking as a table: one definition of its columns for the page and the xlsx export,
so what a coordinator downloads is what the page shows; and how 综合得分 is made."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wenming.scoring.arithmetic import DEFAULT_WEIGHTS, INVERTED

COMPONENT_TITLES = {
    "framework": _("测评得分率"),
    "task_completion": _("任务完成率"),
    "material_timeliness": _("材料按时报送率"),
    "on_time_rate": _("按期整改率"),
    "first_pass_rate": _("一次复核通过率"),
    "rework_rate": _("返工率"),
    "overdue_rate": _("逾期率"),
}
HONOURS = {"red": _("红榜"), "black": _("黑榜")}


def weights_of(assessment) -> dict[str, int]:
    """The weights frozen with the snapshot (the defaults for one made before they were stored)."""
    return {**DEFAULT_WEIGHTS, **(assessment.parameters or {}).get("weights", {})}


def components(assessment) -> list[dict]:
    """Each component with its title, weight and whether it counts as 100 − value."""
    weights = weights_of(assessment)
    return [
        {
            "key": key,
            "title": str(title),
            "weight": weights.get(key, 0),
            "inverted": key in INVERTED,
        }
        for key, title in COMPONENT_TITLES.items()
    ]


def header() -> list[str]:
    """The columns of the page and the export (rates in %; weights are stated beside the table)."""
    return [
        str(_("名次")),
        str(_("单位")),
        str(_("综合得分")),
        *(str(title) for title in COMPONENT_TITLES.values()),
        str(_("样本量")),
        str(_("较上期")),
        str(_("红黑榜")),
    ]


FORMULA = _(
    "综合得分 = Σ（分项 × 权重）÷ Σ（有数据的分项的权重）。某单位本期没有某项数据时，该项不计入"
    "分子和分母；返工率、逾期率越低越好，按“100 − 该率”计入。"
)


def method_rows(assessment) -> list[list]:
    """The 计算方法 sheet of the export: each component, its weight and how it counts."""
    return [
        [c["title"], c["weight"], str(_("按 100 − 值计")) if c["inverted"] else str(_("按值计"))]
        for c in components(assessment)
    ] + [[str(FORMULA), "", ""]]


def cells(row) -> list:
    """One unit's line: rank (or 单列), name, composite, every component, sample, movement, list."""
    values = row.components or {}
    return [
        str(_("单列")) if row.listed_apart or row.rank is None else row.rank,
        row.unit_name,
        "—" if row.composite is None else str(row.composite),
        *("—" if values.get(key) is None else str(values[key]) for key in COMPONENT_TITLES),
        row.sample,
        row.movement,
        str(HONOURS.get(row.honour, "")),
    ]
