"""What the cross-scope sweep's world adds to tests/web/conftest.py's ``build_world``: the objects
of the apps that world has none of (volunteers with a certificate, welfare, work reports, a
rectification notice, inspection rounds over sites) and the files hung on the objects it has
(case, inspection and submission photos), one of each in each of two districts
(光明社区 in 田家庵区, 育才社区 in 谢家集区), so every detail route is asked about another
scope's object. Rows straight through the ORM: the sweep asks who sees them, not how they are made.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tests.cases.factories import case_in
from tests.community.factories import photo
from tests.volunteers import factories as volunteers
from tests.welfare.factories import meal_points
from wenming.cases.models import Case, CasePhoto, State
from wenming.cases.notices import issue_rectification_notice
from wenming.inspections.models import Inspection, Photo, Round, RoundSite, Site
from wenming.materials.models import Submission, SubmissionFile
from wenming.regions.models import Region
from wenming.reports import services as reports
from wenming.volunteers.models import Demand, DemandPhoto, PracticeSitePhoto, SiteLevel
from wenming.volunteers.services.certificates import issue_certificate
from wenming.welfare.models import Child, ReliefCase

DISTRICTS = (("guangming", "340403001001"), ("yucai", "340404001001"))


def add_to_world(units, *, admin) -> None:
    for serial, (key, code) in enumerate(DISTRICTS, start=1):
        _volunteers(serial, code, admin)
        _welfare(code)
        reports.open_report(actor=None, unit=units[key], period_key="2026")
        case_in(State.RECTIFYING, units[key])
        issue_rectification_notice(actor=admin, unit_id=units[key].pk)
    _rounds()
    _files(admin)


def _volunteers(serial: int, code: str, admin) -> None:
    """A station with a photo, its team with a volunteer and an activity, a demand with a photo."""
    station = volunteers.site(code, SiteLevel.STATION)
    PracticeSitePhoto.objects.create(site=station, image=photo(serial), uploaded_by=admin)
    team = volunteers.team(f"志愿服务队{serial}", code, site=station)
    person = volunteers.volunteer(serial, region_code=code, teams=[team])
    volunteers.activity(team, region_code=code)
    day = timezone.localdate()
    volunteers.served(person, team, day, 2)
    team.managers.add(admin)
    issue_certificate(actor=admin, team=team, volunteer=person, period_start=day, period_end=day)
    demand = Demand.objects.create(
        category="elderly",
        title="独居老人需要每周代购",
        region_id=code,
        channel="worker",
        station=station,
        handler_region_id=code,
        team=team,
    )
    DemandPhoto.objects.create(demand=demand, image=photo(serial), uploaded_by=admin)


def _rounds() -> None:
    """The world's round walks both districts' sites; one more round walks each district's own.
    A round is seen through its sites (inspections.selectors.rounds_visible_to)."""
    sites = list(Site.objects.order_by("pk"))
    first = Round.objects.order_by("pk").first()
    for position, site in enumerate(sites):
        RoundSite.objects.create(round=first, site=site, position=position)
    for site in sites:
        own = Round.objects.create(
            name=f"{site.name}复查", period_start=date(2026, 12, 1), period_end=date(2026, 12, 31)
        )
        RoundSite.objects.create(round=own, site=site)


def _welfare(code: str) -> None:
    region = Region.objects.get(pk=code)
    meal_points(region, 1)
    Child.objects.create(
        kind="left_behind", name="王小明", birth_date=date(2016, 5, 1), region=region
    )
    ReliefCase.objects.create(
        region=region, place="火车站广场", found_at=timezone.now(), photo=photo(3)
    )


def _files(admin) -> None:
    """A photo on every case, inspection and submission the world has (the first of each is the
    one the sweep asks a route about)."""
    for case in Case.objects.order_by("pk"):
        CasePhoto.objects.create(case=case, image=photo(4))
    for inspection in Inspection.objects.order_by("pk"):
        Photo.objects.create(inspection=inspection, file=photo(5))
    for submission in Submission.objects.order_by("pk"):
        upload = photo(6)
        SubmissionFile.objects.create(
            submission=submission,
            file=upload,
            name="现场.jpg",
            kind="jpg",
            size=upload.size,
            uploaded_by=admin,
        )
