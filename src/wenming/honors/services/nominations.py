"""六推荐: a nomination from any channel, for a person found in the registry or added to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.hanzi import normalize
from wenming.honors import levels, permissions
from wenming.honors.errors import HonorsInputError
from wenming.honors.models import Category, Channel, Nomination, NominationFile, Person, State
from wenming.honors.services.events import tell_reviewers, write_event
from wenming.honors.transitions import CITIZEN, membership_of
from wenming.inputs import clean_name
from wenming.privacy import normalise_phone
from wenming.regions.models import Region, RegionLevel, Unit

MAX_FILES = 6
MAX_DEEDS = 3000


def _choice(value, choices, field: str, label: str, errors: dict) -> str:
    value = (value or "").strip()
    if value not in choices.values:
        errors[field] = _("请选择%(label)s。") % {"label": label}
    return value


def clean_phone(value, field: str, errors: dict, *, required: bool) -> str:
    try:
        phone = normalise_phone(value)
    except ValueError as exc:
        errors[field] = str(exc)
        return ""
    if required and not phone:
        errors[field] = _("请填写联系电话。")
    return phone


def _person_region(code) -> Region | None:
    code = (code or "").strip()
    if not code.isascii() or not code.isdigit() or len(code) != 12:
        return None
    return (
        Region.objects.filter(
            code=code, level__in=[RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.COUNTY]
        )
        .select_related("parent")
        .first()
    )


@dataclass(frozen=True)
class _Checked:
    """A nomination's fields once every one of them has been checked."""

    name: str
    region: Region
    building: str
    category: str
    channel: str
    deeds: str
    nominator_name: str
    nominator_phone: str
    phone: str
    files: list


def _checked(
    *,
    name,
    region_code,
    building,
    category,
    channel,
    deeds,
    nominator_name,
    nominator_phone,
    phone,
    files,
) -> _Checked:
    """Every field checked at once; raises HonorsInputError naming each bad one."""
    errors: dict[str, str] = {}
    name = clean_name(name)[:50]
    if not name:
        errors["name"] = _("请填写被推荐人姓名。")
    region = _person_region(region_code)
    if region is None:
        errors["region"] = _("请选择被推荐人所在的社区（村）。")
    category = _choice(category, Category, "category", _("类别"), errors)
    channel = _choice(channel, Channel, "channel", _("推荐渠道"), errors)
    deeds = (deeds or "").strip()
    if not deeds:
        errors["deeds"] = _("请填写主要事迹。")
    elif len(deeds) > MAX_DEEDS:
        errors["deeds"] = _("主要事迹不能超过 %(n)d 字。") % {"n": MAX_DEEDS}
    nominator_name = clean_name(nominator_name)[:50]
    if not nominator_name:
        errors["nominator_name"] = _("请填写推荐人姓名。")
    nominator_phone = clean_phone(nominator_phone, "nominator_phone", errors, required=True)
    phone = clean_phone(phone, "phone", errors, required=False)
    files = list(files)
    if len(files) > MAX_FILES:
        errors["files"] = _("最多上传 %(n)d 个文件。") % {"n": MAX_FILES}
    if errors:
        raise HonorsInputError(errors)
    return _Checked(
        name=name,
        region=region,
        building=clean_name(building)[:50],
        category=category,
        channel=channel,
        deeds=deeds,
        nominator_name=nominator_name,
        nominator_phone=nominator_phone,
        phone=phone,
        files=files,
    )


def nominate(
    *,
    actor=None,
    name: str,
    region_code: str,
    category: str,
    deeds: str,
    channel: str,
    nominator_name: str,
    nominator_phone: str,
    building: str = "",
    phone: str = "",
    unit: Unit | None = None,
    files=(),
) -> Nomination:
    """A nomination (六推荐) from a citizen (``actor`` None, the public page) or a logged-in unit.

    It enters at the lowest level of the person's region: 楼道(村组) where the building is
    given, else 社区(村). ``files`` are :class:`wenming.uploads.CheckedUpload` (checked,
    re-encoded). Raises :class:`HonorsInputError` naming every bad field; nothing is saved.
    """
    if actor is not None:
        permissions.ensure_can(actor, permissions.NOMINATE)
    got = _checked(
        name=name,
        region_code=region_code,
        building=building,
        category=category,
        channel=channel,
        deeds=deeds,
        nominator_name=nominator_name,
        nominator_phone=nominator_phone,
        phone=phone,
        files=files,
    )
    with transaction.atomic():
        return _save(got, actor=actor, unit=unit)


def _save(got: _Checked, *, actor, unit: Unit | None) -> Nomination:
    """The checked nomination, at the entry level of the person's region, with its files and
    its first event; the person is found in the registry or added to it."""
    level = levels.entry_level(got.region, got.building)
    level_region = Region.objects.get(code=levels.level_region_code(level, got.region.code))
    membership = membership_of(actor) if actor is not None else None
    person = _find_or_create_person(
        name=got.name, region=got.region, building=got.building, phone=got.phone, unit=unit
    )
    if Nomination.objects.filter(
        person=person, category=got.category, state__in=[State.REVIEWING, State.PUBLICITY]
    ).exists():
        raise HonorsInputError(
            _("%(name)s已在“%(category)s”类评选中，请勿重复推荐。")
            % {"name": got.name, "category": Category(got.category).label}
        )
    nomination = Nomination.objects.create(
        person=person,
        category=got.category,
        deeds=got.deeds,
        channel=got.channel,
        nominator_name=got.nominator_name,
        nominator_phone=got.nominator_phone,
        nominated_by=actor,
        nominating_unit=membership.unit if membership else None,
        region=got.region,
        level=level,
        level_region=level_region,
    )
    _attach(nomination, got.files)
    write_event(
        nomination,
        actor=actor if actor is not None else CITIZEN,
        action="nominate",
        from_state="",
        data={"channel": got.channel, "files": len(got.files)},
        note="",
    )
    tell_reviewers(nomination, _("新的好人推荐待%(level)s评议：%(name)s"))
    return nomination


def _attach(nomination: Nomination, files: list) -> None:
    for checked in files:
        attached = NominationFile(
            nomination=nomination, name=checked.name[:120], is_image=checked.is_image
        )
        attached.file.save(checked.name, ContentFile(checked.content), save=False)
        attached.save()


def _find_or_create_person(*, name, region, building, phone, unit) -> Person:
    """The registry keeps one person per name and place: the same name in the same community
    (and phone, where both are known) is the same person."""
    candidates = Person.objects.filter(name_key=normalize(name)[:50], region=region)
    if phone:
        found = candidates.filter(phone=phone).first() or candidates.filter(phone="").first()
    else:
        found = candidates.filter(building=building).first()
    if found is None:
        return Person.objects.create(
            name=name, region=region, building=building, phone=phone, unit=unit
        )
    changed = False
    for field, value in (("phone", phone), ("building", building), ("unit", unit)):
        if value and not getattr(found, field):
            setattr(found, field, value)
            changed = True
    if changed:
        found.save()
    return found
