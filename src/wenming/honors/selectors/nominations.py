"""Nominations as their reviewers see them (scoped), and the public 公示 list."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wenming.hanzi import normalize
from wenming.honors import transitions
from wenming.honors.models import (
    Category,
    Honor,
    Level,
    Nomination,
    NominationEvent,
    NominationFile,
    Objection,
    ObjectionStatus,
    Review,
    State,
)
from wenming.inputs import parse_id
from wenming.regions.models import Region, RegionLevel
from wenming.regions.scope import scope_for


def _nomination_scope(actor) -> Q:
    """属地: nominations of people living in the actor's territory (a county reviewer sees its
    streets' candidates); 职能: those the actor's unit put forward."""
    scope = scope_for(actor)
    return scope.q(region="region", unit="nominating_unit")


def nominations_visible_to(actor) -> QuerySet[Nomination]:
    return Nomination.objects.filter(_nomination_scope(actor))


def nomination_list(
    actor, *, state: str = "", level: str = "", category: str = "", q: str = ""
) -> QuerySet[Nomination]:
    qs = nominations_visible_to(actor).select_related("person", "region", "level_region")
    if state in State.values:
        qs = qs.filter(state=state)
    if level in Level.values:
        qs = qs.filter(level=level)
    if category in Category.values:
        qs = qs.filter(category=category)
    key = normalize(q)[:50]
    if key:
        qs = qs.filter(person__name_key__contains=key)
    return qs.order_by("-updated", "-pk")


def waiting_for(actor) -> QuerySet[Nomination]:
    """待评议: nominations waiting for the actor (review, an open objection, 公示 ended)."""
    return (
        nominations_visible_to(actor)
        .filter(transitions.waiting_q(actor))
        .select_related("person", "region", "level_region")
        .distinct()
        .order_by("publicity_due", "created")
    )


def get_nomination_for(actor, pk) -> Nomination:
    """The nomination, or 404 when it does not exist or lies outside the actor's scope."""
    pk = parse_id(pk)
    found = (
        nominations_visible_to(actor)
        .select_related("person", "person__unit", "region", "level_region", "nominating_unit")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def nomination_detail(actor, pk) -> Nomination:
    return get_nomination_for(actor, pk)


def events_of(nomination: Nomination) -> QuerySet[NominationEvent]:
    return nomination.events.order_by("at", "pk")


def reviews_of(nomination: Nomination) -> QuerySet[Review]:
    return nomination.reviews.select_related("reviewer", "reviewer_unit").order_by("at", "pk")


def objections_of(nomination: Nomination) -> QuerySet[Objection]:
    return nomination.objections.select_related("resolved_by").order_by("created", "pk")


def files_of(nomination: Nomination) -> QuerySet[NominationFile]:
    return nomination.files.order_by("created", "pk")


def get_file_for(actor, pk) -> NominationFile:
    pk = parse_id(pk)
    found = (
        NominationFile.objects.filter(
            pk=pk, nomination__in=nominations_visible_to(actor).values("pk")
        ).first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def honors_of(nomination: Nomination) -> QuerySet[Honor]:
    return nomination.honors.order_by("conferred_on", "pk")


# ---------------------------------------------------------------- public 公示


def in_publicity() -> QuerySet[Nomination]:
    """Candidates on public notice now (no login): name, place, category and deeds; nobody's
    contact details."""
    return (
        Nomination.objects.filter(state=State.PUBLICITY)
        .select_related("person", "region", "region__parent", "level_region")
        .prefetch_related(
            Prefetch("files", queryset=NominationFile.objects.filter(is_image=True).order_by("pk"))
        )
        .order_by("publicity_due", "pk")
    )


def publicity_ended(now=None) -> list[int]:
    """Nominations whose 公示 ended without an open objection: ready to be promoted."""
    return list(
        Nomination.objects.filter(state=State.PUBLICITY, publicity_due__lt=now or timezone.now())
        .exclude(objections__status=ObjectionStatus.OPEN)
        .values_list("pk", flat=True)
    )


def get_public_nomination(pk) -> Nomination:
    pk = parse_id(pk)
    found = in_publicity().filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def get_public_photo(pk) -> NominationFile:
    """A photo of a candidate on 公示 (the public page shows them); nothing else is public."""
    pk = parse_id(pk)
    found = (
        NominationFile.objects.filter(
            pk=pk, is_image=True, nomination__state=State.PUBLICITY
        ).first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def nomination_region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The public form's place: communities and villages grouped by "区 · 街道"."""
    towns = {
        row["code"]: f"{row['parent__name']} · {row['name']}"
        for row in Region.objects.filter(level=RegionLevel.TOWN).values(
            "code", "name", "parent__name"
        )
    }
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, parent in (
        Region.objects.filter(level=RegionLevel.VILLAGE)
        .order_by("code")
        .values_list("code", "name", "parent_id")
    ):
        if parent in towns:
            groups.setdefault(parent, []).append((code, name))
    return [(towns[parent], items) for parent, items in sorted(groups.items())]


def open_objection_count(nomination: Nomination) -> int:
    return nomination.objections.filter(status=ObjectionStatus.OPEN).count()
