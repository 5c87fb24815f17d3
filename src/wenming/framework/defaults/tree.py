"""Writing an indicator tree by hand: group() and leaf(), and the short names the tables use."""

from __future__ import annotations

from wenming.framework.models import Cadence, Method, Rule
from wenming.framework.workbook import IndicatorSpec

M, I, S, D = Method.MATERIAL, Method.INSPECTION, Method.SURVEY, Method.METRIC  # noqa: E741
ALL_GOVERNMENTS = "各区县政府"


def group(name: str, points: int, *children: IndicatorSpec) -> IndicatorSpec:
    return IndicatorSpec(name=name, points=points, children=list(children))


def leaf(
    name: str,
    points: float,
    method: str,
    description: str,
    lead: str,
    co: str = "",
    *,
    rule: str = Rule.RATE,
    cadence: str = Cadence.ONCE,
    evidence: str = "",
    target: float | None = None,
) -> IndicatorSpec:
    return IndicatorSpec(
        name=name,
        points=points,
        method=method,
        description=description,
        rule=rule,
        cadence=cadence,
        evidence=evidence,
        target=target,
        leads=lead.split("、"),
        co=co.split("、") if co else [],
    )
