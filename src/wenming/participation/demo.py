"""Demo 随手拍: the categories in citizens' words and a few reports at the demo's sites, one at
each point of the loop (at intake, dispatched, fixed and rated, 不满意 waiting for review,
refused with a reason) and a neighbour following one of them. Idempotent."""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from wenming.cases import services as case_services
from wenming.cases.events import PhotoIn
from wenming.cases.models import Case
from wenming.participation import ratings, services
from wenming.participation.defaults import load_default_services
from wenming.participation.models import CitizenReport, Score, Service
from wenming.uploads import check_upload

DEMO_NAME = "演示市民"
# (service, description, phone, how far along the loop)
REPORTS = [
    ("street-vending", "早点摊占用人行道经营，行人只能走机动车道", "13800138001", "intake"),
    ("litter", "小区门口垃圾桶满溢，两天没人清运", "13800138002", "dispatched"),
    ("flyposting", "单元楼道墙上贴满办证小广告", "13800138003", "rated"),
    ("parking", "电动车停满盲道", "13800138004", "unhappy"),
    ("facility", "路灯不亮", "", "rejected"),
]


def _photo(color) -> object:
    image = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(image).rectangle((160, 120, 480, 360), outline=(255, 255, 255), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    buffer.name = "随手拍.jpg"
    return check_upload(buffer, allowed={"jpg"})


def _users():
    User = get_user_model()
    return {
        u.username: u
        for u in User.objects.filter(username__in=["coordinator", "inspector", "community1"])
    }


@transaction.atomic
def load_demo(*, places: list | None = None) -> dict[str, int]:
    load_default_services()
    users = _users()
    places = [p for p in (places or []) if p[2] is not None][:20]
    if CitizenReport.objects.filter(name=DEMO_NAME).exists() or not places or len(users) < 3:
        return {"services": Service.objects.count(), "reports": CitizenReport.objects.count()}
    office, inspector, liaison = users["coordinator"], users["inspector"], users["community1"]
    made = []
    for index, (code, description, phone, stage) in enumerate(REPORTS):
        _region, _site, lat, lon = places[(index * 3) % len(places)]
        report = services.submit_report(
            service=code,
            description=description,
            latitude=Decimal(lat) + Decimal("0.0001"),
            longitude=Decimal(lon),
            photos=[_photo((40 * index, 120, 200 - 30 * index))],
            phone=phone,
            consent=bool(phone),
            name=DEMO_NAME,
            ip="demo",
        )
        made.append(report)
        _to_stage(report, stage, index, (lat, lon), office, inspector, liaison)
    # A neighbour saw the same overflowing bins and follows the first report instead of a new one.
    services.submit_report(
        service="litter",
        latitude=Case.objects.get(pk=made[1].case_id).latitude,
        longitude=Case.objects.get(pk=made[1].case_id).longitude,
        phone="13800138005",
        consent=True,
        name=DEMO_NAME,
        follow_case_id=made[1].case_id,
        ip="demo",
    )
    return {"services": Service.objects.count(), "reports": CitizenReport.objects.count()}


def _to_stage(report, stage: str, index: int, position, office, inspector, liaison) -> None:
    """Take a report's case along the loop as far as its demo stage: rejected at intake, held,
    dispatched to the liaison's unit, or fixed, verified and rated by the citizen."""
    case_id = report.case_id
    if stage == "rejected":
        case_services.transition(
            actor=office,
            case_id=case_id,
            action="reject",
            note="经核实，该路段路灯已于当日修复。",
        )
        return
    if stage == "intake":
        return
    unit = liaison.membership.unit
    case_services.transition(actor=office, case_id=case_id, action="dispatch", unit=unit)
    if stage == "dispatched":
        return
    lat, lon = position
    case_services.transition(actor=liaison, case_id=case_id, action="sign")
    case_services.transition(
        actor=liaison,
        case_id=case_id,
        action="submit",
        note="已组织志愿者清理，现场已恢复整洁。",
        photos=[PhotoIn(file=_after(index), latitude=lat, longitude=lon)],
    )
    case_services.transition(actor=inspector, case_id=case_id, action="pass", note="复核通过。")
    ratings.rate(
        code=report.tracking_code,
        score=Score.SATISFIED if stage == "rated" else Score.UNSATISFIED,
        comment="" if stage == "rated" else "过了两天又停满了",
    )


def _after(index):
    checked = _photo((60, 170 + 10 * index, 90))
    return ContentFile(checked.content, name="整改后.jpg")
