"""Honours objects in two districts, for the page fuzzer and the cross-scope sweep (tests/web)."""

import io
from datetime import date

from PIL import Image

from tests.regions.factories import person
from wenming.honors import assistance, services, titles
from wenming.honors.models import Honor
from wenming.regions.models import Role
from wenming.uploads import check_upload


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 0, 0)).save(buffer, "JPEG")
    return check_upload(buffer.getvalue(), allowed={"jpg"})


def honors_world(units, coordinator) -> dict:
    """In 光明社区 (田家庵区) and 育才社区 (谢家集区): a nomination on 公示 with a photo and an open
    objection, one waiting for review, an honoured person, a title, a grant, a site, a check."""
    found = {}
    for key, code, unit in (
        ("tja", "340403001001", units["guangming"]),
        ("xjj", "340404001001", units["yucai"]),
    ):
        reviewer = person(username=f"honors-{key}", unit=unit, role=Role.LIAISON)
        common = {
            "region_code": code,
            "category": "helpful",
            "channel": "family",
            "nominator_name": "李明",
            "nominator_phone": "13800138000",
        }
        publicised = services.nominate(
            name=f"公示{key}", deeds="事迹", phone="13912345678", files=[_photo()], **common
        )
        services.review_nomination(actor=reviewer, nomination_id=publicised.pk, approve=True)
        services.raise_objection(
            nomination_id=publicised.pk, text="异议", contact_phone="13700001111"
        )
        services.nominate(name=f"待评{key}", deeds="事迹", **common)
        Honor.objects.create(
            person=publicised.person,
            level="province",
            external="anhui_good",
            category="helpful",
            title="安徽好人",
            region=publicised.region,
            conferred_on=date(2025, 5, 1),
            year=2025,
            source="安徽文明网",
        )
        titles.register_title(
            actor=coordinator,
            kind="village",
            level="city",
            holder_name=f"文明村{key}",
            region_code=code,
            year=2024,
        )
        assistance.save_site(
            actor=coordinator, kind="home", name=f"好人之家{key}", region_code=code
        )
        found[key] = publicised
    assistance.set_budget(actor=coordinator, region_code="340400000000", year=2026, amount="1000")
    titles.register_title(
        actor=coordinator,
        kind="unit",
        level="province",
        holder_name="淮南市民政局",
        region_code="340400000000",
        year=2024,
        unit_id=units["civil"].pk,
    )
    assistance.schedule_health_checks(actor=coordinator, year=2026, scheduled_on=date(2026, 4, 1))
    return found
