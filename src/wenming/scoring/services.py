"""Every write of the scoring app: assessments (snapshots and corrections) and bulletins.

Scoring reads the domain apps and writes only its own tables (DESIGN.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.framework.models import Framework
from wenming.regions.models import Region
from wenming.scoring import engine, permissions
from wenming.scoring.models import Assessment, AssessmentUnit
from wenming.scoring.periods import Period


class ScoringError(Exception):
    """A business rule of scoring refused the request; the message is Chinese and user-facing."""


@dataclass(frozen=True)
class AssessOutcome:
    assessment: Assessment
    created: bool


def home_region() -> Region:
    """The region a deployment assesses: its city (WENMING_CITY_CODE), else the topmost region."""
    region = Region.objects.filter(pk=getattr(settings, "WENMING_CITY_CODE", "")).first()
    region = region or Region.objects.filter(parent__isnull=True).order_by("code").first()
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


def assess(*, actor, framework: Framework | int, period: Period, region: Region | None = None,
           revise: bool = False, reason: str = "", parameters: engine.Parameters | None = None) -> AssessOutcome:
    """The assessment of ``period``: the existing snapshot when there is one (identical numbers),
    else a new one. ``revise`` recomputes from today's data as a new revision (更正) and keeps
    the old one, marked as superseded."""
    permissions.ensure_can(actor, permissions.ASSESS)
    framework_id = framework if isinstance(framework, int) else framework.pk
    if not Framework.objects.filter(pk=framework_id).exists():
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
            assessment = _store(actor=actor, framework_id=framework_id, region=region, period=period,
                                parameters=parameters, previous=existing, reason=reason)
    except IntegrityError:
        # Another worker stored the same period first: theirs is the snapshot.
        existing = current_assessment(framework_id=framework_id, region=region, period=period)
        if existing is None or revise:
            raise
        return AssessOutcome(existing, False)
    return AssessOutcome(assessment, True)


def _store(*, actor, framework_id, region, period, parameters, previous, reason) -> Assessment:
    computed = engine.compute(
        framework_id=framework_id, root=region, period=period, parameters=parameters,
        previous_ranks=_previous_ranks(framework_id, region, period),
    )
    nodes = engine.tree_of(framework_id)
    points = {n.id: Decimal(n.points) for n in nodes}
    revision = 1
    if previous is not None:
        previous = Assessment.objects.select_for_update().get(pk=previous.pk)
        if not previous.is_current:
            raise IntegrityError("superseded meanwhile")
        revision = (Assessment.objects.filter(framework_id=framework_id, region=region, period_key=period.key)
                    .aggregate(m=Max("revision"))["m"] or 0) + 1
        Assessment.objects.filter(pk=previous.pk).update(is_current=False)
    assessment = Assessment.objects.create(
        framework_id=framework_id, region=region, period_kind=period.kind, period_key=period.key,
        period_start=period.start, period_end=period.end, revision=revision, is_current=True,
        supersedes=previous, reason=reason.strip(), parameters=parameters.as_json(), tree=engine.tree_json(nodes),
        summary=computed.summary, created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    AssessmentUnit.objects.bulk_create([
        AssessmentUnit(
            assessment=assessment, unit_id=r.unit_id, unit_name=r.name, kind=r.kind, region_id=r.region,
            score=r.tree.total.score, max_points=r.tree.total.max_points, composite=r.composite, sample=r.sample,
            listed_apart=r.listed_apart, rank=r.rank, previous_rank=r.previous_rank, movement=r.movement,
            honour=r.honour, components={k: _s(v) for k, v in r.components.items()},
            scores=engine.scores_json(points, r.tree), figures=r.figures,
        )
        for r in computed.units
    ])
    summary = _("%(period)s 考核第 %(rev)s 版") % {"period": period.label, "rev": revision}
    if previous is not None:
        summary += _("（更正：%(reason)s）") % {"reason": reason.strip()}
    record(actor=actor, action=AuditAction.CREATE if previous is None else AuditAction.UPDATE,
           obj=assessment, summary=summary)
    return assessment


def _s(value):
    return None if value is None else str(value)
