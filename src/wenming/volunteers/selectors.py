"""Reads of the volunteer service, every one scoped to the actor (regions.scope).

One answer (404) for "does not exist" and "not yours". A team's own managers see their team,
its volunteers and activities even outside their unit's territory.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from wenming.hanzi import normalize, to_simplified
from wenming.regions.models import Region, RegionLevel
from wenming.regions.scope import scope_for
from wenming.volunteers import permissions

# Coverage and the figures live in their own modules; the pages read them through here.
from wenming.volunteers.coverage import CoverageRow as CoverageRow
from wenming.volunteers.coverage import coverage as coverage
from wenming.volunteers.coverage import coverage_root as coverage_root
from wenming.volunteers.coverage import coverage_total as coverage_total
from wenming.volunteers.figures import Figures as Figures
from wenming.volunteers.figures import figures as figures
from wenming.volunteers.figures import hours_by_region_month as hours_by_region_month
from wenming.volunteers.figures import population_of as population_of
from wenming.volunteers.figures import site_count as site_count
from wenming.volunteers.figures import team_count as team_count
from wenming.volunteers.models import (
    Activity,
    Certificate,
    Demand,
    DemandState,
    Equipment,
    PracticeSite,
    Project,
    ServiceOffer,
    ServiceRecord,
    SiteLevel,
    SiteReviewItem,
    Team,
    TeamMember,
    Volunteer,
)
from wenming.volunteers.nearby import open_demands_near_q
from wenming.volunteers.permissions import managed_team_ids


def _search(text: str) -> str:
    return to_simplified(normalize(text)) if text else ""


# --- practice sites and coverage -----------------------------------------------------------


def sites_visible_to(
    actor, *, level: str = "", region: str = "", search: str = ""
) -> QuerySet[PracticeSite]:
    scope = scope_for(actor)
    sites = scope.filter(PracticeSite.objects.all(), region="region", unit="unit")
    if level in SiteLevel.values:
        sites = sites.filter(level=level)
    if region and region.isdigit():
        sites = sites.filter(region__pk__startswith=region)
    if search:
        sites = sites.filter(name__contains=_search(search))
    return sites.select_related("region", "unit")


def get_site_for(actor, pk: int) -> PracticeSite:
    site = sites_visible_to(actor).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


def review_items() -> QuerySet[SiteReviewItem]:
    return SiteReviewItem.objects.filter(is_active=True)


def regions_for_sites(actor) -> QuerySet[Region]:
    """Regions a site, team or activity may be placed in: the actor's territory below the city."""
    return Region.objects.filter(scope_for(actor).regions_q()).exclude(
        level__in=[RegionLevel.PROVINCE]
    )


# --- teams and volunteers --------------------------------------------------------------------


def _team_q(actor) -> Q:
    scope = scope_for(actor)
    return scope.q(region="region", unit="unit") | Q(pk__in=sorted(managed_team_ids(actor)))


def teams_visible_to(actor, *, kind: str = "", search: str = "") -> QuerySet[Team]:
    teams = Team.objects.filter(_team_q(actor))
    if kind:
        teams = teams.filter(kind=kind)
    if search:
        teams = teams.filter(name__contains=_search(search))
    return (
        teams.select_related("region", "parent", "site", "unit")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("region_id", "name")
    )


def get_team_for(actor, pk: int) -> Team:
    team = (
        Team.objects.filter(_team_q(actor), pk=pk)
        .select_related("region", "parent", "site", "unit")
        .first()
    )
    if team is None:
        raise Http404
    return team


def managed_teams(actor) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=sorted(managed_team_ids(actor)), is_active=True)


def planning_teams(actor) -> QuerySet[Team]:
    """The teams the actor may plan activities and offer resources for: every active team in
    view for the network's managers, else the teams the actor manages."""
    if permissions.can(actor, permissions.MANAGE_NETWORK):
        return teams_visible_to(actor).filter(is_active=True)
    return managed_teams(actor)


def _volunteer_q(actor) -> Q:
    scope = scope_for(actor)
    in_team = Exists(
        TeamMember.objects.filter(volunteer=OuterRef("pk")).filter(
            team__in=Team.objects.filter(_team_q(actor))
        )
    )
    return scope.q(region="region", unit=None) | Q(in_team)


def volunteers_visible_to(
    actor, *, search: str = "", team: int | None = None
) -> QuerySet[Volunteer]:
    volunteers = Volunteer.objects.filter(_volunteer_q(actor))
    if team:
        volunteers = volunteers.filter(memberships__team_id=team)
    if search:
        volunteers = volunteers.filter(name__contains=_search(search))
    return volunteers.select_related("region")


def get_volunteer_for(actor, pk: int) -> Volunteer:
    volunteer = (
        Volunteer.objects.filter(_volunteer_q(actor), pk=pk)
        .select_related("region")
        .prefetch_related(Prefetch("memberships", TeamMember.objects.select_related("team")))
        .first()
    )
    if volunteer is None:
        raise Http404
    return volunteer


def volunteer_hours(volunteer: Volunteer) -> Decimal:
    return volunteer.records.aggregate(total=Sum("hours"))["total"] or Decimal("0")


def records_of(volunteer: Volunteer) -> QuerySet[ServiceRecord]:
    return (
        volunteer.records.select_related("activity", "team")
        .prefetch_related("corrections__actor")
        .order_by("-service_date", "-pk")
    )


# --- projects and activities -------------------------------------------------------------


def projects_visible_to(actor) -> QuerySet[Project]:
    return Project.objects.filter(team__in=Team.objects.filter(_team_q(actor))).select_related(
        "team"
    )


def _activity_q(actor) -> Q:
    scope = scope_for(actor)
    return scope.q(region="region", unit=None) | Q(team__in=Team.objects.filter(_team_q(actor)))


def activities_visible_to(actor, *, team: int | None = None, upcoming: bool = False):
    activities = Activity.objects.filter(_activity_q(actor))
    if team:
        activities = activities.filter(team_id=team)
    if upcoming:
        activities = activities.filter(ends_at__gte=timezone.now())
    return (
        activities.select_related("team", "project", "region")
        .annotate(
            signup_count=Count("signups", distinct=True),
            record_count=Count("records", distinct=True),
        )
        .order_by("-starts_at", "pk")
    )


def get_activity_for(actor, pk: int) -> Activity:
    activity = (
        Activity.objects.filter(_activity_q(actor), pk=pk)
        .select_related("team", "project", "region")
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def activity_records(activity: Activity) -> QuerySet[ServiceRecord]:
    return (
        activity.records.select_related("volunteer")
        .prefetch_related("corrections__actor")
        .order_by("volunteer__name", "pk")
    )


def get_record_for(actor, pk: int) -> ServiceRecord:
    """A service record of an activity the actor can see (404 otherwise)."""
    record = (
        ServiceRecord.objects.filter(
            pk=pk, activity__in=Activity.objects.filter(_activity_q(actor))
        )
        .select_related("activity", "volunteer", "team")
        .first()
    )
    if record is None:
        raise Http404
    return record


def public_activity(token: str) -> Activity:
    activity = (
        Activity.objects.filter(qr_token=token, is_cancelled=False)
        .select_related("team", "region")
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def signed_up_activities(volunteer: Volunteer, limit: int = 20) -> QuerySet[Activity]:
    """A volunteer's own coming activities (报名 and not over, not cancelled), soonest first: what
    to go to today, where its QR page signs in and out."""
    return (
        Activity.objects.filter(
            signups__volunteer=volunteer, is_cancelled=False, ends_at__gte=timezone.now()
        )
        .select_related("team")
        .order_by("starts_at")[:limit]
    )


def open_activities(limit: int = 20) -> QuerySet[Activity]:
    """What a volunteer may sign up for: not cancelled, not over, recruiting."""
    return (
        Activity.objects.filter(is_cancelled=False, ends_at__gte=timezone.now())
        .select_related("team", "region")
        .annotate(signup_count=Count("signups"))
        .order_by("starts_at")[:limit]
    )


# --- certificates -------------------------------------------------------------------------


def certificates_visible_to(actor) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        Q(team__in=Team.objects.filter(_team_q(actor)))
    ).select_related("team", "volunteer")


def get_certificate_for(actor, pk: int) -> Certificate:
    certificate = certificates_visible_to(actor).filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


def certificate_by_code(code: str) -> Certificate | None:
    return Certificate.objects.filter(code=code).select_related("team").first()


def certificate_by_number(number: str) -> Certificate | None:
    text = normalize(number).replace("[", "〔").replace("]", "〕")
    return Certificate.objects.filter(number=text).select_related("team").first()


# --- demands ----------------------------------------------------------------------------


def _demand_q(actor) -> Q:
    """The territory's demands, those its managed teams claimed, and the open demands in the
    counties of the teams it manages (teams see open demands near them)."""
    scope = scope_for(actor)
    condition = scope.q(region="region", unit=None)
    team_ids = managed_team_ids(actor)
    if team_ids:
        condition |= Q(team_id__in=sorted(team_ids))
        condition |= Q(state=DemandState.OPEN) & near_managed_teams_q(actor)
    return condition


def near_managed_teams_q(actor) -> Q:
    """Open demands near the teams the actor manages, by distance (volunteers.nearby)."""
    return open_demands_near_q(actor)


def demands_visible_to(actor, *, state: str = "", category: str = "") -> QuerySet[Demand]:
    demands = Demand.objects.filter(_demand_q(actor))
    if state in DemandState.values:
        demands = demands.filter(state=state)
    if category:
        demands = demands.filter(category=category)
    return demands.select_related("region", "team", "station", "escalated_to")


def get_demand_for(actor, pk: int) -> Demand:
    demand = (
        Demand.objects.filter(_demand_q(actor), pk=pk)
        .select_related("region", "team", "station", "escalated_to")
        .first()
    )
    if demand is None:
        raise Http404
    return demand


def public_demand(code: str) -> Demand:
    demand = Demand.objects.filter(code=code).select_related("region", "team").first()
    if demand is None:
        raise Http404
    return demand


def station_for(region_code: str) -> PracticeSite | None:
    """The active 实践站 of a community or village."""
    return (
        PracticeSite.objects.filter(region_id=region_code, level=SiteLevel.STATION, is_active=True)
        .order_by("pk")
        .first()
    )


def institute_for(region_code: str) -> PracticeSite | None:
    """The active 实践所 of the town above a community or village."""
    town = region_code[:9].ljust(12, "0")
    return (
        PracticeSite.objects.filter(region_id=town, level=SiteLevel.INSTITUTE, is_active=True)
        .order_by("pk")
        .first()
    )


def demand_regions() -> QuerySet[Region]:
    """Where a citizen may post a demand: communities and villages."""
    return Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code")


# --- figures the pages read with the actor's scope ----------------------------------------


def hours_by_team(actor, *, start: date, end: date, limit: int = 50) -> QuerySet[Team]:
    return (
        Team.objects.filter(_team_q(actor))
        .annotate(
            hours=Sum(
                "records__hours",
                filter=Q(records__service_date__gte=start, records__service_date__lte=end),
            ),
            services=Count(
                "records",
                filter=Q(records__service_date__gte=start, records__service_date__lte=end),
            ),
        )
        .filter(services__gt=0)
        .order_by("-hours")[:limit]
    )


# --- resource libraries ---------------------------------------------------------------------


def talents_visible_to(actor, *, skill: str = ""):
    """人才库: volunteers with a skill, in the actor's sight (numbers masked by the page)."""
    talents = volunteers_visible_to(actor).exclude(skills="")
    if skill:
        talents = talents.filter(skills__contains=_search(skill))
    return talents.order_by("skills", "name", "pk")


def equipment_visible_to(actor):
    return (
        Equipment.objects.filter(team__in=Team.objects.filter(_team_q(actor)))
        .select_related("team", "region")
        .prefetch_related("bookings__team")
    )


def get_equipment_for(actor, pk: int):
    equipment = equipment_visible_to(actor).filter(pk=pk).first()
    if equipment is None:
        raise Http404
    return equipment


def offers_visible_to(actor):
    return ServiceOffer.objects.filter(team__in=Team.objects.filter(_team_q(actor))).select_related(
        "team", "region"
    )


def public_offers():
    """The service menu citizens order from: active offers of active teams."""
    return (
        ServiceOffer.objects.filter(is_active=True, team__is_active=True)
        .select_related("team", "region")
        .order_by("category", "title", "pk")
    )


def public_offer(pk) -> ServiceOffer | None:
    return public_offers().filter(pk=pk).first() if pk else None
