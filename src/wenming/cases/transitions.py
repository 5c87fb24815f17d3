"""The case state machine (DESIGN.md §4) as one table, read by the service, the pages and the API.

reported ──accept/dispatch──▶ dispatched ──sign──▶ rectifying ──submit──▶ awaiting_verification ──pass──▶ closed
   └─reject / merge──▶ closed     │return ▶ reported          ▲──────────fail (返工)──────┘
request_extension / approve_extension / reject_extension keep the state; only approval moves `due`.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from wenming.cases.models import ExtensionRequest, ExtensionStatus, Resolution, State
from wenming.regions.models import Role
from wenming.regions.permissions import role_of
from wenming.regions.scope import scope_for
from wenming.workflow import Transition, Workflow


class Party:
    """Who may take an action, besides holding one of the roles."""

    OFFICE = "office"  # 创城办: intake, dispatch, extensions — any case in their scope
    RESPONSIBLE = "responsible"  # the responsible unit (or a unit above it)
    VERIFIER = "verifier"  # 复核: any case in scope except their own unit's work


OFFICE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})
UNIT_ROLES = frozenset({Role.LIAISON, Role.LEADER})
VERIFIER_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR})


def _office(to, label, **kw):
    return Transition(to, OFFICE_ROLES, Party.OFFICE, label, **kw)


def _unit(to, label, **kw):
    return Transition(to, UNIT_ROLES, Party.RESPONSIBLE, label, **kw)


def _verifier(to, label, **kw):
    return Transition(to, VERIFIER_ROLES, Party.VERIFIER, label, **kw)


def _extensions(state):
    return {
        "request_extension": _unit(
            state, _("申请延期"), style="outline-secondary", waits=False, needs_note=True
        ),
        "approve_extension": _office(state, _("批准延期")),
        "reject_extension": _office(state, _("驳回延期"), style="outline-danger", needs_note=True),
    }


TRANSITIONS: dict[str, dict[str, Transition]] = {
    State.REPORTED: {
        "accept": _office(State.DISPATCHED, _("受理交办")),
        "dispatch": _office(State.DISPATCHED, _("指定单位交办")),
        "reject": _office(
            State.CLOSED,
            _("不予受理"),
            resolution=Resolution.INVALID,
            style="outline-danger",
            needs_note=True,
        ),
        "merge": _office(
            State.CLOSED, _("合并重复"), resolution=Resolution.DUPLICATE, style="outline-secondary"
        ),
    },
    State.DISPATCHED: {
        "sign": _unit(State.RECTIFYING, _("签收")),
        "return": _unit(
            State.REPORTED,
            _("退回（非本单位职责）"),
            style="outline-danger",
            waits=False,
            needs_note=True,
        ),
        "dispatch": _office(State.DISPATCHED, _("改派"), style="outline-secondary", waits=False),
        **_extensions(State.DISPATCHED),
    },
    State.RECTIFYING: {
        "submit": _unit(State.AWAITING_VERIFICATION, _("提交整改结果")),
        **_extensions(State.RECTIFYING),
    },
    State.AWAITING_VERIFICATION: {
        "pass": _verifier(
            State.CLOSED, _("复核通过"), resolution=Resolution.FIXED, style="success"
        ),
        "fail": _verifier(
            State.RECTIFYING, _("复核不通过（返工）"), style="outline-danger", needs_note=True
        ),
    },
    # 重新办理: the office takes a closed case back to intake (a citizen's 不满意 upheld on review).
    State.CLOSED: {
        "reopen": _office(
            State.REPORTED, _("重新办理"), style="outline-danger", waits=False, needs_note=True
        ),
    },
}
ACTIONS = sorted({action for table in TRANSITIONS.values() for action in table})
ACTION_LABELS = {"report": _("上报")} | {
    action: t.label for table in TRANSITIONS.values() for action, t in table.items()
}
ACTION_LABELS["dispatch"] = _("交办")
# Timeline entries that are not transitions: steps of the escalation ladder.
EVENT_LABELS = {
    **ACTION_LABELS,
    "supervision": _("逾期督办"),
    "exposure": _("挂牌督办"),
    "reminder": _("到期提醒"),
    "recompute_deadline": _("按节假日安排调整期限"),
}
EXTENSION_DECISIONS = frozenset({"approve_extension", "reject_extension"})


def effective_role(actor) -> str | None:
    if actor is not None and getattr(actor, "is_superuser", False):
        return Role.ADMIN
    return role_of(actor)


def is_own_unit(actor, case) -> bool:
    """The case is assigned to the actor's unit or a unit under it."""
    return case.unit_id is not None and case.unit_id in scope_for(actor).unit_ids


def _extension_pending(case, known: bool | None) -> bool:
    """Whether the case waits for an extension decision: ``known`` from a list's annotation,
    else asked (inside ``run`` the freshly locked row is asked)."""
    if known is None:
        known = getattr(case, "has_pending_extension", None)
    if known is None:
        return case.extensions.filter(status=ExtensionStatus.PENDING).exists()
    return bool(known)


# The guards beyond state and party: one pending extension at a time. ``waiting_q`` has their
# database form (PENDING_GUARDS says which way each action reads the pending request).
PENDING_GUARDS = {"request_extension": False, "approve_extension": True, "reject_extension": True}
GUARDS = {
    action: (
        lambda case, has_pending_extension=None, wanted=wanted: (
            _extension_pending(case, has_pending_extension) == wanted
        )
    )
    for action, wanted in PENDING_GUARDS.items()
}

CASE_WORKFLOW = Workflow(
    "case",
    TRANSITIONS,
    role_of=effective_role,
    parties={
        Party.OFFICE: lambda actor, case: True,
        Party.RESPONSIBLE: is_own_unit,
        Party.VERIFIER: lambda actor, case: not is_own_unit(actor, case),
    },
    guards=GUARDS,
    version_field="version",
)


def allowed_actions(actor, case, *, has_pending_extension: bool | None = None) -> list[str]:
    """The actions ``actor`` may take on ``case`` now, in table order (for buttons and 409 bodies)."""
    return CASE_WORKFLOW.allowed(actor, case, has_pending_extension=has_pending_extension)


def waiting_actions(actor, case, *, has_pending_extension: bool | None = None) -> list[str]:
    """The allowed actions the case is waiting for (``Transition.waits``): it is on the actor's
    to-do list exactly when this is not empty."""
    return CASE_WORKFLOW.waiting(actor, case, has_pending_extension=has_pending_extension)


def waiting_q(actor) -> Q:
    """:func:`waiting_actions` as one database filter over cases the actor can see: the same
    table, role, party and guard, so the to-do list and the buttons cannot disagree."""
    role = effective_role(actor)
    own = Q(unit_id__in=scope_for(actor).unit_ids)
    party_q = {
        Party.OFFICE: Q(),
        Party.RESPONSIBLE: own,
        Party.VERIFIER: Q(unit__isnull=True) | ~own,
    }
    pending = Exists(
        ExtensionRequest.objects.filter(case=OuterRef("pk"), status=ExtensionStatus.PENDING)
    )
    found = Q(pk__in=[])
    for state, table in TRANSITIONS.items():
        for action, transition in table.items():
            if not transition.waits or role not in transition.roles:
                continue
            condition = Q(state=state) & party_q[transition.party]
            if action in PENDING_GUARDS:
                condition &= pending if PENDING_GUARDS[action] else ~pending
            found |= condition
    return found
