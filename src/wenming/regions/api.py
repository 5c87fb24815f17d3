"""Regions, units and the caller's own place, scoped like every page."""

from ninja import Path, Router, Schema
from ninja.pagination import paginate

from wenming.apischema import Id, Pages
from wenming.regions import selectors
from wenming.regions.scope import scope_for

router = Router(tags=["区划与单位"])


class UnitRef(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    region_code: str

    @staticmethod
    def resolve_region_code(unit) -> str:
        return unit.region_id


class MeOut(Schema):
    username: str
    full_name: str
    unit: UnitRef | None
    role: str | None
    role_label: str | None
    scope_region_code: str | None


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    urban_rural: str

    @staticmethod
    def resolve_parent_code(region) -> str | None:
        return region.parent_id


class UnitOut(UnitRef):
    parent_id: int | None
    leader_name: str
    liaison_name: str


@router.get("/me", response=MeOut)
def me(request):
    """The caller: account, unit, role and the region code their scope is rooted at."""
    membership = selectors.membership_of(request.user)
    return {
        "username": request.user.get_username(),
        "full_name": request.user.get_full_name(),
        "unit": membership.unit if membership else None,
        "role": membership.role if membership else None,
        "role_label": membership.get_role_display() if membership else None,
        "scope_region_code": scope_for(request.user).region_code,
    }


@router.get("/regions/", response=list[RegionOut])
@paginate(Pages, page_size=100)
def list_regions(request, q: str = "", parent: str | None = None, level: str | None = None):
    return selectors.regions_visible_to(request.user, search=q, parent=parent, level=level)


@router.get("/regions/{code}", response=RegionOut)
def get_region(request, code: str = Path(..., pattern=r"^[0-9]{1,12}$")):
    return selectors.get_region_for(request.user, code)


@router.get("/units/", response=list[UnitOut])
@paginate(Pages, page_size=100)
def list_units(request, q: str = "", kind: str | None = None, region: str | None = None):
    return selectors.units_visible_to(request.user, search=q, kind=kind, region=region)


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request, unit_id: Id):
    return selectors.get_unit_for(request.user, unit_id)
