"""台账汇编: the monthly book of a community's ledger, the file communities print for inspectors.

Cover (the community, the month, the figures of the four standards), contents (one line per
category with its number of entries), then one section per category: each entry with its date,
place, attendance, account and photos. Built as an OfficialDocument and rendered by the
documents app as DOCX and PDF (CJK fonts embedded), like the notices and bulletins.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.community import selectors
from wenming.community.models import Community, LedgerCategory
from wenming.community.standards import evaluate
from wenming.documents.blocks import Heading, Image, OfficialDocument, PageBreak, Paragraph, Table
from wenming.documents.render import render_docx, render_pdf
from wenming.periods import Period
from wenming.regions.selectors import issuer_name

PHOTO_WIDTH_MM = 120


def _photo(name: str, caption: str) -> Image | None:
    try:
        with default_storage.open(name, "rb") as handle:
            return Image(data=handle.read(), caption=caption, width=PHOTO_WIDTH_MM)
    except (OSError, ValueError):
        return None


def _day(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _cover(community: Community, period: Period, entries: int) -> list:
    """The community, the month, its size and the four standards' results for the month."""
    figures = selectors.month_figures([community.pk], period)[community.pk]
    evaluation = evaluate(figures, selectors.thresholds(), weak_override=community.weak_override)
    return [
        Paragraph(
            _("%(c)s创建工作台账汇编") % {"c": community.unit.name}, indent=False, align="center"
        ),
        Paragraph(period.label, indent=False, align="center"),
        Paragraph(
            _("户数 %(h)s 户，常住人口 %(p)s 人；本月台账 %(n)s 条。")
            % {"h": community.households, "p": community.population, "n": entries},
            indent=False,
            align="center",
        ),
        Table(
            columns=[_("四达标"), _("结果"), _("情况")],
            rows=[
                [s.label, _("达标") if s.met else _("未达标"), s.reason]
                for s in evaluation.standards
            ],
            widths=[3, 2, 10],
            caption=_("四达标情况"),
        ),
    ]


def _contents(categories: list, by_category: dict[str, list]) -> list:
    contents = [
        [f"{number}", str(category.label), len(by_category[category.value])]
        for number, category in enumerate(categories, start=1)
    ]
    if not contents:
        return [Paragraph(_("本月没有台账记录。"))]
    return [Table(columns=[_("序号"), _("类别"), _("台账条数")], rows=contents, widths=[2, 8, 4])]


def _entry(entry) -> list:
    """One entry: its date and title, the facts, the account, its photos; other files named."""
    facts = _("地点：%(p)s；参加人数：%(n)s 人；记录人：%(r)s。") % {
        "p": entry.place or _("未填写"),
        "n": entry.attendance,
        "r": entry.recorded_by.get_full_name() or entry.recorded_by.get_username(),
    }
    blocks: list = [Heading(f"{_day(entry.held_on)} {entry.title}", level=2), Paragraph(facts)]
    if entry.summary:
        blocks.append(Paragraph(entry.summary))
    documents = []
    for number, item in enumerate(entry.files.all(), start=1):
        if not item.is_image:
            documents.append(item.name)
            continue
        photo = _photo(item.file.name, _("%(t)s 照片%(n)s") % {"t": entry.title, "n": number})
        if photo is not None:
            blocks.append(photo)
    if documents:
        blocks.append(Paragraph(_("附件：%(names)s") % {"names": "、".join(documents)}))
    return blocks


def build(community: Community, period: Period) -> OfficialDocument:
    entries = list(selectors.ledger_of(community, period).order_by("held_on", "pk"))
    by_category: dict[str, list] = {}
    for entry in entries:
        by_category.setdefault(entry.category, []).append(entry)
    categories = [c for c in LedgerCategory if c.value in by_category]
    blocks: list = [
        *_cover(community, period, len(entries)),
        PageBreak(),
        Heading(_("目录"), numbered=False),
        *_contents(categories, by_category),
    ]
    for category in categories:
        blocks += [PageBreak(), Heading(str(category.label))]
        for entry in by_category[category.value]:
            blocks += _entry(entry)
    return OfficialDocument(
        title=_("%(c)s创建工作台账汇编（%(m)s）") % {"c": community, "m": period.label},
        blocks=blocks,
        issuer=community.unit.name,
        date=min(timezone.localdate(), period.end),
        printed_by=issuer_name(),
    )


def export_book(*, actor, community_id: int, period: Period, fmt: str) -> tuple[bytes, str]:
    """The month's book as DOCX or PDF and its file name; every export is audited."""
    community = selectors.get_community_for(actor, community_id)
    document = build(community, period)
    data = render_pdf(document) if fmt == "pdf" else render_docx(document)
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=community,
        summary=f"导出台账汇编 {community} {period.label} ({fmt})",
    )
    return data, f"{community.unit.name} 创建工作台账汇编 {period.label}.{fmt}"
