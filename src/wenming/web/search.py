"""站内搜索: one text across cases, tasks, sites, units and people, each read through its own
app's selector, so every result is already within the searcher's scope (regions/scope.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wenming.cases import selectors as cases
from wenming.framework import selectors as framework
from wenming.hanzi import normalize
from wenming.inputs import parse_id
from wenming.inspections import selectors as inspections
from wenming.regions import selectors as regions

# Results shown per group; the group links to its full list where one exists.
GROUP_LIMIT = 10
MAX_QUERY = 50


@dataclass(frozen=True)
class Hit:
    label: str
    detail: str
    url: str


@dataclass
class Group:
    key: str
    title: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False
    more_url: str = ""


def _take(qs, limit: int) -> tuple[list, bool]:
    rows = list(qs[: limit + 1])
    return rows[:limit], len(rows) > limit


def _cases(actor, term: str, limit: int) -> Group:
    found, more = _take(cases.case_list(actor, cases.CaseFilters(q=term)), limit)
    number = parse_id(term)
    if number is not None:  # a case number as printed on notices: 第 123 号
        by_number = cases.cases_visible_to(actor).filter(pk=number).select_related("unit")
        found = list(by_number) + [c for c in found if str(c.pk) != term]
    return Group(
        "cases",
        _("问题"),
        [
            Hit(
                f"#{c.pk} {c.category}：{c.description[:40]}",
                f"{c.get_state_display()} · {c.unit.name if c.unit_id else ''}",
                reverse("cases:case_detail", args=[c.pk]),
            )
            for c in found
        ],
        more,
        reverse("cases:board") + "?" + urlencode({"q": term}),
    )


def _tasks(actor, term: str, limit: int) -> Group:
    found, more = _take(framework.tasks_visible_to(actor, search=term), limit)
    return Group(
        "tasks",
        _("任务"),
        [
            Hit(
                f"{t.indicator.code} {t.title or t.indicator.name}",
                f"{t.unit.name} · {t.get_status_display()} · {t.due:%Y-%m-%d}",
                reverse("framework:task_detail", args=[t.pk]),
            )
            for t in found
        ],
        more,
    )


def _sites(actor, term: str, limit: int) -> Group:
    found, more = _take(inspections.sites_visible_to(actor, search=term), limit)
    return Group(
        "sites",
        _("点位"),
        [
            Hit(
                s.name,
                f"{s.site_type.name} · {s.address or s.region.name}",
                reverse("inspections:site_detail", args=[s.pk]),
            )
            for s in found
        ],
        more,
        reverse("inspections:site_list") + "?" + urlencode({"q": term}),
    )


def _units(actor, term: str, limit: int) -> Group:
    found, more = _take(regions.units_visible_to(actor, search=term), limit)
    return Group(
        "units",
        _("单位"),
        [Hit(u.name, u.get_kind_display(), reverse("web:unit_detail", args=[u.pk])) for u in found],
        more,
        reverse("web:unit_list") + "?" + urlencode({"q": term}),
    )


def _people(actor, term: str, limit: int) -> Group:
    found, more = _take(regions.people_visible_to(actor, search=term), limit)
    return Group(
        "people",
        _("人员"),
        [
            Hit(
                m.user.get_full_name() or m.user.username,
                f"{m.unit.name} · {m.get_role_display()}",
                reverse("web:unit_detail", args=[m.unit_id]),
            )
            for m in found
        ],
        more,
    )


# The groups, in the order the page shows them; a module adds its own search here.
SEARCHES = (_cases, _tasks, _sites, _units, _people)


def search(actor, text: str, *, limit: int = GROUP_LIMIT) -> list[Group]:
    """The groups that found something, in a fixed order; 繁体 and 简体 queries alike."""
    term = normalize(text)[:MAX_QUERY]
    if not term:
        return []
    groups = (find(actor, term, limit) for find in SEARCHES)
    return [group for group in groups if group.hits]
