"""Teams and volunteers: registration with the GB 11643 check, consent, membership, and the
audited 查看完整号码. The xlsx import and the masked export are in ``roster``."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.inputs import clean_name
from wenming.privacy import (
    mask_id_number,
    mask_name,
    mask_phone,
    validate_id_number,
)
from wenming.regions.models import Region, Unit
from wenming.regions.scope import scope_for
from wenming.volunteers import permissions
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.identity import id_key
from wenming.volunteers.models import (
    PracticeSite,
    Sex,
    Team,
    TeamKind,
    TeamMember,
    Volunteer,
)
from wenming.volunteers.services.network import (
    ensure_territory,
    phone_or_error,
    position_or_error,
)

# The audit action of the deliberate 查看完整号码 (查看敏感信息 in the audit log).
REVEAL_ACTION = AuditAction.VIEW
PRIVACY_STATEMENT_VERSION = "2026-1"
SEX_OF = {"male": Sex.MALE, "female": Sex.FEMALE}


# --- teams ---------------------------------------------------------------------------------


def _ensure_team_territory(actor, region: Region, unit: Unit | None) -> None:
    """Teams belong to a territory, or to a department's own unit (市民政局's 银龄总队)."""
    permissions.ensure_can(actor, permissions.MANAGE_NETWORK)
    scope = scope_for(actor)
    if scope.covers_region(region.code):
        return
    if unit is not None and unit.pk in scope.unit_ids:
        return
    raise VolunteerError(
        _("区划“%(name)s”不在您的管辖范围内。") % {"name": region.name}, field="region"
    )


def _check_parent(team: Team | None, parent: Team | None) -> None:
    """The chain of 上级队伍 never comes back to the team itself."""
    if parent is None or team is None:
        return
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == team.pk:
            raise VolunteerError(_("上级队伍不能是本队或其下属分队。"), field="parent")
        ancestor = ancestor.parent


def save_team(
    *,
    actor,
    team: Team | None = None,
    name: str,
    kind: str,
    region: Region,
    parent: Team | None = None,
    unit: Unit | None = None,
    site: PracticeSite | None = None,
    leader_name: str = "",
    contact_phone: str | None = "",
    managers: Iterable | None = None,
    latitude=None,
    longitude=None,
) -> Team:
    """Create or change a team; ``contact_phone`` None keeps the stored number. The position
    (where the team is based; empty: its site's) places it near demands (volunteers.nearby)."""
    _ensure_team_territory(actor, region, unit)
    if team is not None:
        _ensure_team_territory(actor, team.region, team.unit)
    name = clean_name(name)
    if not name:
        raise VolunteerError(_("请填写队伍名称。"), field="name")
    if kind not in TeamKind.values:
        raise VolunteerError(_("请选择队伍类型。"), field="kind")
    _check_parent(team, parent)
    if contact_phone is None:
        contact_phone = team.contact_phone if team is not None else ""
    phone = phone_or_error(contact_phone, "contact_phone")
    position = position_or_error(Team, latitude, longitude)
    with transaction.atomic():
        duplicate = Team.objects.filter(name=name)
        if team is not None:
            duplicate = duplicate.exclude(pk=team.pk)
        if duplicate.exists():
            raise VolunteerError(_("已有名为“%(name)s”的队伍。") % {"name": name}, field="name")
        created = team is None
        team = team or Team()
        team.name, team.kind, team.region, team.parent = name, kind, region, parent
        team.unit, team.site = unit, site
        team.latitude, team.longitude = position
        team.leader_name, team.contact_phone = clean_name(leader_name), phone
        team.save()
        if managers is not None:
            team.managers.set(managers)
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=team,
            summary=f"{'新增' if created else '修改'}志愿服务队伍 {team.name}"
            f"（联系电话 {mask_phone(phone)}）",
        )
    return team


# --- volunteers ----------------------------------------------------------------------------


def check_can_register(actor, region: Region, team: Team | None) -> None:
    """A network manager registers in their territory; a team's manager into their team."""
    if team is not None and permissions.manages_team(actor, team):
        return
    ensure_territory(actor, region)


def register_volunteer(
    *,
    actor,
    name: str,
    id_number: str,
    region: Region,
    phone: str = "",
    team: Team | None = None,
    skills: str = "",
    political_status: str = "",
    consent: bool = False,
) -> Volunteer:
    """Register a volunteer; the privacy statement must have been agreed to (recorded)."""
    check_can_register(actor, region, team)
    name = clean_name(name)
    if not name:
        raise VolunteerError(_("请填写姓名。"), field="name")
    try:
        identity = validate_id_number(id_number)
    except ValueError as error:
        raise VolunteerError(str(error), field="id_number") from None
    phone = phone_or_error(phone, "phone")
    if not consent:
        raise VolunteerError(_("须经本人同意隐私声明后方可登记。"), field="consent")
    key = id_key(identity.number)
    now = timezone.now()
    with transaction.atomic():
        if Volunteer.objects.filter(id_key=key).exists():
            raise VolunteerError(
                _("身份证号 %(id)s 已登记为志愿者。") % {"id": mask_id_number(identity.number)},
                field="id_number",
            )
        volunteer = Volunteer.objects.create(
            name=name,
            id_number=identity.number,
            id_key=key,
            birth_date=identity.birth_date,
            sex=SEX_OF[identity.sex],
            phone=phone,
            region=region,
            skills=clean_name(skills),
            political_status=clean_name(political_status),
            registered_on=timezone.localdate(now),
            consent_at=now,
            consent_version=PRIVACY_STATEMENT_VERSION,
        )
        if team is not None:
            TeamMember.objects.create(
                team=team, volunteer=volunteer, joined_on=volunteer.registered_on
            )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=volunteer,
            summary=f"登记志愿者 {mask_name(name)}（{mask_id_number(identity.number)}）",
        )
    return volunteer


def add_member(*, actor, team: Team, volunteer: Volunteer) -> TeamMember:
    check_can_register(actor, team.region, team)
    with transaction.atomic():
        member, created = TeamMember.objects.get_or_create(
            team=team, volunteer=volunteer, defaults={"joined_on": timezone.localdate()}
        )
        if created:
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=team,
                summary=f"{team.name} 加入队员 {mask_name(volunteer.name)}",
            )
    return member


def can_reveal(actor, volunteer: Volunteer) -> bool:
    """Only the managers of a team the volunteer belongs to may see the whole numbers."""
    managed = permissions.managed_team_ids(actor)
    return bool(managed) and volunteer.memberships.filter(team_id__in=sorted(managed)).exists()


def reveal_numbers(*, actor, volunteer: Volunteer) -> dict[str, str]:
    """查看完整号码: the whole ID and phone for the team's own manager, written to the audit log."""
    if not can_reveal(actor, volunteer):
        raise PermissionDenied
    record(
        actor=actor,
        action=REVEAL_ACTION,
        obj=volunteer,
        summary=f"查看志愿者 {mask_name(volunteer.name)} 的完整身份证号和手机号",
    )
    return {"id_number": volunteer.id_number, "phone": volunteer.phone}
