"""Every step of the nomination loop is a NominationEvent written in the transaction of the change,
with its audit row; the reviewers of a level hear of the steps that need them. The workflow
(transitions.WORKFLOW) calls on_transition after each of its steps."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.accounts.audit import record
from wenming.accounts.models import AuditAction
from wenming.honors.models import Level, Nomination, NominationEvent
from wenming.honors.permissions import REVIEW_ROLES
from wenming.honors.transitions import LABELS, WORKFLOW, PublicActor, membership_of
from wenming.notifications.models import MessageKind
from wenming.notifications.services import notify_units
from wenming.regions.models import TERRITORIAL_KINDS, Unit


def actor_names(actor) -> tuple[object, str, str]:
    """(user or None, name, unit) as the event shows them."""
    if actor is None:
        return None, str(_("系统")), ""
    if isinstance(actor, PublicActor):
        return None, str(_("群众")), ""
    membership = membership_of(actor)
    name = actor.get_full_name() or actor.get_username()
    return actor, name, membership.unit.short_name or membership.unit.name if membership else ""


def write_event(nomination, *, actor, action, from_state, transition=None, data, note):
    user, name, unit = actor_names(actor)
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
        summary=f"好人推荐 #{nomination.pk} {levels_label(level)} {LABELS.get(action, action)}",
    )


def levels_label(level: str) -> str:
    return str(Level(level).label)


def _on_transition(nomination, *, actor, action, from_state, transition, data, note):
    nomination.updated = timezone.now()
    Nomination.objects.filter(pk=nomination.pk).update(updated=nomination.updated)
    write_event(
        nomination,
        actor=actor,
        action=action,
        from_state=from_state,
        transition=transition,
        data=data,
        note=note,
    )
    if action == "promote":
        tell_reviewers(nomination, _("好人推荐进入%(level)s评议：%(name)s"))
    elif action == "object":
        tell_reviewers(nomination, _("公示收到异议，请核实：%(name)s"))


def tell_reviewers(nomination, title: str) -> None:
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


def run(nomination_id, action, *, actor, **data) -> Nomination:
    return WORKFLOW.run(nomination_id, action, actor=actor, model=Nomination, **data)
