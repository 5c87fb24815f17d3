"""Demo data of 新时代文明实践 on 淮南's regions, shaped like seed 001's network on a smaller city.

A 实践中心 in every district and county, a 实践所 in every town and street, a 实践站 in nine
communities or villages out of ten (the coverage table and map have something to drill into),
实践点 at schools and enterprises, with photos; the resident population per district; a city
银龄志愿服务总队 with a 分队 per district (seed 004), a 党员志愿服务队 per town, a 社区志愿服务队 in
some communities, a few hundred volunteers with valid ID numbers, a month of activities with their
service records, a certificate, and 群众点单 in every state (one unclaimed long enough to have gone
up to its 所). community1 manages its community's team, so the demo account can run an activity's
QR code, correct hours and issue a certificate; 林志愿 of that team logs in on the phone
(demo/volunteer.py). Loading twice changes nothing.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from wenming.regions.models import Region, RegionLevel
from wenming.volunteers.demo.demands import load_demands, load_resources
from wenming.volunteers.demo.names import SEED
from wenming.volunteers.demo.network import load_network
from wenming.volunteers.demo.photos import load_photos
from wenming.volunteers.demo.service import load_service
from wenming.volunteers.demo.teams import load_teams, load_volunteers
from wenming.volunteers.demo.volunteer import load_demo_volunteer
from wenming.volunteers.models import (
    Activity,
    Certificate,
    Demand,
    PracticeSite,
    PracticeSitePhoto,
    ServiceRecord,
    Team,
    Volunteer,
)


@transaction.atomic
def load_demo() -> dict[str, int]:
    if not PracticeSite.objects.exists():
        _load_network_and_service()
    load_demo_volunteer()  # also into a demo loaded before the volunteer's login was
    return _counts()


def _load_network_and_service() -> None:
    rng = random.Random(SEED)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    if not counties:
        return
    towns = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code"))
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"))
    year = timezone.localdate().year
    stations, institutes = load_network(rng, counties, towns, villages, year)
    silver, teams_by_region, managed, manager = load_teams(
        rng, counties[0].parent, counties, towns, villages, stations, institutes
    )
    load_volunteers(rng, villages, teams_by_region, managed)
    load_service(rng, silver, managed, manager)
    load_demands(rng, villages, stations, institutes, managed, manager)
    load_resources(managed)
    load_photos(rng, managed)


def _counts() -> dict[str, int]:
    return {
        "sites": PracticeSite.objects.count(),
        "teams": Team.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "activities": Activity.objects.count(),
        "records": ServiceRecord.objects.count(),
        "demands": Demand.objects.count(),
        "certificates": Certificate.objects.count(),
        "photos": PracticeSitePhoto.objects.count(),
    }
