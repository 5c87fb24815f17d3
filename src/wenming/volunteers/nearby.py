"""Which teams are near a demand, and which open demands are near a manager's teams: by the
great-circle distance (wenming.geo) within ``VOLUNTEER_NEAR_RADIUS_M``.

A team stands where it is based (its own position, else its practice site's); a demand where it
was posted (its own position, else its 站's). Without a position on either side, "near" falls
back to the same county, and such teams are listed after the measured ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from wenming.geo import bounding_box, distance_m
from wenming.volunteers import conf
from wenming.volunteers.models import Demand, DemandState, Team
from wenming.volunteers.permissions import managed_team_ids

COUNTY = 6  # characters of a region code naming its county
# Open demands looked at around one team (a box of the radius): more is a data problem.
CANDIDATES = 500


@dataclass(frozen=True)
class NearTeam:
    team: Team
    distance_m: float | None  # None: no position on one side, same county

    @property
    def distance_text(self) -> str:
        if self.distance_m is None:
            return ""
        if self.distance_m < 1000:
            return f"{round(self.distance_m)} m"
        return f"{Decimal(self.distance_m / 1000).quantize(Decimal('0.1'))} km"


def team_position(team: Team) -> tuple[Decimal | None, Decimal | None]:
    if team.latitude is not None:
        return team.latitude, team.longitude
    site = team.site
    if site is not None and site.latitude is not None:
        return site.latitude, site.longitude
    return None, None


def demand_position(demand: Demand) -> tuple[Decimal | None, Decimal | None]:
    if demand.latitude is not None:
        return demand.latitude, demand.longitude
    station = demand.station
    if station is not None and station.latitude is not None:
        return station.latitude, station.longitude
    return None, None


def teams_near(demand: Demand, *, limit: int = 20) -> list[NearTeam]:
    """Active teams within the radius, nearest first; then (no position on one side) the teams
    of the demand's county. A demand without a position lists its county's teams only."""
    radius = conf.near_radius_m()
    county = demand.region_id[:COUNTY]
    lat, lon = demand_position(demand)
    teams = Team.objects.filter(is_active=True).select_related("site", "region")
    measured, unplaced = [], []
    if lat is not None:
        lat_lo, lat_hi, lon_lo, lon_hi = bounding_box(lat, lon, radius)
        box = Q(latitude__range=(lat_lo, lat_hi), longitude__range=(lon_lo, lon_hi)) | Q(
            latitude__isnull=True,
            site__latitude__range=(lat_lo, lat_hi),
            site__longitude__range=(lon_lo, lon_hi),
        )
        for team in teams.filter(box)[:CANDIDATES]:
            d = distance_m(lat, lon, *team_position(team))
            if d is not None and d <= radius:
                measured.append(NearTeam(team, d))
        measured.sort(key=lambda near: (near.distance_m, near.team.pk))
    same_county = teams.filter(region__pk__startswith=county).order_by("region_id", "name")
    if lat is not None:
        same_county = same_county.filter(latitude__isnull=True).filter(
            Q(site__isnull=True) | Q(site__latitude__isnull=True)
        )
    for team in same_county[:limit]:
        unplaced.append(NearTeam(team, None))
    return (measured + unplaced)[:limit]


def open_demands_near_q(actor) -> Q:
    """The open demands near any team the actor manages: within the radius of a placed team
    (the demand's or its 站's position), or in the county of a team without a position; a
    demand without a position is near every team of its county."""
    ids = sorted(managed_team_ids(actor))
    if not ids:
        return Q(pk__in=[])
    radius = conf.near_radius_m()
    teams = list(Team.objects.filter(pk__in=ids).select_related("site"))
    placed = [(team, *team_position(team)) for team in teams]
    counties = {team.region_id[:COUNTY] for team in teams}
    near = Q(pk__in=[])
    for county in sorted(counties):  # a demand without a position: its county's teams
        near |= Q(region__pk__startswith=county, latitude__isnull=True) & (
            Q(station__isnull=True) | Q(station__latitude__isnull=True)
        )
    for county in sorted({t.region_id[:COUNTY] for t, lat, _lon in placed if lat is None}):
        near |= Q(region__pk__startswith=county)
    found: set[int] = set()
    for _team, lat, lon in placed:
        if lat is not None:
            found |= _open_within(lat, lon, radius)
    return near | Q(pk__in=sorted(found))


def _open_within(lat, lon, radius: float) -> set[int]:
    lat_lo, lat_hi, lon_lo, lon_hi = bounding_box(lat, lon, radius)
    box = Q(latitude__range=(lat_lo, lat_hi), longitude__range=(lon_lo, lon_hi)) | Q(
        latitude__isnull=True,
        station__latitude__range=(lat_lo, lat_hi),
        station__longitude__range=(lon_lo, lon_hi),
    )
    rows = Demand.objects.filter(box, state=DemandState.OPEN).values_list(
        "pk", "latitude", "longitude", "station__latitude", "station__longitude"
    )[:CANDIDATES]
    found = set()
    for pk, d_lat, d_lon, s_lat, s_lon in rows:
        here = (d_lat, d_lon) if d_lat is not None else (s_lat, s_lon)
        d = distance_m(lat, lon, *here)
        if d is not None and d <= radius:
            found.add(pk)
    return found
