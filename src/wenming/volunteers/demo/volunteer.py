"""The demo's volunteer who logs in on the phone (手机号 + 身份证号后6位, the public 志愿者登录):
a member of community1's team with a month of scanned service hours and a place in the team's
next activity, so 我的志愿服务 shows what to do today. Made once; loading again changes nothing.

The team also has its regular service (常态化志愿服务), every Saturday morning, published by its
schedule WEEKS_AHEAD weeks ahead: on any later day of the demo the volunteer finds the next one to
sign up for and scan into, and each `wenming demo` tops the schedule up (adding only the Saturdays
not published yet)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from wenming.privacy import check_character
from wenming.volunteers.demo.names import SEED, local, position
from wenming.volunteers.demo.service import ELDER_HOME, team_activity
from wenming.volunteers.identity import id_key
from wenming.volunteers.models import (
    Activity,
    RecordSource,
    ServiceRecord,
    SignUp,
    Team,
    TeamMember,
    Volunteer,
    VolunteerSource,
)

NAME = "林志愿"
PHONE = "13905540001"
BORN = date(1992, 5, 12)
_FIRST17 = f"340403{BORN:%Y%m%d}264"  # 田家庵区, a valid GB 11643 number
ID_NUMBER = _FIRST17 + check_character(_FIRST17)
PAST_ACTIVITIES = 3
REGULAR_TITLE = "每周六敬老院助老服务"
SATURDAY = 5  # date.weekday()
REGULAR_HOURS = (9, 11)
WEEKS_AHEAD = 4


def login_hint() -> str:
    """What `wenming demo` prints for the volunteer: where and with what to log in."""
    return f"手机号 {PHONE}，身份证号后6位 {ID_NUMBER[-6:]}"


def load_demo_volunteer() -> int:
    """Create the volunteer in community1's team (the team a demo account manages); 1 if made.
    Tops up the team's regular Saturday service every time."""
    team = Team.objects.filter(managers__username="community1").order_by("pk").first()
    if team is None:
        return 0
    schedule_regular_service(team, today=timezone.localdate())
    if Volunteer.objects.filter(id_key=id_key(ID_NUMBER)).exists():
        return 0
    volunteer = Volunteer.objects.create(
        name=NAME,
        id_number=ID_NUMBER,
        id_key=id_key(ID_NUMBER),
        birth_date=BORN,
        sex="M" if int(ID_NUMBER[16]) % 2 else "F",
        phone=PHONE,
        region=team.region,
        skills="助老服务、文明劝导",
        political_status="共青团员",
        registered_on=timezone.localdate() - timedelta(days=400),
        consent_at=timezone.now(),
        consent_version="2026-1",
        source=VolunteerSource.MANUAL,
    )
    TeamMember.objects.create(team=team, volunteer=volunteer, joined_on=volunteer.registered_on)
    now = timezone.now()
    activities = Activity.objects.filter(team=team, is_cancelled=False)
    for activity in activities.filter(ends_at__lt=now).order_by("-starts_at")[:PAST_ACTIVITIES]:
        _served(volunteer, activity)
    upcoming = activities.filter(ends_at__gte=now).order_by("starts_at").first()
    if upcoming is not None:
        SignUp.objects.get_or_create(activity=upcoming, volunteer=volunteer)
    return 1


def schedule_regular_service(team: Team, *, today: date) -> int:
    """Publish the team's Saturday service for the coming WEEKS_AHEAD Saturdays (today's
    included) that have none yet; returns how many were published."""
    first = today + timedelta(days=(SATURDAY - today.weekday()) % 7)
    starts = [local(first + timedelta(weeks=n), REGULAR_HOURS[0]) for n in range(WEEKS_AHEAD)]
    published = set(
        Activity.objects.filter(team=team, title=REGULAR_TITLE, starts_at__in=starts).values_list(
            "starts_at", flat=True
        )
    )
    hours = REGULAR_HOURS[1] - REGULAR_HOURS[0]
    manager = team.managers.order_by("pk").first()
    missing = [start for start in starts if start not in published]
    at = position(team.region, random.Random(SEED))  # the same spot every week
    Activity.objects.bulk_create(
        team_activity(
            team,
            REGULAR_TITLE,
            start,
            hours,
            at,
            manager,
            **ELDER_HOME,
            description="队伍每周六上午的常态化志愿服务：陪老人聊天、打扫活动室、理发。",
        )
        for start in missing
    )
    return len(missing)


def _served(volunteer: Volunteer, activity: Activity) -> None:
    """Signed up, scanned in at the start and out at the end: the whole activity's hours."""
    SignUp.objects.get_or_create(activity=activity, volunteer=volunteer)
    seconds = (activity.ends_at - activity.starts_at).total_seconds()
    ServiceRecord.objects.create(
        activity=activity,
        volunteer=volunteer,
        team=activity.team,
        region=activity.region,
        service_date=timezone.localtime(activity.starts_at).date(),
        signed_in_at=activity.starts_at,
        signed_out_at=activity.ends_at,
        in_latitude=activity.latitude,
        in_longitude=activity.longitude,
        out_latitude=activity.latitude,
        out_longitude=activity.longitude,
        hours=Decimal(round(seconds / 1800)) / 2,
        source=RecordSource.SCAN,
    )
