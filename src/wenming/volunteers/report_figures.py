"""The volunteer service's figures for the work report, the dashboard and the metric leaves
(wenming.figures): registered and active volunteers, their share of the resident population,
hours, 服务人次, demands met and their rating, the 所/站 coverage.

Volunteers and sites belong to a territory, so every unit's figures are those of its region's
subtree (a department reports the city's, as 市民政局 does in seed 000). The figures of one
subject share their queries (wenming.figures.shared)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wenming.figures import Subject, figure, shared
from wenming.regions.models import Region
from wenming.volunteers import selectors

SOURCE = _("志愿服务记录（谁组织谁记录）")
NETWORK = _("新时代文明实践阵地台账")


def _region(subject: Subject) -> Region | None:
    return shared(
        ("volunteers.region", subject.region_code),
        lambda: Region.objects.filter(pk=subject.region_code).first(),
    )


def _of(subject: Subject) -> selectors.Figures | None:
    def load():
        region = _region(subject)
        if region is None:
            return None
        return selectors.figures(region, start=subject.period.start, end=subject.period.end)

    return shared(("volunteers.figures", subject), load)


def _coverage(subject: Subject) -> selectors.CoverageRow | None:
    def load():
        region = _region(subject)
        return selectors.coverage_total(region) if region is not None else None

    return shared(("volunteers.coverage", subject.region_code), load)


@figure("volunteers.registered", label=_("注册志愿者"), unit=_("名"), source=SOURCE)
def registered(subject):
    found = _of(subject)
    return found.registered if found and found.registered else None


@figure("volunteers.share", label=_("注册志愿者占常住人口比例"), unit="%", source=SOURCE)
def share(subject):
    found = _of(subject)
    return found.share if found else None


@figure(
    "volunteers.active", label=_("活跃志愿者（近12个月有服务记录）"), unit=_("名"), source=SOURCE
)
def active(subject):
    found = _of(subject)
    return found.active if found and found.registered else None


@figure("volunteers.hours", label=_("志愿服务时长"), unit=_("小时"), source=SOURCE)
def hours(subject):
    found = _of(subject)
    return found.hours if found and found.services else None


@figure("volunteers.services", label=_("志愿服务人次"), unit=_("人次"), source=SOURCE)
def services(subject):
    found = _of(subject)
    return found.services if found and found.services else None


@figure("volunteers.demands_met", label=_("群众点单完成"), unit=_("件"), source=SOURCE)
def demands_met(subject):
    found = _of(subject)
    return found.demands_met if found and found.demands else None


@figure("volunteers.rating", label=_("群众点单满意度（平均评价）"), unit=_("星"), source=SOURCE)
def rating(subject):
    found = _of(subject)
    return found.rating if found else None


@figure("volunteers.teams", label=_("志愿服务队伍"), unit=_("支"), source=NETWORK)
def teams(subject):
    return selectors.team_count(subject.prefix) or None


@figure("volunteers.stations", label=_("新时代文明实践站"), unit=_("个"), source=NETWORK)
def stations(subject):
    return selectors.site_count(subject.prefix, "station") or None


@figure("volunteers.town_coverage", label=_("乡镇（街道）实践所覆盖率"), unit="%", source=NETWORK)
def town_coverage(subject):
    found = _coverage(subject)
    return found.town_share if found else None


@figure("volunteers.village_coverage", label=_("社区（村）实践站覆盖率"), unit="%", source=NETWORK)
def village_coverage(subject):
    found = _coverage(subject)
    return found.village_share if found else None
