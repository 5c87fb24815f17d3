"""The community standard in the API (/api/v1/community/): the communities in the caller's scope
with their 四达标 for a month (met or not, and why), and one community with its 六个一."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from wenming.apischema import Id, Pages
from wenming.community import permissions, selectors
from wenming.community.models import Community
from wenming.errorbody import ErrorOut
from wenming.periods import PeriodError, PeriodKind, parse_period, period_containing

router = Router(tags=["社区达标"])

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class StandardOut(Schema):
    key: str
    label: str
    met: bool
    reason: str


class CommunityOut(Schema):
    id: int
    unit_id: int
    name: str
    region_code: str
    households: int
    population: int
    month: str
    standards: list[StandardOut]
    all_met: bool
    weak: bool
    weak_override: str
    facilities_present: int


class FacilityOut(Schema):
    kind: str
    label: str
    present: bool
    area_m2: Decimal | None
    opening_hours: str


class CommunityDetailOut(CommunityOut):
    facilities: list[FacilityOut]
    rooms: list[str]


def _period(month: str):
    today = timezone.localdate()
    current = period_containing(PeriodKind.MONTH, today)
    if month:
        try:
            period = parse_period(month)
        except PeriodError:
            period = None
        if period is not None and period.start <= today:
            return period
    return current.previous()


def _out(row, period) -> dict:
    c, e = row.community, row.evaluation
    return {
        "id": c.pk,
        "unit_id": c.unit_id,
        "name": c.unit.name,
        "region_code": c.region_id,
        "households": c.households,
        "population": c.population,
        "month": period.key,
        "standards": [
            {"key": s.key, "label": s.label, "met": s.met, "reason": s.reason} for s in e.standards
        ],
        "all_met": e.all_met,
        "weak": e.is_weak,
        "weak_override": c.weak_override,
        "facilities_present": e.figures.facilities_present,
    }


def _visible(request):
    if not permissions.can(request.user, permissions.VIEW):
        return Community.objects.none()
    return selectors.communities_visible_to(request.user)


@router.get("/communities", response=list[CommunityOut])
@paginate(Pages, page_size=100)
def list_communities(request, month: str = Query("", pattern=f"{MONTH}|^$")):
    """Communities under the standard in the caller's scope, with the month's 四达标 (default:
    the last complete month) and whether each is weak."""
    period = _period(month)
    rows = selectors.evaluate_communities(_visible(request), period)
    return [_out(row, period) for row in rows]


@router.get("/communities/{community_id}", response={200: CommunityDetailOut, 404: ErrorOut})
def get_community(request, community_id: Id, month: str = Query("", pattern=f"{MONTH}|^$")):
    """One community: its 四达标 for the month, its 六个一 and its function rooms."""
    if not permissions.can(request.user, permissions.VIEW):
        raise Http404  # the same answer as for a community outside the scope
    community = selectors.get_community_for(request.user, community_id)
    period = _period(month)
    row = selectors.evaluate_communities([community], period)[0]
    return {
        **_out(row, period),
        "facilities": [
            {
                "kind": f.kind,
                "label": f.get_kind_display(),
                "present": f.present,
                "area_m2": f.area_m2,
                "opening_hours": f.opening_hours,
            }
            for f in selectors.facilities_of(community)
        ],
        "rooms": [r.get_function_display() for r in selectors.rooms_of(community)],
    }
