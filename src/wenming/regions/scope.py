"""The one scoping helper: what a user may see.

A user's scope is the regions under their unit's region (属地, for territorial units) plus
the objects assigned to their unit and its sub-units (职能). Every selector in every app
filters through :meth:`Scope.q`; nothing else filters by region by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from wenming.regions.models import Membership, Region, Role, Unit

# "Everything" as a condition that still means everything when OR-ed with another: an
# empty Q() would be absorbed (Q() | X is X), silently narrowing a superuser's lists.
MATCH_ALL = ~Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """Region prefixes (属地) and unit ids (职能) a user may see."""

    prefixes: tuple[str, ...] = ()
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    home_region_codes: frozenset[str] = field(default_factory=frozenset)
    everything: bool = False
    # The territory is every region there is (the top of the tree, see _holds_every_region): "in
    # the territory" is then "has a region", which needs no comparison of codes on every row.
    whole_tree: bool = False

    @property
    def region_code(self) -> str | None:
        """The widest region code the scope is rooted at, for display and the API."""
        if self.everything:
            return ""
        return min(self.home_region_codes) if self.home_region_codes else None

    def q(self, *, region: str | None = "region", unit: str | None = "unit") -> Q:
        """A filter for a model with a region field and/or a responsible-unit field.

        ``region`` and ``unit`` name the model's fields (``None`` when it has none).
        """
        if self.everything:
            return MATCH_ALL
        parts: list[Q] = []
        if region and self.whole_tree:  # every region field is a foreign key to Region
            parts.append(Q(**{f"{region}__isnull": False}))
        elif region:
            parts += [Q(**{f"{region}__pk__startswith": prefix}) for prefix in self.prefixes]
        if unit and self.unit_ids:
            parts.append(Q(**{f"{unit}__in": sorted(self.unit_ids)}))
        return _any(parts)

    def filter(
        self, queryset: QuerySet, *, region: str | None = "region", unit: str | None = "unit"
    ) -> QuerySet:
        return queryset.filter(self.q(region=region, unit=unit))

    def regions_q(self) -> Q:
        """Regions: the territorial subtrees, plus the home region of a functional unit."""
        if self.everything:
            return MATCH_ALL
        parts = [Q(code__startswith=prefix) for prefix in self.prefixes]
        if self.home_region_codes:
            parts.append(Q(code__in=sorted(self.home_region_codes)))
        return _any(parts)

    def units_q(self) -> Q:
        """Units: those whose home lies in the territory, plus the user's own units."""
        return self.q(region="region", unit="pk")

    def covers_region(self, code: str) -> bool:
        return self.everything or any(code.startswith(p) for p in self.prefixes)


EMPTY_SCOPE = Scope()


def _any(parts: list[Q]) -> Q:
    """OR of ``parts``; no part matches nothing."""
    return reduce(or_, parts) if parts else Q(pk__in=[])


def _descendant_unit_ids(root: Unit, *, has_children: bool = True) -> set[int]:
    """The unit and every unit under it (公安局 → 交警支队), one query per level; none when the
    membership's row already said the unit has no unit under it (most units)."""
    found = {root.pk}
    frontier = [root.pk] if has_children else []
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in found]
        found.update(frontier)
    return found


_UNREAD = object()


def membership_of(user) -> Membership | None:
    """The user's membership with its unit and the unit's region (None without one), read once
    per user object, i.e. once per request: the scope, the role and the pages share it. The same
    row says whether any unit sits under the user's (``unit_has_children``), which spares the
    scope a query for most users."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    cache = user._state.fields_cache  # where user.membership keeps what it read
    cached = cache.get("membership", _UNREAD)
    if cached is None or (cached is not _UNREAD and "unit" in cached._state.fields_cache):
        return cached
    membership = (
        Membership.objects.select_related("unit__region")
        .annotate(unit_has_children=_has_units_under("unit_id"))
        .filter(user=user)
        .first()
    )
    cache["membership"] = membership
    return membership


def _has_units_under(unit_id: str) -> Exists:
    return Exists(Unit.objects.filter(parent_id=OuterRef(unit_id)))


def user_with_membership(users: QuerySet, pk):
    """The user ``pk`` of ``users`` together with what :func:`membership_of` reads, in one query
    (None when there is no such user): the signed-in user is read on every request, and the
    scope, the role and the menu read the membership right after (regions.backends)."""
    user = (
        users.select_related("membership__unit__region")
        .annotate(membership_unit_has_children=_has_units_under("membership__unit_id"))
        .filter(pk=pk)
        .first()
    )
    membership = user._state.fields_cache.get("membership") if user is not None else None
    if membership is not None:
        membership.unit_has_children = user.membership_unit_has_children
    return user


def _holds_every_region(region: Region) -> bool:
    """Whether every region's code starts with ``region``'s prefix: the province's office in a
    province's installation. Its lists (the case board's figures count a province's open cases,
    tens of thousands) then filter on "has a region" instead of comparing each row's code with
    the prefix (a fifth of that count's time). Asked in one query, of a region at the top of
    the tree only: a region with a parent has that parent outside its subtree."""
    if region.parent_id is not None:
        return False
    return not Region.objects.exclude(code__startswith=region.prefix).exists()


def scope_for(user) -> Scope:
    """Build the scope of ``user``; cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_wenming_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True)
    else:
        membership = membership_of(user)
        if (
            membership is None
            or not membership.unit.is_active
            # 三权分立: the security and audit admins run accounts and the audit log, and see no
            # domain data.
            or membership.role in (Role.SECURITY, Role.AUDITOR)
        ):
            scope = EMPTY_SCOPE
        else:
            unit = membership.unit
            prefixes = (unit.region.prefix,) if unit.is_territorial else ()
            scope = Scope(
                prefixes=prefixes,
                whole_tree=unit.is_territorial and _holds_every_region(unit.region),
                unit_ids=frozenset(
                    _descendant_unit_ids(
                        unit, has_children=getattr(membership, "unit_has_children", True)
                    )
                ),
                home_region_codes=frozenset({unit.region_id}),
            )
    user._wenming_scope = scope
    return scope
