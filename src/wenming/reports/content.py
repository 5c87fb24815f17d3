"""The work report's text: five sections of editable prose whose placeholders (``{meal.total}``)
are filled with live figures (wenming.figures), and the document built from them.

A placeholder whose figure has no data for the period — or whose app is not installed — is
printed as "（…无数据）" with the unit word after it dropped, never as 0. Every figure the text
uses is listed in a closing table with its source and period, so each number can be traced.
Figures registered by an app that the prose does not mention are stated at the end of 工作亮点,
so a newly built register reaches the report without anyone editing the template.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wenming.documents.blocks import Heading, OfficialDocument, Paragraph, Table
from wenming.figures import Figure, Subject, compute

SECTIONS: list[tuple[str, str]] = [
    ("organisation", "加强组织领导，及时对创建工作进行安排部署"),
    ("key_work", "突出重点，着力推进创建重点工作"),
    ("highlights", "结合工作实际，挖掘创建工作亮点"),
    ("publicity", "加大宣传力度，做好舆论宣传"),
    ("next_steps", "下步打算"),
]

# Seed 000 (淮南) and 002 (兰州) as the model: the figures sentence of seed 000 is reproduced
# with its own punctuation.
DEFAULT_TEXT = {
    "organisation": (
        "把创建工作作为“一把手”工程，成立了创建工作领导小组，设立领导小组办公室，确定专人负责"
        "创建工作的协调、组织和督导，制定了年度工作方案，明确了全国文明城市测评任务清单。"
        "{period}共承担测评任务{tasks.total}项，已完成{tasks.done}项；"
        "网上申报材料{materials.submitted}份，审核通过{materials.approved}份。"
    ),
    "key_work": (
        "创新“党建+老年助餐”服务模式，"
        "{scope}共建成老年食堂(助餐点){meal.total}家,其中,城市老年食堂{meal.urban}家,"
        "农村老年食堂{meal.rural}家,满足了不少于{meal.elderly}名老年人的就餐需求。"
        "{period}助餐点累计就餐{meal.diners}人次，完成特殊困难老年人家庭适老化改造"
        "{retrofit.households}户。\n"
        "建立主要领导、班子成员每月检查一次，分管安全工作负责人每周检查一次的安全检查制度。"
        "{period}共开展检查{safety.checks}次、安全宣讲{safety.talks}场、事故应急演练"
        "{safety.drills}场，下发工作提示{safety.notices}次，发现安全隐患{safety.hazards}处，"
        "均纳入问题整改闭环。\n"
        "对照测评体系开展自查，{period}发现问题{cases.found}个，整改完成{cases.fixed}个。"
    ),
    "highlights": (
        "按照“先救治、后救助”的原则，深化街面巡查、站内照料、寻亲安置等各项工作，"
        "{period}共救助流浪乞讨人员{relief.cases}人次，其中未成年人{relief.minors}人次，"
        "寻亲返乡、安置和护送{relief.settled}人次；实施“夏季送清凉”“寒冬送温暖”专项救助行动"
        "{relief.campaigns}次，街面巡查{relief.patrols}次，救助{relief.helped}人次。\n"
        "着力做好农村留守儿童和困境儿童关爱保护，{period}开展走访帮扶{children.visits}次。\n"
        "深化“社区吹哨 党员报到”，结对共建社区{community.pairings}个，{period}拨付帮扶资金"
        "{community.funds}元，用于卫生清理、环境整治、设施更新等方面；{scope}达到“四达标”的社区"
        "{community.all_four}个。\n"
        "广泛开展志愿服务，{scope}注册志愿者{volunteers.registered}名，志愿服务队伍"
        "{volunteers.teams}支，{period}开展志愿服务{volunteers.services}人次、"
        "{volunteers.hours}小时。"
    ),
    "publicity": (
        "选树宣传先进典型，{scope}累计涌现出各级各类好人{honors.people}名，"
        "其中荣登中国好人榜{honors.china_list}人。\n"
        "充分运用报纸、网站、微博、微信等媒介，广泛宣传报道创建工作和进展情况；不断创新教育载体，"
        "充分利用各类会议、培训等有利时机教育广大干部职工，引导干部职工在举手投足间提升素质、"
        "彰显文明。"
    ),
    "next_steps": (
        "坚持再动员、再部署、再鼓劲，紧盯创建重点区域和重点任务，对照测评体系查漏补缺，"
        "确保高质量、高标准完成各项创建任务，为创建全国文明城市做出更大的贡献。"
    ),
}

PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)+)\}")
# Words of the subject, not figures: {period} 2026年, {scope} 全市 / 全区 / 本单位.
WORDS = ("period", "scope")


def default_sections() -> dict[str, str]:
    return dict(DEFAULT_TEXT)


def keys_in(sections: dict[str, str]) -> list[str]:
    """The figure keys the prose mentions, in order of first use."""
    seen: dict[str, None] = {}
    for key, _heading in SECTIONS:
        for match in PLACEHOLDER.finditer(sections.get(key, "")):
            seen.setdefault(match.group(1))
    return list(seen)


@dataclass(frozen=True)
class Filled:
    paragraphs: dict[str, list[str]]  # section key → its paragraphs with figures filled in
    used: list[Figure]  # every figure the text states (or says it has no data for), in order


def _missing(key: str, period_label: str) -> Figure:
    return Figure(
        key=key, label=key, value=None, unit="", source=_("无数据来源"), period_label=period_label
    )


def fill(sections: dict[str, str], subject: Subject, words: dict[str, str]) -> Filled:
    """Replace each placeholder by its figure; a figure without data says so (and the unit
    word written after the placeholder is dropped)."""
    mentioned = keys_in(sections)
    figures = compute(subject)
    extra = [key for key in figures if key not in mentioned]
    used: dict[str, Figure] = {}

    def replace(match: re.Match, text: str) -> tuple[str, int]:
        key = match.group(1)
        figure = figures.get(key) or _missing(key, subject.period.label)
        used.setdefault(key, figure)
        end = match.end()
        if figure.has_data:
            return figure.text, end
        if figure.unit and text.startswith(figure.unit, end):
            end += len(figure.unit)  # "检查{safety.checks}次" → "检查（本期无数据）"
        return _("（%(period)s无数据）") % {"period": subject.period.label}, end

    def fill_text(text: str) -> str:
        for word in WORDS:
            text = text.replace("{" + word + "}", words.get(word, ""))
        out, position = [], 0
        for match in PLACEHOLDER.finditer(text):
            if match.start() < position:
                continue
            value, end = replace(match, text)
            out.append(text[position : match.start()])
            out.append(value)
            position = end
        out.append(text[position:])
        return "".join(out)

    paragraphs = {}
    for key, _heading in SECTIONS:
        text = fill_text(sections.get(key, "") or "")
        paragraphs[key] = [line.strip() for line in text.splitlines() if line.strip()]
    # Figures of registers the prose does not mention yet (a new app's): stated in 工作亮点.
    stated = [figures[k] for k in extra if figures[k].has_data]
    if stated:
        line = "；".join(f"{f.label}{f.text}{f.unit}" for f in stated)
        paragraphs["highlights"].append(
            _("此外，%(period)s%(line)s。") % {"period": subject.period.label, "line": line}
        )
        for figure in stated:
            used.setdefault(figure.key, figure)
    return Filled(paragraphs=paragraphs, used=list(used.values()))


def source_table(used: list[Figure]) -> Table:
    rows = [
        [
            number,
            figure.label,
            f"{figure.text}{figure.unit}" if figure.has_data else _("无数据"),
            figure.source,
            figure.period_label,
        ]
        for number, figure in enumerate(used, start=1)
    ]
    return Table(
        columns=[_("序号"), _("数据项"), _("数值"), _("数据来源"), _("统计期")],
        rows=rows or [["", _("正文未引用数据"), "", "", ""]],
        widths=[1.2, 4, 2.4, 5, 3],
        caption=_("附表：文中数据来源"),
    )


def build_document(
    *,
    title: str,
    recipient: str,
    issuer: str,
    dated: datetime.date,
    doc_number: str,
    intro: str,
    filled: Filled,
    closing: str,
) -> OfficialDocument:
    blocks = [Paragraph(intro)]
    for key, heading in SECTIONS:
        blocks.append(Heading(heading))
        blocks.extend(Paragraph(text) for text in filled.paragraphs.get(key, []))
    blocks.append(Paragraph(closing))
    blocks.append(source_table(filled.used))
    return OfficialDocument(
        title=title,
        doc_number=doc_number or None,
        recipients=[recipient],
        blocks=blocks,
        issuer=issuer,
        date=dated,
    )
