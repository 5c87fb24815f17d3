"""文明单位/村镇/校园/家庭 titles: the list, the ones due for 复查, flags and counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wenming.hanzi import normalize
from wenming.honors.models import (
    CivilizedUnit,
    TitleFlag,
    TitleKind,
    TitleLevel,
    TitleReview,
    TitleReviewItem,
    TitleStatus,
)
from wenming.honors.selectors.regions import in_region
from wenming.inputs import parse_id
from wenming.regions.models import Region
from wenming.regions.scope import scope_for


def titles_visible_to(actor) -> QuerySet[CivilizedUnit]:
    return CivilizedUnit.objects.filter(scope_for(actor).q(region="region", unit="unit"))


def _open_flags() -> QuerySet[TitleFlag]:
    return TitleFlag.objects.filter(review__isnull=True)


def title_list(
    actor,
    *,
    kind: str = "",
    level: str = "",
    status: str = "",
    q: str = "",
    due: int | None = None,
) -> QuerySet[CivilizedUnit]:
    """Titles in scope; ``due`` (a year): only those due for 复查 that year."""
    qs = titles_visible_to(actor).select_related("region", "unit")
    if kind in TitleKind.values:
        qs = qs.filter(kind=kind)
    if level in TitleLevel.values:
        qs = qs.filter(level=level)
    if status in TitleStatus.values:
        qs = qs.filter(status=status)
    key = normalize(q)[:100]
    if key:
        qs = qs.filter(holder_key__contains=key)
    if due:
        qs = qs.filter(due_for_review_q(due))
    flagged = Exists(_open_flags().filter(title=OuterRef("pk")))
    return qs.annotate(flagged=flagged).order_by("kind", "level", "holder_key", "pk")


def due_for_review_q(year: int) -> Q:
    """复查 is due in ``year`` for a title that is not revoked and has no review of that year:
    every title conferred before that year (annual 复查), and any title flagged by a serious case."""
    reviewed = TitleReview.objects.filter(title=OuterRef("pk"), year=year)
    flagged = _open_flags().filter(title=OuterRef("pk"))
    return ~Q(status=TitleStatus.REVOKED) & ~Exists(reviewed) & (Q(year__lt=year) | Exists(flagged))


def get_title_for(actor, pk) -> CivilizedUnit:
    pk = parse_id(pk)
    found = (
        titles_visible_to(actor).select_related("region", "unit").filter(pk=pk).first()
        if pk
        else None
    )
    if found is None:
        raise Http404
    return found


def reviews_of_title(title: CivilizedUnit) -> QuerySet[TitleReview]:
    return title.reviews.select_related("reviewed_by").prefetch_related(
        Prefetch("items", queryset=TitleReviewItem.objects.select_related("item"))
    )


def flags_of(title: CivilizedUnit) -> QuerySet[TitleFlag]:
    return title.flags.select_related("review").order_by("-created", "-pk")


@dataclass
class TitleCounts:
    """Titles held (not revoked) by kind and level, and how many are due for 复查 this year."""

    by_kind_level: dict[tuple[str, str], int] = field(default_factory=dict)
    due: int = 0
    flagged: int = 0

    def count(self, kind: str = "", level: str = "") -> int:
        return sum(
            n
            for (k, lv), n in self.by_kind_level.items()
            if (not kind or k == kind) and (not level or lv == level)
        )

    def rows(self) -> list[tuple[str, list[int], int]]:
        """(kind label, [count per level], total) for a table."""
        return [
            (
                str(kind.label),
                [self.by_kind_level.get((kind, level), 0) for level in TitleLevel],
                self.count(kind=kind),
            )
            for kind in TitleKind
        ]


def title_counts(region: Region | str | None, *, year: int | None = None) -> TitleCounts:
    """The counts a report states (not scoped to a user): titles held under ``region`` by kind
    and level, those due for 复查 in ``year`` (default: this year) and those flagged."""
    code = region.code if isinstance(region, Region) else region
    year = year or timezone.localdate().year
    held = CivilizedUnit.objects.filter(in_region(code)).exclude(status=TitleStatus.REVOKED)
    counts = TitleCounts()
    for row in held.values("kind", "level").annotate(n=Count("pk")).order_by():
        counts.by_kind_level[(row["kind"], row["level"])] = row["n"]
    counts.due = held.filter(due_for_review_q(year)).count()
    counts.flagged = held.filter(Exists(_open_flags().filter(title=OuterRef("pk")))).count()
    return counts


def titles_due(actor, year: int | None = None) -> QuerySet[CivilizedUnit]:
    return title_list(actor, due=year or timezone.localdate().year)
