"""Writes of the nomination loop (六推荐、五评选): nominate, review, object, settle, promote;
and external honours recorded against the same person. Every step is a NominationEvent
written in the transaction of the change, with its audit row."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.cases.deadlines import LOCAL, calendar_around, deadline_on
from wenming.hanzi import normalize
from wenming.honors import levels, permissions
from wenming.honors.models import (
    EXTERNAL_LEVEL,
    Category,
    Channel,
    ExternalHonor,
    Honor,
    Level,
    Nomination,
    NominationEvent,
    NominationFile,
    Objection,
    ObjectionStatus,
    Person,
    Review,
    SelectionMethod,
    State,
)
from wenming.honors.permissions import REVIEW_ROLES
from wenming.honors.transitions import (
    CITIZEN,
    WORKFLOW,
    PublicActor,
    _membership,
    rule_for,
    tally,
)
from wenming.inputs import clean_name
from wenming.notifications.models import MessageKind
from wenming.notifications.services import notify_units
from wenming.numbers import clean_number
from wenming.privacy import normalise_phone
from wenming.regions.models import TERRITORIAL_KINDS, Region, RegionLevel, Unit
from wenming.workflow import WorkflowError

MAX_FILES = 6
MAX_DEEDS = 3000


class HonorsInputError(Exception):
    """Input the service refuses: ``errors`` maps a field name ("" = the whole form) to a message."""

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = errors
        self.message = "；".join(errors.values())
        super().__init__(self.message)


# ---------------------------------------------------------------- events


def _actor_names(actor) -> tuple[object, str, str]:
    """(user or None, name, unit) as the event shows them."""
    if actor is None:
        return None, str(_("系统")), ""
    if isinstance(actor, PublicActor):
        return None, str(_("群众")), ""
    membership = _membership(actor)
    name = actor.get_full_name() or actor.get_username()
    return actor, name, membership.unit.short_name or membership.unit.name if membership else ""


def _write_event(nomination, *, actor, action, from_state, transition=None, data, note):
    user, name, unit = _actor_names(actor)
    level = data.pop("level", nomination.level)
    NominationEvent.objects.create(
        nomination=nomination,
        actor=user,
        actor_name=name,
        actor_unit=unit,
        action=action,
        level=level,
        from_state=from_state,
        to_state=nomination.state,
        note=note,
        data=data,
    )
    record(
        actor=user,
        action=AuditAction.CREATE if action == "nominate" else AuditAction.UPDATE,
        obj=nomination,
        summary=f"好人推荐 #{nomination.pk} {levels_label(level)} {action}",
    )


def levels_label(level: str) -> str:
    return str(Level(level).label)


def _on_transition(nomination, *, actor, action, from_state, transition, data, note):
    nomination.updated = timezone.now()
    Nomination.objects.filter(pk=nomination.pk).update(updated=nomination.updated)
    _write_event(
        nomination,
        actor=actor,
        action=action,
        from_state=from_state,
        transition=transition,
        data=data,
        note=note,
    )
    if action == "promote":
        _tell_reviewers(nomination, _("好人推荐进入%(level)s评议：%(name)s"))
    elif action == "object":
        _tell_reviewers(nomination, _("公示收到异议，请核实：%(name)s"))


def _tell_reviewers(nomination, title: str) -> None:
    """The people who judge the nomination's level hear of it once the change commits."""
    units = Unit.objects.filter(
        region_id=nomination.level_region_id, kind__in=TERRITORIAL_KINDS, is_active=True
    ).values_list("pk", flat=True)
    notify_units(
        unit_ids=list(units),
        roles=sorted(REVIEW_ROLES),
        kind=MessageKind.PROGRESS,
        title=title % {"level": Level(nomination.level).label, "name": nomination.person.name},
        url=reverse("honors:detail", args=[nomination.pk]),
    )


WORKFLOW.on_transition = _on_transition


def _run(nomination_id, action, *, actor, **data) -> Nomination:
    return WORKFLOW.run(nomination_id, action, actor=actor, model=Nomination, **data)


# ---------------------------------------------------------------- nominate


def _choice(value, choices, field: str, label: str, errors: dict) -> str:
    value = (value or "").strip()
    if value not in choices.values:
        errors[field] = _("请选择%(label)s。") % {"label": label}
    return value


def _phone(value, field: str, errors: dict, *, required: bool) -> str:
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
    errors: dict[str, str] = {}
    name = clean_name(name)[:50]
    if not name:
        errors["name"] = _("请填写被推荐人姓名。")
    region = _person_region(region_code)
    if region is None:
        errors["region"] = _("请选择被推荐人所在的社区（村）。")
    building = clean_name(building)[:50]
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
    nominator_phone = _phone(nominator_phone, "nominator_phone", errors, required=True)
    phone = _phone(phone, "phone", errors, required=False)
    files = list(files)
    if len(files) > MAX_FILES:
        errors["files"] = _("最多上传 %(n)d 个文件。") % {"n": MAX_FILES}
    if errors:
        raise HonorsInputError(errors)
    level = levels.entry_level(region, building)
    level_region = Region.objects.get(code=levels.level_region_code(level, region.code))
    nominating_unit = _membership(actor).unit if actor is not None and _membership(actor) else None
    with transaction.atomic():
        person = _find_or_create_person(
            name=name, region=region, building=building, phone=phone, unit=unit
        )
        if Nomination.objects.filter(
            person=person, category=category, state__in=[State.REVIEWING, State.PUBLICITY]
        ).exists():
            raise HonorsInputError(
                _("%(name)s已在“%(category)s”类评选中，请勿重复推荐。")
                % {"name": name, "category": Category(category).label}
            )
        nomination = Nomination.objects.create(
            person=person,
            category=category,
            deeds=deeds,
            channel=channel,
            nominator_name=nominator_name,
            nominator_phone=nominator_phone,
            nominated_by=actor,
            nominating_unit=nominating_unit,
            region=region,
            level=level,
            level_region=level_region,
        )
        for checked in files:
            attached = NominationFile(
                nomination=nomination, name=checked.name[:120], is_image=checked.is_image
            )
            attached.file.save(checked.name, ContentFile(checked.content), save=False)
            attached.save()
        _write_event(
            nomination,
            actor=actor if actor is not None else CITIZEN,
            action="nominate",
            from_state="",
            data={"channel": channel, "files": len(files)},
            note="",
        )
        _tell_reviewers(nomination, _("新的好人推荐待%(level)s评议：%(name)s"))
    return nomination


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


# ---------------------------------------------------------------- review (五评选)


@WORKFLOW.handler("review")
def _review(nomination, *, actor, transition, from_state, approve=None, score=None, note="", **_):
    membership = _membership(actor)
    if membership is None:
        raise WorkflowError(_("您没有所属单位，不能评议。"), code=WorkflowError.FORBIDDEN)
    Review.objects.create(
        nomination=nomination,
        level=nomination.level,
        reviewer=actor,
        reviewer_unit=membership.unit,
        approve=approve,
        score=score,
        note=(note or "").strip(),
    )
    return {"approve": approve, "score": None if score is None else str(score)}


@WORKFLOW.handler("pass")
def _pass(nomination, *, actor, transition, from_state, **_):
    rule = rule_for(nomination.level)
    now = timezone.now()
    today = now.astimezone(LOCAL).date()
    calendar = calendar_around(today, days_after=rule.publicity_days * 3 + 40)
    due = deadline_on(calendar.add_workdays(today, rule.publicity_days), calendar).due
    nomination.publicity_start = now
    nomination.publicity_due = due
    return {"publicity_days": rule.publicity_days, "publicity_due": due.isoformat()}


def review_nomination(
    *, actor, nomination_id: int, approve=None, score=None, note: str = ""
) -> Nomination:
    """One reviewer's vote (votes with a quorum) or score (scores with a threshold) at the
    nomination's current level. The review that reaches the quorum decides: 评议通过 opens
    公示 for the level's working days; 未通过 ends the nomination at this level."""
    permissions.ensure_can(actor, permissions.REVIEW)
    nomination = Nomination.objects.filter(pk=nomination_id).only("level").first()
    if nomination is None:
        raise WorkflowError(_("推荐不存在。"), code=WorkflowError.FORBIDDEN)
    rule = rule_for(nomination.level)
    if rule.method == SelectionMethod.SCORE:
        score = clean_number(Review, "score", score, minimum=0, maximum=100, error=HonorsInputError)
        if score is None:
            raise HonorsInputError({"score": _("请填写0至100之间的评分。")})
        approve = None
    else:
        if approve not in (True, False):
            raise HonorsInputError({"approve": _("请选择赞成或不赞成。")})
        score = None
    with transaction.atomic():
        nomination = _run(
            nomination_id, "review", actor=actor, approve=approve, score=score, note=note
        )
        decision = tally(nomination)
        if decision is not None:
            nomination = _run(nomination.pk, decision, actor=actor)
    return nomination


# ---------------------------------------------------------------- 公示 and objections


@WORKFLOW.handler("object")
def _object(
    nomination, *, actor, transition, from_state, text="", contact_name="", contact_phone="", **_
):
    objection = Objection.objects.create(
        nomination=nomination,
        level=nomination.level,
        text=text,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    return {"objection": objection.pk}


def raise_objection(
    *, actor=None, nomination_id: int, text: str, contact_name: str = "", contact_phone: str = ""
) -> Objection:
    """An objection from the public 公示 page (``actor`` None) or a logged-in user; while it is
    open the candidate cannot be promoted."""
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("请填写异议内容。")
    elif len(text) > 2000:
        errors["text"] = _("异议内容不能超过 2000 字。")
    contact_name = clean_name(contact_name)[:50]
    contact_phone = _phone(contact_phone, "contact_phone", errors, required=True)
    if errors:
        raise HonorsInputError(errors)
    nomination = _run(
        nomination_id,
        "object",
        actor=actor if actor is not None else CITIZEN,
        text=text,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    return nomination.objections.order_by("-pk").first()


def _settle(nomination, *, actor, objection=None, note="", status):
    found = nomination.objections.filter(pk=objection, status=ObjectionStatus.OPEN).first()
    if found is None:
        raise WorkflowError(_("该异议不存在或已处理。"), code=WorkflowError.INPUT)
    found.status = status
    found.finding = note.strip()
    found.resolved_by = actor
    found.resolved_at = timezone.now()
    found.save()
    return {"objection": found.pk}


@WORKFLOW.handler("dismiss")
def _dismiss(nomination, *, actor, transition, from_state, objection=None, note="", **_):
    return _settle(
        nomination, actor=actor, objection=objection, note=note, status=ObjectionStatus.DISMISSED
    )


@WORKFLOW.handler("uphold")
def _uphold(nomination, *, actor, transition, from_state, objection=None, note="", **_):
    return _settle(
        nomination, actor=actor, objection=objection, note=note, status=ObjectionStatus.UPHELD
    )


def resolve_objection(*, actor, objection_id: int, upheld: bool, finding: str) -> Nomination:
    """A reviewer of the level settles an objection with a recorded finding: 不成立 lets the
    公示 run its course; 成立 ends the nomination."""
    permissions.ensure_can(actor, permissions.REVIEW)
    objection = Objection.objects.filter(pk=objection_id).first()
    if objection is None:
        raise WorkflowError(_("该异议不存在或已处理。"), code=WorkflowError.INPUT)
    if not (finding or "").strip():
        raise HonorsInputError({"finding": _("请填写核实情况。")})
    return _run(
        objection.nomination_id,
        "uphold" if upheld else "dismiss",
        actor=actor,
        objection=objection.pk,
        note=finding,
    )


# ---------------------------------------------------------------- promotion and honours


def _confer(nomination, *, actor) -> Honor:
    """The level's result: an Honor titled after the quarter and the level's region."""
    today = timezone.now().astimezone(LOCAL).date()
    region = nomination.level_region
    honor = Honor.objects.create(
        person=nomination.person,
        nomination=nomination,
        level=nomination.level,
        category=nomination.category,
        title=levels.honor_title(
            level=nomination.level,
            day=today,
            place=region.name,
            building=nomination.person.building,
        ),
        region=nomination.region,
        conferred_on=today,
        year=today.year,
        source=str(_("五级评选")),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return honor


@WORKFLOW.handler("promote")
def _promote(nomination, *, actor, transition, from_state, **_):
    passed = nomination.level
    honor = _confer(nomination, actor=actor)
    upper = levels.next_level(passed)
    nomination.level = upper
    nomination.level_region = Region.objects.get(
        code=levels.level_region_code(upper, nomination.region_id)
    )
    nomination.publicity_start = None
    nomination.publicity_due = None
    return {"level": passed, "honor": honor.pk, "title": honor.title, "to_level": upper}


@WORKFLOW.handler("confer")
def _confer_city(nomination, *, actor, transition, from_state, **_):
    honor = _confer(nomination, actor=actor)
    return {"honor": honor.pk, "title": honor.title}


def promote(*, actor, nomination_id: int) -> Nomination:
    """After 公示 with no open objection: the level's honour, then the next level (or, at 市,
    the final honour). The daily job calls it with ``actor`` None."""
    nomination = Nomination.objects.filter(pk=nomination_id).only("level").first()
    if nomination is None:
        raise WorkflowError(_("推荐不存在。"), code=WorkflowError.FORBIDDEN)
    action = "confer" if nomination.level == Level.CITY else "promote"
    return _run(nomination_id, action, actor=actor)


def promote_due(*, now=None) -> int:
    """公示 ended without an open objection: promote each such nomination once (a lost race or
    a blocked one is skipped). Returns how many moved."""
    from wenming.honors.selectors import publicity_ended

    moved = 0
    for pk in publicity_ended(now):
        try:
            promote(actor=None, nomination_id=pk)
        except WorkflowError:
            continue
        moved += 1
    return moved


def record_external_honor(
    *,
    actor,
    person_id: int,
    external: str,
    conferred_on: date,
    source: str,
    category: str,
    title: str = "",
) -> Honor:
    """安徽好人, 中国好人榜, 道德模范: recorded against the registry's person with date and source."""
    from wenming.honors.selectors import get_person_for

    permissions.ensure_can(actor, permissions.MANAGE)
    person = get_person_for(actor, person_id)
    errors: dict[str, str] = {}
    if external not in ExternalHonor.values:
        errors["external"] = _("请选择荣誉名称。")
    if category not in Category.values:
        errors["category"] = _("请选择类别。")
    if not isinstance(conferred_on, date):
        errors["conferred_on"] = _("请填写授予日期。")
    source = clean_name(source)[:200]
    if not source:
        errors["source"] = _("请填写来源（如发布单位、文件或网页）。")
    if errors:
        raise HonorsInputError(errors)
    label = ExternalHonor(external).label
    title = clean_name(title)[:100] or f"{conferred_on.year}年{label}"
    with transaction.atomic():
        honor = Honor.objects.create(
            person=person,
            level=EXTERNAL_LEVEL[ExternalHonor(external)],
            external=external,
            category=category,
            title=title,
            region=person.region,
            conferred_on=conferred_on,
            year=conferred_on.year,
            source=source,
            recorded_by=actor,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=honor,
            summary=f"登记荣誉 {person.name} {title}",
        )
    return honor
