"""The volunteer service's figures for the work report (wenming.figures): registered and active
volunteers, their share of the resident population, hours, 服务人次, demands met, coverage.

Volunteers and sites belong to a territory, so every unit's figures are those of its region's
subtree (a department reports the city's, as 市民政局 does in seed 000)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wenming.figures import Subject, figure
from wenming.regions.models import Region
from wenming.volunteers import selectors

SOURCE = _("志愿服务记录（谁组织谁记录）")
NETWORK = _("新时代文明实践阵地台账")


def _of(subject: Subject) -> selectors.Figures | None:
    region = Region.objects.filter(pk=subject.region_code).first()
    if region is None:
        return None
    return selectors.figures(region, start=subject.period.start, end=subject.period.end)


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


@figure("volunteers.teams", label=_("志愿服务队伍"), unit=_("支"), source=NETWORK)
def teams(subject):
    return selectors.team_count(subject.prefix) or None


@figure("volunteers.stations", label=_("新时代文明实践站"), unit=_("个"), source=NETWORK)
def stations(subject):
    return selectors.site_count(subject.prefix, "station") or None
