"""The cast's three communities (光明, 向阳 in 田家庵区; 育才 in 谢家集区) under the standard, with the
shipped community standard in force (its monthly tasks give every community a task to evidence)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tests.framework.factories import add_demo_departments
from tests.regions.factories import person
from wenming.community import services
from wenming.community.models import Facility, FacilityKind, Room, RoomFunction
from wenming.framework import services as framework_services
from wenming.framework.defaults import default_workbook
from wenming.framework.models import FrameworkPurpose
from wenming.regions.models import Role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(seed: int = 0, size=(320, 240)) -> ContentFile:
    image = Image.new("RGB", size, (40 * seed % 255, 120, 200))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return ContentFile(out.getvalue(), name=f"照片{seed}.jpg")


@pytest.fixture
def community_framework(city, units):
    return build_community_framework(city)


def build_community_framework(city):
    """The shipped community standard, imported and in force since January."""
    add_demo_departments(city)
    title, data = default_workbook(FrameworkPurpose.COMMUNITY)
    framework = framework_services.import_framework(
        actor=None, data=data, filename=f"{title}.xlsx", purpose=FrameworkPurpose.COMMUNITY
    )
    framework_services.activate_framework(
        actor=None, framework_id=framework.pk, effective_from=date(timezone.localdate().year, 1, 1)
    )
    return framework


def _equip(community, *, area, rooms):
    Facility.objects.create(
        community=community, kind=FacilityKind.SERVICE, present=True, area_m2=Decimal(area)
    )
    for function in rooms:
        Room.objects.create(community=community, function=function)


ALL_ROOMS = [RoomFunction.HALL, RoomFunction.ACTIVITY, RoomFunction.MEDIATION, RoomFunction.LIBRARY]


@pytest.fixture
def communities(units, community_framework):
    return build_communities(units)


def build_communities(units):
    """光明 (1,000 户, 400 ㎡, all rooms), 向阳 (1,500 户, 400 ㎡: needs 450), 育才 (no 调解室)."""
    guangming = services.enrol(
        actor=None, unit=units["guangming"], households=1000, population=2600
    )
    xiangyang = services.enrol(
        actor=None, unit=units["xiangyang"], households=1500, population=4000
    )
    yucai = services.enrol(actor=None, unit=units["yucai"], households=800, population=2000)
    _equip(guangming, area=400, rooms=ALL_ROOMS)
    _equip(xiangyang, area=400, rooms=ALL_ROOMS)
    _equip(yucai, area=350, rooms=ALL_ROOMS[:2] + ALL_ROOMS[3:])
    return {"guangming": guangming, "xiangyang": xiangyang, "yucai": yucai}


@pytest.fixture
def welfare(units):
    return person(username="welfare", unit=units["civil"], role=Role.WELFARE)


@pytest.fixture
def reviewer(units):
    return person(username="reviewer", unit=units["office"], role=Role.REVIEWER)
