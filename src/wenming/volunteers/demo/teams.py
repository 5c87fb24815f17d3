"""The demo's teams and volunteers: a city 银龄志愿服务总队 with a 分队 per district (seed 004), a
党员志愿服务队 per town at its 所 (placed there), a team in every third community at its 站, the team
community1 manages, and three volunteers per community or village with valid ID numbers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from wenming.regions.models import Unit
from wenming.volunteers.demo.names import GIVEN, SKILLS, SURNAMES, id_number
from wenming.volunteers.identity import id_key
from wenming.volunteers.models import Team, TeamKind, TeamMember, Volunteer, VolunteerSource


def load_teams(rng, city, counties, towns, villages, stations, institutes):
    """Returns the 总队, the teams by region code, community1's team and community1."""
    # Teams: 银龄总队 (市民政局) with a 分队 per district, a 党员队 per town, some community teams.
    civil = Unit.objects.filter(short_name="市民政局").first()
    silver = Team.objects.create(
        name="淮南市银龄志愿服务总队",
        kind=TeamKind.ELDERLY,
        region=city,
        unit=civil,
        leader_name="孙总队长",
    )
    teams_by_region: dict[str, list[Team]] = {}
    for county in counties:
        Team.objects.create(
            name=f"{county.name}银龄志愿服务分队",
            kind=TeamKind.ELDERLY,
            parent=silver,
            region=county,
            unit=civil,
            leader_name=rng.choice(SURNAMES) + "队长",
        )
    for town in towns:
        institute = institutes.get(town.code)
        team = Team.objects.create(
            name=f"{town.name}党员志愿服务队",
            kind=TeamKind.PARTY,
            region=town,
            site=institute,
            # Based a street away from its 所: the distance to a demand is measured from here.
            **_beside(institute),
            leader_name=rng.choice(SURNAMES) + "队长",
            contact_phone=f"138{rng.randrange(10**7, 10**8)}",
        )
        teams_by_region.setdefault(town.code, []).append(team)
    kinds = [TeamKind.YOUTH, TeamKind.WOMEN, TeamKind.PROFESSIONAL]
    town_names = {t.code: t.name for t in towns}
    for index, village in enumerate(villages[::3]):
        town_name = town_names.get(village.code[:9] + "000", "")
        team = Team.objects.create(
            name=f"{town_name}{village.name}{TeamKind(kinds[index % 3]).label}",
            kind=kinds[index % 3],
            region=village,
            site=stations.get(village.code),
            leader_name=rng.choice(SURNAMES) + "队长",
        )
        teams_by_region.setdefault(village.code, []).append(team)

    managed, manager = _managed_team(teams_by_region, town_names, stations)
    return silver, teams_by_region, managed, manager


def _beside(site) -> dict:
    if site is None or site.latitude is None:
        return {}
    step = Decimal("0.002")
    return {"latitude": site.latitude + step, "longitude": site.longitude - step}


def _managed_team(teams_by_region, town_names, stations):
    """community1 manages the team of its community (created if the community had none)."""
    User = get_user_model()
    manager = User.objects.filter(username="community1").select_related("membership__unit").first()
    managed = None
    if manager is not None and hasattr(manager, "membership"):
        home = manager.membership.unit.region
        managed = next(iter(teams_by_region.get(home.code, [])), None)
        if managed is None:
            managed = Team.objects.create(
                name=f"{town_names.get(home.code[:9] + '000', '')}{home.name}志愿服务队",
                kind=TeamKind.PROFESSIONAL,
                region=home,
                site=stations.get(home.code),
                leader_name="周队长",
            )
            teams_by_region.setdefault(home.code, []).append(managed)
        managed.managers.add(manager)

    return managed, manager


def load_volunteers(rng, villages, teams_by_region, managed) -> None:
    # Volunteers: three per community or village, each in its community's or town's team.
    volunteers, plan = [], []
    serial = 0
    registered_from = timezone.localdate() - timedelta(days=900)
    for village in villages:
        team_choices = teams_by_region.get(village.code, []) + teams_by_region.get(
            village.code[:9] + "000", []
        )
        for _n in range(3):
            serial += 1
            number, born = id_number(rng, village.code[:6], serial)
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
            volunteers.append(
                Volunteer(
                    name=name,
                    id_number=number,
                    id_key=id_key(number),
                    birth_date=born,
                    sex="M" if int(number[16]) % 2 else "F",
                    phone=f"13{rng.randrange(5, 10)}{rng.randrange(10**7, 10**8)}",
                    region=village,
                    skills=rng.choice(SKILLS),
                    political_status=rng.choice(["中共党员", "群众", "群众", "共青团员"]),
                    registered_on=registered_from + timedelta(days=rng.randrange(0, 880)),
                    consent_at=timezone.now(),
                    consent_version="2026-1",
                    source=VolunteerSource.IMPORT,
                )
            )
            plan.append(team_choices)
    volunteers = Volunteer.objects.bulk_create(volunteers)
    members = []
    for volunteer, choices in zip(volunteers, plan, strict=True):
        for team in choices[:2]:
            members.append(
                TeamMember(team=team, volunteer=volunteer, joined_on=volunteer.registered_on)
            )
    TeamMember.objects.bulk_create(members, ignore_conflicts=True)
    if managed is not None and not managed.members.exists():
        for volunteer in volunteers[:3]:
            TeamMember.objects.create(
                team=managed, volunteer=volunteer, joined_on=volunteer.registered_on
            )
