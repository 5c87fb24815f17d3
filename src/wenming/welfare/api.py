"""The registers in the API: meal points (scoped like the pages) and the period figures of the
caller's registers. Children's records are not in the API."""

from datetime import date

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from wenming.apischema import Id, Pages
from wenming.errorbody import ErrorOut
from wenming.periods import PeriodError, parse_period
from wenming.welfare import permissions, selectors
from wenming.welfare.models import MealPointStatus

router = Router(tags=["民生台账"])


class MealPointOut(Schema):
    id: int
    name: str
    operator: str
    region_code: str
    region_name: str
    area: str  # 城市 / 农村 from the region's 城乡分类代码; "" where the code is not known
    capacity: int
    opened_on: date | None
    status: str

    @staticmethod
    def resolve_region_code(point) -> str:
        return point.region_id

    @staticmethod
    def resolve_region_name(point) -> str:
        return point.region.name

    @staticmethod
    def resolve_area(point) -> str:
        return point.area_label


class MealFilters(Schema):
    q: str = ""
    area: str = ""
    status: str = ""


class FiguresOut(Schema):
    period: str
    period_label: str
    meal_points: int
    urban: int
    rural: int
    elderly_served: int | None
    diners: int | None
    safety_checks: int | None
    safety_talks: int | None
    safety_drills: int | None
    safety_notices: int | None


@router.get("/meal-points/", response=list[MealPointOut])
@paginate(Pages, page_size=100)
def list_meal_points(request, filters: Query[MealFilters]):
    area = filters.area if filters.area in (selectors.URBAN, selectors.RURAL) else ""
    status = filters.status if filters.status in MealPointStatus.values else ""
    return selectors.meal_points_visible_to(
        request.user, search=filters.q[:50], area=area, status=status
    )


@router.get("/meal-points/{point_id}", response=MealPointOut)
def get_meal_point(request, point_id: Id):
    return selectors.get_meal_point_for(request.user, point_id)


# A year, a month, a quarter or an ISO week, as the pages and the command line write them.
PERIOD_PATTERN = r"^(20[0-9]{2}(-(0?[1-9]|1[0-2]|[Qq][1-4]|[Ww](0?[1-9]|[1-4][0-9]|5[0-3])))?)?$"


@router.get("/figures", response={200: FiguresOut, 404: ErrorOut, 422: ErrorOut})
def figures(request, period: str = Query("", pattern=PERIOD_PATTERN)):
    """The period's figures of the registers the caller sees (None: no data in the period).
    ``period``: 2026, 2026-11, 2026-Q4 or 2026-W47 (default: this year); a week the year does
    not have answers 404."""
    try:
        chosen = parse_period(period or str(date.today().year))
    except PeriodError as exc:
        return Status(404, {"detail": str(exc)})
    if not permissions.can(request.user, permissions.VIEW):
        meal = selectors.MealFigures(0, 0, 0, None, None, 0)
        safety = selectors.SafetyFigures(None, None, None, None, None)
    else:
        meal = selectors.meal_figures_visible(request.user, period=chosen)
        safety = selectors.safety_figures_visible(request.user, period=chosen)
    return Status(
        200,
        {
            "period": chosen.key,
            "period_label": chosen.label,
            "meal_points": meal.total,
            "urban": meal.urban,
            "rural": meal.rural,
            "elderly_served": meal.elderly_served,
            "diners": meal.diners,
            "safety_checks": safety.checks,
            "safety_talks": safety.talks,
            "safety_drills": safety.drills,
            "safety_notices": safety.notices,
        },
    )
