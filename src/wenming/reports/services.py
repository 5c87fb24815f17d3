"""Writes of the work report: open (with the default prose), edit, and render as DOCX/PDF.

The 文号 is taken the first time the report is rendered and kept, so every copy of a report
carries the same number. Rendering reads the figures live: the report states what the registers
hold when it is printed, with each figure's source and period in its closing table.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.documents.render import render_docx, render_pdf
from wenming.documents.services import DocumentNumberError, next_document_number
from wenming.figures import Subject
from wenming.periods import Period, PeriodError, parse_period
from wenming.regions.models import Region, RegionLevel, Unit
from wenming.regions.scope import scope_for
from wenming.regions.selectors import home_region, issuer_name
from wenming.regions.services import UnitIndex
from wenming.reports import content, permissions
from wenming.reports.models import WorkReport

DEFAULT_RECIPIENT = "市文明委"
FORMATS = ("docx", "pdf")


class ReportError(Exception):
    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def find_unit(text: str) -> Unit:
    """A unit by full or short name (繁/简 alike); ReportError naming the problem otherwise."""
    index = UnitIndex(Unit.objects.filter(is_active=True))
    problem = index.problem(text or "")
    if problem:
        raise ReportError(problem, field="unit")
    return index.find(text)


def period_of(key: str) -> Period:
    try:
        return parse_period(key)
    except PeriodError as exc:
        raise ReportError(str(exc), field="period") from None


def _scope_word(region: Region) -> str:
    if region.level == RegionLevel.PROVINCE:
        return "全省"
    if region.level == RegionLevel.CITY:
        return "全市"
    if region.level == RegionLevel.COUNTY:
        return "全县" if region.name.endswith("县") else "全区"
    if region.level == RegionLevel.TOWN:
        return "全街道" if region.name.endswith("街道") else "全镇"
    return "本村" if region.name.endswith("村") else "本社区"


def _may_report_for(actor, unit: Unit | None) -> bool:
    """Whether ``actor`` may write this unit's report (None: the city's). The system (CLI) may."""
    if actor is None:
        return True
    if permissions.can(actor, permissions.ANY):
        scope = scope_for(actor)
        return unit is None or scope.everything or scope.covers_region(unit.region_id)
    return (
        unit is not None
        and permissions.can(actor, permissions.OWN)
        and unit.pk in scope_for(actor).unit_ids
    )


def subject_of(report: WorkReport) -> Subject:
    unit = report.unit
    return Subject(
        region_code=report.region_id,
        period=parse_period(report.period_key),
        unit_id=unit.pk if unit else None,
        territorial=unit.is_territorial if unit else True,
    )


def _default_title(unit: Unit | None, region: Region, period: Period) -> str:
    who = unit.name if unit else region.name
    return _("%(who)s关于%(period)s创建全国文明城市工作落实情况的报告") % {
        "who": who,
        "period": period.label,
    }


def open_report(*, actor, unit: Unit | None, period_key: str) -> WorkReport:
    """The report of ``unit`` (None: the city's) for the period, created with the default prose
    the first time."""
    if actor is not None and not (
        permissions.can(actor, permissions.OWN) or permissions.can(actor, permissions.ANY)
    ):
        raise PermissionDenied
    if not _may_report_for(actor, unit):
        raise Http404
    period = period_of(period_key)
    region = unit.region if unit else home_region()
    if region is None:
        raise ReportError(_("尚未设置本市区划，无法生成全市报告。"))
    with transaction.atomic():
        lookup = {"unit": unit} if unit else {"unit__isnull": True, "region": region}
        report = WorkReport.objects.filter(**lookup, period_key=period.key).first()
        if report is not None:
            return report
        issuer = unit.name if unit else issuer_name(region.code)
        report = WorkReport.objects.create(
            unit=unit,
            region=region,
            period_key=period.key,
            title=_default_title(unit, region, period),
            recipient=DEFAULT_RECIPIENT,
            issuer=issuer,
            number_prefix=(unit.short_name or unit.name) + "报" if unit else "文明委办报",
            dated=timezone.localdate(),
            sections=content.default_sections(),
            updated_by=actor if actor is not None else None,
        )
        record(actor=actor, action=AuditAction.CREATE, obj=report, summary=f"新建报告 {report}")
    return report


def save_report(*, actor, report: WorkReport, data: dict) -> WorkReport:
    """Change the prose, addressee, 落款, 机关代字 or date of a report the actor may write."""
    if not _may_report_for(actor, report.unit):
        raise Http404
    changes = {}
    with transaction.atomic():
        report = WorkReport.objects.select_for_update().get(pk=report.pk)
        for name, limit in (
            ("title", 200),
            ("recipient", 100),
            ("issuer", 100),
            ("number_prefix", 40),
        ):
            if name in data:
                value = (data[name] or "").strip()
                if not value:
                    raise ReportError(
                        _("请填写“%(f)s”。") % {"f": WorkReport._meta.get_field(name).verbose_name},
                        field=name,
                    )
                if len(value) > limit:
                    raise ReportError(
                        _("“%(f)s”不能超过 %(n)d 个字。")
                        % {"f": WorkReport._meta.get_field(name).verbose_name, "n": limit},
                        field=name,
                    )
                if name == "number_prefix" and report.doc_number and value != report.number_prefix:
                    raise ReportError(
                        _("报告已编号（%(n)s），机关代字不能再改。") % {"n": report.doc_number},
                        field=name,
                    )
                if getattr(report, name) != value:
                    changes[name] = [getattr(report, name), value]
                    setattr(report, name, value)
        if data.get("dated"):
            if report.dated != data["dated"]:
                changes["dated"] = [str(report.dated), str(data["dated"])]
                report.dated = data["dated"]
        sections = dict(report.sections)
        for key, _heading in content.SECTIONS:
            if key in data:
                text = (data[key] or "").strip()
                if len(text) > 5000:
                    raise ReportError(_("每部分正文不能超过 5000 字。"), field=key)
                if sections.get(key, "") != text:
                    changes[key] = [sections.get(key, ""), text]
                    sections[key] = text
        report.sections = sections
        report.updated_by = actor
        report.save()
        if changes:
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=report,
                changes=changes,
                summary=f"修改报告 {report}",
            )
    return report


def document_of(report: WorkReport):
    """The report as an OfficialDocument, figures filled from the registers now."""
    region = report.unit.region if report.unit else report.region
    period = parse_period(report.period_key)
    filled = content.fill(
        report.sections,
        subject_of(report),
        {"period": period.label, "scope": _scope_word(region)},
    )
    who = (
        "我局"
        if report.unit and report.unit.name.endswith("局")
        else _("我单位")
        if report.unit
        else _("我市")
    )
    intro = _(
        "为扎实开展创建全国文明城市工作，%(who)s高度重视，对照《全国文明城市测评体系》进行了周密部署和安排。"
        "现将%(period)s创建工作落实情况汇报如下："
    ) % {"who": who, "period": period.label}
    return content.build_document(
        title=report.title,
        recipient=report.recipient,
        issuer=report.issuer,
        dated=report.dated,
        doc_number=report.doc_number,
        intro=intro,
        filled=filled,
        closing=_("特此报告。"),
    )


def _number(report: WorkReport) -> WorkReport:
    if report.doc_number:
        return report
    with transaction.atomic():
        locked = WorkReport.objects.select_for_update().get(pk=report.pk)
        if not locked.doc_number:
            try:
                locked.doc_number = next_document_number(
                    prefix=locked.number_prefix, year=locked.dated.year
                )
            except DocumentNumberError as exc:
                raise ReportError(str(exc), field="number_prefix") from None
            locked.save(update_fields=["doc_number"])
    return locked


def render_report(*, actor, report: WorkReport, fmt: str) -> tuple[bytes, str]:
    """The report's DOCX or PDF and its file name; numbered at first rendering; audited."""
    if fmt not in FORMATS:
        raise Http404
    if not _may_report_for(actor, report.unit):
        raise Http404
    report = _number(report)
    document = document_of(report)
    data = render_pdf(document) if fmt == "pdf" else render_docx(document)
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=report,
        summary=f"下载报告 {report.doc_number} ({fmt})",
    )
    return data, f"{report.title} {report.doc_number}.{fmt}"
