"""Cases on the map (the board's map page and 一张图's case layer): the board's list, positioned,
each case classed overdue or by state, clustered by wenming.mapgrid."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case as DbCase
from django.db.models import F, QuerySet, Value, When
from django.utils.translation import gettext_lazy

from wenming import mapgrid
from wenming.cases.models import Case, State
from wenming.cases.selectors import CaseFilters, case_list, overdue_q

# The map's classes of a case, worst first: overdue, then each state along the loop.
MAP_CLASSES = {"overdue": gettext_lazy("已逾期"), **{state.value: state.label for state in State}}


def cases_for_map(
    actor,
    filters: CaseFilters | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
) -> QuerySet[Case]:
    """Positioned cases of the board's list (same scope, same filters), each with ``map_class``;
    open cases unless a state is asked for; reported within [since, until) when given."""
    filters = filters or CaseFilters()
    qs = case_list(actor, filters, now=now).filter(latitude__isnull=False)
    if not filters.state:
        qs = qs.exclude(state=State.CLOSED)
    if since is not None:
        qs = qs.filter(created__gte=since)
    if until is not None:
        qs = qs.filter(created__lt=until)
    return qs.annotate(
        map_class=DbCase(When(overdue_q(now), then=Value("overdue")), default=F("state"))
    )


def case_clusters(actor, filters=None, *, box, zoom: int, **period) -> tuple[list, list[dict]]:
    """The map's answer for cases: grid cells over the box and the cases shown one by one."""
    cells, items = mapgrid.answer(
        cases_for_map(actor, filters, **period),
        box=box,
        zoom=zoom,
        order=list(MAP_CLASSES),
        fields=["category"],
    )
    for item in items:
        item["name"] = f"#{item['id']} {item.pop('category')}"
    return cells, items
