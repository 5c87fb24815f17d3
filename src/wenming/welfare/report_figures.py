"""The registers' figures for the work report (wenming.figures): meal points, safety, 适老化改造.

Meal points and 适老化改造 count over the subject's region (市民政局 reports the city's); safety
checks are a unit's own work, so a unit's report counts its own and the city report everyone's.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wenming.figures import Subject, figure
from wenming.welfare import children, selectors

MEAL_SOURCE = _("民生台账·老年食堂（助餐点）")
SAFETY_SOURCE = _("民生台账·安全检查")


def _meal(subject: Subject) -> selectors.MealFigures:
    return selectors.meal_figures(prefix=subject.prefix, period=subject.period)


def _safety(subject: Subject) -> selectors.SafetyFigures:
    unit = None if subject.unit_id is None or subject.territorial else subject.unit_id
    return selectors.safety_figures(prefix=subject.prefix, period=subject.period, unit_id=unit)


@figure("meal.total", label=_("建成老年食堂(助餐点)"), unit=_("家"), source=MEAL_SOURCE)
def meal_total(subject):
    figures = _meal(subject)
    return figures.total if figures.registered else None


@figure("meal.urban", label=_("城市老年食堂"), unit=_("家"), source=MEAL_SOURCE)
def meal_urban(subject):
    figures = _meal(subject)
    return figures.urban if figures.registered else None


@figure("meal.rural", label=_("农村老年食堂"), unit=_("家"), source=MEAL_SOURCE)
def meal_rural(subject):
    figures = _meal(subject)
    return figures.rural if figures.registered else None


@figure("meal.elderly", label=_("助餐服务老年人"), unit=_("名"), source=MEAL_SOURCE)
def meal_elderly(subject):
    return _meal(subject).elderly_served


@figure("meal.diners", label=_("老年助餐就餐人次"), unit=_("人次"), source=MEAL_SOURCE)
def meal_diners(subject):
    return _meal(subject).diners


@figure("safety.checks", label=_("安全检查"), unit=_("次"), source=SAFETY_SOURCE)
def safety_checks(subject):
    return _safety(subject).checks


@figure("safety.hazards", label=_("发现安全隐患"), unit=_("处"), source=SAFETY_SOURCE)
def safety_hazards(subject):
    return _safety(subject).hazards


@figure("safety.talks", label=_("安全宣讲"), unit=_("场"), source=SAFETY_SOURCE)
def safety_talks(subject):
    return _safety(subject).talks


@figure("safety.drills", label=_("事故应急演练"), unit=_("场"), source=SAFETY_SOURCE)
def safety_drills(subject):
    return _safety(subject).drills


@figure("safety.notices", label=_("下发工作提示"), unit=_("次"), source=SAFETY_SOURCE)
def safety_notices(subject):
    return _safety(subject).notices


@figure(
    "retrofit.households", label=_("适老化改造家庭"), unit=_("户"), source=_("民生台账·适老化改造")
)
def retrofit_households(subject):
    return selectors.retrofit_figures(prefix=subject.prefix, period=subject.period)[0]


RELIEF_SOURCE = _("民生台账·救助管理")


def _relief(subject: Subject) -> selectors.ReliefFigures:
    return selectors.relief_figures(prefix=subject.prefix, period=subject.period)


@figure("relief.cases", label=_("救助流浪乞讨人员"), unit=_("人次"), source=RELIEF_SOURCE)
def relief_cases(subject):
    return _relief(subject).cases


@figure("relief.minors", label=_("救助未成年人"), unit=_("人次"), source=RELIEF_SOURCE)
def relief_minors(subject):
    return _relief(subject).minors


@figure("relief.settled", label=_("寻亲返乡、安置和护送"), unit=_("人次"), source=RELIEF_SOURCE)
def relief_settled(subject):
    return _relief(subject).settled


@figure("relief.campaigns", label=_("专项救助行动"), unit=_("次"), source=RELIEF_SOURCE)
def relief_campaigns(subject):
    return _relief(subject).campaigns


@figure("relief.patrols", label=_("专项行动街面巡查"), unit=_("次"), source=RELIEF_SOURCE)
def relief_patrols(subject):
    return _relief(subject).patrols


@figure("relief.helped", label=_("专项行动救助"), unit=_("人次"), source=RELIEF_SOURCE)
def relief_helped(subject):
    return _relief(subject).people_helped


@figure(
    "children.visits",
    label=_("留守儿童和困境儿童走访帮扶"),
    unit=_("次"),
    source=_("民生台账·儿童关爱"),
)
def children_visits(subject):
    return children.care_figures(prefix=subject.prefix, period=subject.period)
