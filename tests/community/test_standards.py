"""四达标 and the weak rule as users read them: met or not, with the reason in figures."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from wenming.community.models import RoomFunction, Thresholds, WeakOverride
from wenming.community.standards import Figures, evaluate, required_area

ROOMS = frozenset({"hall", "activity", "mediation", "library"})


def figures(**overrides) -> Figures:
    base = dict(
        households=1000,
        service_present=True,
        service_area=Decimal("400"),
        rooms=ROOMS,
        entries=5,
        complete_entries=5,
    )
    return Figures(**{**base, **overrides})


def test_required_area_grows_with_households_above_the_floor():
    t = Thresholds()
    assert required_area(500, t) == Decimal("300")
    assert required_area(1000, t) == Decimal("300")
    assert required_area(1500, t) == Decimal("450")
    assert required_area(1501, t) == Decimal("480")  # a started hundred counts


def test_a_community_meeting_every_threshold_is_not_weak():
    e = evaluate(figures(), Thresholds())
    assert e.all_met and not e.is_weak


def test_area_below_the_household_standard_names_the_gap():
    e = evaluate(figures(households=1500), Thresholds())
    area = e.by_key["area"]
    assert not area.met and e.is_weak
    assert area.reason == "服务中心 400 平方米，按 1500 户应达 450 平方米，差 50 平方米"


def test_missing_service_centre_and_rooms_are_named():
    e = evaluate(figures(service_present=False, rooms=frozenset({"hall"})), Thresholds())
    assert e.by_key["area"].reason.startswith("未建综合服务场所")
    assert e.by_key["rooms"].reason == "缺少：活动室、调解室、图书室"


def test_activities_and_ledger_completeness():
    e = evaluate(figures(entries=3, complete_entries=2), Thresholds())
    assert e.by_key["activities"].reason == "开展活动 3 次，要求不少于 4 次"
    assert not e.met("activities")
    assert not e.met("ledger") and "（66%，要求 80%）" in e.by_key["ledger"].reason
    assert (
        evaluate(figures(entries=0, complete_entries=0), Thresholds()).by_key["ledger"].reason
        == "当月没有台账记录"
    )


def test_thresholds_are_configurable():
    t = Thresholds(activities_per_month=2, required_rooms=[RoomFunction.HALL], base_area_m2=500)
    e = evaluate(figures(entries=2, complete_entries=2, rooms=frozenset({"hall"})), t)
    assert e.met("activities") and e.met("rooms") and not e.met("area")


def test_a_low_score_makes_a_community_weak_and_the_override_wins_either_way():
    t = Thresholds()
    low = evaluate(figures(), t, score_rate=Decimal("55"))
    assert low.all_met and low.is_weak and "低于 60" in low.reasons[0]
    assert not evaluate(
        figures(), t, score_rate=Decimal("55"), weak_override=WeakOverride.NOT_WEAK
    ).is_weak
    assert evaluate(figures(), t, weak_override=WeakOverride.WEAK).is_weak


@given(
    households=st.integers(0, 20000),
    area=st.decimals(0, 2000, places=1),
    entries=st.integers(0, 40),
    complete=st.integers(0, 40),
)
def test_weak_exactly_when_a_standard_fails(households, area, entries, complete):
    complete = min(complete, entries)
    e = evaluate(
        figures(
            households=households, service_area=area, entries=entries, complete_entries=complete
        ),
        Thresholds(),
    )
    assert e.is_weak == (not all(s.met for s in e.standards))
    assert e.met("area") == (area >= required_area(households, Thresholds()))
