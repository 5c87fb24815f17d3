"""Community objects of every kind in two districts (光明社区 in 田家庵区, 育才社区 in 谢家集区),
for the scope tests and the web fixtures' ``world``."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from wenming.community import pairings, plans, services
from wenming.community.models import Facility


def photo(seed: int = 0) -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (seed * 40 % 255, 90, 160)).save(out, "JPEG")
    return ContentFile(out.getvalue(), name=f"照片{seed}.jpg")


def community_world(units, *, coordinator) -> dict:
    """Per community: a facility with a photo, a room, a ledger entry with a photo, an active plan
    with a milestone and a fund, and a pairing with 市公安局 with money, an activity and 党员报到."""
    today = timezone.localdate()
    made = {}
    for key in ("guangming", "yucai"):
        community = services.enrol(actor=None, unit=units[key], households=1200, population=3000)
        services.save_facility(
            actor=coordinator,
            community_id=community.pk,
            kind="service",
            present=True,
            area_m2="320",
            photos=[photo(1)],
        )
        room = services.add_room(actor=coordinator, community_id=community.pk, function="hall")
        entry = services.record_entry(
            actor=coordinator,
            community_id=community.pk,
            category="after_school",
            title="四点半课堂",
            held_on=today,
            attendance=12,
            uploads=[photo(2)],
        )
        plan = plans.create_plan(
            actor=coordinator,
            community_id=community.pk,
            title="",
            start=today - timedelta(days=30),
            target=today + timedelta(days=60),
        )
        milestone = plans.add_milestone(
            actor=coordinator,
            plan_id=plan.pk,
            title="完成选址",
            due=today + timedelta(days=10),
            unit_id=units[key].pk,
        )
        plans.add_fund(actor=coordinator, plan_id=plan.pk, amount="10000", source="市级奖补")
        plans.act(actor=coordinator, plan_id=plan.pk, action="activate")
        pairing = pairings.pair(
            actor=coordinator,
            unit_id=units["police"].pk,
            community_id=community.pk,
            start=today - timedelta(days=60),
        )
        disbursement = pairings.disburse(
            actor=coordinator,
            pairing_id=pairing.pk,
            amount="5000",
            paid_on=today,
            purpose="cleaning",
            attachment=photo(3),
        )
        pairings.add_activity(
            actor=coordinator,
            pairing_id=pairing.pk,
            held_on=today,
            title="共建清洁",
            participants=9,
        )
        pairings.report_party_member(
            actor=coordinator,
            pairing_id=pairing.pk,
            member_name="张建国",
            served_on=today,
            hours="2.5",
            service="文明劝导",
        )
        made[key] = {
            "community": community,
            "facility": Facility.objects.get(community=community, kind="service"),
            "room": room,
            "entry": entry,
            "file": entry.files.get(),
            "plan": plan,
            "milestone": milestone,
            "pairing": pairing,
            "disbursement": disbursement,
        }
    return made
