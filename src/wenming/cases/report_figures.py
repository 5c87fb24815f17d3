"""Case figures for the work report (wenming.figures): problems found and fixed in the period.

A territorial unit answers for the cases in its region; a department for those assigned to it
(and its sub-units); the city report for every case in the city."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.cases.models import Case, Resolution
from wenming.figures import Subject, figure
from wenming.regions.models import Unit

SOURCE = _("问题整改·问题案件")


def _cases(subject: Subject):
    qs = Case.objects.filter(region__pk__startswith=subject.prefix)
    if subject.unit_id is not None and not subject.territorial:
        units = {subject.unit_id}
        frontier = [subject.unit_id]
        while frontier:
            frontier = list(
                Unit.objects.filter(parent_id__in=frontier)
                .exclude(pk__in=units)
                .values_list("pk", flat=True)
            )
            units.update(frontier)
        qs = Case.objects.filter(unit_id__in=sorted(units))
    return qs


@figure("cases.found", label=_("发现问题"), unit=_("个"), source=SOURCE)
def found(subject):
    start, end = subject.period.bounds()
    n = _cases(subject).filter(created__gte=start, created__lt=end).count()
    return n or None


@figure("cases.fixed", label=_("整改完成问题"), unit=_("个"), source=SOURCE)
def fixed(subject):
    start, end = subject.period.bounds()
    qs = _cases(subject)
    n = qs.filter(Q(resolution=Resolution.FIXED), closed_at__gte=start, closed_at__lt=end).count()
    if n:
        return n
    # 0 fixed is a figure when problems were found in the period; no case at all is no data.
    return 0 if qs.filter(created__gte=start, created__lt=end).exists() else None
