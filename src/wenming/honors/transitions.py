"""The nomination state machine (五评选 with 公示) as one table, read by services, pages and the API.

reviewing ──review…(quorum reached)──▶ pass ──▶ publicity ──promote (公示期满，无未决异议)──▶ reviewing (next level)
    └──fail──▶ not_selected                 │  object / dismiss keep the state   └──confer (市级)──▶ honored
                                            └──uphold (异议成立)──▶ not_selected

Reviewers are the people of the territorial unit of the level's region (levels.py); nobody
reviews a nominee of their own unit, nor their own nomination. ``pass`` and ``fail`` are
taken by whoever casts the review that reaches the quorum; ``promote``/``confer`` by the
daily job (the system actor, ``None``) or by a reviewer opening a nomination whose 公示 ended.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.honors.levels import Rule, decide
from wenming.honors.models import (
    Level,
    Nomination,
    Objection,
    ObjectionStatus,
    Review,
    SelectionRule,
    State,
)
from wenming.honors.permissions import REVIEW_ROLES
from wenming.regions.models import TERRITORIAL_KINDS, Membership, Role
from wenming.regions.permissions import role_of
from wenming.workflow import Transition, Workflow

SYSTEM = "system"  # the daily job: actor None
PUBLIC = "public"  # a citizen on the public 公示 page


class PublicActor:
    """A citizen without an account (the public 公示 page's objection form)."""

    is_authenticated = False
    is_superuser = False
    pk = None

    def __repr__(self) -> str:
        return "PublicActor()"


CITIZEN = PublicActor()


def effective_role(actor) -> str | None:
    if actor is None:
        return SYSTEM
    if isinstance(actor, PublicActor):
        return PUBLIC
    if getattr(actor, "is_superuser", False):
        return Role.ADMIN
    return role_of(actor)


def membership_of(actor) -> Membership | None:
    """The actor's unit membership (None for the public and the system), read once per request."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    cached = getattr(actor, "_honors_membership", False)
    if cached is False:
        cached = Membership.objects.select_related("unit").filter(user=actor).first()
        actor._honors_membership = cached
    return cached


def is_level_unit_member(actor, nomination: Nomination) -> bool:
    """The actor belongs to the territorial unit that judges the nomination's current level
    and is neither the nominee's colleague (own unit) nor the nominator. A superuser judges
    any level, still not their own nomination."""
    if actor is None:
        return True
    if getattr(actor, "is_superuser", False):
        return nomination.nominated_by_id != actor.pk
    membership = membership_of(actor)
    if membership is None or not membership.unit.is_active:
        return False
    unit = membership.unit
    return (
        unit.kind in TERRITORIAL_KINDS
        and unit.region_id == nomination.level_region_id
        and unit.pk != nomination.person.unit_id
        and nomination.nominated_by_id != actor.pk
    )


def has_reviewed(actor, nomination: Nomination) -> bool:
    return nomination.reviews.filter(level=nomination.level, reviewer=actor).exists()


def rule_for(level: str) -> Rule:
    found = SelectionRule.objects.filter(level=level).first()
    if found is None:
        return Rule()
    return Rule(found.method, found.quorum, found.threshold, found.publicity_days)


def tally(nomination: Nomination) -> str | None:
    """ "pass", "fail" or None: the level's rule over the reviews cast at the current level."""
    rule = rule_for(nomination.level)
    reviews = list(nomination.reviews.filter(level=nomination.level).values("approve", "score"))
    return decide(
        rule,
        votes=[r["approve"] for r in reviews if r["approve"] is not None],
        scores=[r["score"] for r in reviews if r["score"] is not None],
    )


def has_open_objection(nomination: Nomination) -> bool:
    return nomination.objections.filter(status=ObjectionStatus.OPEN).exists()


def publicity_over(nomination: Nomination, now=None) -> bool:
    due = nomination.publicity_due
    return due is not None and (now or timezone.now()) > due


def may_promote(nomination: Nomination) -> bool:
    return publicity_over(nomination) and not has_open_objection(nomination)


JUDGES = REVIEW_ROLES | {SYSTEM}
EVERYONE = frozenset({PUBLIC, *Role.values})

TABLE: dict[str, dict[str, Transition]] = {
    State.REVIEWING: {
        "review": Transition(State.REVIEWING, REVIEW_ROLES, "reviewer", _("评议")),
        "pass": Transition(State.PUBLICITY, JUDGES, "level", _("评议通过，进入公示"), waits=False),
        "fail": Transition(
            State.NOT_SELECTED,
            JUDGES,
            "level",
            _("评议未通过"),
            style="outline-danger",
            waits=False,
        ),
    },
    State.PUBLICITY: {
        "object": Transition(
            State.PUBLICITY, EVERYONE, "any", _("提出异议"), style="outline-secondary", waits=False
        ),
        "dismiss": Transition(
            State.PUBLICITY, REVIEW_ROLES, "level", _("异议不成立"), needs_note=True
        ),
        "uphold": Transition(
            State.NOT_SELECTED,
            REVIEW_ROLES,
            "level",
            _("异议成立，取消资格"),
            style="outline-danger",
            needs_note=True,
        ),
        "promote": Transition(State.REVIEWING, JUDGES, "level", _("公示期满，推荐至上一级")),
        "confer": Transition(State.HONORED, JUDGES, "level", _("公示期满，评定为市级好人")),
    },
    State.HONORED: {},
    State.NOT_SELECTED: {},
}

WORKFLOW = Workflow(
    "nomination",
    TABLE,
    role_of=effective_role,
    parties={
        "reviewer": lambda actor, n: is_level_unit_member(actor, n) and not has_reviewed(actor, n),
        "level": is_level_unit_member,
    },
    guards={
        "review": lambda n: tally(n) is None,
        "pass": lambda n: tally(n) == "pass",
        "fail": lambda n: tally(n) == "fail",
        "dismiss": has_open_objection,
        "uphold": has_open_objection,
        "promote": lambda n: n.level != Level.CITY and may_promote(n),
        "confer": lambda n: n.level == Level.CITY and may_promote(n),
    },
)
LABELS = {"nominate": _("推荐"), "auto": _("系统"), **WORKFLOW.labels}


def waiting_q(actor) -> Q:
    """Nominations waiting for the actor's review or objection decision, as one filter
    (the level's unit, not the nominee's colleagues, not their own nomination). The guards
    (quorum, open objections) are checked per row by :meth:`Workflow.waiting`."""
    role = effective_role(actor)
    if role not in REVIEW_ROLES:
        return Q(pk__in=[])
    membership = membership_of(actor)
    if getattr(actor, "is_superuser", False):
        base = Q()
    elif membership is None or membership.unit.kind not in TERRITORIAL_KINDS:
        return Q(pk__in=[])
    else:
        base = Q(level_region_id=membership.unit.region_id) & ~Q(person__unit=membership.unit)
    base &= ~Q(nominated_by=actor)
    reviewed = Exists(
        Review.objects.filter(nomination=OuterRef("pk"), level=OuterRef("level"), reviewer=actor)
    )
    open_objection = Exists(
        Objection.objects.filter(nomination=OuterRef("pk"), status=ObjectionStatus.OPEN)
    )
    return base & (
        (Q(state=State.REVIEWING) & ~reviewed)
        | (Q(state=State.PUBLICITY) & (open_objection | Q(publicity_due__lt=timezone.now())))
    )
