"""Evidence that puts a 文明单位/村镇/校园/家庭 title up for review: serious cases against the
holder. honors reads the exposed cases itself (cases sits beside it); an app above it registers
its own source at ready() — scoring registers its 黑榜 placings — so honors imports none of them.

A source is ``fn(since) -> iterable of Evidence``; ``key`` names the evidence so that flagging
twice raises one flag (a case id, an assessment row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from wenming.cases import selectors as case_selectors


@dataclass(frozen=True)
class Evidence:
    key: str  # "case:123", "black:2026-W47:45"
    reason: str  # shown on the title: 案件#123（占道经营）挂牌督办
    unit_id: int | None = None  # against a unit (文明单位, 文明校园)
    region_code: str = ""  # where it happened (文明村镇)


Source = Callable[[datetime | None], Iterable[Evidence]]
_sources: list[Source] = []


def register_source(source: Source) -> None:
    """Add a source of evidence (idempotent)."""
    if source not in _sources:
        _sources.append(source)


def evidence(*, since: datetime | None = None) -> Iterable[Evidence]:
    for source in [exposed_cases, *_sources]:
        yield from source(since)


def exposed_cases(since: datetime | None) -> Iterable[Evidence]:
    """挂牌督办 (exposure) of a case: the cases app marks it with ``exposed_at``."""
    for case in case_selectors.exposed_cases(since=since):
        yield Evidence(
            key=f"case:{case.pk}",
            reason=_("案件#%(id)d（%(category)s）挂牌督办")
            % {"id": case.pk, "category": case.category},
            unit_id=case.unit_id,
            region_code=case.region_id,
        )
