"""Writes of a visit (检查): its answers, problems, position and photos checked at once, then
saved in one transaction with a finding per failed item or problem, each handed to the case
loop (``wenming.cases.services.report_case``) unless its undercover round is unpublished."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases.models import Source
from wenming.cases.services import report_case
from wenming.hanzi import normalize
from wenming.inspections import permissions
from wenming.inspections.errors import (
    RoundNotOpen,
    SiteNotInRound,
    VisitRejected,
)
from wenming.inspections.models import (
    ChecklistResult,
    Finding,
    Inspection,
    Outcome,
    Photo,
    Round,
    RoundSite,
    Severity,
    Site,
    latest_result_class,
)
from wenming.inspections.selectors import checklist_for
from wenming.inspections.sites import SIX_PLACES
from wenming.numbers import clean_number, clean_position
from wenming.uploads import CheckedUpload, UploadRejected, check_upload

PHOTO_KINDS = {"jpg", "png", "webp"}
MAX_PHOTOS_PER_VISIT = 30


@dataclass(frozen=True)
class ItemAnswer:
    item_id: int
    outcome: str
    note: str = ""
    photos: Sequence = ()


@dataclass(frozen=True)
class Problem:
    """A free-form problem the checklist does not cover."""

    description: str
    category: str
    severity: str = Severity.GENERAL
    photos: Sequence = ()


@dataclass(frozen=True)
class Position:
    latitude: Decimal
    longitude: Decimal
    accuracy: int | None = None


def _check_visit(
    site: Site, answers: Sequence[ItemAnswer], problems: Sequence[Problem]
) -> dict[int, object]:
    """Every active item answered once with a known outcome; problems described. Returns items by id."""
    items = {item.pk: item for item in checklist_for(site.site_type)}
    errors: list[str] = []
    answered: set[int] = set()
    for answer in answers:
        item = items.get(answer.item_id)
        if item is None:
            errors.append(
                _("检查项 %(id)s 不属于“%(type)s”的检查表。")
                % {"id": answer.item_id, "type": site.site_type.name}
            )
        elif answer.item_id in answered:
            errors.append(_("检查项“%(text)s”填写了两次。") % {"text": item.text})
        elif answer.outcome not in Outcome.values:
            errors.append(_("检查项“%(text)s”的结果无效。") % {"text": item.text})
        answered.add(answer.item_id)
    if not answers and not problems and items:
        # An empty 保存检查: say in words what is missing before the item-by-item list.
        errors.append(
            _(
                "还没有填写任何检查结果：本点位共 %(n)d 个检查项，请逐项选择“合格”“不合格”"
                "或“不适用”；检查表以外的问题可在“其他问题”中补充。"
            )
            % {"n": len(items)}
        )
    for number, item in enumerate(items.values(), start=1):
        if item.pk not in answered:
            errors.append(
                _("第 %(n)d 项“%(text)s”尚未选择结果。") % {"n": number, "text": item.text}
            )
    for number, problem in enumerate(problems, start=1):
        if not problem.description.strip():
            errors.append(_("第 %(n)d 个其他问题缺少描述。") % {"n": number})
        if not problem.category.strip():
            errors.append(_("第 %(n)d 个其他问题缺少问题类别。") % {"n": number})
        if problem.severity not in Severity.values:
            errors.append(_("第 %(n)d 个其他问题的严重程度无效。") % {"n": number})
    photo_count = sum(len(a.photos) for a in answers) + sum(len(p.photos) for p in problems)
    if photo_count > MAX_PHOTOS_PER_VISIT:
        errors.append(_("一次检查最多上传 %(n)d 张照片。") % {"n": MAX_PHOTOS_PER_VISIT})
    if errors:
        raise VisitRejected(errors)
    return items


def _rejected(message: str) -> VisitRejected:
    return VisitRejected([message])


def _checked_position(position: Position | None) -> Position | None:
    """The phone's position checked against the visit's columns (a bad one is refused)."""
    if position is None:
        return None
    latitude, longitude = clean_position(
        Inspection, position.latitude, position.longitude, error=_rejected
    )
    if latitude is None or longitude is None:
        return None
    accuracy = clean_number(Inspection, "accuracy", position.accuracy, error=_rejected)
    return Position(latitude=latitude, longitude=longitude, accuracy=accuracy)


def _checked_photos(uploads: Sequence) -> list[CheckedUpload]:
    """Every photo checked (type by content, size, pixels) and re-encoded before anything is saved."""
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload, allowed=PHOTO_KINDS))
        except UploadRejected as rejected:
            errors.append(
                _("照片“%(name)s”：%(why)s")
                % {"name": getattr(upload, "name", ""), "why": " ".join(rejected.messages)}
            )
    if errors:
        raise VisitRejected(errors)
    return checked


def _save_photos(
    inspection: Inspection,
    finding: Finding | None,
    checked: Sequence[CheckedUpload],
    position: Position | None,
) -> list[Photo]:
    photos = []
    for photo in checked:
        # The photo's own GPS position wins; else where the phone said it was at the visit.
        lat = (
            Decimal(str(photo.latitude)).quantize(SIX_PLACES)
            if photo.latitude is not None
            else None
        )
        lon = (
            Decimal(str(photo.longitude)).quantize(SIX_PLACES)
            if photo.longitude is not None
            else None
        )
        if lat is None and position is not None:
            lat, lon = position.latitude, position.longitude
        saved = Photo(inspection=inspection, finding=finding, latitude=lat, longitude=lon)
        saved.file.save(
            f"{timezone.now():%Y%m%d%H%M%S}-{len(photos)}{photo.extension}",
            ContentFile(photo.content),
            save=False,
        )
        saved.save()
        photos.append(saved)
    return photos


def _ensure_may_record(actor, round: Round, site: Site) -> None:
    """An inspector of the round records, while it is open, at one of its sites."""
    if not permissions.can_inspect_round(actor, round):
        if permissions.can(actor, permissions.INSPECT) and not round.is_open:
            raise RoundNotOpen(
                _("督查轮次“%(name)s”已结束，不能再录入检查。") % {"name": round.name}
            )
        raise PermissionDenied
    if not RoundSite.objects.filter(round=round, site=site).exists():
        raise SiteNotInRound(_("点位“%(site)s”不在本轮督查范围内。") % {"site": site.name})


def _locked_open_round(round: Round) -> Round:
    """The round, locked until the visit is saved; a round that has ended takes no more visits."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if not round.is_open:
        raise RoundNotOpen(_("督查轮次“%(name)s”已结束，不能再录入检查。") % {"name": round.name})
    return round


def record_inspection(
    *,
    actor,
    round: Round,
    site: Site,
    answers: Sequence[ItemAnswer],
    problems: Sequence[Problem] = (),
    position: Position | None = None,
    note: str = "",
    visited_at: datetime | None = None,
) -> Inspection:
    """Save a visit: one result per checklist item, a finding per failed item or problem, then cases.

    Photos are checked before anything is written; the whole visit is one transaction.
    """
    _ensure_may_record(actor, round, site)
    items = _check_visit(site, answers, problems)
    position = _checked_position(position)
    answer_photos = [_checked_photos(a.photos) for a in answers]
    problem_photos = [_checked_photos(p.photos) for p in problems]

    with transaction.atomic():
        round = _locked_open_round(round)
        inspection = Inspection.objects.create(
            round=round,
            site=site,
            region=site.region,
            unit=site.unit,
            inspector=actor,
            visited_at=visited_at or timezone.now(),
            latitude=position.latitude if position else None,
            longitude=position.longitude if position else None,
            accuracy=position.accuracy if position else None,
            note=note.strip(),
        )
        ChecklistResult.objects.bulk_create(
            ChecklistResult(
                inspection=inspection,
                item_id=a.item_id,
                outcome=a.outcome,
                note=a.note.strip()[:500],
            )
            for a in answers
        )
        findings = _save_results(
            inspection, items, zip(answers, answer_photos), zip(problems, problem_photos), position
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=inspection,
            summary=f"录入检查 {site.name}（{round.name}）：问题 {len(findings)} 个",
        )
        if not round.is_undercover or round.is_published:
            for finding in findings:
                open_case(actor=actor, finding=finding)
        refresh_site_results([site.pk])
    return inspection


def _save_results(
    inspection: Inspection, items: dict, answers, problems, position: Position | None
) -> list[Finding]:
    """Each answer's photos, and a finding (with its photos) per failed item or problem."""
    findings: list[Finding] = []
    for answer, photos in answers:
        if answer.outcome != Outcome.FAIL:
            _save_photos(inspection, None, photos, position)
            continue
        item = items[answer.item_id]
        description = _("不符合“%(item)s”") % {"item": item.text}
        if answer.note.strip():
            description += "：" + answer.note.strip()
        finding = _create_finding(
            inspection,
            position,
            item=item,
            description=description,
            category=item.category,
            severity=item.severity,
            points=item.points,
            indicator=item.indicator,
        )
        _save_photos(inspection, finding, photos, position)
        findings.append(finding)
    for problem, photos in problems:
        finding = _create_finding(
            inspection,
            position,
            item=None,
            description=problem.description.strip(),
            category=normalize(problem.category),
            severity=problem.severity,
            points=Decimal("0"),
            indicator=None,
        )
        _save_photos(inspection, finding, photos, position)
        findings.append(finding)
    return findings


def refresh_site_results(site_ids=None) -> int:
    """Recompute ``Site.latest_result`` (the map's colour) for these sites, or all of them."""
    sites = Site.objects.all() if site_ids is None else Site.objects.filter(pk__in=site_ids)
    return sites.update(latest_result=latest_result_class(Inspection, ChecklistResult))


def _create_finding(inspection: Inspection, position: Position | None, **values) -> Finding:
    site = inspection.site
    # The problem is where the inspector stood; else at the site's registered position.
    lat = position.latitude if position else site.latitude
    lon = position.longitude if position else site.longitude
    return Finding.objects.create(
        inspection=inspection,
        region=inspection.region,
        unit=inspection.unit,
        latitude=lat,
        longitude=lon,
        **values,
    )


def open_case(*, actor, finding: Finding) -> None:
    """Hand the finding to the case loop, once (a finding that already has a case is left alone).

    The case goes to the site's responsible unit (else the cases app's dispatch rules decide),
    names the indicator it threatens and the points at risk, and reuses the visit's photos.
    """
    if finding.case_id is not None:
        return
    site = finding.inspection.site
    case = report_case(
        actor=actor,
        source=Source.INSPECTION,
        category=finding.category,
        severity=finding.severity,
        description=f"{site.name}：{finding.description}",
        region=finding.region,
        site=site,
        unit=finding.unit,
        latitude=finding.latitude,
        longitude=finding.longitude,
        photos=list(finding.photos.all()),
        indicator=finding.indicator,
        points_at_risk=finding.points or None,
        finding=finding,
        address=site.address,
    )
    finding.case = case
    finding.save(update_fields=["case"])
