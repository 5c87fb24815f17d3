"""Writes of inspection rounds (with reproducible sampling), and the one door to every write of
inspections: sites (inspections/sites.py) and visits (inspections/visits.py) are re-exported here.

A visit's failed items and free-form problems become findings, and each finding becomes a
case through ``wenming.cases.services.report_case``. For an undercover (暗访) round the cases
are opened when the round is published, so that nothing reaches the inspected unit before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.inputs import clean_name
from wenming.inspections import permissions
from wenming.inspections.errors import InspectionError as InspectionError
from wenming.inspections.errors import RoundAlreadyStarted
from wenming.inspections.errors import RoundNotOpen as RoundNotOpen
from wenming.inspections.errors import SiteNotInRound as SiteNotInRound
from wenming.inspections.errors import VisitRejected as VisitRejected
from wenming.inspections.models import (
    Finding,
    Inspection,
    Round,
    RoundKind,
    RoundSite,
    RoundStatus,
    Site,
    SiteType,
)
from wenming.inspections.selectors import sites_visible_to
from wenming.inspections.sites import SiteImportSummary as SiteImportSummary
from wenming.inspections.sites import export_sites as export_sites
from wenming.inspections.sites import import_sites as import_sites
from wenming.inspections.sites import save_site as save_site
from wenming.inspections.visits import ItemAnswer as ItemAnswer
from wenming.inspections.visits import Position as Position
from wenming.inspections.visits import Problem as Problem
from wenming.inspections.visits import open_case, refresh_site_results
from wenming.inspections.visits import record_inspection as record_inspection
from wenming.numbers import clean_number
from wenming.regions.models import Region

# --- rounds ------------------------------------------------------------------------------


def create_round(
    *,
    actor,
    name: str,
    kind: str,
    period_start: date,
    period_end: date,
    inspectors: Iterable = (),
    sites: Iterable[Site] = (),
) -> Round:
    """Plan a round; its sites are picked by hand here or sampled with :func:`sample_round_sites`."""
    permissions.ensure_can(actor, permissions.PLAN_ROUNDS)
    if period_end < period_start:
        raise InspectionError(_("结束日期不能早于开始日期。"))
    if kind not in RoundKind.values:
        raise InspectionError(_("未知的督查方式。"))
    with transaction.atomic():
        round = Round.objects.create(
            name=clean_name(name),
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            created_by=actor,
        )
        round.inspectors.set(list(inspectors))
        _set_sites(round, _checked_sites(actor, sites))
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=round,
            summary=f"新建督查轮次 {round.name}（{round.get_kind_display()}）",
        )
    return round


def _checked_sites(actor, sites: Iterable[Site]) -> list[Site]:
    """Hand-picked sites, each re-read within the planner's scope (an id from a form proves nothing)."""
    wanted = [s.pk for s in sites]
    visible = {s.pk: s for s in sites_visible_to(actor).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in visible]
    if missing:
        raise InspectionError(
            _("有 %(n)d 个点位不存在或不在您的管辖范围内。") % {"n": len(missing)}
        )
    return [visible[pk] for pk in wanted]


def _set_sites(round: Round, sites: Sequence[Site]) -> None:
    RoundSite.objects.filter(round=round).delete()
    RoundSite.objects.bulk_create(
        [RoundSite(round=round, site=site, position=i) for i, site in enumerate(sites)]
    )


def _sample_key(seed: int, site_pk: int) -> bytes:
    return hashlib.sha256(f"{seed}:{site_pk}".encode()).digest()


def sample_sites(candidates: Iterable[Site], *, per_type: int, seed: int) -> list[Site]:
    """Pick up to ``per_type`` sites of each type, reproducibly: the same seed gives the same sites.

    Each site's rank is a hash of (seed, site id), so the draw does not depend on the order
    the database returns rows in, nor on the Python version; adding a site to the pool can only
    displace others if it ranks among the chosen.
    """
    by_type: dict[int, list[Site]] = {}
    for site in candidates:
        by_type.setdefault(site.site_type_id, []).append(site)
    chosen: list[Site] = []
    for type_id in sorted(by_type):
        ranked = sorted(by_type[type_id], key=lambda s: _sample_key(seed, s.pk))
        chosen.extend(ranked[:per_type])
    return chosen


def sample_round_sites(
    *,
    actor,
    round: Round,
    site_types: Sequence[SiteType],
    region: Region | None,
    per_type: int,
    seed: int,
) -> list[Site]:
    """Replace the round's sites by a seeded sample of active sites by type within a region."""
    permissions.ensure_can(actor, permissions.PLAN_ROUNDS)
    if per_type < 1:
        raise InspectionError(_("每类抽取数量至少为 1。"))
    seed = clean_number(Round, "sample_seed", seed, minimum=0, error=InspectionError)
    if seed is None:
        raise InspectionError(_("请填写抽样种子。"))
    if not site_types:
        raise InspectionError(_("请至少选择一种点位类型。"))
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if Inspection.objects.filter(round=round).exists():
            raise RoundAlreadyStarted(_("本轮已有检查记录，不能重新抽样。"))
        candidates = (
            sites_visible_to(actor, region=region.code if region else None)
            .filter(site_type__in=list(site_types))
            .order_by("pk")
        )
        chosen = sample_sites(candidates, per_type=per_type, seed=seed)
        _set_sites(round, chosen)
        round.sample_seed = seed
        round.sample_spec = {
            "site_types": sorted(t.code for t in site_types),
            "region": region.code if region else "",
            "per_type": per_type,
        }
        round.save(update_fields=["sample_seed", "sample_spec"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=round,
            summary=f"督查轮次 {round.name} 按种子 {seed} 抽取点位 {len(chosen)} 个",
            changes=round.sample_spec,
        )
    return chosen


def publish_round(*, actor, round: Round) -> Round:
    """Publish the round's results; an undercover round becomes visible and its cases open now."""
    permissions.ensure_can(actor, permissions.PLAN_ROUNDS)
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if round.published_at is None:
            round.published_at = timezone.now()
            round.save(update_fields=["published_at"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=round,
                summary=f"发布督查轮次 {round.name}",
            )
        findings = (
            Finding.objects.filter(inspection__round=round, case__isnull=True)
            .select_related("inspection__site", "indicator")
            .order_by("pk")
        )
        for finding in findings:
            open_case(actor=actor, finding=finding)
        refresh_site_results(Inspection.objects.filter(round=round).values("site_id"))
    return round


def finish_round(*, actor, round: Round) -> Round:
    """Close the round: no more visits can be recorded in it."""
    permissions.ensure_can(actor, permissions.PLAN_ROUNDS)
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        if round.status != RoundStatus.FINISHED:
            round.status = RoundStatus.FINISHED
            round.save(update_fields=["status"])
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=round,
                summary=f"结束督查轮次 {round.name}",
            )
    return round
