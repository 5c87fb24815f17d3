"""志愿服务 in the API (/api/v1/volunteers/): the network, coverage, teams, volunteers (numbers
masked, as on every page), activities, demands with one POST per workflow action, figures."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from wenming.apischema import Id, Pages, column_number
from wenming.errorbody import ErrorOut as BaseErrorOut
from wenming.periods import PeriodError, parse_period
from wenming.privacy import mask_id_number, mask_phone
from wenming.volunteers import permissions, selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import Demand, ServiceRecord
from wenming.volunteers.services import activities as activity_services
from wenming.volunteers.services import demands as demand_services
from wenming.workflow import WorkflowError

router = Router(tags=["志愿服务"])


class ErrorOut(BaseErrorOut):
    state: str | None = None
    allowed_actions: list[str] = []


ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class SiteOut(Schema):
    id: int
    name: str
    level: str
    level_label: str
    region_code: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    opening_hours: str
    manager_name: str
    manager_phone: str
    stars: int | None

    @staticmethod
    def resolve_level_label(site) -> str:
        return site.get_level_display()

    @staticmethod
    def resolve_region_code(site) -> str:
        return site.region_id

    @staticmethod
    def resolve_manager_phone(site) -> str:
        return mask_phone(site.manager_phone)


class CoverageRowOut(Schema):
    region_code: str
    name: str
    towns: int
    towns_covered: int
    town_share: Decimal | None
    villages: int
    villages_covered: int
    village_share: Decimal | None
    centres: int
    points: int
    full: bool

    @staticmethod
    def resolve_region_code(row) -> str:
        return row.region.code

    @staticmethod
    def resolve_name(row) -> str:
        return row.region.name


class CoverageOut(Schema):
    total: CoverageRowOut
    rows: list[CoverageRowOut]


class TeamOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    region_code: str
    site_id: int | None
    leader_name: str
    contact_phone: str
    member_count: int = 0

    @staticmethod
    def resolve_region_code(team) -> str:
        return team.region_id

    @staticmethod
    def resolve_contact_phone(team) -> str:
        return mask_phone(team.contact_phone)


class VolunteerOut(Schema):
    id: int
    name: str
    sex: str
    id_number: str = Field(description="脱敏后的身份证号（110101********1234）")
    phone: str = Field(description="脱敏后的手机号（138****8000）")
    region_code: str
    registered_on: date
    skills: str

    @staticmethod
    def resolve_id_number(v) -> str:
        return mask_id_number(v.id_number)

    @staticmethod
    def resolve_phone(v) -> str:
        return mask_phone(v.phone)

    @staticmethod
    def resolve_region_code(v) -> str:
        return v.region_id


class RecordOut(Schema):
    id: int
    activity_id: int
    activity: str
    team_id: int
    service_date: date
    signed_in_at: datetime | None
    signed_out_at: datetime | None
    hours: Decimal
    corrected: bool

    @staticmethod
    def resolve_activity(r) -> str:
        return r.activity.title

    @staticmethod
    def resolve_corrected(r) -> bool:
        return bool(r.corrections.all())


class VolunteerDetailOut(VolunteerOut):
    total_hours: Decimal
    records: list[RecordOut]

    @staticmethod
    def resolve_total_hours(v) -> Decimal:
        return selectors.volunteer_hours(v)

    @staticmethod
    def resolve_records(v) -> list:
        return list(selectors.records_of(v)[:200])


class ActivityOut(Schema):
    id: int
    title: str
    team_id: int
    project_id: int | None
    region_code: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    is_cancelled: bool

    @staticmethod
    def resolve_region_code(a) -> str:
        return a.region_id


class DemandOut(Schema):
    id: int
    category: str
    title: str
    description: str
    region_code: str
    address: str
    state: str
    state_label: str
    requester_phone: str
    team_id: int | None
    escalated: bool
    rating: int | None
    created: datetime
    allowed_actions: list[str] = []

    @staticmethod
    def resolve_region_code(d) -> str:
        return d.region_id

    @staticmethod
    def resolve_state_label(d) -> str:
        return d.get_state_display()

    @staticmethod
    def resolve_requester_phone(d) -> str:
        return mask_phone(d.requester_phone)

    @staticmethod
    def resolve_escalated(d) -> bool:
        return d.escalated_at is not None


class DemandActionIn(Schema):
    note: str = Field("", max_length=300)
    team_id: Id | None = None
    hours: column_number(Demand, "hours", minimum=0, checked=True) = None
    served_people: int | None = Field(None, ge=1, le=1_000_000)
    result: str = Field("", max_length=2000)


class CorrectionIn(Schema):
    hours: column_number(ServiceRecord, "hours", nullable=False, checked=True)
    reason: str = Field(..., min_length=1, max_length=200)


class VolunteerFiguresOut(Schema):
    region_code: str
    start: date
    end: date
    registered: int
    active: int
    population: int | None
    share: Decimal | None
    hours: Decimal
    services: int
    demands: int
    demands_met: int
    rating: Decimal | None

    @staticmethod
    def resolve_region_code(f) -> str:
        return f.region.code


def _region(request, code: str):
    if code:
        if not code.isdigit() or len(code) != 12:
            raise Http404
        region = selectors.regions_for_sites(request.user).filter(pk=code).first()
    else:
        region = selectors.coverage_root(request.user)
    if region is None:
        raise Http404
    return region


@router.get("/sites", response=list[SiteOut])
@paginate(Pages, page_size=50)
def list_sites(request, level: str = "", region: str = "", q: str = ""):
    """Practice sites (中心/所/站/点) in the caller's territory."""
    permissions.ensure_module(request.user)
    return selectors.sites_visible_to(
        request.user, level=level, region=region if region.isdigit() else "", search=q
    )


@router.get("/coverage", response=CoverageOut)
def get_coverage(request, region: str = ""):
    """Coverage of a region and of each region one level below (county → town → community)."""
    permissions.ensure_module(request.user)
    total, rows = selectors.coverage(request.user, _region(request, region))
    return {"total": total, "rows": rows}


@router.get("/teams", response=list[TeamOut])
@paginate(Pages, page_size=50)
def list_teams(request, kind: str = "", q: str = ""):
    permissions.ensure_module(request.user)
    return selectors.teams_visible_to(request.user, kind=kind, search=q)


@router.get("/people", response=list[VolunteerOut])
@paginate(Pages, page_size=50)
def list_volunteers(request, q: str = "", team: Id | None = None):
    """Volunteers; ID and phone numbers are always masked."""
    permissions.ensure_module(request.user)
    return selectors.volunteers_visible_to(request.user, search=q, team=team)


@router.get("/people/{volunteer_id}", response=VolunteerDetailOut)
def get_volunteer(request, volunteer_id: Id):
    """One volunteer (numbers masked) with their service records and total hours."""
    return selectors.get_volunteer_for(request.user, volunteer_id)


@router.get("/activities", response=list[ActivityOut])
@paginate(Pages, page_size=50)
def list_activities(request, team: Id | None = None):
    permissions.ensure_module(request.user)
    return selectors.activities_visible_to(request.user, team=team)


@router.post("/records/{record_id}/correct", response={200: RecordOut, **ERRORS})
def correct_record(request, record_id: Id, payload: CorrectionIn):
    """更正时长: the organising team only; the old value, the reason and who are kept."""
    record = selectors.get_record_for(request.user, record_id)
    try:
        record = activity_services.correct_hours(
            actor=request.user, record_id=record.pk, hours=payload.hours, reason=payload.reason
        )
    except VolunteerError as exc:
        return Status(422, {"detail": exc.message})
    return record


@router.get("/demands", response=list[DemandOut])
@paginate(Pages, page_size=50)
def list_demands(request, state: str = "", waiting: bool = False):
    permissions.ensure_module(request.user)
    demands = selectors.demands_visible_to(request.user, state=state)
    if waiting:
        demands = demands.filter(demand_services.waiting_q(request.user))
    return demands


def _demand_detail(request, pk: int):
    demand = selectors.get_demand_for(request.user, pk)
    demand.allowed_actions = demand_services.allowed_actions(request.user, demand)
    return demand


@router.get("/demands/{demand_id}", response=DemandOut)
def get_demand(request, demand_id: Id):
    return _demand_detail(request, demand_id)


def _demand_endpoint(action: str):
    def endpoint(request, demand_id: Id, payload: DemandActionIn):
        data = {"note": payload.note}
        if action == "pledge":
            data["team_id"] = payload.team_id
        if action == "complete":
            data.update(
                hours=payload.hours, served_people=payload.served_people, result=payload.result
            )
        try:
            demand_services.act(actor=request.user, demand_id=demand_id, action=action, **data)
        except WorkflowError as exc:
            if exc.code == WorkflowError.STATE:
                return Status(
                    409, {"detail": exc.message, "state": exc.state, "allowed_actions": exc.allowed}
                )
            if exc.code == WorkflowError.FORBIDDEN:
                return Status(403, {"detail": exc.message})
            return Status(422, {"detail": exc.message})
        return _demand_detail(request, demand_id)

    endpoint.__name__ = f"demand_{action}"
    endpoint.__doc__ = (
        f"群众需求：{demand_services.ACTION_LABELS[action]}。当前状态不允许时返回 409。"
    )
    return endpoint


for _action in demand_services.DEMANDS.actions:
    router.post(
        f"/demands/{{demand_id}}/{_action}",
        response={200: DemandOut, **ERRORS},
        operation_id=f"demand_{_action}",
        summary=str(demand_services.ACTION_LABELS[_action]),
    )(_demand_endpoint(_action))


@router.get("/figures", response=VolunteerFiguresOut)
def get_figures(request, region: str = "", period: str = ""):
    """Registered and active volunteers, share of population, hours, 服务人次, demands met."""
    permissions.ensure_module(request.user)
    target = _region(request, region)
    try:
        found = parse_period(period) if period else None
    except (PeriodError, ValueError):
        found = None
    if found is None:
        today = timezone.localdate()
        start, end = today.replace(day=1), today
    else:
        start, end = found.start, found.end
    figures = selectors.figures(target, start=start, end=end)
    figures.start, figures.end = start, end
    return figures
