"""One shape for every workflow: a table of states and actions, one handler per action.

Every state machine of the platform (cases, material submissions, relief cases, demands,
nominations …) is a table ``{state: {action: Transition}}`` read by the service, the pages and
the API alike, so the buttons a user sees, the to-do list and the service's refusal cannot
disagree. An app builds one :class:`Workflow` from its table, says who its parties are (the
responsible unit, a reviewer from another unit …) and registers one handler per action that
needs more than the state change::

    REVIEW = Workflow(
        "nomination",
        {
            "pending": {"pass": Transition("publicised", REVIEWERS, "reviewer", _("通过"))},
            "publicised": {},
        },
        parties={"reviewer": lambda actor, nomination: not own_unit(actor, nomination)},
        role_of=effective_role,
        on_transition=write_event,
    )

    @REVIEW.handler("pass")
    def _pass(nomination, *, actor, transition, note="", **data):
        nomination.passed_at = timezone.now()
        return {"score": data.get("score")}   # merged into the event's data

    REVIEW.run(nomination.pk, "pass", actor=user, model=Nomination, note="…")

``run`` locks the row, checks state, role, party and guard, calls the handler, moves the state
and calls ``on_transition`` (the app writes its immutable event row and the audit record there)
inside one transaction. A refused action raises :class:`WorkflowError` whose ``code`` tells
the page or API what to answer: ``"state"`` (409, with ``allowed``), ``"conflict"`` (409: the
object changed since the form was loaded), ``"forbidden"`` (403, or 404 where the object should
not be known), ``"input"`` (422).

Optional pieces, for workflows that need them:

- ``version_field``: a counter ``run`` checks against ``expected_version`` (the version the user's
  form showed; a mismatch is ``"conflict"``) and increments on every transition.
- facts: a guard may take keyword facts the caller already knows (``allowed(actor, obj,
  has_pending=True)`` from a list's annotation), so that listing many objects costs no query
  each; without them the guard finds out itself (as it does inside ``run``).
- ``on_transition`` that names an ``inputs`` parameter also receives the keyword data ``run``
  was called with (photos, attachments …), for what the event row needs beyond the handler's dict.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    """One action from one state: where it leads and who may take it."""

    to: str
    roles: frozenset[str]
    party: str
    label: str
    style: str = "primary"
    # The object waits for this action: it is the next step, so the object is on the to-do
    # list of whoever may take it. Corrections open at any time (改派, 退回 …) are not.
    waits: bool = True
    resolution: str = ""
    needs_note: bool = False


class WorkflowError(Exception):
    """The action was refused; ``message`` is shown to the user."""

    STATE = "state"
    CONFLICT = "conflict"
    FORBIDDEN = "forbidden"
    INPUT = "input"

    def __init__(self, message: str, *, code: str, state: str = "", allowed: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.code = code
        self.state = state
        self.allowed = list(allowed)


ANY_PARTY = "any"


def _takes_inputs(fn: Callable[..., Any]) -> bool:
    return "inputs" in inspect.signature(fn).parameters


Handler = Callable[..., Mapping[str, Any] | None]


@dataclass
class Workflow:
    """A state machine as data, with its parties, guards and action handlers."""

    name: str
    table: Mapping[str, Mapping[str, Transition]]
    role_of: Callable[[Any], str | None]
    parties: Mapping[str, Callable[[Any, Any], bool]] = field(default_factory=dict)
    guards: Mapping[str, Callable[..., bool]] = field(default_factory=dict)
    on_transition: Callable[..., Any] | None = None
    state_field: str = "state"
    version_field: str | None = None
    handlers: dict[str, Handler] = field(default_factory=dict)

    def __post_init__(self):
        unknown = {
            t.party
            for actions in self.table.values()
            for t in actions.values()
            if t.party != ANY_PARTY and t.party not in self.parties
        }
        if unknown:
            raise ValueError(f"{self.name}: parties without a rule: {sorted(unknown)}")
        targets = {t.to for actions in self.table.values() for t in actions.values()}
        if missing := targets - set(self.table):
            raise ValueError(f"{self.name}: transitions lead to unknown states: {sorted(missing)}")

    # --- reading the table -------------------------------------------------------------------
    @property
    def states(self) -> list[str]:
        return list(self.table)

    @property
    def actions(self) -> list[str]:
        return sorted({action for actions in self.table.values() for action in actions})

    @property
    def labels(self) -> dict[str, str]:
        return {action: t.label for actions in self.table.values() for action, t in actions.items()}

    def actions_in(self, state: str) -> list[str]:
        return list(self.table.get(state, {}))

    def transition(self, state: str, action: str) -> Transition | None:
        return self.table.get(state, {}).get(action)

    def is_final(self, state: str) -> bool:
        return not self.table.get(state)

    # --- who may do what ---------------------------------------------------------------------
    def _state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def party_allows(self, actor, obj, transition: Transition) -> bool:
        if self.role_of(actor) not in transition.roles:
            return False
        if transition.party == ANY_PARTY:
            return True
        return bool(self.parties[transition.party](actor, obj))

    def guard_allows(self, action: str, obj, **facts) -> bool:
        guard = self.guards.get(action)
        return guard is None or bool(guard(obj, **facts))

    def allowed(self, actor, obj, **facts) -> list[str]:
        """The actions ``actor`` may take on ``obj`` now, in table order (buttons, 409 bodies)."""
        return [
            action
            for action, t in self.table.get(self._state_of(obj), {}).items()
            if self.party_allows(actor, obj, t) and self.guard_allows(action, obj, **facts)
        ]

    def waiting(self, actor, obj, **facts) -> list[str]:
        """The allowed actions ``obj`` waits for: it is on the actor's to-do list exactly when
        this is not empty."""
        table = self.table.get(self._state_of(obj), {})
        return [action for action in self.allowed(actor, obj, **facts) if table[action].waits]

    def check(self, actor, obj, action: str) -> Transition:
        """The transition ``action`` takes ``obj`` through, or :class:`WorkflowError`."""
        state = self._state_of(obj)
        t = self.transition(state, action)
        if t is None:
            raise WorkflowError(
                _("当前状态下不能执行此操作。"),
                code=WorkflowError.STATE,
                state=state,
                allowed=self.allowed(actor, obj),
            )
        if not self.party_allows(actor, obj, t):
            raise WorkflowError(_("您无权执行此操作。"), code=WorkflowError.FORBIDDEN, state=state)
        if not self.guard_allows(action, obj):
            raise WorkflowError(
                _("当前状态下不能执行此操作。"),
                code=WorkflowError.STATE,
                state=state,
                allowed=self.allowed(actor, obj),
            )
        return t

    # --- acting ------------------------------------------------------------------------------
    def handler(self, action: str) -> Callable[[Handler], Handler]:
        """Register the one function that carries out ``action`` beyond the state change.

        It is called as ``fn(obj, actor=, transition=, from_state=, **data)`` before the state
        moves; it may raise :class:`WorkflowError` (nothing is saved) and may return a dict that
        is passed on to ``on_transition`` as the event's data.
        """
        if action not in self.actions:
            raise ValueError(f"{self.name}: no action {action!r} in the table")

        def register(fn: Handler) -> Handler:
            if action in self.handlers:
                raise ValueError(f"{self.name}: action {action!r} has a handler already")
            self.handlers[action] = fn
            return fn

        return register

    def check_version(self, actor, obj, expected_version: int | None) -> None:
        """Refuse (``"conflict"``) when ``obj`` changed since the user loaded the version given."""
        if self.version_field is None:
            if expected_version is not None:
                raise ValueError(f"{self.name}: no version_field to check expected_version against")
            return
        if expected_version is not None and expected_version != getattr(obj, self.version_field):
            raise WorkflowError(
                _("已被他人处理，请刷新页面后再操作。"),
                code=WorkflowError.CONFLICT,
                state=self._state_of(obj),
                allowed=self.allowed(actor, obj),
            )

    def run(
        self,
        obj,
        action: str,
        *,
        actor,
        model: type[Model] | None = None,
        expected_version: int | None = None,
        **data,
    ):
        """Take ``action`` on ``obj`` (an instance or, with ``model``, a primary key) under a row
        lock: check, handle, move the state, record. Returns the saved object."""
        model = model or type(obj)
        pk = obj.pk if isinstance(obj, Model) else obj
        note = (data.get("note") or "").strip()
        with transaction.atomic():
            locked = model._default_manager.select_for_update().get(pk=pk)
            self.check_version(actor, locked, expected_version)
            t = self.check(actor, locked, action)
            if t.needs_note and not note:
                raise WorkflowError(_("请填写说明。"), code=WorkflowError.INPUT)
            from_state = self._state_of(locked)
            handler = self.handlers.get(action)
            extra = (
                handler(locked, actor=actor, transition=t, from_state=from_state, **data)
                if handler
                else None
            )
            setattr(locked, self.state_field, t.to)
            if self.version_field is not None:
                setattr(locked, self.version_field, getattr(locked, self.version_field) + 1)
            locked.save()
            if self.on_transition is not None:
                self.on_transition(
                    locked,
                    actor=actor,
                    action=action,
                    from_state=from_state,
                    transition=t,
                    data=dict(extra or {}),
                    note=note,
                    **({"inputs": data} if _takes_inputs(self.on_transition) else {}),
                )
        return locked
