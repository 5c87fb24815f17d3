"""The three resource libraries of seed 001 (人才、设备、志愿服务): the talent library is the
volunteers' skills; equipment is lent by booking, never twice at once; the service menu lists
what teams offer, and a citizen's order from it is a demand naming the service."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.inputs import clean_name
from wenming.numbers import clean_number
from wenming.regions.scope import scope_for
from wenming.volunteers import permissions
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import (
    DemandCategory,
    Equipment,
    EquipmentBooking,
    ServiceOffer,
    Team,
)
from wenming.volunteers.services.network import position_or_error


def _ensure_team_side(actor, team: Team) -> None:
    """The team's own managers, or a network manager of its territory."""
    if permissions.manages_team(actor, team):
        return
    permissions.ensure_can(actor, permissions.MANAGE_NETWORK)
    scope = scope_for(actor)
    if not (
        scope.covers_region(team.region_id) or (team.unit_id and team.unit_id in scope.unit_ids)
    ):
        raise PermissionDenied


def save_equipment(
    *,
    actor,
    team: Team,
    name: str,
    quantity=1,
    address: str = "",
    latitude=None,
    longitude=None,
    description: str = "",
) -> Equipment:
    _ensure_team_side(actor, team)
    name = clean_name(name)
    if not name:
        raise VolunteerError(_("请填写设备名称。"), field="name")
    quantity = clean_number(
        Equipment, "quantity", quantity, minimum=1, maximum=100_000, error=VolunteerError
    )
    latitude, longitude = position_or_error(Equipment, latitude, longitude)
    with transaction.atomic():
        equipment = Equipment.objects.create(
            name=name,
            team=team,
            region_id=team.region_id,
            address=clean_name(address),
            latitude=latitude,
            longitude=longitude,
            quantity=quantity or 1,
            description=clean_name(description),
        )
        record(actor=actor, action=AuditAction.CREATE, obj=equipment, summary=f"登记设备 {name}")
    return equipment


def book_equipment(
    *, actor, equipment: Equipment, team: Team, starts_at: datetime, ends_at: datetime, purpose: str
) -> EquipmentBooking:
    """预约: a team's manager books equipment for a span; a span that overlaps another booking of
    the same equipment is refused, naming the other team and its time."""
    if not permissions.manages_team(actor, team):
        raise PermissionDenied
    purpose = clean_name(purpose)
    if not purpose:
        raise VolunteerError(_("请填写用途。"), field="purpose")
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise VolunteerError(_("归还时间须晚于借用开始时间。"), field="ends_at")
    with transaction.atomic():
        equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
        if not equipment.is_active:
            raise VolunteerError(_("该设备暂不可借用。"))
        clash = (
            equipment.bookings.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
            .select_related("team")
            .first()
        )
        if clash is not None:
            raise VolunteerError(
                _("该时段已被%(team)s预约（%(start)s 至 %(end)s）。")
                % {
                    "team": clash.team.name,
                    "start": f"{clash.starts_at:%m-%d %H:%M}",
                    "end": f"{clash.ends_at:%m-%d %H:%M}",
                },
                field="starts_at",
            )
        booking = EquipmentBooking.objects.create(
            equipment=equipment,
            team=team,
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=purpose,
            booked_by=actor,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=booking,
            summary=f"{team.name} 预约设备 {equipment.name}",
        )
    return booking


def save_offer(
    *, actor, team: Team, title: str, category: str, description: str = ""
) -> ServiceOffer:
    _ensure_team_side(actor, team)
    title = clean_name(title)
    if not title:
        raise VolunteerError(_("请填写服务项目名称。"), field="title")
    if category not in DemandCategory.values:
        raise VolunteerError(_("请选择类别。"), field="category")
    with transaction.atomic():
        offer = ServiceOffer.objects.create(
            team=team,
            title=title,
            category=category,
            description=clean_name(description),
            region_id=team.region_id,
        )
        record(actor=actor, action=AuditAction.CREATE, obj=offer, summary=f"发布服务项目 {title}")
    return offer
