"""Notices (整改通知书, 督办单, 到期提醒, 挂牌督办通知): numbering, frozen content, rendering.

A notice's content is assembled once, when it is issued, and stored on the Notice; the DOCX
and PDF are rendered from that content by the documents app, so a notice printed next month
says what it said the day it was sent.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import conf
from wenming.cases.errors import CaseInputError
from wenming.cases.models import Case, Notice, NoticeKind, PhotoKind, State
from wenming.cases.selectors import cases_visible_to, get_notice_for
from wenming.cases.transitions import OFFICE_ROLES, effective_role
from wenming.documents.render import (
    Image,
    OfficialDocument,
    Paragraph,
    Table,
    render_docx,
    render_pdf,
)
from wenming.documents.services import next_document_number
from wenming.regions.models import Unit
from wenming.regions.selectors import get_unit_for, issuer_name

# The word after the office's abbreviation in a 发文字号: 淮创城整〔2026〕15号.
NUMBER_WORDS = {
    NoticeKind.RECTIFICATION: "整",
    NoticeKind.SUPERVISION: "督",
    NoticeKind.EXPOSURE: "挂",
}
OPEN_FOR_UNIT = (State.DISPATCHED, State.RECTIFYING)


def todo_url(unit: Unit) -> str:
    """Where the QR code leads: the recipient unit's case list."""
    return f"{conf.site_url()}{reverse('cases:todo')}?unit={unit.pk}"


def _local(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _due_text(case: Case) -> str:
    if case.due is None:
        return ""
    local = timezone.localtime(case.due)
    # Working-day deadlines end with the day; hour deadlines (紧急) name the hour.
    if local.hour == 23 and local.minute == 59:
        return f"{local.year}年{local.month}月{local.day}日"
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def case_summary(case: Case) -> dict:
    """One case as a notice lists it (frozen into the notice's content)."""
    return {
        "id": case.pk,
        "category": case.category,
        "severity": case.get_severity_display(),
        "description": case.description,
        "address": case.address or case.region.name,
        "due": case.due.isoformat() if case.due else "",
        "due_text": _due_text(case),
        "reported": _local(case.created),
        "photos": [p.image.name for p in case.photos.all() if p.kind == PhotoKind.BEFORE][:2],
        "indicator": str(case.indicator) if case.indicator_id else "",
    }


def _next_number(kind: str, year: int) -> str:

    word = NUMBER_WORDS.get(kind)
    if word is None:
        return ""
    return next_document_number(prefix=f"{conf.notice_prefix()}{word}", year=year)


def create_notice(
    *,
    actor,
    kind: str,
    unit: Unit,
    cases: list[Case],
    content: dict,
    title: str,
    case: Case | None = None,
) -> Notice:
    """Number and store a notice; call inside the caller's transaction (the number is taken there)."""
    now = timezone.now()
    year = timezone.localtime(now).year
    notice = Notice.objects.create(
        kind=kind,
        year=year,
        number=_next_number(kind, year),
        title=title,
        unit=unit,
        region=unit.region,
        case=case,
        recipient_name=unit.leader_name if kind != NoticeKind.REMINDER else unit.liaison_name,
        content={
            **content,
            "issuer": issuer_name(),
            "date": timezone.localdate(now).isoformat(),
            "qr_url": todo_url(unit),
        },
        issued_by=actor if actor is not None and actor.is_authenticated else None,
        issued_at=now,
    )
    notice.cases.set(cases)
    return notice


def _rectification_content(cases: list[Case], overdue: list[Case]) -> dict:
    """The notice's frozen text: the cases to rectify with their deadlines, the requirements,
    and the overdue cases it leaves to the 督办单."""
    content = {
        "intro": _(
            "经督查，你单位责任范围内存在以下 %(n)d 个问题，现予交办。请对照问题清单，"
            "逐项落实整改，于整改期限内完成，并通过平台上传整改前后对比照片。"
        )
        % {"n": len(cases)},
        "requirements": [
            _("主要负责同志要亲自研究部署，明确责任人和整改措施，确保按期整改到位。"),
            _("整改完成后，通过平台提交整改情况和整改后照片，由创城办组织复核。"),
            _(
                "确需延期的，应在期限届满前通过平台申请，经批准后方可延期；逾期未整改的，将下发督办单并视情挂牌督办。"
            ),
        ],
        "cases": [case_summary(c) for c in cases],
    }
    if overdue:
        content["left_out"] = _(
            "另有 %(n)d 个问题（第 %(ids)s 号）已超过整改期限仍未整改完成，不列入本通知，"
            "按督办程序另行督办。"
        ) % {"n": len(overdue), "ids": "、".join(str(c.pk) for c in overdue)}
    return content


def issue_rectification_notice(*, actor, unit_id: int) -> Notice:
    """整改通知书 to a unit listing its open cases, with photos, deadlines and requirements."""

    if effective_role(actor) not in OFFICE_ROLES:
        raise PermissionDenied
    unit = get_unit_for(actor, unit_id)
    with transaction.atomic():
        open_cases = list(
            cases_visible_to(actor)
            .filter(unit=unit, state__in=OPEN_FOR_UNIT)
            .select_related("region", "indicator")
            .prefetch_related("photos")
            .order_by("due", "pk")
        )
        # A notice sets deadlines to meet: a problem already past its deadline has no deadline
        # to give here. It is left out and named as overdue (the 督办单 deals with it).
        now = timezone.now()
        cases = [c for c in open_cases if c.due is None or c.due >= now]
        overdue = [c for c in open_cases if c.due is not None and c.due < now]
        if not cases:
            if overdue:
                raise CaseInputError(
                    _(
                        "%(unit)s 的 %(n)d 个待整改问题均已超过整改期限，整改通知书无期限可定；"
                        "请按督办程序下发督办单，或批准延期后再下发整改通知书。"
                    )
                    % {"unit": unit.name, "n": len(overdue)}
                )
            raise CaseInputError(
                _("%(unit)s 目前没有待整改的问题，无需下发整改通知书。") % {"unit": unit.name}
            )
        content = _rectification_content(cases, overdue)
        notice = create_notice(
            actor=actor,
            kind=NoticeKind.RECTIFICATION,
            unit=unit,
            cases=cases,
            content=content,
            title=_("关于限期整改创建全国文明城市问题的通知"),
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=notice,
            summary=f"下发整改通知书 {notice.number} → {unit.name}",
        )
    return notice


# --- Rendering ----------------------------------------------------------------------------------


def _photo_cell(names: list[str]):

    for name in names:
        try:
            with default_storage.open(name, "rb") as handle:
                return Image(data=handle.read(), width=30)
        except (OSError, ValueError):
            continue
    return ""


def _deadline_cell(summary: dict) -> str:
    """整改期限 as printed: a problem past its deadline shows the new one its notice set."""
    if summary.get("new_due_text"):
        return _("原定%(due)s（已逾期）\n限%(new)s前") % {
            "due": summary["due_text"],
            "new": summary["new_due_text"],
        }
    return summary["due_text"]


def build_document(notice: Notice):
    """The notice as an OfficialDocument (documents app), from its frozen content."""

    c = notice.content
    blocks = [Paragraph(c.get("intro", ""))] if c.get("intro") else []
    if c.get("cases"):
        rows = [
            [
                i,
                f"{x['category']}（{x['severity']}）\n{x['description']}",
                x["address"],
                _deadline_cell(x),
                _photo_cell(x.get("photos", [])),
            ]
            for i, x in enumerate(c["cases"], start=1)
        ]
        blocks.append(
            Table(
                columns=[_("序号"), _("问题"), _("地点"), _("整改期限"), _("照片")],
                rows=rows,
                widths=[1.2, 5, 2.8, 3.4, 3],
                caption=_("问题清单"),
            )
        )
    if c.get("left_out"):
        blocks.append(Paragraph(c["left_out"]))
    for number, text in enumerate(c.get("requirements", []), start=1):
        blocks.append(Paragraph(f"{number}. {text}" if len(c["requirements"]) > 1 else text))
    for text in c.get("paragraphs", []):
        blocks.append(Paragraph(text))
    return OfficialDocument(
        title=notice.title,
        doc_number=notice.number or None,
        # 红头: the issuing office in red above the 发文字号 — for the numbered 公文 (整改通知书,
        # 督办单, 挂牌督办通知), not for a reminder.
        masthead=(c.get("issuer") or issuer_name()) if notice.number else "",
        recipients=[notice.unit.name],
        blocks=blocks,
        issuer=c.get("issuer") or issuer_name(),
        date=datetime.date.fromisoformat(c["date"])
        if c.get("date")
        else timezone.localdate(notice.issued_at),
        qr_url=c.get("qr_url") or todo_url(notice.unit),
        qr_caption=_("扫码查看本单位问题清单"),
    )


def render_notice(notice: Notice, fmt: str) -> bytes:

    document = build_document(notice)
    return render_pdf(document) if fmt == "pdf" else render_docx(document)


def export_notice(*, actor, notice_id: int, fmt: str) -> tuple[bytes, str]:
    """The notice's DOCX or PDF for download and its file name (e.g. 整改通知书 淮创城整〔2026〕15号
    田家庵区.docx); every export is audited."""

    notice = get_notice_for(actor, notice_id)
    data = render_notice(notice, fmt)
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=notice,
        summary=f"下载{notice.get_kind_display()} {notice.number} ({fmt})",
    )
    parts = [notice.get_kind_display(), notice.number or notice.title, notice.unit.name]
    return data, " ".join(p for p in parts if p) + f".{fmt}"
