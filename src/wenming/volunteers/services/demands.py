"""群众吹哨、志愿报到: the demand workflow (wenming.workflow), posting, rating and escalation.

submitted ──accept (站)──▶ open ──pledge (队伍报到)──▶ claimed ──complete──▶ completed ──▶ rated
    └─decline (理由)──▶ declined     └─decline            └─withdraw──▶ open

A demand nobody claims within ``VOLUNTEER_DEMAND_ESCALATE_WORKDAYS`` working days (the case
loop's calendar, cases.deadlines) goes up to the town's 实践所: the daily tick moves it onto the
所's to-do list once.
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases import deadlines
from wenming.inputs import clean_name
from wenming.notifications import services as notifications
from wenming.notifications.models import MessageKind
from wenming.numbers import clean_number, clean_position
from wenming.privacy import mask_phone, normalise_phone
from wenming.regions.models import TERRITORIAL_KINDS, Region, RegionLevel, Role, Unit
from wenming.regions.permissions import role_of
from wenming.regions.scope import scope_for
from wenming.uploads import UploadRejected, check_upload
from wenming.volunteers import conf, permissions, selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import (
    Demand,
    DemandCategory,
    DemandChannel,
    DemandEvent,
    DemandPhoto,
    DemandState,
    Pledge,
    ServiceOffer,
    Team,
)
from wenming.workflow import Transition, Workflow, WorkflowError

OFFICE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.WELFARE})
STATION_ROLES = OFFICE_ROLES | {Role.LIAISON, Role.LEADER}
NO_ROLE = "none"  # a team's manager need not hold a role in a unit
ANY_ROLE = frozenset(Role.values) | {NO_ROLE}
MAX_PHOTOS = 9


def effective_role(actor) -> str | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if actor.is_superuser:
        return Role.ADMIN
    return role_of(actor) or NO_ROLE


def is_station(actor, demand: Demand) -> bool:
    """The 站 (or, once escalated, the 所) that handles the demand: people of the territorial
    unit whose region is the demand's handler region; the office anywhere in its territory."""
    scope = scope_for(actor)
    if effective_role(actor) in OFFICE_ROLES:
        return scope.covers_region(demand.region_id)
    return bool(scope.prefixes) and demand.handler_region_id in scope.home_region_codes


def can_pledge(actor, demand: Demand) -> bool:
    return permissions.is_team_manager(actor)


def is_claimer(actor, demand: Demand) -> bool:
    return demand.team_id is not None and demand.team_id in permissions.managed_team_ids(actor)


def _station(to, label, **kw):
    return Transition(to, STATION_ROLES, "station", label, **kw)


DEMANDS = Workflow(
    "demand",
    {
        DemandState.SUBMITTED: {
            "accept": _station(DemandState.OPEN, gettext_lazy("受理")),
            "decline": _station(
                DemandState.DECLINED,
                gettext_lazy("不予受理"),
                style="outline-danger",
                needs_note=True,
            ),
        },
        DemandState.OPEN: {
            "pledge": Transition(DemandState.CLAIMED, ANY_ROLE, "team", gettext_lazy("志愿报到")),
            "decline": _station(
                DemandState.DECLINED,
                gettext_lazy("不予受理"),
                style="outline-danger",
                needs_note=True,
                waits=False,
            ),
        },
        DemandState.CLAIMED: {
            "complete": Transition(
                DemandState.COMPLETED, ANY_ROLE, "claimer", gettext_lazy("服务完成")
            ),
            "withdraw": Transition(
                DemandState.OPEN,
                ANY_ROLE,
                "claimer",
                gettext_lazy("退回重新认领"),
                style="outline-secondary",
                needs_note=True,
                waits=False,
            ),
        },
        DemandState.COMPLETED: {},
        DemandState.DECLINED: {},
    },
    role_of=effective_role,
    parties={"station": is_station, "team": can_pledge, "claimer": is_claimer},
)
ACTION_LABELS = {
    **DEMANDS.labels,
    "post": gettext_lazy("提出需求"),
    "escalate": gettext_lazy("逾期未认领，上报实践所"),
    "rate": gettext_lazy("群众评价"),
}


def _write_event(demand, *, actor, action, from_state, transition, data, note):
    actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    DemandEvent.objects.create(
        demand=demand,
        action=action,
        from_state=from_state,
        to_state=transition.to,
        actor=actor_user,
        note=(data.get("event_note") or note)[:300],
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=demand,
        summary=f"群众需求 {demand.title}：{ACTION_LABELS.get(action, action)}",
    )


DEMANDS.on_transition = _write_event


@DEMANDS.handler("accept")
def _accept(demand, *, actor, transition, from_state, note="", **data):
    demand.station = demand.station or selectors.station_for(demand.region_id)


@DEMANDS.handler("decline")
def _decline(demand, *, actor, transition, from_state, note="", **data):
    demand.decline_reason = clean_name(note)[:200]


@DEMANDS.handler("pledge")
def _pledge(demand, *, actor, transition, from_state, team_id=None, note="", **data):
    team = Team.objects.filter(pk=team_id, is_active=True).first() if team_id else None
    if team is None or not permissions.manages_team(actor, team):
        raise WorkflowError(_("请选择您管理的志愿服务队伍。"), code=WorkflowError.INPUT)
    Pledge.objects.get_or_create(
        demand=demand, team=team, defaults={"pledged_by": actor, "note": clean_name(note)[:200]}
    )
    demand.team = team
    return {"event_note": f"{team.name} 报到" + (f"：{note}" if note else "")}


@DEMANDS.handler("complete")
def _complete(
    demand,
    *,
    actor,
    transition,
    from_state,
    hours=None,
    served_people=None,
    result="",
    photos=(),
    note="",
    **data,
):
    try:
        hours = clean_number(Demand, "hours", hours, minimum=0, maximum=9999, error=VolunteerError)
        served = clean_number(
            Demand, "served_people", served_people, minimum=1, error=VolunteerError
        )
    except VolunteerError as error:
        raise WorkflowError(error.message, code=WorkflowError.INPUT) from None
    if hours is None:
        raise WorkflowError(_("请填写服务时长。"), code=WorkflowError.INPUT)
    if len(photos) > MAX_PHOTOS:
        raise WorkflowError(_("照片最多 %(n)d 张。") % {"n": MAX_PHOTOS}, code=WorkflowError.INPUT)
    checked = []
    for photo in photos:
        try:
            checked.append(check_upload(photo, allowed={"jpg", "png", "webp"}))
        except UploadRejected as rejected:
            raise WorkflowError("；".join(rejected.messages), code=WorkflowError.INPUT) from None
    for upload in checked:
        DemandPhoto.objects.create(
            demand=demand, image=ContentFile(upload.content, name=upload.name), uploaded_by=actor
        )
    demand.hours, demand.served_people = hours, served or 1
    demand.result = (result or note or "").strip()[:2000]
    demand.completed_at = timezone.now()
    return {
        "event_note": _("服务 %(h)s 小时，%(n)d 人次") % {"h": hours, "n": demand.served_people}
    }


@DEMANDS.handler("withdraw")
def _withdraw(demand, *, actor, transition, from_state, note="", **data):
    demand.team = None


def act(*, actor, demand_id: int, action: str, **data) -> Demand:
    """Take ``action`` on a demand the actor can see (404 otherwise); WorkflowError if refused."""
    selectors.get_demand_for(actor, demand_id)
    return DEMANDS.run(demand_id, action, actor=actor, model=Demand, **data)


def allowed_actions(actor, demand: Demand) -> list[str]:
    return DEMANDS.allowed(actor, demand)


def waiting_q(actor) -> Q:
    """The demands waiting for the actor (the same table and parties as the buttons)."""
    role = effective_role(actor)
    found = Q(pk__in=[])
    scope = scope_for(actor)
    if role in STATION_ROLES:
        if role in OFFICE_ROLES:
            station = Q(escalated_at__isnull=False) & scope.q(region="region", unit=None)
        elif scope.prefixes:
            station = Q(handler_region_id__in=sorted(scope.home_region_codes))
        else:
            station = Q(pk__in=[])
        found |= Q(state=DemandState.SUBMITTED) & station
    team_ids = permissions.managed_team_ids(actor)
    if team_ids:
        found |= Q(state=DemandState.CLAIMED, team_id__in=sorted(team_ids))
        found |= Q(state=DemandState.OPEN) & selectors.near_managed_teams_q(actor)
    return found


# --- posting, rating, escalating -------------------------------------------------------------


def _escalate_after(now: datetime) -> datetime:
    day = timezone.localdate(now)
    days = conf.demand_escalate_workdays()
    calendar = deadlines.calendar_around(day, days_after=days * 3 + 40)
    return deadlines.deadline_on(calendar.add_workdays(day, days), calendar).overdue_from


def post_demand(
    *,
    actor=None,
    category: str,
    title: str,
    region: Region,
    description: str = "",
    address: str = "",
    latitude=None,
    longitude=None,
    wanted_at: datetime | None = None,
    requester_name: str = "",
    requester_phone: str = "",
    offer: ServiceOffer | None = None,
) -> Demand:
    """A citizen (``actor`` None, from the public page) or a community worker posts a need;
    ``offer``: ordered from the service menu (群众点单), whose category it takes."""
    actor, channel = _poster(actor, region)
    if region.level != RegionLevel.VILLAGE:
        raise VolunteerError(_("请选择所在社区或村。"), field="region")
    if offer is not None:
        category = offer.category
        title = title or offer.title
    if category not in DemandCategory.values:
        raise VolunteerError(_("请选择需求类别。"), field="category")
    title = clean_name(title)[:100]
    if not title:
        raise VolunteerError(_("请简要说明需求。"), field="title")
    try:
        phone = normalise_phone(requester_phone)
    except ValueError as error:
        raise VolunteerError(str(error), field="requester_phone") from None
    latitude, longitude = clean_position(Demand, latitude, longitude, error=VolunteerError)
    if (latitude is None) != (longitude is None):
        latitude = longitude = None
    now = timezone.now()
    with transaction.atomic():
        demand = Demand.objects.create(
            category=category,
            title=title,
            description=(description or "").strip()[:2000],
            region=region,
            handler_region=region,
            station=selectors.station_for(region.code),
            address=clean_name(address)[:200],
            latitude=latitude,
            longitude=longitude,
            wanted_at=wanted_at,
            requester_name=clean_name(requester_name)[:50],
            requester_phone=phone,
            channel=channel,
            created_by=actor,
            escalate_after=_escalate_after(now),
            offer=offer,
        )
        _posted(demand, actor)
    return demand


def _poster(actor, region: Region) -> tuple:
    """Who posts and through which channel: a community worker in whose territory the
    region lies (else refused), or a citizen (actor None) through the public page."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        permissions.ensure_can(actor, permissions.HANDLE_DEMANDS)
        if not scope_for(actor).covers_region(region.code):
            raise VolunteerError(_("所选社区不在您的管辖范围内。"), field="region")
        return actor, DemandChannel.WORKER
    return None, DemandChannel.PUBLIC


def _posted(demand: Demand, actor) -> None:
    """A new demand's event, audit row and the territorial units' notice."""
    DemandEvent.objects.create(
        demand=demand,
        action="post",
        to_state=demand.state,
        actor=actor,
        note=DemandChannel(demand.channel).label,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=demand,
        summary=(
            f"群众需求 {demand.title}（{demand.region.name}，"
            f"联系电话 {mask_phone(demand.requester_phone)}）"
        ),
    )
    notifications.notify_units(
        unit_ids=_territorial_units(demand.region),
        kind=MessageKind.DISPATCH,
        title=_("新的群众需求：%(t)s") % {"t": demand.title},
        url=f"/volunteers/demands/{demand.pk}/",
    )


def _territorial_units(region: Region) -> list[int]:
    return list(
        Unit.objects.filter(region=region, kind__in=TERRITORIAL_KINDS, is_active=True).values_list(
            "pk", flat=True
        )
    )


def rate_demand(*, code: str, rating, comment: str = "") -> Demand:
    """The requester rates a completed demand once, from the tracking page."""
    try:
        rating = clean_number(Demand, "rating", rating, minimum=1, maximum=5, error=VolunteerError)
    except VolunteerError:
        rating = None
    if rating is None:
        raise VolunteerError(_("请选择 1 至 5 星的评价。"), field="rating")
    with transaction.atomic():
        demand = Demand.objects.select_for_update().filter(code=code).first()
        if demand is None:
            raise VolunteerError(_("查询码不存在。"))
        if demand.state != DemandState.COMPLETED:
            raise VolunteerError(_("服务完成后才能评价。"))
        if demand.rating is not None:
            raise VolunteerError(_("您已评价过，感谢您的反馈。"))
        demand.rating = rating
        demand.rating_comment = clean_name(comment)[:200]
        demand.rated_at = timezone.now()
        demand.save(update_fields=["rating", "rating_comment", "rated_at"])
        DemandEvent.objects.create(
            demand=demand,
            action="rate",
            from_state=demand.state,
            to_state=demand.state,
            note=f"{rating} 星" + (f"：{demand.rating_comment}" if demand.rating_comment else ""),
        )
    return demand


def due_escalations(now: datetime | None = None) -> list[int]:
    """Unclaimed demands past their working-day limit that have not gone up yet."""
    now = now or timezone.now()
    return list(
        Demand.objects.filter(
            state__in=[DemandState.SUBMITTED, DemandState.OPEN],
            escalated_at__isnull=True,
            escalate_after__lte=now,
        ).values_list("pk", flat=True)
    )


def escalate(*, demand_id: int, now: datetime | None = None) -> Demand | None:
    """Move one unclaimed demand to the town's 实践所, at most once (a rerun finds it done)."""
    now = now or timezone.now()
    with transaction.atomic():
        demand = (
            Demand.objects.select_for_update()
            .filter(
                pk=demand_id,
                state__in=[DemandState.SUBMITTED, DemandState.OPEN],
                escalated_at__isnull=True,
                escalate_after__lte=now,
            )
            .first()
        )
        if demand is None:
            return None
        town_code = demand.region_id[:9].ljust(12, "0")
        town = Region.objects.filter(pk=town_code).first()
        demand.escalated_at = now
        demand.escalated_to = selectors.institute_for(demand.region_id)
        if town is not None:
            demand.handler_region = town
        demand.save(update_fields=["escalated_at", "escalated_to", "handler_region"])
        where = demand.escalated_to.name if demand.escalated_to else (town.name if town else "")
        DemandEvent.objects.create(
            demand=demand,
            action="escalate",
            from_state=demand.state,
            to_state=demand.state,
            note=_("%(n)d 个工作日内无人认领，上报%(where)s")
            % {"n": conf.demand_escalate_workdays(), "where": where},
        )
        record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=demand,
            summary=f"群众需求 {demand.title}：逾期未认领，上报{where}",
        )
        if town is not None:
            notifications.notify_units(
                unit_ids=_territorial_units(town),
                kind=MessageKind.SUPERVISION,
                title=_("群众需求逾期未认领：%(t)s") % {"t": demand.title},
                url=f"/volunteers/demands/{demand.pk}/",
            )
    return demand
