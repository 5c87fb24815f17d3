"""Every write of the scoring app: assessments (snapshots and corrections) and bulletins.

Scoring reads the domain apps and writes only its own tables (DESIGN.md §3).
"""

from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import conf as case_conf
from wenming.documents.render import render_docx, render_pdf
from wenming.documents.services import next_document_number
from wenming.framework import selectors as framework_selectors
from wenming.framework.models import Framework
from wenming.notifications import services as notifications
from wenming.notifications.models import MessageKind
from wenming.periods import Period, PeriodKind
from wenming.regions import selectors as region_selectors
from wenming.regions.models import Region, Unit
from wenming.scoring import bulletins, engine, permissions, ranking, selectors
from wenming.scoring.models import (
    BULLETIN_PERIOD_KIND,
    RANKED_KIND_TITLES,
    RANKED_KINDS,
    Assessment,
    AssessmentUnit,
    Bulletin,
    BulletinKind,
    BulletinStatus,
)
from wenming.scoring.rollup import JSONText
from wenming.sheets import workbook_bytes


class ScoringError(Exception):
    """A business rule of scoring refused the request; the message is Chinese and user-facing."""


@dataclass(frozen=True)
class AssessOutcome:
    assessment: Assessment
    created: bool


def home_region() -> Region:
    """The region a deployment assesses: its city (WENMING_CITY_CODE), else the topmost region."""
    region = region_selectors.home_region()
    if region is None:
        raise ScoringError(_("尚未导入行政区划，无法考核。"))
    return region


def current_assessment(*, framework_id: int, region: Region, period: Period) -> Assessment | None:
    return Assessment.objects.filter(
        framework_id=framework_id, region=region, period_key=period.key, is_current=True
    ).first()


def _previous_ranks(framework_id: int, region: Region, period: Period) -> dict[int, int]:
    before = current_assessment(framework_id=framework_id, region=region, period=period.previous())
    if before is None:
        return {}
    return dict(before.rows.filter(rank__isnull=False).values_list("unit_id", "rank"))


def assess(
    *,
    actor,
    framework: Framework | int,
    period: Period,
    region: Region | None = None,
    revise: bool = False,
    reason: str = "",
    parameters: engine.Parameters | None = None,
) -> AssessOutcome:
    """The assessment of ``period``: the existing snapshot when there is one (identical numbers),
    else a new one. ``revise`` recomputes from today's data as a new revision (更正) and keeps
    the old one, marked as superseded."""
    permissions.ensure_can(actor, permissions.ASSESS)
    framework_id = framework if isinstance(framework, int) else framework.pk
    if not framework_selectors.framework_exists(framework_id):
        raise ScoringError(_("测评体系 %(id)s 不存在。") % {"id": framework_id})
    region = region or home_region()
    if revise and not reason.strip():
        raise ScoringError(_("更正考核结果须说明原因。"))
    existing = current_assessment(framework_id=framework_id, region=region, period=period)
    if existing is not None and not revise:
        return AssessOutcome(existing, False)
    parameters = parameters or engine.Parameters.from_settings()
    try:
        with transaction.atomic():
            assessment = _store(
                actor=actor,
                framework_id=framework_id,
                region=region,
                period=period,
                parameters=parameters,
                previous=existing,
                reason=reason,
            )
    except IntegrityError:
        # Another worker stored the same period first: theirs is the snapshot.
        existing = current_assessment(framework_id=framework_id, region=region, period=period)
        if existing is None or revise:
            raise
        return AssessOutcome(existing, False)
    return AssessOutcome(assessment, True)


def _next_revision(framework_id, region, period, previous) -> int:
    """1 for a first assessment; a correction supersedes the current one (locked: if another
    correction got there first, this one fails) and takes the next number."""
    if previous is None:
        return 1
    previous = Assessment.objects.select_for_update().get(pk=previous.pk)
    if not previous.is_current:
        raise IntegrityError("superseded meanwhile")
    revision = (
        Assessment.objects.filter(
            framework_id=framework_id, region=region, period_key=period.key
        ).aggregate(m=Max("revision"))["m"]
        or 0
    ) + 1
    Assessment.objects.filter(pk=previous.pk).update(is_current=False)
    return revision


def _unit_values(assessment: Assessment, result) -> dict:
    """One unit's frozen line of the assessment, by field name."""
    return {
        "assessment_id": assessment.pk,
        "unit_id": result.unit_id,
        "unit_name": result.name,
        "kind": result.kind,
        "region_id": result.region,
        "score": result.framework.score,
        "max_points": result.framework.max_points,
        "composite": result.composite,
        "sample": result.sample,
        "listed_apart": result.listed_apart,
        "rank": result.rank,
        "previous_rank": result.previous_rank,
        "movement": result.movement,
        "honour": result.honour,
        "components": {name: engine.decimal_text(v) for name, v in result.components.items()},
        "scores": result.framework.scores,  # a dict, or JSONText written by the database
        "figures": result.figures,
    }


@contextmanager
def _cycle_collection_paused():
    """Python's cyclic garbage collector off while an assessment is computed and stored. The run
    makes some 25,000 containers (a province's rows, their components and figures) that hold no
    reference cycles and are freed when it returns; collected meanwhile, they were promoted to the
    oldest generation, and every second run paid a full collection of the process's heap
    (0.15 s of 1.8 s, measured at province scale). Reference counting frees them as before."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _store(*, actor, framework_id, region, period, parameters, previous, reason) -> Assessment:
    with _cycle_collection_paused():
        # The rows live and die inside: nothing of them is left for the collector to promote.
        assessment, revision = _computed_snapshot(
            framework_id=framework_id,
            region=region,
            period=period,
            parameters=parameters,
            previous=previous,
            reason=reason,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    summary = _("%(period)s 考核第 %(rev)s 版") % {"period": period.label, "rev": revision}
    if previous is not None:
        summary += _("（更正：%(reason)s）") % {"reason": reason.strip()}
    record(
        actor=actor,
        action=AuditAction.CREATE if previous is None else AuditAction.UPDATE,
        obj=assessment,
        summary=summary,
    )
    return assessment


def _computed_snapshot(
    *, framework_id, region, period, parameters, previous, reason, created_by
) -> tuple[Assessment, int]:
    """Compute the assessment and store it with its unit rows; the snapshot and its revision."""
    computed = engine.compute(
        framework_id=framework_id,
        root=region,
        period=period,
        parameters=parameters,
        previous_ranks=_previous_ranks(framework_id, region, period),
        # Another connection sees committed rows only: read alongside when this transaction is
        # the assessment's own (assess's atomic block is the only one open; nothing written yet).
        alongside=connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1,
    )
    revision = _next_revision(framework_id, region, period, previous)
    assessment = Assessment.objects.create(
        framework_id=framework_id,
        region=region,
        period_kind=period.kind,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        revision=revision,
        is_current=True,
        supersedes=previous,
        reason=reason.strip(),
        parameters=parameters.as_json(),
        tree=engine.tree_json(computed.nodes),
        summary=computed.summary,
        created_by=created_by,
    )
    _insert_rows([_unit_values(assessment, r) for r in computed.units])
    return assessment, revision


def _insert_rows(rows: list[dict]) -> None:
    """Store an assessment's unit rows: COPY on PostgreSQL (thousands of rows with JSON, where an
    INSERT spends its time escaping arrays), bulk_create elsewhere."""
    if connection.vendor != "postgresql" or not rows:
        AssessmentUnit.objects.bulk_create([AssessmentUnit(**row) for row in rows])
        return
    fields = [AssessmentUnit._meta.get_field(name) for name in rows[0]]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(AssessmentUnit._meta.db_table)
    as_json = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every row
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = list(row.values())
            for i in as_json:  # JSON columns only: the others go as they are
                if not isinstance(values[i], JSONText):
                    values[i] = encode(values[i])
            copy.write_row(values)


# --- bulletins ---------------------------------------------------------------------------------


class BulletinConflict(ScoringError):
    """The bulletin changed since the form was rendered, or is no longer in the needed status."""


def generate_bulletin(*, actor, assessment: Assessment, kind: str) -> tuple[Bulletin, bool]:
    """The draft bulletin of ``kind`` for an assessment: its figures frozen from the snapshot.
    Generating again returns the existing bulletin (one per kind per assessment)."""
    permissions.ensure_can(actor, permissions.DRAFT_BULLETIN)
    if BULLETIN_PERIOD_KIND.get(kind) != assessment.period_kind:
        raise ScoringError(
            _("%(kind)s须依据%(period)s考核生成。")
            % {
                "kind": BulletinKind(kind).label,
                "period": dict(PeriodKind.CHOICES)[BULLETIN_PERIOD_KIND[kind]],
            }
        )
    if not assessment.is_current:
        raise ScoringError(_("该考核已被更正，请依据现行版本生成通报。"))
    existing = Bulletin.objects.filter(kind=kind, assessment=assessment).first()
    if existing is not None:
        return existing, False
    figures = bulletins.figures_for(assessment, kind=kind)
    try:
        with transaction.atomic():
            bulletin = Bulletin.objects.create(
                kind=kind,
                assessment=assessment,
                region=assessment.region,
                title=bulletins.title_for(figures),
                figures=figures,
                requirements=bulletins.DEFAULT_REQUIREMENTS,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            record(actor=actor, action=AuditAction.CREATE, obj=bulletin, summary=bulletin.title)
    except IntegrityError:
        return Bulletin.objects.get(kind=kind, assessment=assessment), False
    return bulletin, True


def _locked(bulletin_id: int, version: int | None, status: str) -> Bulletin:
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin_id)
    if version is not None and bulletin.version != version:
        raise BulletinConflict(_("通报已被他人修改，请刷新页面后重试。"))
    if bulletin.status != status:
        raise BulletinConflict(
            _("通报当前状态为“%(status)s”，不能执行此操作。")
            % {"status": bulletin.get_status_display()}
        )
    return bulletin


def edit_requirements(
    *, actor, bulletin_id: int, requirements: str, version: int | None = None
) -> Bulletin:
    """Change the prose (下步要求) of a draft; the numbers are not editable at all."""
    permissions.ensure_can(actor, permissions.DRAFT_BULLETIN)
    text = (requirements or "").strip()
    if not text:
        raise ScoringError(_("下步工作要求不能为空。"))
    with transaction.atomic():
        bulletin = _locked(bulletin_id, version, BulletinStatus.DRAFT)
        old = bulletin.requirements
        bulletin.requirements = text
        bulletin.version += 1
        bulletin.save(update_fields=["requirements", "version"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=bulletin,
            summary=_("修改通报下步要求"),
            changes={"requirements": [old, text]},
        )
    return bulletin


def approve_bulletin(*, actor, bulletin_id: int, version: int | None = None) -> Bulletin:
    """审定: the admin approves a draft; it takes its 发文字号 now."""
    permissions.ensure_can(actor, permissions.APPROVE_BULLETIN)

    with transaction.atomic():
        bulletin = _locked(bulletin_id, version, BulletinStatus.DRAFT)
        bulletin.status = BulletinStatus.APPROVED
        bulletin.approved_at = timezone.now()
        bulletin.approved_by = actor if getattr(actor, "is_authenticated", False) else None
        bulletin.number = next_document_number(
            prefix=bulletin_number_prefix(), year=timezone.localdate().year
        )
        bulletin.version += 1
        bulletin.save(update_fields=["status", "approved_at", "approved_by", "number", "version"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=bulletin,
            summary=_("审定通报 %(n)s") % {"n": bulletin.number},
        )
    return bulletin


def publish_bulletin(*, actor, bulletin_id: int, version: int | None = None) -> Bulletin:
    """发布: an approved bulletin goes out to every unit in its region."""
    permissions.ensure_can(actor, permissions.APPROVE_BULLETIN)
    with transaction.atomic():
        bulletin = _locked(bulletin_id, version, BulletinStatus.APPROVED)
        bulletin.status = BulletinStatus.PUBLISHED
        bulletin.published_at = timezone.now()
        bulletin.published_by = actor if getattr(actor, "is_authenticated", False) else None
        bulletin.version += 1
        bulletin.save(update_fields=["status", "published_at", "published_by", "version"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=bulletin,
            summary=_("发布通报 %(n)s") % {"n": bulletin.number},
        )
        # Every unit inside the bulletin's region hears of it (its people, once committed).
        notifications.notify_units(
            unit_ids=Unit.objects.filter(
                region__pk__startswith=bulletin.region.prefix, is_active=True
            ).values_list("pk", flat=True),
            kind=MessageKind.BULLETIN,
            title=_("通报已发布：%(title)s") % {"title": bulletin.title},
            body=bulletin.number,
            url=reverse("scoring:bulletin_detail", args=[bulletin.pk]),
        )
    return bulletin


def bulletin_number_prefix() -> str:

    return getattr(settings, "BULLETIN_NUMBER_PREFIX", "") or f"{case_conf.notice_prefix()}通"


def bulletin_document(bulletin: Bulletin):
    date = timezone.localtime(bulletin.approved_at).date() if bulletin.approved_at else None
    return bulletins.document_for(
        figures=bulletin.figures,
        requirements=bulletin.requirements,
        number=bulletin.number,
        issue=selectors.issue_number(bulletin),
        date=date,
    )


def bulletin_filename(bulletin: Bulletin, fmt: str) -> str:
    """The download's name: 创建全国文明城市工作通报 2026年第3期 关于….docx."""
    issue = selectors.issue_number(bulletin)
    journal = bulletins.journal_name(bulletin.figures or bulletin.kind)
    year = timezone.localtime(bulletin.published_at).year if bulletin.published_at else None
    parts = [journal, f"{year}年第{issue}期" if issue else "", bulletin.title]
    return " ".join(p for p in parts if p) + f".{fmt}"


def export_bulletin(*, actor, bulletin: Bulletin, fmt: str) -> bytes:
    """The bulletin as DOCX or PDF; every export is audited. The caller has already checked the
    actor may see it (selectors.get_bulletin_for)."""

    if fmt not in ("docx", "pdf"):
        raise ScoringError(_("不支持的格式：%(fmt)s") % {"fmt": fmt})
    data = (render_docx if fmt == "docx" else render_pdf)(bulletin_document(bulletin))
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=bulletin,
            summary=f"{bulletin.title}（{fmt.upper()}）",
        )
    return data


def export_ranking(*, actor, assessment: Assessment, rows) -> bytes:
    """The ranking rows the actor may see (scoped by the caller's selector) as .xlsx, with the
    page's columns, one sheet per kind of unit; audited."""
    permissions.ensure_can(actor, permissions.VIEW_RESULTS)
    header = ranking.header()
    sheets, count = [], 0
    for kind in RANKED_KINDS:
        lines = [ranking.cells(r) for r in rows if r.kind == kind]
        count += len(lines)
        if lines:
            title = str(RANKED_KIND_TITLES[kind]).translate(str.maketrans("/\\?*[]:", "、" * 7))
            sheets.append((title[:31], header, lines))
    if not sheets:
        sheets.append((str(_("考核排名")), header, []))
    method_header = [str(_("分项")), str(_("权重")), str(_("计入方式"))]
    sheets.append((str(_("计算方法")), method_header, ranking.method_rows(assessment)))
    data = workbook_bytes(sheets)
    record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=assessment,
        summary=f"导出考核排名 {assessment.period_key}：{count} 个单位",
    )
    return data
