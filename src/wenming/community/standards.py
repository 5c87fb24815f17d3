"""四达标 (seed 003: "社区服务中心面积、功能室、活动开展、台账整理四达标") and the weak list, as
plain arithmetic over a community's figures: no database here, so the city table, the
community page, the weak list and the tests read one definition.

- 面积达标: the 综合服务场所 exists and its area reaches max(base, 每百户面积 × 百户数).
- 功能室达标: every required function room exists.
- 活动开展达标: at least N ledger activities in the month.
- 台账整理达标: the month has entries, and at least P % of them state the attendance and carry a
  photo or file.
A community is weak when it fails any of the four, or its community-framework score rate is
below the threshold; the coordinator may override either way, with a reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wenming.community.models import RoomFunction, Thresholds, WeakOverride

AREA, ROOMS, ACTIVITIES, LEDGER = "area", "rooms", "activities", "ledger"
STANDARDS = [
    (AREA, gettext_lazy("面积达标")),
    (ROOMS, gettext_lazy("功能室达标")),
    (ACTIVITIES, gettext_lazy("活动开展达标")),
    (LEDGER, gettext_lazy("台账整理达标")),
]
STANDARD_LABELS = dict(STANDARDS)


def _num(value: Decimal | int | None) -> str:
    """240 rather than 240.0; 240.5 stays."""
    if value is None:
        return "0"
    value = Decimal(value)
    return format(value.normalize(), "f") if value == value.to_integral() else f"{value:f}"


def required_area(households: int, thresholds: Thresholds) -> Decimal:
    """The service centre's required area: the floor, or 每百户面积 per started hundred households."""
    per_hundred = Decimal(thresholds.area_per_100_households) * math.ceil(households / 100)
    return max(Decimal(thresholds.base_area_m2), per_hundred)


@dataclass(frozen=True)
class Figures:
    """What the four standards read about one community for one month."""

    households: int
    service_present: bool
    service_area: Decimal | None
    rooms: frozenset[str]
    entries: int
    complete_entries: int
    facilities_present: int = 0


@dataclass(frozen=True)
class StandardResult:
    key: str
    met: bool
    reason: str

    @property
    def label(self) -> str:
        return str(STANDARD_LABELS[self.key])


@dataclass
class Evaluation:
    standards: list[StandardResult]
    figures: Figures
    score_rate: Decimal | None = None
    weak_override: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def all_met(self) -> bool:
        return all(s.met for s in self.standards)

    def met(self, key: str) -> bool:
        return next(s.met for s in self.standards if s.key == key)

    @property
    def computed_weak(self) -> bool:
        return not self.all_met or bool(self.reasons)

    @property
    def is_weak(self) -> bool:
        if self.weak_override == WeakOverride.WEAK:
            return True
        if self.weak_override == WeakOverride.NOT_WEAK:
            return False
        return self.computed_weak

    @property
    def failed(self) -> list[StandardResult]:
        return [s for s in self.standards if not s.met]

    @property
    def by_key(self) -> dict[str, StandardResult]:
        return {s.key: s for s in self.standards}


def _area(f: Figures, t: Thresholds) -> StandardResult:
    need = required_area(f.households, t)
    if not f.service_present:
        return StandardResult(
            AREA, False, _("未建综合服务场所（应达 %(need)s 平方米）") % {"need": _num(need)}
        )
    area = Decimal(f.service_area or 0)
    text = _("服务中心 %(area)s 平方米，按 %(h)s 户应达 %(need)s 平方米") % {
        "area": _num(area),
        "h": f.households,
        "need": _num(need),
    }
    if area >= need:
        return StandardResult(AREA, True, text)
    return StandardResult(AREA, False, text + _("，差 %(gap)s 平方米") % {"gap": _num(need - area)})


def _rooms(f: Figures, t: Thresholds) -> StandardResult:
    required = [code for code in t.required_rooms if code in RoomFunction.values]
    missing = [str(RoomFunction(code).label) for code in required if code not in f.rooms]
    if missing:
        return StandardResult(ROOMS, False, _("缺少：%(rooms)s") % {"rooms": "、".join(missing)})
    return StandardResult(
        ROOMS,
        True,
        _("必备功能室齐全（%(rooms)s）")
        % {"rooms": "、".join(str(RoomFunction(c).label) for c in required)},
    )


def _activities(f: Figures, t: Thresholds) -> StandardResult:
    text = _("开展活动 %(n)s 次，要求不少于 %(need)s 次") % {
        "n": f.entries,
        "need": t.activities_per_month,
    }
    return StandardResult(ACTIVITIES, f.entries >= t.activities_per_month, text)


def _ledger(f: Figures, t: Thresholds) -> StandardResult:
    if f.entries == 0:
        return StandardResult(LEDGER, False, _("当月没有台账记录"))
    percent = f.complete_entries * 100 // f.entries
    text = _("台账 %(n)s 条，其中 %(ok)s 条写明人数并附照片或文件（%(p)s%%，要求 %(need)s%%）") % {
        "n": f.entries,
        "ok": f.complete_entries,
        "p": percent,
        "need": t.ledger_complete_percent,
    }
    return StandardResult(
        LEDGER, f.complete_entries * 100 >= t.ledger_complete_percent * f.entries, text
    )


def evaluate(
    figures: Figures,
    thresholds: Thresholds,
    *,
    score_rate: Decimal | None = None,
    weak_override: str = "",
) -> Evaluation:
    """The four standards of one community for one month, and whether it is weak."""
    evaluation = Evaluation(
        standards=[
            _area(figures, thresholds),
            _rooms(figures, thresholds),
            _activities(figures, thresholds),
            _ledger(figures, thresholds),
        ],
        figures=figures,
        score_rate=score_rate,
        weak_override=weak_override or "",
    )
    if score_rate is not None and score_rate < Decimal(thresholds.weak_score_below):
        evaluation.reasons.append(
            _("社区考核得分率 %(rate)s，低于 %(line)s")
            % {"rate": _num(score_rate), "line": _num(thresholds.weak_score_below)}
        )
    return evaluation
