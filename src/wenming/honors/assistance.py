"""Writes of 礼遇帮扶 (seed 001: "每年拿出100万元资金，用于帮扶困难好人和道德模范。每年为省级以上
道德模范、中国好人免费体检"; "市有好人馆、县区有好人广场、街道乡镇有好人榜、社区村组有好人之家"):
the yearly budget, grants (applied → approved → paid, on the shared workflow), the free health
checks of 省级以上 honourees, and the 四有 sites with their visitors. Reads are
in selectors/assistance.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.honors import permissions
from wenming.honors.errors import HonorsInputError
from wenming.honors.models import (
    HEALTH_CHECK_LEVELS,
    AssistanceBudget,
    CheckState,
    Grant,
    GrantState,
    HealthCheck,
    Honor,
    HonorSite,
    Person,
    SiteKind,
    SiteVisit,
)
from wenming.honors.selectors import (
    get_grant_for,
    get_health_check_for,
    get_person_for,
    get_site_for,
)
from wenming.honors.transitions import effective_role
from wenming.inputs import clean_name
from wenming.numbers import clean_number
from wenming.regions.models import Region, RegionLevel, ancestor_codes
from wenming.regions.scope import scope_for
from wenming.workflow import Transition, Workflow, WorkflowError

# 四有: which level of region holds which kind of site.
SITE_LEVEL = {
    SiteKind.HALL: RegionLevel.CITY,
    SiteKind.SQUARE: RegionLevel.COUNTY,
    SiteKind.BOARD: RegionLevel.TOWN,
    SiteKind.HOME: RegionLevel.VILLAGE,
}


def _covers(actor, region_code: str) -> bool:
    return scope_for(actor).covers_region(region_code)


def _region_in_scope(actor, code) -> Region:
    code = (code or "").strip()
    region = Region.objects.filter(code=code).first() if code.isdigit() else None
    if region is None or not _covers(actor, region.code):
        raise HonorsInputError({"region": _("请选择您管辖范围内的区划。")})
    return region


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise HonorsInputError({"year": _("年度应为2000至2100之间的年份。")})
    return year


# ---------------------------------------------------------------- budget and grants


def set_budget(*, actor, region_code: str, year, amount) -> AssistanceBudget:
    """The year's fund for a region (the city's 100万); setting it again corrects the amount,
    never below what is already approved or paid."""
    permissions.ensure_can(actor, permissions.MANAGE)
    region = _region_in_scope(actor, region_code)
    year = _year(year)
    amount = clean_number(AssistanceBudget, "amount", amount, minimum=0, error=HonorsInputError)
    if amount is None:
        raise HonorsInputError({"amount": _("请填写年度资金金额。")})
    with transaction.atomic():
        budget, created = AssistanceBudget.objects.select_for_update().get_or_create(
            region=region, year=year, defaults={"amount": amount}
        )
        if not created:
            committed = _committed(budget)
            if amount < committed:
                raise HonorsInputError(
                    {
                        "amount": _("已批准和发放的帮扶资金共%(n)s元，年度资金不能少于此数。")
                        % {"n": committed}
                    }
                )
            budget.amount = amount
            budget.save(update_fields=["amount"])
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=budget,
            summary=f"帮扶资金 {region.name} {year}年 {amount}元",
        )
    return budget


def _committed(budget: AssistanceBudget) -> Decimal:
    """Approved and paid grants: what the budget can no longer give."""
    return budget.grants.filter(state__in=[GrantState.APPROVED, GrantState.PAID]).aggregate(
        n=Sum("amount")
    )["n"] or Decimal("0")


def _budget_for(region_code: str, year: int) -> AssistanceBudget | None:
    """The nearest budget above a person's region (the city's fund, or a district's own)."""
    found = {
        b.region_id: b
        for b in AssistanceBudget.objects.filter(
            region_id__in=ancestor_codes(region_code), year=year
        )
    }
    for code in ancestor_codes(region_code):
        if code in found:
            return found[code]
    return None


def apply_grant(*, actor, person_id: int, year, amount, reason: str) -> Grant:
    """A grant for an honouree in difficulty, from the year's budget of their city (or district)."""
    permissions.ensure_can(actor, permissions.APPLY_GRANT)
    person = get_person_for(actor, person_id)
    year = _year(year)
    errors: dict[str, str] = {}
    amount = clean_number(Grant, "amount", amount, minimum=Decimal("0.01"), error=HonorsInputError)
    if amount is None:
        errors["amount"] = _("请填写申请金额。")
    reason = (reason or "").strip()[:2000]
    if not reason:
        errors["reason"] = _("请填写困难情况。")
    if not Honor.objects.filter(person=person).exists():
        errors[""] = _("%(name)s尚未获得好人荣誉，不能申请帮扶资金。") % {"name": person.name}
    budget = _budget_for(person.region_id, year)
    if budget is None:
        errors["year"] = _("%(year)d年尚未设立帮扶资金。") % {"year": year}
    if errors:
        raise HonorsInputError(errors)
    with transaction.atomic():
        grant = Grant.objects.create(
            budget=budget, person=person, amount=amount, reason=reason, applied_by=actor
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=grant,
            summary=f"帮扶申请 {person.name} {amount}元",
        )
    return grant


def _grant_office(actor, grant: Grant) -> bool:
    return _covers(actor, grant.budget.region_id)


def _on_grant(grant, *, actor, action, from_state, transition, data, note, **_rest):
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=grant,
        summary=f"帮扶申请 #{grant.pk} {transition.label} {grant.amount}元",
        changes={"state": [from_state, grant.state], **data},
    )


MANAGERS = frozenset(
    role for role, actions in permissions.ROLE_ACTIONS.items() if permissions.MANAGE in actions
)
GRANT_FLOW = Workflow(
    "grant",
    {
        GrantState.APPLIED: {
            "approve": Transition(GrantState.APPROVED, MANAGERS, "office", gettext_lazy("批准")),
            "reject": Transition(
                GrantState.REJECTED,
                MANAGERS,
                "office",
                gettext_lazy("不予批准"),
                style="outline-danger",
                needs_note=True,
            ),
        },
        GrantState.APPROVED: {
            "pay": Transition(GrantState.PAID, MANAGERS, "office", gettext_lazy("登记发放")),
        },
        GrantState.PAID: {},
        GrantState.REJECTED: {},
    },
    role_of=effective_role,
    parties={"office": _grant_office},
    on_transition=_on_grant,
)


@GRANT_FLOW.handler("approve")
def _approve(grant, *, actor, note="", **_rest):
    budget = AssistanceBudget.objects.select_for_update().get(pk=grant.budget_id)
    remaining = budget.amount - _committed(budget)
    if grant.amount > remaining:
        raise WorkflowError(
            _("年度帮扶资金余额%(left)s元，不足以批准%(amount)s元。")
            % {"left": remaining, "amount": grant.amount},
            code=WorkflowError.INPUT,
        )
    grant.decided_by, grant.decided_at, grant.decision_note = actor, timezone.now(), note
    return {}


@GRANT_FLOW.handler("reject")
def _reject(grant, *, actor, note="", **_rest):
    grant.decided_by, grant.decided_at, grant.decision_note = actor, timezone.now(), note
    return {}


@GRANT_FLOW.handler("pay")
def _pay(grant, *, actor, paid_on=None, payment_ref="", **_rest):
    if not isinstance(paid_on, date):
        raise WorkflowError(_("请填写发放日期。"), code=WorkflowError.INPUT)
    grant.paid_on = paid_on
    grant.payment_ref = clean_name(payment_ref)[:50]
    return {"paid_on": paid_on.isoformat(), "payment_ref": grant.payment_ref}


def decide_grant(*, actor, grant_id: int, action: str, note: str = "", **data) -> Grant:
    """批准 (within what the budget has left), 不予批准 (with a reason), 登记发放 (date, voucher)."""
    permissions.ensure_can(actor, permissions.MANAGE)
    if action not in GRANT_FLOW.actions:
        raise WorkflowError(_("当前状态下不能执行此操作。"), code=WorkflowError.STATE)
    grant = get_grant_for(actor, grant_id)
    return GRANT_FLOW.run(grant.pk, action, actor=actor, model=Grant, note=note, **data)


# ---------------------------------------------------------------- health checks


def schedule_health_checks(*, actor, year, scheduled_on: date, region_code: str = "") -> int:
    """The yearly free health check for every 省级以上 honouree in scope who has none this year;
    running it again schedules only those added since. Returns how many were scheduled."""
    permissions.ensure_can(actor, permissions.MANAGE)
    year = _year(year)
    if not isinstance(scheduled_on, date):
        raise HonorsInputError({"scheduled_on": _("请填写体检日期。")})
    scope = scope_for(actor)
    people = Person.objects.filter(
        scope.q(region="region", unit=None),
        honors__level__in=HEALTH_CHECK_LEVELS,
        honors__conferred_on__lte=date(year, 12, 31),
    ).exclude(health_checks__year=year)
    if region_code:
        people = people.filter(region__pk__startswith=_region_in_scope(actor, region_code).prefix)
    with transaction.atomic():
        created = HealthCheck.objects.bulk_create(
            [
                HealthCheck(person_id=pk, year=year, scheduled_on=scheduled_on)
                for pk in people.values_list("pk", flat=True).distinct()
            ],
            ignore_conflicts=True,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            summary=f"安排{year}年免费体检 {len(created)} 人",
        )
    return len(created)


def mark_health_check(
    *, actor, check_id: int, done: bool, done_on: date | None = None, note=""
) -> HealthCheck:
    """体检完成 (with the day) or 未参加."""
    permissions.ensure_can(actor, permissions.APPLY_GRANT)
    check = get_health_check_for(actor, check_id)
    if done and not isinstance(done_on, date):
        raise HonorsInputError({"done_on": _("请填写体检日期。")})
    with transaction.atomic():
        check.state = CheckState.DONE if done else CheckState.MISSED
        check.done_on = done_on if done else None
        check.note = clean_name(note)[:200]
        check.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=check,
            summary=f"免费体检 {check.person.name} {check.year} {check.get_state_display()}",
        )
    return check


# ---------------------------------------------------------------- 四有 sites


def save_site(
    *, actor, kind: str, name: str, region_code: str, address: str = "", opened_on=None
) -> HonorSite:
    """A 四有 site at the level its kind belongs to (好人馆 in the city … 好人之家 in a community)."""
    permissions.ensure_can(actor, permissions.MANAGE)
    errors: dict[str, str] = {}
    if kind not in SiteKind.values:
        errors["kind"] = _("请选择阵地类型。")
    name = clean_name(name)[:100]
    if not name:
        errors["name"] = _("请填写名称。")
    region = _region_in_scope(actor, region_code)
    if kind in SiteKind.values and region.level != SITE_LEVEL[SiteKind(kind)]:
        errors["region"] = _(
            "%(kind)s应设在%(level)s区划（市有好人馆、县区有好人广场、街道乡镇有好人榜、社区村组有好人之家）。"
        ) % {
            "kind": SiteKind(kind).label,
            "level": RegionLevel(SITE_LEVEL[SiteKind(kind)]).label,
        }
    if errors:
        raise HonorsInputError(errors)
    with transaction.atomic():
        site, created = HonorSite.objects.update_or_create(
            region=region,
            name=name,
            defaults={"kind": kind, "address": clean_name(address)[:200], "opened_on": opened_on},
        )
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=site,
            summary=f"四有阵地 {name}",
        )
    return site


def record_visit(*, actor, site_id: int, day: date, visitors, note: str = "") -> SiteVisit:
    """Visitors a site received (a day, or a batch the site reports)."""
    permissions.ensure_can(actor, permissions.APPLY_GRANT)
    site = get_site_for(actor, site_id)
    errors: dict[str, str] = {}
    if not isinstance(day, date):
        errors["day"] = _("请填写日期。")
    elif day > timezone.localdate():
        errors["day"] = _("日期不能晚于今天。")
    visitors = clean_number(SiteVisit, "visitors", visitors, minimum=1, error=HonorsInputError)
    if visitors is None:
        errors["visitors"] = _("请填写参观人次。")
    if errors:
        raise HonorsInputError(errors)
    if not _covers(actor, site.region_id):
        raise PermissionDenied
    with transaction.atomic():
        visit = SiteVisit.objects.create(
            site=site, day=day, visitors=visitors, note=clean_name(note)[:200], recorded_by=actor
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=visit,
            summary=f"{site.name} 参观 {visitors} 人次",
        )
    return visit
