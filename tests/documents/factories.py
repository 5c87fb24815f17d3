"""Documents to render in tests: a bulletin-like 公文 with every kind of block."""

from __future__ import annotations

import datetime
import io

from wenming.documents.blocks import (
    Chart,
    Heading,
    Image,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Table,
)

DISTRICTS = ["田家庵区", "大通区", "谢家集区", "八公山区", "潘集区", "凤台县", "寿县", "毛集实验区"]


def photo(width: int = 1600, height: int = 1200, colour=(180, 40, 40)) -> bytes:
    """A JPEG photo with a gradient, big enough to be down-sampled."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image = PILImage.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 40):
        draw.line([(x, 0), (x, height)], fill=(colour[0], (x * 255) // width, 90), width=20)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def ranking_table() -> Table:
    rows = [
        [
            rank,
            name,
            120 - rank * 9,
            118 - rank * 10,
            round(98.3 - rank * 2.5, 1),
            "↑1" if rank % 2 else "↓2",
        ]
        for rank, name in enumerate(DISTRICTS, start=1)
    ]
    return Table(
        columns=["排名", "县区", "发现问题", "已整改", "按期整改率（%）", "较上周"],
        rows=rows,
        caption="表1  各县区问题整改情况",
    )


def bulletin(*, sections: int = 1, with_qr: bool = True) -> OfficialDocument:
    """A 周通报 with headings, paragraphs, a ranking table, two charts and a photo.

    ``sections`` repeats the body to make a longer document (each adds roughly two pages).
    """
    blocks = []
    for section in range(1, sections + 1):
        blocks += [
            Heading(f"总体情况（第{section}部分）"),
            Paragraph(
                "11月17日至23日，市创城办组织对全市8个县区、66个社区开展实地考察和暗访督查，"
                "共发现问题312个，已整改276个，按期整改率88.46%。全市共建成老年食堂551家，"
                "其中城市280家，农村271家。"
            ),
            Heading("各县区整改情况", level=2),
            Paragraph(
                "田家庵区、大通区整改及时，问题“清零”；谢家集区、八公山区仍有逾期问题。",
                lead="一是",
            ),
            ranking_table(),
            Chart(
                kind="bar",
                title=f"各县区发现问题数（第{section}部分）",
                categories=DISTRICTS,
                series={"发现问题": [42 + section, 35, 51, 28, 33, 47, 39, 37]},
                y_label="件",
            ),
            Chart(
                kind="line",
                title="近六周按期整改率（%）",
                categories=[f"第{w}周" for w in range(42, 48)],
                series={
                    "全市": [81.2, 83.5, 85.0, 84.1, 87.9, 88.5],
                    "田家庵区": [85, 86.4, 90, 91.2, 92, 95.5],
                },
            ),
            Heading("挂牌督办问题", level=2),
            Heading("背街小巷环境卫生", level=3),
            Image(data=photo(), caption="图1  谢家集区育才路垃圾堆积（11月20日暗访）", width=100),
            Table(
                columns=["编号", "问题描述", "现场照片", "整改时限"],
                rows=[
                    [
                        "2026-0312",
                        "育才路垃圾堆积，未及时清运",
                        Image(data=photo(800, 600, (40, 90, 160)), width=40),
                        "11月25日",
                    ]
                ],
                widths=[2, 5, 4, 2.5],
            ),
            Heading("下一步工作要求"),
            Paragraph("各县区要对照问题清单，逐条整改、销号管理，确保11月底前全部整改到位。"),
        ]
        if section < sections:
            blocks.append(PageBreak())
    return OfficialDocument(
        title="关于2026年第47周全国文明城市创建\n工作情况的通报",
        doc_number="淮创城办〔2026〕47号",
        recipients=["各县区创建办", "市直各有关单位"],
        blocks=blocks,
        issuer="淮南市创建全国文明城市工作指挥部办公室",
        date=datetime.date(2026, 11, 23),
        copy_to=["市委办公室", "市政府办公室"],
        qr_url="https://wenming.example.cn/cases/?period=2026-W47" if with_qr else None,
        masthead="淮南市创建全国文明城市工作指挥部办公室",
        attachments=["各县区问题清单", "挂牌督办问题照片"],
        printed_by="淮南市创建全国文明城市工作指挥部办公室",
    )


def supervision_notice() -> OfficialDocument:
    """A 督办单: a form (a table without header row) and a two-line requirement."""
    return OfficialDocument(
        title="督办单",
        doc_number="淮创城督〔2026〕3号",
        recipients="淮南市谢家集区人民政府",
        blocks=[
            Table(
                columns=[],
                rows=[
                    ["督办事项", "育才路垃圾堆积问题逾期未整改"],
                    ["责任单位", "谢家集区谢家集街道办事处"],
                    ["原定时限", "2026年11月20日"],
                    ["督办时限", "2026年11月25日"],
                ],
                widths=[1, 3],
            ),
            Paragraph("请于督办时限前整改到位，\n并将整改情况书面报送市创城办。"),
        ],
        issuer="淮南市创建全国文明城市工作指挥部办公室",
        date=datetime.date(2026, 11, 23),
    )


def rectification_notice(cases: int = 6) -> OfficialDocument:
    """A 整改通知书 shaped like the cases app builds it: a problem list with photos."""
    rows = [
        [
            i,
            f"占道经营（一般）\n光明路菜场门口流动摊点占道经营，影响通行{i}",
            "田家庵区光明路与和平路交叉口",
            "11月26日17时",
            Image(data=photo(1200, 900, (60 + i * 20, 120, 60)), width=30),
        ]
        for i in range(1, cases + 1)
    ]
    return OfficialDocument(
        title="关于限期整改创建全国文明城市问题的通知",
        doc_number="淮创城整〔2026〕15号",
        recipients=["田家庵区田东街道光明社区居民委员会"],
        blocks=[
            Paragraph(
                f"经督查，你单位责任范围内存在以下 {cases} 个问题，现予交办。请对照问题清单，逐项落实整改。"
            ),
            Table(
                columns=["序号", "问题", "地点", "整改期限", "照片"],
                rows=rows,
                widths=[1, 5, 3, 2.6, 3.4],
                caption="问题清单",
            ),
            Paragraph("1. 主要负责同志要亲自研究部署，明确责任人和整改措施，确保按期整改到位。"),
            Paragraph("2. 整改完成后，通过平台提交整改情况和整改后照片，由创城办组织复核。"),
        ],
        issuer="淮南市创建全国文明城市工作指挥部办公室",
        date=datetime.date(2026, 11, 23),
        qr_url="https://wenming.example.cn/cases/todo/?unit=7",
        qr_caption="扫码查看本单位问题清单",
    )
