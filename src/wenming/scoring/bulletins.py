"""Bulletins (周通报, 月总结, 季度点评): the frozen figures taken from one Assessment, and the
official document built from them.

Every number in a bulletin comes from :func:`figures_for` at generation time and is stored with
it; the document is a pure function of those figures and the editable prose (下步要求), so a
bulletin prints the same numbers however often, and wherever, it is rendered.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.files.storage import default_storage

from wenming.documents.blocks import (
    Chart,
    Heading,
    Image,
    Journal,
    OfficialDocument,
    Paragraph,
    Table,
)
from wenming.documents.charts import horizontal_capacity
from wenming.documents.render import TEXT_WIDTH_MM, TITLE_PT, text_width
from wenming.periods import PeriodError, parse_period
from wenming.regions.models import UnitKind
from wenming.regions.selectors import issuer_name
from wenming.scoring import engine
from wenming.scoring.models import RANKED_KIND_TITLES, RANKED_KINDS, Assessment, BulletinKind

# A ranking table longer than this lists its head and tail; the full list is on the dashboard.
TABLE_LIMIT = 20
TREND_LENGTH = 8
APART_LIMIT = 20  # names of units listed apart printed before "等 N 个单位"

KIND_TITLES = {
    BulletinKind.WEEKLY: "周通报",
    BulletinKind.MONTHLY: "月总结",
    BulletinKind.QUARTERLY: "季度点评",
}
# The 刊头 of each series; 第N期 counts the published bulletins of the series in a year.
JOURNAL_NAMES = {
    BulletinKind.WEEKLY: "创建全国文明城市工作通报",
    BulletinKind.MONTHLY: "创建全国文明城市工作月报",
    BulletinKind.QUARTERLY: "创建全国文明城市工作季度点评",
}
# The community standard's bulletins (社区 日考核、周通报、月总结, seed 003) are a series of their own.
COMMUNITY_JOURNAL_NAMES = {
    BulletinKind.WEEKLY: "社区创建达标工作通报",
    BulletinKind.MONTHLY: "社区创建达标工作月报",
    BulletinKind.QUARTERLY: "社区创建达标工作季度点评",
}
COMMUNITY = "community"  # framework.models.FrameworkPurpose.COMMUNITY


def journal_name(figures_or_kind, purpose: str = "") -> str:
    """The 刊头 of the bulletin's series: by its kind, and for the community standard its own."""
    if isinstance(figures_or_kind, dict):
        kind = figures_or_kind.get("kind") or BulletinKind.WEEKLY
        purpose = figures_or_kind.get("framework_purpose", "")
    else:
        kind = figures_or_kind
    names = COMMUNITY_JOURNAL_NAMES if purpose == COMMUNITY else JOURNAL_NAMES
    return names.get(kind, names[BulletinKind.WEEKLY])


# Charts sized to share a page with their heading and a few lines of text (millimetres).
CHART_WIDTH, CHART_HEIGHT = 150.0, 78.0

DEFAULT_REQUIREMENTS = (
    "各责任单位要对照本期通报的问题清单，逐项明确整改责任人和整改时限，按期完成整改并上传整改前后照片。\n"
    "被列入黑榜和挂牌督办的单位，要在三个工作日内向市文明办书面报告整改情况。\n"
    "各县区、各街道要加强日常巡查，防止问题反弹，确保创建工作常态长效。"
)


def _row(row) -> dict:
    return {
        "unit_id": row.unit_id,
        "name": row.unit_name,
        "rank": row.rank,
        "movement": row.movement,
        "composite": None if row.composite is None else str(row.composite),
        "framework": row.components.get("framework"),
        "on_time_rate": row.components.get("on_time_rate"),
        "honour": row.honour,
        "region": row.region_id,
    }


def figures_for(assessment: Assessment, *, kind: str) -> dict:
    """The numbers a bulletin states, read once from the assessment (and the cases it exposes)."""
    period = assessment.period
    summary = assessment.summary
    purpose = assessment.framework.purpose
    rankings, apart, red, black = _standings(_unit_rows(assessment), purpose)
    return {
        "kind": kind,
        "framework_purpose": purpose,
        "assessment_id": assessment.pk,
        "revision": assessment.revision,
        "period_key": assessment.period_key,
        "period_label": period.label,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "region_name": assessment.region.name,
        "issuer": issuer_name(assessment.region_id),
        "total": summary.get("total", {}),
        "cases": summary.get("cases", {}),
        "categories": summary.get("categories", []),
        "districts": summary.get("districts", []),
        "rankings": rankings,
        "apart": apart,
        "red": red,
        "black": black,
        "honour_rule": honour_rule_for(assessment),
        # As the snapshot recorded them: the bulletin cites its assessment, not today's cases.
        "exposed": summary.get("exposed", []),
        "trend": _trend(assessment),
    }


def _unit_rows(assessment: Assessment) -> list:
    """The assessment's unit rows with the columns a bulletin prints, by kind and rank."""
    return list(
        # Not the per-indicator scores: a bulletin prints the totals. The related manager sets
        # each row's assessment from its assessment_id, so that column must be read too (else
        # one query per row).
        assessment.rows.only(
            "assessment_id",
            "unit_id",
            "unit_name",
            "kind",
            "region_id",
            "rank",
            "movement",
            "composite",
            "components",
            "honour",
            "listed_apart",
        ).order_by("kind", "rank", "unit_name")
    )


def _standings(rows: list, purpose: str) -> tuple[dict, dict, dict, dict]:
    """Per kind of unit: the ranking, the units listed apart, the 红榜 and the 黑榜."""
    rankings, apart, red, black = {}, {}, {}, {}
    # The community standard's bulletin ranks the communities only (its tasks are theirs).
    for unit_kind in [UnitKind.COMMUNITY] if purpose == COMMUNITY else RANKED_KINDS:
        of_kind = [r for r in rows if r.kind == unit_kind]
        ranked = sorted(
            (r for r in of_kind if r.rank is not None), key=lambda r: (r.rank, r.unit_name)
        )
        rankings[unit_kind] = [_row(r) for r in ranked]
        apart[unit_kind] = [r.unit_name for r in of_kind if r.listed_apart]
        red[unit_kind] = [r.unit_name for r in ranked if r.honour == "red"]
        black[unit_kind] = [r.unit_name for r in ranked if r.honour == "black"]
    return rankings, apart, red, black


def _trend(assessment: Assessment) -> list[dict]:
    """The on-time rate of the last TREND_LENGTH current assessments up to this one, oldest first."""
    trend = list(
        Assessment.objects.filter(
            framework_id=assessment.framework_id,
            region_id=assessment.region_id,
            period_kind=assessment.period_kind,
            is_current=True,
            period_start__lte=assessment.period_start,
        )
        .order_by("-period_start")
        .values("period_key", "summary__cases__on_time_rate")[:TREND_LENGTH]
    )
    return [
        {"period": t["period_key"], "on_time_rate": t["summary__cases__on_time_rate"]}
        for t in reversed(trend)
    ]


def honour_rule_for(assessment: Assessment) -> str:
    """The rule the assessment's 红黑榜 were drawn with, in words (see engine.honour_rule_text)."""
    return engine.honour_rule_text(engine.Parameters.from_json(assessment.parameters or {}))


def title_for(figures: dict) -> str:
    if figures.get("framework_purpose") == COMMUNITY:
        return f"关于{figures['period_label']}社区创建达标工作情况的{KIND_TITLES[figures['kind']]}"
    return f"关于{figures['period_label']}创建全国文明城市工作情况的{KIND_TITLES[figures['kind']]}"


def document_title(figures: dict) -> str:
    """The title as printed: one that takes two lines breaks after the period rather than
    wherever the first line is full ("……）创" / "建全国文明城市……"): GB/T 9704 §7.3.1 asks a
    title to break where the meaning does."""
    title = title_for(figures)
    period = f"关于{figures['period_label']}"
    line = TEXT_WIDTH_MM / 25.4 * 72 / TITLE_PT  # characters of the title's size a line holds
    if text_width(title) <= line or text_width(period) > line:
        return title
    return f"{period}\n{title.removeprefix(period)}"


def _num(value, suffix: str = "") -> str:
    return "—" if value in (None, "") else f"{value}{suffix}"


def overall_text(figures: dict) -> str:
    """总体情况 (in the document and on the bulletin's page): every rate is printed with the counts it is a ratio of (CaseMetrics in
    cases.selectors), so a reader can check it; cases fixed in the period may have been found
    before it, which the sentence says."""
    cases = figures["cases"]
    total = figures["total"]
    closed, overdue = cases.get("closed", 0), cases.get("overdue_open", 0)
    due = cases.get("due", closed + overdue)  # older snapshots did not store the base
    on_time, first_pass = cases.get("closed_on_time", 0), cases.get("first_pass", 0)
    text = (
        f"{figures['period_label']}，全市新发现各类问题{cases.get('found', 0)}个。"
        f"本期应按期整改问题{due}个（本期整改完成{closed}个，含以前发现的问题；期末逾期未整改{overdue}个），"
        f"其中按期整改{on_time}个，按期整改率{_num(cases.get('on_time_rate'), '%')}（{on_time}÷{due}）；"
        f"本期整改完成的{closed}个问题中一次复核通过{first_pass}个，"
        f"一次复核通过率{_num(cases.get('first_pass_rate'), '%')}（{first_pass}÷{closed}）。"
    )
    if total.get("rate") is not None:
        text += (
            f"测评体系已测评指标得分{total['score']}分（已测评指标满分{total['max_points']}分），"
            f"得分率{total['rate']}%。"
        )
    return text


def _overall(figures: dict) -> list:
    return [Heading("总体情况"), Paragraph(overall_text(figures))]


def period_axis_label(key: str) -> str:
    """A trend chart's category: 第47周 rather than the key 2026-W47."""
    try:
        return parse_period(key).short_label
    except PeriodError:
        return key


def charts(figures: dict) -> list[Chart]:
    """On-time-rate trend, problems by category, problems by district (only those with data;
    a category or district with nothing found and nothing fixed gets no empty bar)."""
    out = []
    trend = [t for t in figures["trend"] if t["on_time_rate"] is not None]
    size = {"width": CHART_WIDTH, "height": CHART_HEIGHT}
    if len(trend) > 1:  # one period is a dot, not a trend (总体情况 states its rate)
        out.append(
            Chart(
                kind="line",
                title="按期整改率走势（%）",
                categories=[period_axis_label(t["period"]) for t in trend],
                series={"按期整改率": [float(t["on_time_rate"]) for t in trend]},
                y_label="%",
                **size,
            )
        )
    categories = sorted(
        (c for c in figures["categories"] if c.get("found") or c.get("closed")),
        key=lambda c: -c["found"],
    )[:10]
    if categories:
        out.append(
            Chart(
                kind="bar",
                title="各类问题发现与整改数",
                categories=[c["category"] for c in categories],
                series={
                    "本期发现": [c["found"] for c in categories],
                    "本期整改完成": [c["closed"] for c in categories],
                },
                **size,
            )
        )
    districts, caption = _chart_districts(figures["districts"])
    if districts:
        out.append(
            Chart(
                kind="bar",
                title="各县区问题发现与整改数",
                categories=[d["name"] for d in districts],
                series={
                    "本期发现": [d["found"] for d in districts],
                    "本期整改完成": [d["closed"] for d in districts],
                },
                caption=caption,
                **size,
            )
        )
    return out


def _chart_districts(districts: list[dict]) -> tuple[list[dict], str]:
    """The districts the chart shows, and its caption: all of those with cases (the chart grows
    taller with them), or, beyond what a page holds with every name readable, the halves with
    the most and the fewest problems found, in that order, and a caption that says so."""
    districts = [d for d in districts if d.get("found") or d.get("closed")]
    capacity = horizontal_capacity()
    if len(districts) <= capacity:
        return districts, ""
    half = capacity // 2
    ordered = sorted(districts, key=lambda d: (-d.get("found", 0), -d.get("closed", 0), d["name"]))
    caption = f"共{len(districts)}个县区，图中列出本期发现问题最多和最少的各{half}个"
    return ordered[:half] + ordered[-half:], caption


def _charts_section(figures: dict) -> list:
    """The charts under a heading of their own: the heading keeps with the first chart."""
    drawn = charts(figures)
    return [Heading("图表分析"), *drawn] if drawn else []


def _ranking_tables(figures: dict) -> list:
    blocks: list = [Heading("考核排名")]
    for kind in RANKED_KINDS:
        rows = figures["rankings"].get(kind, [])
        apart = figures["apart"].get(kind, [])
        if not rows and not apart:
            continue
        title = str(RANKED_KIND_TITLES[kind])
        blocks.append(Heading(f"{title}排名", level=2))
        shown = (
            rows
            if len(rows) <= TABLE_LIMIT
            else rows[: TABLE_LIMIT // 2] + rows[-TABLE_LIMIT // 2 :]
        )
        if rows:
            blocks.append(
                Table(
                    columns=[
                        "名次",
                        "单位",
                        "综合得分",
                        "测评得分率（%）",
                        "按期整改率（%）",
                        "较上期",
                    ],
                    rows=[
                        [
                            r["rank"],
                            r["name"],
                            _num(r["composite"]),
                            _num(r["framework"]),
                            _num(r["on_time_rate"]),
                            r["movement"],
                        ]
                        for r in shown
                    ],
                    widths=[1.4, 6, 2, 2.6, 2.6, 1.6],
                )
            )
        if len(rows) > len(shown):
            blocks.append(
                Paragraph(
                    f"（共{len(rows)}个单位参与排名，上表列出前后各{TABLE_LIMIT // 2}名，完整排名见平台“一张图”。）"
                )
            )
        if apart:
            names = "、".join(apart[:APART_LIMIT]) + (
                f"等{len(apart)}个单位" if len(apart) > APART_LIMIT else ""
            )
            blocks.append(Paragraph(f"样本不足、本期不参与排名的单位：{names}。"))
    return blocks


def _honour_lists(figures: dict) -> list:
    blocks: list = [Heading("红黑榜")]
    for kind in RANKED_KINDS:
        red, black = figures["red"].get(kind, []), figures["black"].get(kind, [])
        if red or black:
            title = str(RANKED_KIND_TITLES[kind])
            blocks.append(
                Paragraph(
                    f"红榜：{'、'.join(red) or '无'}；黑榜：{'、'.join(black) or '无'}。",
                    lead=f"{title}。",
                )
            )
    if len(blocks) == 1:
        blocks.append(Paragraph("本期无单位列入红黑榜。"))
    if figures.get("honour_rule"):
        blocks.append(Paragraph(figures["honour_rule"], lead="评定规则。"))
    return blocks


def _exposed(figures: dict, load_photo: Callable[[str], bytes | None]) -> list:
    blocks: list = [Heading("挂牌督办问题")]
    exposed = figures["exposed"]
    if not exposed:
        return blocks + [Paragraph("本期无挂牌督办问题。")]
    rows = []
    for number, item in enumerate(exposed, start=1):
        photo = None
        for path in item["photos"]:
            data = load_photo(path)
            if data:
                photo = Image(data=data, width=40)
                break
        rows.append(
            [
                number,
                item["unit"],
                f"{item['category']}：{item['description']}（{item['address']}）",
                _num(item["overdue_days"]),
                photo or "（无照片）",
            ]
        )
    blocks.append(
        Table(
            columns=["序号", "责任单位", "问题", "逾期天数（至期末）", "现场照片"],
            rows=rows,
            widths=[1.2, 3, 7, 1.6, 4.5],
        )
    )
    return blocks


def storage_photo(path: str) -> bytes | None:
    try:
        with default_storage.open(path, "rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def document_for(
    *,
    figures: dict,
    requirements: str,
    number: str = "",
    issue: int | None = None,
    date: datetime.date | None = None,
    load_photo: Callable[[str], bytes | None] = storage_photo,
) -> OfficialDocument:
    """The bulletin as an official document; reads nothing but the figures (and the photos' bytes).

    It carries the 刊头 of its series with ``issue`` as 第N期 (a draft not yet numbered
    prints 第　期); the 刊头 takes the place of the 红头, so the 发文字号 ``number`` is kept in
    the file's properties rather than printed."""
    blocks: list = _overall(figures)
    blocks += _charts_section(figures)
    blocks += _ranking_tables(figures)
    blocks += _honour_lists(figures)
    blocks += _exposed(figures, load_photo)
    blocks.append(Heading("下步工作要求"))
    for line in (requirements or "").splitlines():
        if line.strip():
            blocks.append(Paragraph(line.strip()))
    return OfficialDocument(
        title=document_title(figures),
        doc_number=number or None,
        journal=Journal(
            name=journal_name(figures),
            issue=f"第{issue}期" if issue else "第　期",
            editor=figures["issuer"],
        ),
        recipients=["各县区人民政府", "市直各有关单位", "各街道（乡镇）、社区（村）"],
        blocks=blocks,
        issuer=figures["issuer"],
        date=date or datetime.date.fromisoformat(figures["period_end"]),
        printed_by=figures["issuer"],
    )
