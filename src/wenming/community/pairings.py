"""结对共建 (seed 000: "结对共建社区 … 30万元帮扶资金,用于卫生清理、环境整治、设施更新";
"社区吹哨 党员报到"): a unit paired with communities for a period, the money it pays, the
activities it holds with them and its party members' service hours there.

The office pairs; the paired unit's liaison or leader records its funds, activities and 党员报到;
both sides see them (the community through its territory, the unit through its own unit).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.community import permissions, selectors
from wenming.community.models import (
    Community,
    Disbursement,
    FundPurpose,
    JointActivity,
    Pairing,
    PartyReport,
)
from wenming.community.services import CommunityError, clean_text
from wenming.numbers import clean_number
from wenming.regions.models import Unit, UnitKind
from wenming.uploads import DOCUMENT_KINDS, IMAGE_KINDS, check_upload


def pair(
    *, actor, unit_id: int, community_id: int, start: date, end: date | None = None, note: str = ""
) -> Pairing:
    if actor is not None and not permissions.can(actor, permissions.MANAGE):
        raise PermissionDenied
    community = (
        selectors.get_community_for(actor, community_id)
        if actor is not None
        else Community.objects.get(pk=community_id)
    )
    unit = Unit.objects.filter(pk=unit_id, is_active=True).exclude(kind=UnitKind.COMMUNITY).first()
    if unit is None:
        raise CommunityError(_("请选择结对单位（社区以外的单位）。"), field="unit")
    if start is None:
        raise CommunityError(_("请填写开始日期。"), field="start")
    if end is not None and end < start:
        raise CommunityError(_("结束日期不能早于开始日期。"), field="end")
    with transaction.atomic():
        pairing, created = Pairing.objects.get_or_create(
            unit=unit,
            community=community,
            start=start,
            defaults={"region_id": community.region_id, "end": end, "note": clean_text(note, 300)},
        )
        if created:
            record(
                actor=actor, action=AuditAction.CREATE, obj=pairing, summary=f"结对共建：{pairing}"
            )
    return pairing


def _pairing_to_record(actor, pairing_id: int) -> Pairing:
    pairing = selectors.get_pairing_for(actor, pairing_id)
    if not permissions.can_record_pairing(actor, pairing):
        raise PermissionDenied
    return pairing


def _day(value: date | None, field: str) -> date:
    if value is None:
        raise CommunityError(_("请填写日期。"), field=field)
    if value > timezone.localdate():
        raise CommunityError(_("日期不能晚于今天。"), field=field)
    return value


def disburse(
    *,
    actor,
    pairing_id: int,
    amount,
    paid_on: date,
    purpose: str,
    note: str = "",
    attachment=None,
) -> Disbursement:
    pairing = _pairing_to_record(actor, pairing_id)
    amount = clean_number(Disbursement, "amount", amount, minimum="0.01", error=CommunityError)
    if amount is None:
        raise CommunityError(_("请填写金额。"), field="amount")
    if purpose not in FundPurpose.values:
        raise CommunityError(_("请选择资金用途。"), field="purpose")
    paid_on = _day(paid_on, "paid_on")
    checked = check_upload(attachment, allowed=DOCUMENT_KINDS | IMAGE_KINDS) if attachment else None
    with transaction.atomic():
        item = Disbursement(
            pairing=pairing,
            amount=amount,
            paid_on=paid_on,
            purpose=purpose,
            note=clean_text(note, 300),
        )
        if checked is not None:
            item.attachment.save(checked.name, ContentFile(checked.content), save=False)
            item.attachment_name = checked.name
        item.save()
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=item,
            summary=f"{pairing}：拨付帮扶资金 {amount} 元（{item.get_purpose_display()}）",
        )
    return item


def add_activity(
    *, actor, pairing_id: int, held_on: date, title: str, participants=0, summary: str = ""
) -> JointActivity:
    pairing = _pairing_to_record(actor, pairing_id)
    title = clean_text(title, 200)
    if not title:
        raise CommunityError(_("请填写活动名称。"), field="title")
    participants = clean_number(
        JointActivity, "participants", participants, minimum=0, error=CommunityError
    )
    with transaction.atomic():
        activity = JointActivity.objects.create(
            pairing=pairing,
            held_on=_day(held_on, "held_on"),
            title=title,
            participants=participants or 0,
            summary=(summary or "").strip()[:3000],
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=activity,
            summary=f"{pairing}：共建活动 {title}",
        )
    return activity


def report_party_member(
    *, actor, pairing_id: int, member_name: str, served_on: date, hours, service: str
) -> PartyReport:
    """党员报到: who served, when, how long, doing what."""
    pairing = _pairing_to_record(actor, pairing_id)
    member_name = clean_text(member_name, 50)
    if not member_name:
        raise CommunityError(_("请填写党员姓名。"), field="member_name")
    hours = clean_number(
        PartyReport, "hours", hours, minimum="0.5", maximum=24, error=CommunityError
    )
    if hours is None:
        raise CommunityError(_("请填写服务时长。"), field="hours")
    service = clean_text(service, 200)
    if not service:
        raise CommunityError(_("请填写服务内容。"), field="service")
    with transaction.atomic():
        report = PartyReport.objects.create(
            pairing=pairing,
            member_name=member_name,
            served_on=_day(served_on, "served_on"),
            hours=hours,
            service=service,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=report,
            summary=f"{pairing}：党员报到 {member_name} {hours} 小时",
        )
    return report
