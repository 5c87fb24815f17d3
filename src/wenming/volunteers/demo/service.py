"""The demo's service: brand projects, a month of activities with their scanned records, an
upcoming activity of community1's team (its QR code can be run), one correction and one certificate."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from wenming.volunteers.demo.names import ACTIVITY_TITLES, local, position
from wenming.volunteers.models import (
    Activity,
    HoursCorrection,
    Project,
    RecordSource,
    ServiceRecord,
    SignUp,
    Team,
    TeamKind,
    Volunteer,
)
from wenming.volunteers.services.certificates import issue_certificate


def load_service(rng, silver, managed, manager) -> None:
    # Brand projects and a month of activities with their records.
    projects = {}
    for team in [silver, *Team.objects.filter(kind=TeamKind.PARTY).order_by("pk")[:3]]:
        projects[team.pk] = Project.objects.create(
            name=f"“{team.name[:-5] if team.parent is None else team.name}”品牌项目",
            team=team,
            region=team.region,
            description="常态化开展的志愿服务品牌项目。",
        )
    _month_of_activities(rng, silver, managed, manager, projects)
    if managed is not None:
        _upcoming(rng, managed, manager)


def _month_of_activities(rng, silver, managed, manager, projects) -> None:
    today = timezone.localdate()
    active_teams = [
        t for t in Team.objects.exclude(pk=silver.pk).order_by("pk") if t.members.exists()
    ]
    records, signups = [], []
    for number in range(90):
        team = active_teams[number % len(active_teams)] if number else (managed or active_teams[0])
        day = today - timedelta(days=rng.randrange(1, 31))
        start = local(day, rng.choice([8, 9, 14, 15]))
        hours = rng.choice([2, 2, 3, 4])
        lat, lon = at = position(team.region, rng)  # drawn before the title, as it always was
        activity = team_activity(
            team,
            rng.choice(ACTIVITY_TITLES.get(team.kind, ACTIVITY_TITLES[TeamKind.OTHER])),
            start,
            hours,
            at,
            manager if team == managed else None,
            project=projects.get(team.pk),
        )
        activity.save()
        people = list(team.volunteers.all())
        for volunteer in rng.sample(people, min(len(people), rng.randint(3, 12))):
            signups.append(SignUp(activity=activity, volunteer=volunteer))
            came = start + timedelta(minutes=rng.randint(-20, 15))
            left = activity.ends_at + timedelta(minutes=rng.randint(-40, 20))
            overlap = (min(left, activity.ends_at) - max(came, start)).total_seconds() / 60
            records.append(
                ServiceRecord(
                    activity=activity,
                    volunteer=volunteer,
                    team=team,
                    region=team.region,
                    service_date=day,
                    signed_in_at=came,
                    signed_out_at=left,
                    in_latitude=lat,
                    in_longitude=lon,
                    out_latitude=lat,
                    out_longitude=lon,
                    hours=Decimal(int(overlap // 30) * 30) / 60,
                    source=RecordSource.SCAN,
                )
            )
    SignUp.objects.bulk_create(signups, ignore_conflicts=True)
    ServiceRecord.objects.bulk_create(records, ignore_conflicts=True)


def _upcoming(rng, managed, manager) -> None:
    """An upcoming activity of community1's team, whose QR code the demo can scan, and a
    corrected record with its certificate."""
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    at = position(managed.region, rng)
    team_activity(managed, "敬老院陪伴助老服务", start, 3, at, manager, **ELDER_HOME).save()
    first = ServiceRecord.objects.filter(team=managed).select_related("volunteer").first()
    if first is not None:
        HoursCorrection.objects.create(
            record=first,
            old_hours=first.hours,
            new_hours=first.hours + Decimal("0.5"),
            reason="提前到场布置场地，经签到表核实",
            actor=manager,
        )
        ServiceRecord.objects.filter(pk=first.pk).update(hours=first.hours + Decimal("0.5"))
        _demo_certificate(first.volunteer, managed, manager)


# Where community1's team serves the old: its community's 敬老院, 15 places.
ELDER_HOME = {"place": "敬老院", "capacity": 15}


def team_activity(
    team: Team, title, start, hours, at, manager, *, place="党群服务中心广场", capacity=20, **extra
) -> Activity:
    """An activity of ``team`` (not saved yet) at ``place`` of its region, at position ``at``."""
    return Activity(
        title=title,
        team=team,
        region=team.region,
        address=f"{team.region.name}{place}",
        latitude=at[0],
        longitude=at[1],
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        capacity=capacity,
        created_by=manager,
        **extra,
    )


def _demo_certificate(volunteer: Volunteer, team: Team, manager) -> None:
    today = timezone.localdate()
    issue_certificate(
        actor=manager,
        team=team,
        volunteer=volunteer,
        period_start=today - timedelta(days=60),
        period_end=today,
    )
