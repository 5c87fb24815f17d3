"""Volunteer-service test data: valid GB 11643 ID numbers, sites, teams, volunteers, activities."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from wenming.privacy import check_character
from wenming.regions.models import Region
from wenming.volunteers.identity import id_key
from wenming.volunteers.models import (
    Activity,
    PracticeSite,
    RecordSource,
    ServiceRecord,
    SiteLevel,
    Team,
    TeamKind,
    TeamMember,
    Volunteer,
)


def id_number(serial: int, *, born: date = date(1990, 5, 17), area: str = "340403") -> str:
    """A valid 18-character ID number; ``serial`` (0–999) makes it unique."""
    first17 = f"{area}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_character(first17)


def bad_check(number: str) -> str:
    """The same number with a wrong check character."""
    wrong = "0" if number[-1] != "0" else "1"
    return number[:-1] + wrong


def phone(serial: int) -> str:
    return f"139{serial:08d}"


def site(region_code: str, level: str, name: str | None = None, **extra) -> PracticeSite:
    region = Region.objects.get(pk=region_code)
    return PracticeSite.objects.create(
        name=name or f"{region.name}{SiteLevel(level).label}", level=level, region=region, **extra
    )


def team(name: str, region_code: str = "340403001001", *, managers=(), **extra) -> Team:
    t = Team.objects.create(
        name=name, kind=extra.pop("kind", TeamKind.PARTY), region_id=region_code, **extra
    )
    if managers:
        t.managers.set(managers)
    return t


def volunteer(
    serial: int, *, name: str = "张三", region_code: str = "340403001001", teams=(), **extra
) -> Volunteer:
    number = id_number(serial)
    v = Volunteer.objects.create(
        name=name,
        id_number=number,
        id_key=id_key(number),
        birth_date=date(1990, 5, 17),
        sex="M" if int(number[16]) % 2 else "F",
        phone=extra.pop("phone", phone(serial)),
        region_id=region_code,
        registered_on=extra.pop("registered_on", timezone.localdate()),
        consent_at=timezone.now(),
        **extra,
    )
    for t in teams:
        TeamMember.objects.create(team=t, volunteer=v, joined_on=v.registered_on)
    return v


def activity(team: Team, *, start=None, hours: float = 2, **extra) -> Activity:
    start = start or timezone.now() - timedelta(minutes=10)
    return Activity.objects.create(
        title=extra.pop("title", "敬老院助老服务"),
        team=team,
        region_id=extra.pop("region_code", team.region_id),
        address=extra.pop("address", "光明社区敬老院"),
        latitude=extra.pop("latitude", Decimal("32.625300")),
        longitude=extra.pop("longitude", Decimal("117.012500")),
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        **extra,
    )


def served(volunteer: Volunteer, team: Team, day: date, hours) -> ServiceRecord:
    """A manual record of ``hours`` served on ``day`` at an activity of the team's that began at 9."""
    event = activity(team, start=timezone.make_aware(datetime(day.year, day.month, day.day, 9)))
    return served_at(event, volunteer, hours)


def served_at(event: Activity, volunteer: Volunteer, hours) -> ServiceRecord:
    """A manual record of ``hours`` the volunteer served at ``event``."""
    return ServiceRecord.objects.create(
        activity=event,
        volunteer=volunteer,
        team=event.team,
        region_id=event.region_id,
        service_date=timezone.localdate(event.starts_at),
        hours=Decimal(hours),
        source=RecordSource.MANUAL,
    )
