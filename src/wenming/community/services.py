"""Writes of the community standard: enrolment, facilities and rooms, the ledger (and handing an
entry in as the material of a community-framework task), the weak list's adjustment.

Plans (一居一策) and their notices are in :mod:`wenming.community.plans`, pairings (结对共建) in
:mod:`wenming.community.pairings`. Every function takes ``actor`` first, checks permission and
territory at the top, runs in one transaction and writes the audit row there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.community import permissions, selectors
from wenming.community.models import (
    Community,
    Facility,
    FacilityKind,
    FacilityPhoto,
    LedgerCategory,
    LedgerEntry,
    LedgerFile,
    Room,
    RoomFunction,
    WeakOverride,
)
from wenming.framework import selectors as framework_selectors
from wenming.framework.models import FrameworkPurpose, FrameworkStatus, Indicator
from wenming.hanzi import normalize
from wenming.materials import selectors as material_selectors
from wenming.materials import services as material_services
from wenming.materials.permissions import EDITABLE_STATES
from wenming.numbers import clean_number
from wenming.regions.models import Unit, UnitKind
from wenming.uploads import DOCUMENT_KINDS, IMAGE_KINDS, CheckedUpload, check_upload

LEDGER_KINDS = DOCUMENT_KINDS | IMAGE_KINDS
MAX_LEDGER_FILES = 12


class CommunityError(Exception):
    """A business rule refused the change; ``message`` is for the user, ``field`` names the input."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_text(value, limit: int) -> str:
    """Trimmed, 繁→简-normalised text cut to its column's length (every community write uses it)."""
    return normalize((value or "").strip())[:limit]


def _ensure_can_record(actor, community: Community) -> None:
    if not permissions.can_record_for(actor, community):
        raise PermissionDenied


# --- enrolment and facilities ------------------------------------------------------------------


def enrol(*, actor, unit: Unit, households: int = 0, population: int = 0) -> Community:
    """Put a community committee under the standard (创建范围); enrolling twice changes nothing."""
    if actor is not None and not permissions.can(actor, permissions.MANAGE):
        raise PermissionDenied
    if unit.kind != UnitKind.COMMUNITY:
        raise CommunityError(_("只有社区（居委会）可以纳入社区创建范围。"))
    with transaction.atomic():
        community, created = Community.objects.get_or_create(
            unit=unit,
            defaults={
                "region_id": unit.region_id,
                "households": households,
                "population": population,
            },
        )
        if created:
            record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=community,
                summary=f"纳入社区创建范围：{unit.name}",
            )
    return community


def update_profile(*, actor, community_id: int, households, population) -> Community:
    community = selectors.get_community_for(actor, community_id)
    _ensure_can_record(actor, community)
    households = clean_number(Community, "households", households, minimum=0, error=CommunityError)
    population = clean_number(Community, "population", population, minimum=0, error=CommunityError)
    if households is None or population is None:
        raise CommunityError(_("请填写户数和常住人口。"), field="households")
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=community.pk)
        changes = {
            "households": [community.households, households],
            "population": [community.population, population],
        }
        community.households, community.population = households, population
        community.save(update_fields=["households", "population", "updated"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=community,
            summary=f"更新社区户数和人口：{community}",
            changes=changes,
        )
    return community


def save_facility(
    *,
    actor,
    community_id: int,
    kind: str,
    present: bool,
    area_m2=None,
    opening_hours: str = "",
    address: str = "",
    note: str = "",
    photos=(),
) -> Facility:
    """Enter or correct one of the 六个一, with photos (checked and re-encoded first)."""
    community = selectors.get_community_for(actor, community_id)
    _ensure_can_record(actor, community)
    if kind not in FacilityKind.values:
        raise CommunityError(_("未知的设施类型。"), field="kind")
    area = clean_number(Facility, "area_m2", area_m2, minimum=0, error=CommunityError)
    checked = [check_upload(p, allowed=IMAGE_KINDS) for p in photos]
    with transaction.atomic():
        facility, _created = Facility.objects.select_for_update().get_or_create(
            community=community, kind=kind
        )
        before = {
            "present": facility.present,
            "area_m2": str(facility.area_m2) if facility.area_m2 is not None else None,
        }
        facility.present = bool(present)
        facility.area_m2 = area
        facility.opening_hours = clean_text(opening_hours, 100)
        facility.address = clean_text(address, 200)
        facility.note = clean_text(note, 300)
        facility.save()
        for item in checked:
            photo = FacilityPhoto(facility=facility, uploaded_by=actor)
            photo.image.save(item.name, ContentFile(item.content), save=False)
            photo.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=facility,
            summary=f"更新六个一设施：{facility}",
            changes={
                "before": before,
                "present": facility.present,
                "area_m2": str(area) if area is not None else None,
                "photos": len(checked),
            },
        )
    return facility


def add_room(*, actor, community_id: int, function: str, name: str = "", area_m2=None) -> Room:
    community = selectors.get_community_for(actor, community_id)
    _ensure_can_record(actor, community)
    if function not in RoomFunction.values:
        raise CommunityError(_("请选择功能室的功能。"), field="function")
    area = clean_number(Room, "area_m2", area_m2, minimum=0, error=CommunityError)
    with transaction.atomic():
        room = Room.objects.create(
            community=community, function=function, name=clean_text(name, 100), area_m2=area
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=room,
            summary=f"新增功能室：{community} {room}",
        )
    return room


def remove_room(*, actor, room_id: int) -> None:
    room = Room.objects.filter(pk=room_id).select_related("community").first()
    if room is None:
        raise CommunityError(_("功能室不存在。"))
    community = selectors.get_community_for(actor, room.community_id)
    _ensure_can_record(actor, community)
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=room,
            summary=f"删除功能室：{community} {room}",
        )
        room.delete()


def set_weak(*, actor, community_id: int, override: str, reason: str) -> Community:
    """The coordinator adjusts the computed weak list, either way, and says why; back to
    computed with an empty override."""
    if not permissions.can(actor, permissions.MANAGE):
        raise PermissionDenied
    community = selectors.get_community_for(actor, community_id)
    if override not in WeakOverride.values:
        raise CommunityError(_("未知的认定方式。"), field="override")
    reason = clean_text(reason, 1000)
    if override and not reason:
        raise CommunityError(_("调整薄弱社区名单须说明理由。"), field="reason")
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=community.pk)
        old = community.weak_override
        community.weak_override = override
        community.weak_reason = reason if override else ""
        community.weak_set_by = actor if override else None
        community.weak_set_at = timezone.now() if override else None
        community.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=community,
            summary=f"调整薄弱社区认定：{community} → {WeakOverride(override).label}",
            changes={"weak_override": [old, override], "reason": reason},
        )
    return community


# --- ledger ------------------------------------------------------------------------------------

# Which leaf of the community standard a category evidences by default (by the leaf's name).
CATEGORY_LEAF = {
    LedgerCategory.MORAL: "道德讲堂",
    LedgerCategory.PARENTS: "家长学校",
}
DEFAULT_LEAF = "活动开展达标"


def community_leaves() -> list[Indicator]:
    """The leaves of the community standard in force (what an entry may evidence)."""
    frameworks = framework_selectors.active_frameworks().filter(purpose=FrameworkPurpose.COMMUNITY)
    return list(framework_selectors.leaf_indicators(frameworks))


def default_indicator(category: str, leaves: list[Indicator] | None = None) -> Indicator | None:
    leaves = community_leaves() if leaves is None else leaves
    wanted = CATEGORY_LEAF.get(category, DEFAULT_LEAF)
    return next((leaf for leaf in leaves if leaf.name == wanted), None)


def _attach(entry: LedgerEntry, files: list[CheckedUpload]) -> None:
    if entry.files.count() + len(files) > MAX_LEDGER_FILES:
        raise CommunityError(
            _("每条台账最多 %(n)s 个照片或文件。") % {"n": MAX_LEDGER_FILES}, field="files"
        )
    for checked in files:
        item = LedgerFile(
            entry=entry,
            name=checked.name,
            kind=checked.kind,
            is_image=checked.is_image,
            size=checked.size,
        )
        item.file.save(checked.name, ContentFile(checked.content), save=False)
        item.save()


def record_entry(
    *,
    actor,
    community_id: int,
    category: str,
    title: str,
    held_on: date,
    attendance,
    place: str = "",
    summary: str = "",
    indicator_id: int | None = None,
    uploads=(),
) -> LedgerEntry:
    """A dated activity in the community's ledger, with its photos and files (checked first:
    one bad file refuses the whole entry and nothing is saved)."""
    community = selectors.get_community_for(actor, community_id)
    _ensure_can_record(actor, community)
    if category not in LedgerCategory.values:
        raise CommunityError(_("请选择台账类别。"), field="category")
    title = clean_text(title, 200) or str(LedgerCategory(category).label)
    if held_on is None:
        raise CommunityError(_("请填写活动日期。"), field="held_on")
    if held_on > timezone.localdate():
        raise CommunityError(_("活动日期不能晚于今天。"), field="held_on")
    attendance = clean_number(
        LedgerEntry, "attendance", attendance, minimum=0, error=CommunityError
    )
    leaves = community_leaves()
    if indicator_id:
        indicator = next((leaf for leaf in leaves if leaf.pk == indicator_id), None)
        if indicator is None:
            raise CommunityError(_("所选指标不是现行社区创建标准的末级指标。"), field="indicator")
    else:
        indicator = default_indicator(category, leaves)
    files = [check_upload(u, allowed=LEDGER_KINDS) for u in uploads]
    with transaction.atomic():
        entry = LedgerEntry.objects.create(
            community=community,
            region_id=community.region_id,
            category=category,
            title=title,
            held_on=held_on,
            place=clean_text(place, 200),
            attendance=attendance or 0,
            summary=(summary or "").strip()[:5000],
            indicator=indicator,
            recorded_by=actor,
        )
        _attach(entry, files)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=entry,
            summary=f"记录台账：{community} {entry}",
            changes={"files": [f.name for f in files]},
        )
    return entry


def entry_text(entry: LedgerEntry) -> str:
    """The material's text, written from the entry (nobody types it twice)."""
    lines = [
        f"【{entry.get_category_display()}】{entry.title}",
        _("日期：%(d)s")
        % {"d": f"{entry.held_on.year}年{entry.held_on.month}月{entry.held_on.day}日"},
    ]
    if entry.place:
        lines.append(_("地点：%(p)s") % {"p": entry.place})
    lines.append(_("参加人数：%(n)s 人") % {"n": entry.attendance})
    if entry.summary:
        lines.append(entry.summary)
    lines.append(_("（来自%(c)s创建工作台账）") % {"c": entry.community})
    return "\n".join(lines)


@dataclass(frozen=True)
class HandedIn:
    entry: LedgerEntry
    submission_id: int
    created: bool


def hand_in_entry(*, actor, entry_id: int, submit: bool = False) -> HandedIn:
    """Use a ledger entry as material for the task of its indicator in its period: the entry's
    text and files go into the unit's draft (or returned) material for that task, or a new one,
    through the materials service — its rules (who may submit, file checks, states) apply as is."""
    entry = selectors.get_entry_for(actor, entry_id)
    community = entry.community
    _ensure_can_record(actor, community)
    if entry.indicator_id is None:
        raise CommunityError(_("这条台账没有对应的指标，不能作为申报材料。"), field="indicator")
    task = (
        material_selectors.tasks_for_submission(actor)
        .filter(
            unit_id=community.unit_id,
            indicator_id=entry.indicator_id,
            parent__isnull=True,
            period_start__lte=entry.held_on,
            due__gte=entry.held_on,
            indicator__framework__status=FrameworkStatus.ACTIVE,
        )
        .first()
    )
    if task is None:
        raise CommunityError(
            _("%(c)s在“%(i)s”下没有覆盖 %(d)s 的任务，无法申报。")
            % {"c": community, "i": entry.indicator.name, "d": entry.held_on.isoformat()}
        )
    uploads = []
    for item in entry.files.all():
        with item.file.open("rb") as handle:
            uploads.append(ContentFile(handle.read(), name=item.name))
    with transaction.atomic():
        existing = (
            material_selectors.submissions_visible_to(actor, task_id=task.pk)
            .filter(unit_id=community.unit_id, status__in=sorted(EDITABLE_STATES))
            .first()
        )
        if existing is not None:
            text = (existing.text + "\n\n" if existing.text else "") + entry_text(entry)
            submission = material_services.update_submission(
                actor=actor, submission_id=existing.pk, text=text, uploads=uploads
            )
            created = False
        else:
            submission = material_services.create_submission(
                actor=actor, task_id=task.pk, text=entry_text(entry), uploads=uploads
            )
            created = True
        if submit:
            action = "submit" if submission.status == "draft" else "resubmit"
            material_services.transition(actor=actor, submission_id=submission.pk, action=action)
        LedgerEntry.objects.filter(pk=entry.pk).update(submission=submission)
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=entry,
            summary=f"台账作为申报材料：{entry} → {task}",
        )
    entry.submission_id = submission.pk
    return HandedIn(entry=entry, submission_id=submission.pk, created=created)


def total_amount(values) -> Decimal:
    return sum((Decimal(v or 0) for v in values), Decimal("0"))
