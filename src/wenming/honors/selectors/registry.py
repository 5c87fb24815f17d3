"""The honours registry: people, their honours, and the counts reports state.

``honor_counts(region, period)`` is the figure a report states ("各级各类好人N名，其中中国好人榜
M人"); other apps (the work report) call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from wenming.hanzi import normalize
from wenming.honors.models import Category, ExternalHonor, Honor, Level, Person
from wenming.honors.selectors.regions import in_region
from wenming.inputs import parse_id
from wenming.regions.models import Region
from wenming.regions.scope import scope_for


def people_visible_to(actor) -> QuerySet[Person]:
    scope = scope_for(actor)
    return Person.objects.filter(scope.q(region="region", unit=None))


def get_person_for(actor, pk) -> Person:
    pk = parse_id(pk)
    found = people_visible_to(actor).select_related("region").filter(pk=pk).first() if pk else None
    if found is None:
        raise Http404
    return found


def registry(
    actor,
    *,
    q: str = "",
    level: str = "",
    category: str = "",
    region: str = "",
    year: int | None = None,
) -> QuerySet[Person]:
    """People with at least one honour, filtered by their honours' level, category and year,
    their region, and a name typed in 繁 or 简."""
    honors = Honor.objects.all()
    if level in Level.values:
        honors = honors.filter(level=level)
    if category in Category.values:
        honors = honors.filter(category=category)
    if year:
        honors = honors.filter(year=year)
    people = people_visible_to(actor).filter(pk__in=honors.values("person_id"))
    if region and region.isascii() and region.isdigit() and len(region) == 12:
        people = people.filter(in_region(region))
    key = normalize(q)[:50]
    if key:
        people = people.filter(name_key__contains=key)
    return people.select_related("region").prefetch_related(
        Prefetch("honors", queryset=Honor.objects.order_by("-conferred_on", "-pk"))
    )


def honors_of_person(person: Person) -> QuerySet[Honor]:
    return person.honors.order_by("-conferred_on", "-pk")


@dataclass
class HonorCounts:
    """Honoured people in a region (and period): distinct persons, overall and by level,
    category and external honour. A person honoured at several levels counts once overall
    and once at each of their levels."""

    region_name: str
    people: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_external: dict[str, int] = field(default_factory=dict)

    @property
    def china_list(self) -> int:
        return self.by_external.get(ExternalHonor.CHINA_GOOD, 0)

    def sentence(self) -> str:
        """As the seed states it: "涌现出各级各类好人13023名，其中，176人荣登中国好人榜"."""
        return _("%(region)s涌现出各级各类好人%(n)d名，其中%(m)d人荣登中国好人榜") % {
            "region": self.region_name,
            "n": self.people,
            "m": self.china_list,
        }


def honor_counts(region: Region | str | None, period=None) -> HonorCounts:
    """The registry's counts under ``region`` (a Region or its code; None = everywhere).

    ``period`` (a wenming.periods Period, or a (first, last) pair of dates) limits them to the
    honours conferred within it; without it they count every honour up to today (累计).
    This is a figure for reports, not a page: it is not scoped to a user.
    """
    if isinstance(region, str):
        region = Region.objects.filter(code=region).first()
    honors = Honor.objects.filter(in_region(region.code if region else None))
    if period is not None:
        first, last = (
            (period.start, period.end) if hasattr(period, "start") else (period[0], period[1])
        )
        honors = honors.filter(conferred_on__gte=first, conferred_on__lte=last)
    counts = HonorCounts(region_name=region.name if region else "")
    counts.people = honors.values("person_id").distinct().count()
    for key, column in (
        ("by_level", "level"),
        ("by_category", "category"),
        ("by_external", "external"),
    ):
        rows = (
            honors.exclude(**{column: ""})
            .values(column)
            .annotate(n=Count("person_id", distinct=True))
            .values_list(column, "n")
        )
        setattr(counts, key, dict(rows))
    return counts


def level_rows(counts: HonorCounts) -> list[tuple[str, int]]:
    """(label, people) per level, lowest first, for a table."""
    return [(str(level.label), counts.by_level.get(level, 0)) for level in Level]
