"""Promotion level by level once 公示 ends, the honour a level confers, and honours conferred
outside the five levels (安徽好人, 中国好人榜, 道德模范)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases.deadlines import LOCAL
from wenming.honors import levels, permissions
from wenming.honors.errors import HonorsInputError
from wenming.honors.models import EXTERNAL_LEVEL, Category, ExternalHonor, Honor, Level, Nomination
from wenming.honors.selectors import get_person_for, publicity_ended
from wenming.honors.services.events import run
from wenming.honors.transitions import WORKFLOW
from wenming.inputs import clean_name
from wenming.regions.models import Region
from wenming.workflow import WorkflowError


def _confer(nomination, *, actor) -> Honor:
    """The level's result: an Honor titled after the quarter and the level's region."""
    today = timezone.now().astimezone(LOCAL).date()
    region = nomination.level_region
    honor = Honor.objects.create(
        person=nomination.person,
        nomination=nomination,
        level=nomination.level,
        category=nomination.category,
        title=levels.honor_title(
            level=nomination.level,
            day=today,
            place=region.name,
            building=nomination.person.building,
        ),
        region=nomination.region,
        conferred_on=today,
        year=today.year,
        source=str(_("五级评选")),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return honor


@WORKFLOW.handler("promote")
def _promote(nomination, *, actor, transition, from_state, **_):
    passed = nomination.level
    honor = _confer(nomination, actor=actor)
    upper = levels.next_level(passed)
    nomination.level = upper
    nomination.level_region = Region.objects.get(
        code=levels.level_region_code(upper, nomination.region_id)
    )
    nomination.publicity_start = None
    nomination.publicity_due = None
    return {"level": passed, "honor": honor.pk, "title": honor.title, "to_level": upper}


@WORKFLOW.handler("confer")
def _confer_city(nomination, *, actor, transition, from_state, **_):
    honor = _confer(nomination, actor=actor)
    return {"honor": honor.pk, "title": honor.title}


def promote(*, actor, nomination_id: int) -> Nomination:
    """After 公示 with no open objection: the level's honour, then the next level (or, at 市,
    the final honour). The daily job calls it with ``actor`` None."""
    nomination = Nomination.objects.filter(pk=nomination_id).only("level").first()
    if nomination is None:
        raise WorkflowError(_("推荐不存在。"), code=WorkflowError.FORBIDDEN)
    action = "confer" if nomination.level == Level.CITY else "promote"
    return run(nomination_id, action, actor=actor)


def promote_due(*, now=None) -> int:
    """公示 ended without an open objection: promote each such nomination once (a lost race or
    a blocked one is skipped). Returns how many moved."""
    moved = 0
    for pk in publicity_ended(now):
        try:
            promote(actor=None, nomination_id=pk)
        except WorkflowError:
            continue
        moved += 1
    return moved


def record_external_honor(
    *,
    actor,
    person_id: int,
    external: str,
    conferred_on: date,
    source: str,
    category: str,
    title: str = "",
) -> Honor:
    """安徽好人, 中国好人榜, 道德模范: recorded against the registry's person with date and source."""
    permissions.ensure_can(actor, permissions.MANAGE)
    person = get_person_for(actor, person_id)
    errors: dict[str, str] = {}
    if external not in ExternalHonor.values:
        errors["external"] = _("请选择荣誉名称。")
    if category not in Category.values:
        errors["category"] = _("请选择类别。")
    if not isinstance(conferred_on, date):
        errors["conferred_on"] = _("请填写授予日期。")
    source = clean_name(source)[:200]
    if not source:
        errors["source"] = _("请填写来源（如发布单位、文件或网页）。")
    if errors:
        raise HonorsInputError(errors)
    label = ExternalHonor(external).label
    title = clean_name(title)[:100] or f"{conferred_on.year}年{label}"
    with transaction.atomic():
        honor = Honor.objects.create(
            person=person,
            level=EXTERNAL_LEVEL[ExternalHonor(external)],
            external=external,
            category=category,
            title=title,
            region=person.region,
            conferred_on=conferred_on,
            year=conferred_on.year,
            source=source,
            recorded_by=actor,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=honor,
            summary=f"登记荣誉 {person.name} {title}",
        )
    return honor
