"""Demo cases: a month of problems across the demo city in every state, some of them overdue.

Built through the services with their clock set back (events.recorded_at), so each case's
events, deadlines and figures are what a real month would have left behind. Loading twice
changes nothing: the month is written once.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from wenming.cases import escalation, events, notices, services
from wenming.cases.dispatch import resolve_unit
from wenming.cases.errors import CaseError
from wenming.cases.models import (
    Case,
    DeadlineRule,
    DispatchRule,
    Notice,
    NoticeKind,
    ReplyTemplate,
    Severity,
    Source,
    State,
)
from wenming.regions.models import Membership, Region, RegionLevel, Role, Unit, UnitKind

DEMO_REPORTER = "市民（随手拍）"
CASE_DAYS = 30
SEED = 2026

PROBLEMS = [
    # (category, descriptions, severity weights general/major/urgent)
    (
        "占道经营",
        ["流动摊贩在人行道上摆摊卖菜", "店铺把货架摆到门外占用盲道", "早点摊占用人行道经营"],
        (6, 2, 1),
    ),
    (
        "乱贴乱画",
        ["电线杆上贴满小广告", "楼道墙面有喷涂的办证电话", "公交站亭贴有非法广告"],
        (8, 1, 0),
    ),
    (
        "垃圾暴露",
        ["垃圾桶满溢未及时清运", "绿化带内有建筑垃圾堆放", "背街小巷有成堆生活垃圾"],
        (5, 3, 1),
    ),
    ("乱停乱放", ["非机动车占用盲道停放", "机动车停在人行道上", "共享单车在路口堆放"], (7, 2, 0)),
    ("公益广告缺失", ["农贸市场内未设置公益广告", "公益广告牌破损褪色"], (6, 1, 0)),
    ("设施破损", ["人行道地砖松动破损", "路灯损坏夜间不亮", "窨井盖缺失存在安全隐患"], (4, 3, 3)),
]
SOURCES = [Source.INSPECTION] * 5 + [Source.CITIZEN] * 3 + [Source.VOLUNTEER, Source.DEPARTMENT]
REPLIES = [
    ("", "return", "非本单位职责", "经核实，该问题所在地点不属于本单位管辖范围，请重新派发。"),
    ("", "reject", "重复或无效", "经核实，现场未发现所反映的问题，不予受理。"),
    ("", "fail", "整改不到位", "现场复核仍存在问题，请继续整改并上传整改后照片。"),
    ("", "submit", "已整改到位", "已于当日组织人员完成整改，现场已恢复整洁，请复核。"),
    (
        "占道经营",
        "submit",
        "已劝离摊贩",
        "已联合城管队员劝离流动摊贩，并安排专人每日巡查，防止反弹。",
    ),
    ("乱贴乱画", "submit", "已清除小广告", "已组织志愿者清除小广告并对墙面进行粉刷。"),
    ("", "request_extension", "需采购材料", "整改需采购材料并组织施工，申请延期。"),
]


def _load_rules() -> None:
    for severity, hours, days in (
        (Severity.URGENT, 24, None),
        (Severity.GENERAL, None, 3),
        (Severity.MAJOR, None, 7),
    ):
        DeadlineRule.objects.get_or_create(
            category="", severity=severity, defaults={"hours": hours, "working_days": days}
        )
    city = Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
    by_short = {u.short_name: u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT)}
    for category, short in (
        ("占道经营", "市城管局"),
        ("垃圾暴露", "市城管局"),
        ("乱停乱放", "市交警支队"),
        ("设施破损", "市住建局"),
    ):
        if city is not None and short in by_short:
            DispatchRule.objects.get_or_create(
                category=category, region=city, defaults={"unit": by_short[short]}
            )
    # 占道经营 in a district goes to the district first (the rule of the deeper region wins).
    for county in Region.objects.filter(level=RegionLevel.COUNTY):
        government = Unit.objects.filter(kind=UnitKind.GOVERNMENT, region=county).first()
        if government is not None:
            DispatchRule.objects.get_or_create(
                category="占道经营", region=county, defaults={"unit": government}
            )
    for position, (category, action, title, text) in enumerate(REPLIES):
        ReplyTemplate.objects.get_or_create(
            category=category,
            action=action,
            title=title,
            defaults={"text": text, "position": position},
        )


def _liaison_for(unit: Unit):
    """Someone of the unit to act for it: its liaison account, else a demo liaison who cannot log in."""
    member = (
        Membership.objects.filter(unit=unit, role__in=(Role.LIAISON, Role.LEADER))
        .select_related("user")
        .first()
    )
    if member is not None:
        return member.user
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=f"demo-liaison-{unit.pk}",
        defaults={
            "first_name": unit.liaison_name or f"{unit.short_name or unit.name}联络员",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, unit=unit, role=Role.LIAISON)
    return user


# Where a demo problem happens: (region, site or None, latitude, longitude). The web demo passes
# the inspection sites in; cases does not read another app's tables to find them.
Place = tuple[Region, object, Decimal, Decimal]


def _community_places() -> list[Place]:
    """Urban communities, when no sites were passed in."""
    return [
        (r, None, Decimal("32.625"), Decimal("117.000"))
        for r in Region.objects.filter(level=RegionLevel.VILLAGE, urban_rural="111").order_by(
            "code"
        )[:40]
    ]


def _after_photo(case: Case) -> events.PhotoIn:
    """The unit's 整改后 photo, taken where the problem was (every category asks for one)."""
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (70, 150, 90)).save(out, "JPEG", quality=70)
    return events.PhotoIn(
        ContentFile(out.getvalue(), name="整改后.jpg"), case.latitude, case.longitude
    )


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _extension(rng: random.Random, case: Case, step, *, liaison, office) -> None:
    """The unit asks a week more; the office grants most such requests."""
    due = timezone.localtime(Case.objects.get(pk=case.pk).due).date()
    asked = step(
        liaison,
        "request_extension",
        4,
        note="整改需采购材料并组织施工，申请延期。",
        requested_due=due + timedelta(days=7),
    )
    if asked and rng.random() < 0.6:
        step(office, "approve_extension", 6)


def _walk(
    rng: random.Random, case: Case, *, start: datetime, office, inspector, now: datetime
) -> None:
    """Take a case some way along the loop, each step a few hours or days after the last."""
    liaison = _liaison_for(case.unit)
    moment = start
    plan = rng.choices(
        ["leave", "sign", "submit", "fail_then_fix", "pass", "extension", "late_pass", "return"],
        weights=[3, 3, 2, 2, 6, 1, 2, 1],
    )[0]

    def step(actor, action, hours, **extra):
        nonlocal moment
        moment = moment + timedelta(hours=hours)
        if moment >= now:
            return False
        if action == "submit":
            extra["photos"] = [_after_photo(case)]
        with events.recorded_at(moment):
            services.transition(actor=actor, case_id=case.pk, action=action, **extra)
        return True

    if plan == "leave":
        return
    if plan == "return":
        step(
            liaison,
            "return",
            rng.randint(2, 20),
            note="经核实，该点位不属于本单位管辖范围，请重新派发。",
        )
        return
    if not step(liaison, "sign", rng.randint(1, 20)) or plan == "sign":
        return
    if plan == "extension":
        _extension(rng, case, step, liaison=liaison, office=office)
        return
    late = plan == "late_pass"
    if not step(
        liaison,
        "submit",
        rng.randint(100, 160) if late else rng.randint(6, 40),
        note="已整改到位，请复核。",
    ):
        return
    if plan == "submit":
        return
    if plan == "fail_then_fix":
        if not step(inspector, "fail", rng.randint(3, 24), note="现场复核仍存在问题，请继续整改。"):
            return
        if not step(liaison, "submit", rng.randint(6, 30), note="已再次整改，请复核。"):
            return
    step(inspector, "pass", rng.randint(2, 24), note="复核通过。")


def _report(rng: random.Random, place: Place, day, *, inspector) -> tuple[Case, datetime]:
    """One of the month's problems at ``place``, reported by a citizen or the inspector."""
    region, site, lat, lon = place
    category, descriptions, weights = rng.choice(PROBLEMS)
    severity = rng.choices([Severity.GENERAL, Severity.MAJOR, Severity.URGENT], weights=weights)[0]
    source = rng.choice(SOURCES)
    reported = _at(day, rng.randint(8, 17))
    jitter = Decimal(rng.randint(-150, 150)) / Decimal(1_000_000)
    is_citizen = source in (Source.CITIZEN, Source.VOLUNTEER)
    with events.recorded_at(reported):
        case = services.report_case(
            actor=None if is_citizen else inspector,
            source=source,
            category=category,
            severity=severity,
            description=rng.choice(descriptions),
            region=region,
            site=site if source == Source.INSPECTION else None,
            latitude=lat + jitter,
            longitude=lon - jitter,
            reporter_name=DEMO_REPORTER if is_citizen else "",
            address=getattr(site, "address", "") or region.name,
            dispatch=None,
        )
    return case, reported


def _take_in(rng: random.Random, case: Case, reported: datetime, *, office, now) -> Case | None:
    """The office's intake of a reported case: rejected, left waiting, or accepted and sent to
    its unit. None when the case goes no further."""
    if case.state != State.REPORTED:
        return case
    roll = rng.random()
    if roll < 0.1:
        with events.recorded_at(reported + timedelta(hours=3)):
            services.transition(
                actor=office,
                case_id=case.pk,
                action="reject",
                note="经核实，现场未发现所反映的问题。",
            )
        return None
    if roll < 0.25 and reported + timedelta(days=2) < now:
        return None  # still at intake
    with events.recorded_at(reported + timedelta(hours=rng.randint(1, 6))):
        return services.transition(
            actor=office,
            case_id=case.pk,
            action="accept",
            unit=None if case.unit_id or _rule_unit(case) else _fallback_unit(case),
        )


@transaction.atomic
def load_cases(places: list[Place] | None = None) -> int:
    # The month is written in one transaction; its citizen reports mark that it was. A demo
    # account added since (the street office's) still gets its own cases.
    loaded = Case.objects.filter(reporter_name=DEMO_REPORTER).exists()
    User = get_user_model()
    office, inspector = (
        User.objects.filter(username="coordinator").first(),
        User.objects.filter(username="inspector").first(),
    )
    places = places or _community_places()
    if office is None or inspector is None or not places:
        return 0
    rng = random.Random(SEED)
    now = timezone.now()
    first_day = timezone.localdate() - timedelta(days=CASE_DAYS)
    if loaded:
        return _load_for_demo_accounts(
            rng, office=office, inspector=inspector, now=now, first_day=first_day, new_only=True
        )
    created = 0
    for index in range(60):
        place = places[index % len(places)] if index % 3 else rng.choice(places)
        day = first_day + timedelta(days=int(index * CASE_DAYS / 60))
        case, reported = _report(rng, place, day, inspector=inspector)
        created += 1
        try:
            case = _take_in(rng, case, reported, office=office, now=now)
            if case is not None:
                _walk(
                    rng, case, start=case.dispatched_at, office=office, inspector=inspector, now=now
                )
        except CaseError:
            continue
    created += _load_for_demo_accounts(
        rng, office=office, inspector=inspector, now=now, first_day=first_day
    )
    return created


def _load_for_demo_accounts(rng, *, office, inspector, now, first_day, new_only=False) -> int:
    """A few cases for the units the demo accounts belong to, so their to-do lists are not empty
    (``new_only``: for the units that have none yet)."""
    created = 0
    members = Membership.objects.filter(
        user__username__in=("community1", "community2", "dept", "street")
    ).select_related("unit__region")
    if new_only:
        members = members.exclude(
            unit__in=Case.objects.filter(unit__isnull=False).values("unit_id")
        )
    for member in members:
        unit = member.unit
        for number in range(5):
            category, descriptions, _weights = PROBLEMS[(number + unit.pk) % len(PROBLEMS)]
            reported = _at(first_day + timedelta(days=6 * number + 1), 9 + number)
            with events.recorded_at(reported):
                case = services.report_case(
                    actor=inspector,
                    source=Source.INSPECTION,
                    category=category,
                    severity=Severity.GENERAL,
                    description=descriptions[number % len(descriptions)],
                    region=unit.region,
                    unit=unit,
                    latitude=Decimal("32.625") + Decimal(number) / 1000,
                    longitude=Decimal("117.000"),
                    address=unit.region.name,
                )
            created += 1
            try:
                _walk(rng, case, start=reported, office=office, inspector=inspector, now=now)
            except CaseError:
                continue
        created += _waiting_for_each_role(member, inspector=inspector, now=now)
    return created


# Whatever the random walks gave, each demo account's 工作台 shows one case of each kind that
# waits on someone: a 返工 with the verifier's reason (the unit), one awaiting verification
# (the coordinator and inspector), one just dispatched (待签收).
WAITING = (
    ("fail", "现场复核仍有杂物堆放，请清理干净后重新上传整改后照片。"),
    ("submit", ""),
    ("", ""),
)


def _waiting_for_each_role(member, *, inspector, now) -> int:
    unit, liaison = member.unit, member.user
    for number, (last, reason) in enumerate(WAITING):
        category, descriptions, _weights = PROBLEMS[(number + 2 * unit.pk) % len(PROBLEMS)]
        start = now - timedelta(hours=30 - 8 * number)
        with events.recorded_at(start):
            case = services.report_case(
                actor=inspector,
                source=Source.INSPECTION,
                category=category,
                severity=Severity.GENERAL,
                description=descriptions[-1],
                region=unit.region,
                unit=unit,
                latitude=Decimal("32.630") + Decimal(number) / 1000,
                longitude=Decimal("117.001"),
                address=unit.region.name,
            )
        steps = [(liaison, "sign", ""), (liaison, "submit", "已整改到位，请复核。")]
        if last == "fail":
            steps.append((inspector, "fail", reason))
        for hours, (actor, action, note) in enumerate(steps if last else [], start=1):
            photos = [_after_photo(case)] if action == "submit" else []
            with events.recorded_at(start + timedelta(hours=hours)):
                services.transition(
                    actor=actor, case_id=case.pk, action=action, note=note, photos=photos
                )
    return len(WAITING)


def _rule_unit(case: Case) -> Unit | None:

    return resolve_unit(category=case.category, region=case.region)


def _fallback_unit(case: Case) -> Unit | None:
    """The coordinator's pick when no rule applies: the community (or street) where it happened."""
    return (
        Unit.objects.filter(region=case.region).first()
        or Unit.objects.filter(region=case.region.parent).first()
    )


def load_escalations() -> int:
    """Run today's rung of the ladder once, as `wenming tick` + `wenming worker` would."""
    taken = 0
    for due in escalation.due_steps():
        taken += escalation.escalate(job=due.job, case_id=due.case_id, step=due.step) is not None
    return taken


def load_notice() -> int:
    """One 整改通知书 to the unit with the most open cases, if none was issued yet."""

    if Notice.objects.filter(kind=NoticeKind.RECTIFICATION).exists():
        return 0
    office = get_user_model().objects.filter(username="coordinator").first()
    unit_id = (
        Case.objects.filter(state__in=notices.OPEN_FOR_UNIT, unit__isnull=False)
        .values_list("unit_id", flat=True)
        .order_by("unit_id")
        .first()
    )
    if office is None or unit_id is None:
        return 0
    try:
        notices.issue_rectification_notice(actor=office, unit_id=unit_id)
    except CaseError:
        return 0
    return 1


def load_demo(*, places: list[Place] | None = None) -> dict[str, int]:
    """Rules, reply templates, a month of cases at ``places`` (else in urban communities), today's
    escalations and a notice; idempotent."""
    _load_rules()
    created = load_cases(places)
    escalated = load_escalations()
    load_notice()
    return {
        "cases": Case.objects.count(),
        "created": created,
        "escalated": escalated,
        "open": Case.objects.exclude(state=State.CLOSED).count(),
    }
